"""Pilot tests: keys move between screens and views, and the state follows."""

from __future__ import annotations

from textual.widgets import DataTable, Input, TabbedContent

from tui.screens.as_of import AsOfDialog
from tui.screens.help import HelpScreen
from tui.screens.portfolio import PortfolioScreen
from tui.screens.project import ProjectScreen

SEED = "2306-140423-89-01-317509"


async def test_a_single_project_store_opens_on_the_project_with_the_portfolio_underneath(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.code == SEED
        await pilot.press("escape")
        assert isinstance(app.screen, PortfolioScreen)


async def test_number_keys_switch_the_project_views(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "schedule"
        for key, view in (("1", "overview"), ("3", "budget"), ("4", "indicators"), ("5", "findings")):
            await pilot.press(key)
            assert app.screen.query_one(TabbedContent).active == view


async def test_filtering_the_portfolio_keeps_only_matching_rows_and_enter_opens_one(two_project_store, make_app):
    app = make_app(two_project_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#projects", DataTable)
        assert table.row_count == 2
        await pilot.press("slash")
        assert app.screen.query_one("#filter", Input).has_focus
        await pilot.press(*"9999")
        assert table.row_count == 1
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.code == "9999-TEST-2"


async def test_l_switches_every_label_between_chinese_and_english(sample_store, make_app):
    app = make_app(sample_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        tabs = app.screen.query_one(TabbedContent)
        assert str(tabs.get_tab("budget").label) == "Budget"
        await pilot.press("l")
        assert app.lang == "zh"
        assert str(tabs.get_tab("budget").label) == "资金"


async def test_question_mark_lists_the_keys_and_escape_closes_it(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = [key for key, _ in app.screen.bindings]
        assert "q" in keys and "esc" in keys
        await pilot.press("escape")
        assert isinstance(app.screen, ProjectScreen)


async def test_a_broken_store_ends_the_app_with_the_reason(tmp_path, make_app):
    from store.persist import Store

    path = tmp_path / "store.json"
    path.write_text("{not json")
    app = make_app(Store(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
    assert app.return_code == 2
    assert "not valid JSON" in app.return_value


_ = AsOfDialog  # as-of tests land with the analysis
