"""The execution curve in the Budget view: drawn by hand, each point where its hand-computed cell says, unknown blank."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from msgspec import structs
from rich.console import Console
from textual.widgets import Static, TabbedContent

from drift.curve import CurvePoint, project_curve
from drift.i18n import t
from drift.rules import TimeBasis
from store.model import Funding, Payment, Project, Source, SourceKind
from store.persist import Store
from store.values import parse_date as day
from tests.app.conftest import settle, static_text
from tui import colours
from tui.app import DriftApp
from tui.widgets.curve import CurveChart

D = Decimal
CENTRAL = SourceKind("central")
AS_OF = day("2023-07-15")


def small(budget: str = "100") -> Project:
    """Budget 100 in 2023; 10 paid on 03-15 and 30 on 06-30; status date 07-15."""
    payments = (
        Payment(id="p1", date=day("2023-03-15"), source="central", amount=D("10")),
        Payment(id="p2", date=day("2023-06-30"), source="central", amount=D("30")),
    )
    funding = Funding(
        annual_budget=D(budget), sources=(Source(CENTRAL, "中央补助资金", annual_budget=D(budget)),), payments=payments
    )
    return Project(code="S-1", name="小项目", budget_year=2023, status_date=AS_OF, funding=funding)


def chart(points: list[CurvePoint] | tuple[CurvePoint, ...], lang: str = "en") -> CurveChart:
    return CurveChart(points, 2023, AS_OF, TimeBasis.DAYS, lang)


def drawn(renderable: object, width: int = 60, *, color_system: str | None = None, no_color: bool = True) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=color_system, force_terminal=True)
    console.push_theme(colours.theme(no_color=no_color))
    console.print(renderable)
    return console.export_text(styles=color_system is not None)


# At 60 columns a month is 4 cells after the 5 of the labels, so a month end is the month's last cell: January's
# is cell 3, June's 23; 07-15 is cell 24 + 14 × 4 // 31 = 25. A row is 10 %: 10 % paid is row 1, 40 % row 4. Between
# two points the paid line is straight: May (10 %) to June (40 %) crosses 17.5, 25, 32.5 % at cells 20-22, rows 2, 2, 3.
# Time progress at each cell's last day: 01-24 (cell 2) is 24/365 = 6.58 %, row 1.
SMALL_AT_60 = """\
Paid of the annual budget against time progress, 2023
100%┤                         │                   ···
    │                         │              ·····
 80%┤                         │          ····
    │                         │     ·····
 60%┤                         │·····
    │                     ·····
 40%┤                ·····  ●•●
    │            ····      •  │
 20%┤       ·····        ••   │
    │  ·····   •●•••●•••●     │
  0%┤·· ●•••●••               │
    └────────────────────────────────────────────────
     Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
