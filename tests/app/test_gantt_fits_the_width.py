"""Pilot tests: the Gantt fits its months to the terminal's width, so the forecast is never hidden; a span too long
even at a cell a month scrolls with ←/→ and Shift+H/Shift+L, its year still shown at the left."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from msgspec import structs
from textual.containers import HorizontalScroll

from drift.rules import Light
from store.files import load_sample
from store.persist import Store
from tests.app.conftest import screen_lines, settle
from tui.app import DriftApp
from tui.widgets.gantt import Bar, Gantt, chart, month_cells

ACCEPTANCE = {"en": "not started +89d", "zh": "未开始 +89天"}
"""The status line of 竣工验收, the last phase: its forecast runs from ≈2024-02-28 to ≈2024-03-29."""


async def schedule_lines(app: DriftApp, pilot) -> list[str]:
    await settle(pilot)
    app.screen.action_show_view("schedule")
    await pilot.pause()
    await pilot.pause()  # the chart is fitted once the labels' width is known
    return screen_lines(app)


@pytest.mark.parametrize(
    ("size", "lang", "cells", "plan", "forecast"),
    [
        # 80 columns leave the chart 54 cells beside the English labels: 14 months (2023-02 to 2024-03) at 3 cells a
        # month is 42. The plan, December 2023 (month 11 of 14), is cells 30-32; the forecast cells
        # 36 + 27×3÷29 = 38 to 39 + 28×3÷31 = 41, the chart's last.
        ((80, 24), "en", 3, "░░░", "▒▒▒▒"),
        # The Chinese labels are narrower: 4 cells a month fit (56). The plan is cells 40-43; the forecast
        # 48 + 27×4÷29 = 51 to 52 + 28×4÷31 = 55.
        ((80, 24), "zh", 4, "░░░░", "▒▒▒▒▒"),
        # 60 columns leave 34 (English) or 38: 2 cells a month, 28 in all. The plan is cells 20-21; the forecast
        # 24 + 27×2÷29 = 25 to 26 + 28×2÷31 = 27.
        ((60, 20), "en", 2, "░░", "▒▒▒"),
        ((60, 20), "zh", 2, "░░", "▒▒▒"),
    ],
    ids=["80x24-en", "80x24-zh", "60x20-en", "60x20-zh"],
)
async def test_the_whole_acceptance_row_and_its_forecast_are_on_screen(
    sample_store, size, lang, cells, plan, forecast
) -> None:
    app = DriftApp(sample_store, lang=lang)
    async with app.run_test(size=size) as pilot:
        lines = await schedule_lines(app, pilot)
        gantt = app.screen.query_one(Gantt)
        scroll = gantt.query_one(HorizontalScroll)
        chart_end = scroll.region.x + 14 * cells

        assert gantt.cells == cells
        assert scroll.max_scroll_x == 0, "the whole span fits: nothing to scroll to"
        status = lines.index(next(line for line in lines if ACCEPTANCE[lang] in line))
        plan_row, forecast_row = lines[status - 1], lines[status]
        assert "竣工验收" in plan_row
        assert plan_row[:chart_end].rstrip().endswith(plan)
        # The forecast ends on the chart's last cell, inside the screen and clear of the scrollbar's column.
        assert forecast_row[:chart_end].endswith(forecast)
        assert chart_end <= size[0] - 2


def long_store(tmp_path: Path) -> Store:
    """The sample with its acceptance planned to end in December 2027: more months than 80 columns hold."""
    seed = load_sample()[0]
    phases = list(seed.phases)
    phases[-1] = structs.replace(phases[-1], planned_end=pendulum.date(2027, 12, 31))
    project = structs.replace(seed, phases=tuple(phases))
    store = Store(tmp_path / "store.json")
    store.create([project])
    return store


async def test_a_long_span_scrolls_by_months_with_the_arrows_and_shift_h_l_its_year_kept_at_the_left(
    tmp_path: Path,
) -> None:
    app = DriftApp(long_store(tmp_path), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await schedule_lines(app, pilot)
        gantt = app.screen.query_one(Gantt)
        scroll = gantt.query_one(HorizontalScroll)
        assert gantt.cells == 1  # 2023-02 to 2028-03 (its forecast, 89 days late) is 62 months: more than 55 cells
        assert scroll.max_scroll_x > 0

        await pilot.press("L", "L")
        await pilot.pause()
        assert scroll.scroll_x == 6  # two quarters on: 2023-08 is the first month on screen
        assert year_row(app)[scroll.region.x :].startswith("2023 ")  # its year, though 2023-02 is scrolled away

        await pilot.press("H", "right", "left", "left")
        await pilot.pause()
        assert scroll.scroll_x == 0
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_x == scroll.max_scroll_x == 62 - scroll.region.width  # to its forecast, 2028-03: 62 months
        await pilot.press("home")
        await pilot.pause()
        assert scroll.scroll_x == 0


def year_row(app: DriftApp) -> str:
    lines = screen_lines(app)
    return lines[lines.index(next(line for line in lines if line.lstrip().startswith("Phase"))) - 1]


def test_the_axis_labels_each_quarter_at_a_cell_a_month_and_a_year_gives_way_to_the_next() -> None:
    day = pendulum.date
    bar = Bar("x", day(2023, 11, 1), day(2025, 4, 30), None, None, False, False, "", None, Light.RED)
    lines = chart([bar], day(2023, 11, 15), "en", cells=1).plain.split("\n")
    # 2023-11 to 2025-04: 18 cells. "2023" over November would run into "2024" two cells later: January wins.
    assert lines[0] == "  2024        2025"
    assert lines[1] == "  1  4  7  10 1  4"
    # 18 months: 3 cells a month in 54; 1 in 31 (2 would take 36); 100 months take 1 even where it does not fit.
    assert (month_cells(18, 54), month_cells(18, 31), month_cells(100, 54)) == (3, 1, 1)


def test_chinese_months_are_all_numbers_when_one_name_would_not_fit_never_a_mix() -> None:
    day = pendulum.date
    bar = Bar("x", day(2023, 3, 1), day(2024, 1, 31), None, None, False, False, "", None, Light.RED)
    as_of = day(2023, 9, 28)
    # Every other month is labelled at 3 and 2 cells: 6 cells hold "11月" (4) and a blank, 4 cells do not.
    assert chart([bar], as_of, "zh", cells=3).plain.split("\n")[1] == "3月   5月   7月   9月   11月  1月"
    assert chart([bar], as_of, "zh", cells=2).plain.split("\n")[1] == "3   5   7   9   11  1 "
