"""Pilot tests: the self-evaluation recorded from the indicator form shows in the grid, the headline and the detail."""

from __future__ import annotations

import io
from decimal import Decimal

from msgspec import structs
from rich.console import Console
from textual.widgets import DataTable, Input, Select, Static

from store.files import load_sample
from store.model import Grade
from store.persist import Store
from tests.app.conftest import settle, static_text

SEED = "2306-140423-89-01-317509"


def rendered(renderable: object) -> str:
    console = Console(width=120, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def store_at_year_end(tmp_path) -> Store:
    """The sample seen on 2023-12-31, its first indicator (改造小区数量, target 2) given a 分值 of 10."""
    seed = load_sample()[0]
    first = structs.replace(seed.indicators[0], weight=Decimal(10))
    project = structs.replace(seed, indicators=(first, *seed.indicators[1:]))
    store = Store(tmp_path / "store.json")
    store.create([project])
    return store


async def test_a_final_value_typed_in_the_form_scores_the_row_and_the_headline_says_the_score(
    tmp_path, make_app
) -> None:
    store = store_at_year_end(tmp_path)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")  # Indicators
        await pilot.pause()
        grid = app.screen.query_one("#indicator-grid", DataTable)
        columns_before = [str(column.label) for column in grid.columns.values()]
        await pilot.press("r")  # record the indicator under the cursor: I1
        await pilot.pause()
        form = app.screen
        form.query_one("#final", Input).value = "1"
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        columns_after = [str(column.label) for column in grid.columns.values()]
        headline = static_text(app, "#headline", 120)
        counts = static_text(app, "#indicator-counts", 120)
        first_row = [str(cell) for cell in grid.get_row_at(0)]
        await pilot.press("enter")  # the row's detail, with the arithmetic
        await pilot.pause()
        detail = rendered(app.screen.query_one("#indicator-detail").query_one(Static).content)

    assert "Final" not in columns_before
    # The year is over: the final value, 分值 and 得分 take the place of to date, forecast and likelihood.
    assert columns_after[:8] == ["Level 1", "Level 2", "Level 3", "Target", "Final", "Weight", "Score", "Outcome"]
    # 1 of 2 communities: 1 ÷ 2 × 10 = 5.00; the other ten rows have no final value yet.
    assert first_row[4:8] == ["1", "10.00", "5.00", "not met"]
    assert "score not known yet (10 rows without a score)" in headline
    assert "budget execution 0.00 ÷ 589.20 × 10 = 0.00" in counts
    assert "5.00  (1 ÷ 2 × 10 = 5.00)" in detail
    assert store.load().projects[0].indicators[0].final == "1"


async def test_a_grade_chosen_in_the_form_is_saved_in_chinese_too(tmp_path, make_app) -> None:
    store = store_at_year_end(tmp_path)
    app = make_app(store, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "down", "down", "r")  # I7 提升小区品质, a word target
        await pilot.pause()
        app.screen.query_one("#grade", Select).value = "achieved"
        app.screen.query_one("#points", Input).value = "7分"
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        row = [str(cell) for cell in app.screen.query_one("#indicator-grid", DataTable).get_row_at(6)]

    indicator = store.load().projects[0].indicators[6]
    assert (indicator.grade, indicator.points) == (Grade.ACHIEVED, Decimal(7))
    # 效益 30 shared by four rows: 7.50; 达成 is 80–100% of it, 6.00–7.50, and 7 lies inside.
    assert row[4:8] == ["—", "7.50", "7.00", "达成"]
