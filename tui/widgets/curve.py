"""The execution curve drawn by hand: months across, percent up, the time-progress diagonal and the paid points."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from msgspec import Struct
from pendulum import Date
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from drift.budget import time_progress
from drift.curve import CurvePoint
from drift.dates import month_end, months_between
from drift.i18n import t
from store.model import TimeBasis
from tui import colours

ROWS = 10
"""Rows above the zero line: 10 % each up to 100 %, more each when paid runs past the budget."""

HIGHEST = 200
"""The highest percent the chart reaches; a paid share above it is drawn as OVER on the top row."""

PAID, PAID_BETWEEN, OVER, TIME, MARKER = "●", "•", "▲", "·", "│"
"""Glyphs carry the meaning on their own, so the chart reads without colour (NO_COLOR, 16 colours)."""

MONTH_WIDTH = 6
"""The most cells a month takes: wider would flatten the curve without showing more."""

LABEL_WIDTH = 5
"""Cells of the percent labels and the axis: "100%┤"."""

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class CurveChart(Struct, frozen=True):
    """A project's curve as a Rich renderable that takes the width it is given: up to MONTH_WIDTH cells a month, down
    to 1 (below 4 the months are labelled by number, at 1 only the years are)."""

    points: Sequence[CurvePoint]
    budget_year: int
    as_of: Date
    basis: TimeBasis
    lang: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        first = min([Date(self.budget_year, 1, 1), *(point.date for point in self.points)])
        last = max([Date(self.budget_year, 12, 31), *(point.date for point in self.points)])
        spanned = months_between(first, last)
        width = max(1, min(MONTH_WIDTH, (options.max_width - LABEL_WIDTH) // len(spanned)))
        yield Text(t("curve.title", self.lang, year=self.budget_year), style="bold")
        yield from _Drawing(self, spanned, width).lines()
        yield legend(self.points, self.as_of, self.basis, self.lang)


class _Drawing:
    """One drawing of the chart at one month width."""

    def __init__(self, chart: CurveChart, spanned: list[tuple[int, int]], width: int) -> None:
        self.chart = chart
        self.months = spanned
        self.index = {month: n for n, month in enumerate(spanned)}
        self.width = width
        self.cells = len(spanned) * width
        known = [point.paid_pct for point in chart.points if point.paid_pct is not None]
        # A top past 100 goes up in fifties, so the labels of every other row stay round (30, 60 … 150).
        self.top = min(HIGHEST, max(100, math.ceil(max(known, default=Decimal(0)) / 50) * 50))

    def column(self, day: Date) -> int:
        """The cell of day: a month end is the last cell of its month."""
        offset = (day.day - 1) * self.width // day.days_in_month
        return self.index[(day.year, day.month)] * self.width + offset

    def row(self, pct: Decimal) -> int:
        """The row of a percent, 0 the zero line and ROWS the top; above the top, the top."""
        return min(ROWS, max(0, round(pct * ROWS / self.top)))

    def day_of_cell(self, cell: int) -> Date:
        """The last day a cell covers."""
        year, month = self.months[cell // self.width]
        days = month_end(year, month).day
        return Date(year, month, min(days, math.ceil((cell % self.width + 1) * days / self.width)))

    def grid(self) -> list[list[tuple[str, str]]]:
        chart = self.chart
        grid = [[(" ", "")] * self.cells for _ in range(ROWS + 1)]
        # Time progress is the calendar's, known for every day: the diagonal runs through the whole year.
        for cell in range(self.cells):
            pct = time_progress(self.day_of_cell(cell), chart.budget_year, chart.basis).percent
            grid[self.row(pct)][cell] = (TIME, colours.CURVE_TIME)
        previous: CurvePoint | None = None
        for point in chart.points:
            if point.paid_pct is None:  # not known: a gap, joined to nothing
                previous = None
                continue
            if previous is not None and previous.paid_pct is not None:
                self._join(grid, previous.date, previous.paid_pct, point.date, point.paid_pct)
            glyph = OVER if point.paid_pct > self.top else PAID
            grid[self.row(point.paid_pct)][self.column(point.date)] = (glyph, colours.CURVE_PAID)
            previous = point
        marker = self.column(chart.as_of) if (chart.as_of.year, chart.as_of.month) in self.index else None
        if marker is not None:
            for line in grid:
                if line[marker][0] == " ":
                    line[marker] = (MARKER, colours.AS_OF)
        return grid

    def _join(self, grid: list[list[tuple[str, str]]], start: Date, low: Decimal, end: Date, high: Decimal) -> None:
        """The cells between two known points, on the straight line between them."""
        left, right = self.column(start), self.column(end)
        for cell in range(left + 1, right):
            pct = low + (high - low) * (cell - left) / (right - left)
            grid[self.row(pct)][cell] = (PAID_BETWEEN, colours.CURVE_PAID)

    def lines(self) -> list[Text]:
        grid = self.grid()
        out = []
        for level in range(ROWS, -1, -1):
            label = f"{self.top * level // ROWS}%" if level % 2 == 0 else ""
            axis = "┤" if label else "│"
            out.append(Text.assemble((f"{label:>{LABEL_WIDTH - 1}}{axis}", "dim"), *grid[level], no_wrap=True))
        out.append(Text.assemble((" " * (LABEL_WIDTH - 1) + "└" + "─" * self.cells, "dim"), no_wrap=True))
        if self.width > 1:
            out.append(Text.assemble(" " * LABEL_WIDTH, self.month_labels(), no_wrap=True))
        if self.width == 1 or len({year for year, _ in self.months}) > 1:
            out.append(Text.assemble(" " * LABEL_WIDTH, self.year_labels(), no_wrap=True))
        return out

    def month_labels(self) -> Text:
        labels = Text(style="dim")
        for _year, month in self.months:
            if self.width >= 4:
                label = f"{month}月" if self.chart.lang == "zh" else _MONTHS_EN[month - 1]
                if cell_len(label) >= self.width:  # "10月" would touch "11月": a space between months first
                    label = str(month)
            elif self.width == 3 or month % 3 == 1:
                label = str(month)
            else:
                label = ""
            labels.append(label + " " * (self.width - cell_len(label)))
        return labels

    def year_labels(self) -> Text:
        """Each year written from its first month on, where it fits before the next one."""
        starts = [(n * self.width, year) for n, (year, month) in enumerate(self.months) if month == 1 or n == 0]
        cells = [" "] * self.cells
        for (start, year), (end, _) in zip(starts, [*starts[1:], (self.cells + 1, 0)], strict=True):
            label = str(year)
            if start + len(label) < end:  # a space before the next year's, or the end of the axis
                cells[start : start + len(label)] = label
        return Text("".join(cells[: self.cells]), style="bold")


def legend(points: Sequence[CurvePoint], as_of: Date, basis: TimeBasis, lang: str) -> Text:
    """What each glyph means, time progress with its basis; the blank's meaning only where a point is not known."""
    parts: list[str | tuple[str, str]] = [
        (PAID, colours.CURVE_PAID),
        f" {t('curve.paid', lang)}  ",
        (TIME, colours.CURVE_TIME),
        f" {t('curve.time', lang, basis=t(f'time.basis.{basis}', lang))}  ",
        (MARKER, colours.AS_OF),
        f" {t('curve.as_of', lang)} {as_of.isoformat()}",
    ]
    if any(point.paid_pct is None for point in points):
        parts.append(f"  {t('curve.blank', lang)}")
    return Text.assemble(*parts)
