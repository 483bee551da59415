"""Pilot tests: j/k/g/G move in every list and view as in less and vim; the allocation form moved from g to A."""

from __future__ import annotations

from msgspec import structs

from store.files import load_sample
from store.persist import Store
from tests.app.conftest import settle
from tui.screens.forms import AllocationForm
from tui.screens.portfolio import PortfolioScreen
from tui.widgets.indicators import IndicatorGrid
from tui.widgets.moves import ViewScroll
from tui.widgets.portfolio_table import PortfolioTable


def five_project_store(tmp_path) -> Store:
    seed = load_sample()[0]
    projects = [structs.replace(seed, code=f"9999-TEST-{n}", name=f"项目 {n}") for n in range(1, 5)]
    store = Store(tmp_path / "store.json")
    store.create([seed, *projects])
    return store


async def test_j_k_g_and_shift_g_move_the_portfolios_cursor(tmp_path, make_app) -> None:
    app = make_app(five_project_store(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PortfolioScreen)
        table = app.screen.query_one(PortfolioTable)
        assert table.cursor == 0
        await pilot.press("j", "j")
        assert table.cursor == 2
        await pilot.press("k")
        assert table.cursor == 1
        await pilot.press("G")
        assert table.cursor == 4
        await pilot.press("g")
        assert table.cursor == 0


async def test_j_k_g_and_shift_g_move_the_indicator_grids_cursor(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        grid = app.screen.query_one(IndicatorGrid)
        assert grid.has_focus and grid.cursor_row == 0
        await pilot.press("j", "j", "j", "k")
        assert grid.cursor_row == 2
        await pilot.press("G")
        assert grid.cursor_row == grid.row_count - 1 == 10  # the sample's eleven indicators
        await pilot.press("g")
        assert grid.cursor_row == 0


async def test_j_k_g_and_shift_g_scroll_the_budget_view_and_g_no_longer_opens_the_allocation_form(
    sample_store, make_app
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        view = app.focused
        assert isinstance(view, ViewScroll) and view.max_scroll_y > 3  # the payments table runs below the screen
        await pilot.press("j", "j", "j", "k")
        await pilot.pause()
        assert view.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        assert not isinstance(app.screen, AllocationForm)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AllocationForm)


async def test_j_and_shift_g_scroll_the_schedule_view_too(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await pilot.pause()
        view = app.focused
        assert isinstance(view, ViewScroll) and view.max_scroll_y > 1
        await pilot.press("j")
        await pilot.pause()
        assert view.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
