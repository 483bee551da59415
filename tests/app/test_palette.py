"""Pilot tests: the palette offers every view and action of the screen, only where it applies, in its language."""

from __future__ import annotations

import pytest

from drift.i18n import t
from tests.app.conftest import settle
from tui.screens.forms import PaymentForm
from tui.screens.portfolio import PortfolioScreen
from tui.screens.project import ProjectScreen


def titles(app) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def choose(pilot, typed: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.2)


async def test_the_palette_offers_the_views_and_the_budget_views_edits_there_only(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        on_overview = titles(app)
        await pilot.press("3")
        await pilot.pause()
        on_budget = titles(app)
        await pilot.press("5")
        await pilot.pause()
        on_findings = titles(app)

    views = {"Overview", "Schedule", "Budget", "Indicators", "Findings", "History"}
    everywhere = {"Export", "View as of", "中/EN", "Status date", "Undo", "Quit", "Theme", "Back"}
    assert views | everywhere <= set(on_overview)
    assert {"Pay", "Allocate", "Figure"} <= set(on_budget)
    assert "Claim" in on_findings
    for edit in ("Pay", "Allocate", "Record", "Claim"):  # each on its view only, as its key
        assert edit not in on_overview
    assert "Pay" not in on_findings and "Claim" not in on_budget and "Record" not in on_budget
    assert len(on_budget) == len(set(on_budget)), "no command twice"


async def test_choosing_pay_in_the_palette_opens_the_payment_form(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await choose(pilot, "Pay")
        assert isinstance(app.screen, PaymentForm)


async def test_choosing_history_in_the_palette_shows_that_view(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await choose(pilot, "History")
        assert isinstance(app.screen, ProjectScreen) and app.screen.active_view == "history"


async def test_choosing_the_language_in_the_palette_switches_it_and_the_palette_speaks_chinese(
    sample_store, make_app
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await choose(pilot, "中/EN")
        assert app.lang == "zh"
        chinese = titles(app)

    assert {"概况", "修改记录", "导出", "查看日期", "设状态日", "撤销", "退出", "配色主题"} <= set(chinese)
    assert not {"Overview", "History", "Theme", "Quit", "Screenshot"} & set(chinese)


async def test_the_portfolio_offers_its_own_keys_and_no_project_edit(two_project_store, make_app) -> None:
    app = make_app(two_project_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PortfolioScreen)
        offered = titles(app)

    assert {"Filter", "Sort", "Export", "Open", "View as of", "中/EN"} <= set(offered)
    assert not {"Pay", "Undo", "Overview", "Status date"} & set(offered)


async def test_the_palettes_prompt_is_in_the_dashboards_language(sample_store, make_app) -> None:
    from textual.command import CommandInput

    app = make_app(sample_store, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "搜索命令、项目或视图…"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            {
                "Filter": "show only the projects whose code, name or department match · key /",
                "Sort": "order by light, slip, paid, risks, flags, code, name in turn · key s",
                "Open": "open the project selected · key ⏎",
            },
        ),
        (
            "zh",
            {
                "筛选": "按编码、名称或主管部门筛选项目 · 按键 /",
                "排序": "依次按灯号、进度偏差、支付、风险、标记、编码、名称排序 · 按键 s",
                "打开": "打开所选项目 · 按键 ⏎",
            },
        ),
    ],
)
async def test_the_portfolios_escape_clears_an_open_filter_only_and_its_keys_say_what_they_do(
    two_project_store, make_app, lang, words
) -> None:
    app = make_app(two_project_store, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        helps = {command.title: command.help for command in app.get_system_commands(app.screen)}
        for title, said in words.items():
            assert helps[title] == said
        clear = t("key.clear_filter", lang)
        assert clear not in helps and t("key.back", lang) not in helps  # no filter open: Escape does nothing
        assert not app.screen.check_action("clear_filter", ())

        await pilot.press("slash", "x")
        await pilot.pause()
        helps = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert helps[clear] == f"{t('palette.clear_filter', lang)} · {t('palette.key', lang, shown='esc')}"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.filter_text == "" and clear not in titles(app)
