"""Pilot tests: / searches the Overview, Findings and History views; Enter, n and N move; Escape ends it."""

from __future__ import annotations

import pendulum
from textual.widgets import Input, Static

from store.edits import add_allocation
from tests.app.conftest import settle
from tui.screens.portfolio import PortfolioScreen
from tui.screens.project import ProjectScreen
from tui.widgets.moves import ViewScroll
from tui.widgets.search import CURRENT, MATCH, SearchBar, ViewBody

SEED = "2306-140423-89-01-317509"


def status(app) -> str:
    return str(app.screen.query_one("#search-status", Static).render())


async def test_slash_on_the_overview_highlights_both_approvals_and_says_1_of_2(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"襄发改审字")  # the two approvals among the milestones: 〔2023〕9号 and 〔2023〕14号
        await pilot.pause()
        body = app.screen.query_one("#overview-body", ViewBody)
        assert len(body.matches) == 2 and body.current == 0
        assert status(app) == "1 of 2"
        first, second = body.matches
        assert first.line < second.line
        await pilot.press("enter")  # back to the view, at the first match; Enter again moves on
        await pilot.pause()
        assert isinstance(app.focused, ViewScroll)
        await pilot.press("enter")
        await pilot.pause()
        assert status(app) == "2 of 2"
        await pilot.press("n")  # round from the last to the first
        await pilot.pause()
        assert status(app) == "1 of 2"
        await pilot.press("N")
        await pilot.pause()
        assert status(app) == "2 of 2"


async def test_the_current_match_is_marked_apart_from_the_others(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"襄发改审字", "enter", "n")
        await pilot.pause()
        body = app.screen.query_one("#overview-body", ViewBody)
        lines = body.drawn_lines()  # the view as drawn, without highlights
        first, second = body.matches
        drawn = body.content.renderables
        assert lines[first.line].plain[first.start : first.end] == "襄发改审字"
        styles = {span.style for span in drawn[first.line].spans if (span.start, span.end) == (first.start, first.end)}
        assert MATCH in styles and CURRENT not in styles
        styles = {
            span.style for span in drawn[second.line].spans if (span.start, span.end) == (second.start, second.end)
        }
        assert CURRENT in styles


async def test_a_match_below_the_screen_is_scrolled_into_view(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.focused
        assert isinstance(view, ViewScroll) and view.scroll_y == 0
        await pilot.press("slash", *"其他需要说明的事项")  # the overview's last heading, far below the screen
        await pilot.pause()
        body = app.screen.query_one("#overview-body", ViewBody)
        (match,) = body.matches
        height = view.scrollable_content_region.height
        assert match.line > height
        assert view.scroll_y <= match.line < view.scroll_y + height


async def test_escape_ends_the_search_and_its_highlights_then_goes_back(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"襄发改审字")
        await pilot.pause()
        await pilot.press("escape")  # from the search field itself
        await pilot.pause()
        body = app.screen.query_one("#overview-body", ViewBody)
        assert isinstance(app.screen, ProjectScreen)
        assert body.matches == [] and body.searched == ""
        assert not app.screen.query_one(SearchBar).display
        assert isinstance(app.focused, ViewScroll)
        await pilot.press("n")  # no search: n does nothing here
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)


async def test_no_match_says_so_in_chinese(sample_store, make_app) -> None:
    app = make_app(sample_store, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5", "slash", *"zzzz")
        await pilot.pause()
        assert status(app) == "无匹配"
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"招投标")
        await pilot.pause()
        body = app.screen.query_one("#findings-body", ViewBody)
        assert len(body.matches) == 3  # the tendering phase's flag, and two compliance checks that name it
        assert status(app) == f"第 1 个，共 {len(body.matches)} 个"


async def test_the_history_view_is_searched_once_it_has_been_read(sample_store, make_app) -> None:
    at = pendulum.datetime(2023, 10, 9, 9, 0, tz="Asia/Shanghai")
    for document in ("X-DOC-1", "X-DOC-2"):
        edit = add_allocation(SEED, date="2023-09-01", source="central", amount="5", document=document)
        sample_store.apply([edit], by="ann", at=at)
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("slash", *"x-doc")  # case ignored
        await pilot.pause()
        body = app.screen.query_one("#history-body", ViewBody)
        found = {body.drawn_lines()[match.line].plain[match.start : match.end] for match in body.matches}
        assert found == {"X-DOC"} and len(body.matches) == 2
        assert status(app) == "1 of 2"


async def test_slash_does_not_search_the_budget_view_whose_n_states_allocations(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3", "slash")
        await pilot.pause()
        assert not isinstance(app.focused, Input)
        assert not app.screen.check_action("search", ())


async def test_slash_pressed_right_after_a_view_key_keeps_the_focus_in_the_search_field(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5", "slash", *"risk")  # the view is shown, and focused, after the / has been handled
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.value == "risk"
        assert app.screen.query_one(SearchBar).display


async def test_help_lists_the_search_keys_while_searching(sample_store, make_app) -> None:
    from tui.screens.help import HelpScreen

    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5", "slash", *"risk", "enter", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = dict(app.screen.bindings)

    assert {"/": "Search", "n": "Next match", "N": "Previous match", "esc": "End search"}.items() <= listed.items()
    assert {"j": "Down", "k": "Up", "g": "First line", "G": "Last line"}.items() <= listed.items()
    assert listed["⏎"] == "Next match"