● paid  · time progress (days)  │ as of 2023-07-15
"""


def test_the_small_projects_curve_sits_in_the_hand_computed_cells() -> None:
    text = drawn(chart(project_curve(small(), AS_OF)))

    assert "\n".join(line.rstrip() for line in text.splitlines()) + "\n" == SMALL_AT_60


def test_an_unknown_point_is_blank_and_the_legend_says_what_blank_means() -> None:
    points = list(project_curve(small(), AS_OF))
    points[2:5] = [structs.replace(point, paid_pct=None) for point in points[2:5]]  # March to May not known

    lines = [line.rstrip() for line in drawn(chart(points)).splitlines()]

    # February (0 %) and June (40 %) are not joined across the gap; June and the as-of date are.
    assert lines[11] == "  0%┤·· ●•••●                 │"
    assert lines[10] == "    │  ·····                  │"
    assert lines[8] == "    │            ····         │"
    assert lines[7] == " 40%┤                ·····  ●•●"
    assert "blank: not known" in " ".join(lines[-2:])


def test_paid_far_beyond_the_budget_is_an_arrow_on_the_top_row_and_the_top_stops_at_200() -> None:
    lines = drawn(chart(project_curve(small("10"), AS_OF))).splitlines()  # 40 of 10 is 400 %

    assert lines[1].startswith("200%┤")
    assert "▲" in lines[1]


def test_the_months_take_the_width_they_are_given() -> None:
    narrow = drawn(chart(project_curve(small(), AS_OF)), width=40).splitlines()
    wide = drawn(chart(project_curve(small(), AS_OF)), width=120).splitlines()

    below = next(n + 1 for n, line in enumerate(narrow) if "└" in line)
    assert narrow[below].rstrip() == "     1     4     7     10"  # 2 cells a month: numbered by quarter
    assert wide[-2].startswith("     Jan   Feb   ")  # 6 cells a month at most
    assert all(len(line.rstrip()) <= 40 for line in narrow[1:])


def test_in_16_colours_paid_is_bold_and_time_progress_bright_blue_and_without_colour_only_weight() -> None:
    coloured = drawn(chart(project_curve(small(), AS_OF)), color_system="standard", no_color=False)
    plain = drawn(chart(project_curve(small(), AS_OF)), color_system="standard", no_color=True)

    assert "\x1b[1m●" in coloured
    assert "\x1b[94m·" in coloured
    assert "\x1b[94m" not in plain and "\x1b[1m●" in plain


def store_of(tmp_path: Path, project: Project) -> Store:
    store = Store(tmp_path / "store.json")
    store.create([project])
    return store


async def show_budget(pilot) -> None:
    await settle(pilot)
    await pilot.press("3")
    await pilot.pause()


async def test_the_budget_view_draws_the_curve_and_keys_still_answer(tmp_path: Path) -> None:
    app = DriftApp(store_of(tmp_path, small()), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await show_budget(pilot)
        lines = [line.rstrip() for line in static_text(app, "#budget-body", 60).splitlines()]
        assert "Paid of the annual budget against time progress, 2023" in lines
        assert " 40%┤                ·····  ●•●" in lines
        await pilot.press("2")  # straight on to the schedule: the chart holds nothing up
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "schedule"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_curve_at_80x24(lang: str, tmp_path: Path, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await show_budget(pilot)
        # The bars and the money tables come first: scroll the chart's title to the top of the view.
        body = pilot.app.screen.query_one("#budget-body", Static)
        title = t("curve.title", lang, year=2023)
        lines = static_text(pilot.app, "#budget-body", body.content_region.width).splitlines()
        top = next(n for n, line in enumerate(lines) if line.strip() == title)
        body.parent.scroll_to(y=top, animate=False)  # type: ignore[union-attr]
        await pilot.pause()

    assert snap_compare(DriftApp(store_of(tmp_path, small()), lang=lang), terminal_size=(80, 24), run_before=run_before)


def axis_and_below(as_of_text: str, width: int) -> tuple[list[str], int]:
    """The small project's chart as of a date, its lines without trailing spaces, and where the x-axis line is."""
    as_of = day(as_of_text)
    chart = CurveChart(project_curve(small(), as_of), 2023, as_of, TimeBasis.DAYS, "en")
    lines = [line.rstrip() for line in drawn(chart, width=width).splitlines()]
    return lines, next(n for n, line in enumerate(lines) if "└" in line)


def test_a_long_span_takes_one_cell_a_month_labelled_by_year_and_keeps_the_as_of_mark_on_screen() -> None:
    lines, axis = axis_and_below("2025-05-20", 40)  # 29 months from January 2023: 1 cell each at 40 columns

    assert lines[axis + 1] == "     2023        2024        2025"
    assert all(len(line) <= 40 for line in lines[1:axis])
    assert lines[axis - 1].endswith("│")  # the as-of mark in the last month's cell


def test_an_as_of_date_before_the_year_widens_the_axis_and_the_years_do_not_run_together() -> None:
    lines, axis = axis_and_below("2022-12-10", 60)

    assert lines[axis + 1].startswith("     Dec Jan Feb")
    assert lines[axis + 2] == "         2023"  # December 2022 has no room for its year before 2023's
