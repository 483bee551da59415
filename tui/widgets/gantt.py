"""A Gantt-like chart on a month axis: planned and actual/forecast bars told apart by glyph, coloured by their light."""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import Date
from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalScroll
from textual.widgets import Static

from drift.dates import months_between
from drift.i18n import t
from drift.rules import Light
from drift.schedule import ScheduleAnalysis
from tui import colours
from tui.widgets.moves import ViewScroll

MONTH_WIDTH = 4
"""Cells per month: wide enough for "12月" or "Dec" and a space."""

PLAN, ACTUAL, FORECAST, FINISH, MARKER = "░", "█", "▒", "◆", "│"
"""Glyphs carry the meaning on their own, so the chart reads without colour (NO_COLOR, 16 colours)."""

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Bar:
    """One phase as the chart draws it: the plan, and what happened or is forecast."""

    label: str
    planned_start: Date
    planned_end: Date
    start: Date | None
    end: Date | None
    start_is_forecast: bool
    end_is_forecast: bool
    status: str
    slip_days: int | None
    light: Light


def bars(schedule: ScheduleAnalysis, lang: str) -> list[Bar]:
    """The chart's view of the analysed schedule."""
    return [
        Bar(
            label=item.phase.name,
            planned_start=item.phase.planned_start,
            planned_end=item.phase.planned_end,
            start=item.start,
            end=item.finish,
            start_is_forecast=not item.start_is_actual,
            end_is_forecast=not item.finish_is_actual,
            status=t(f"phase.{item.status}", lang),
            slip_days=item.finish_slip_days,
            light=item.light,
        )
        for item in schedule.phases
    ]


class _Axis:
    """Maps dates to character cells on the month axis."""

    def __init__(self, first: Date, last: Date) -> None:
        self.months = months_between(first, last)
        self.index = {ym: i for i, ym in enumerate(self.months)}
        self.width = len(self.months) * MONTH_WIDTH

    def cell(self, day: Date) -> int:
        offset = (day.day - 1) * MONTH_WIDTH // day.days_in_month
        return self.index[(day.year, day.month)] * MONTH_WIDTH + offset


def chart(bars: list[Bar], as_of: Date, lang: str) -> Text:
    """The scrolling part: month axis, then a plan row and an actual/forecast row per phase."""
    dates = [as_of]
    for bar in bars:
        dates += [d for d in (bar.planned_start, bar.planned_end, bar.start, bar.end) if d is not None]
    axis = _Axis(min(dates), max(dates))
    marker = axis.cell(as_of)

    years, months = Text(), Text()
    for year, month in axis.months:
        label = f"{month}月" if lang == "zh" else _MONTHS_EN[month - 1]
        if cell_len(label) >= MONTH_WIDTH:  # "10月" would run into "11月": the number alone, as a calendar's head
            label = str(month)
        months.append(label + " " * (MONTH_WIDTH - cell_len(label)), style="dim")
        first = month == 1 or (year, month) == axis.months[0]
        years.append(str(year).ljust(MONTH_WIDTH) if first else " " * MONTH_WIDTH, style="bold")
    lines = [years, months]

    for bar in bars:
        plan = [(" ", "")] * axis.width
        for i in range(axis.cell(bar.planned_start), axis.cell(bar.planned_end) + 1):
            plan[i] = (PLAN, colours.PLAN)
        lines.append(_row(plan, marker))
        actual = [(" ", "")] * axis.width
        if bar.start is not None:
            colour = colours.BARS[bar.light]
            end = max(bar.end or as_of, bar.start)
            # An actual start with a forecast end is drawn solid up to the as-of date, shaded after it.
            solid_until = -1 if bar.start_is_forecast else (marker if bar.end_is_forecast else axis.cell(end))
            for i in range(axis.cell(bar.start), axis.cell(end) + 1):
                actual[i] = (ACTUAL if i <= solid_until else FORECAST, colour)
        elif bar.end is not None:  # only the finish is known, e.g. the day an approval was issued
            actual[axis.cell(bar.end)] = (FINISH, colours.BARS[bar.light])
        lines.append(_row(actual, marker))
    return Text("\n").join(lines)


def _row(cells: list[tuple[str, str]], marker: int) -> Text:
    if 0 <= marker < len(cells) and cells[marker][0] == " ":
        cells = [*cells[:marker], (MARKER, colours.AS_OF), *cells[marker + 1 :]]
    return Text.assemble(*cells)


def labels(bars: list[Bar], lang: str) -> Text:
    """The fixed part: two header lines, then per phase its name and its status with slip."""
    out = [Text(""), Text(t("gantt.phase", lang), style="dim")]
    for bar in bars:
        out.append(Text(bar.label, style="bold", overflow="ellipsis", no_wrap=True))
        slip = "" if bar.slip_days is None else f" {bar.slip_days:+d}{t('unit.days_short', lang)}"
        out.append(colours.styled(f" {bar.status}{slip}", colours.LIGHTS[bar.light], no_wrap=True))
    return Text("\n").join(out)


def legend(as_of: Date, lang: str) -> Text:
    """The glyphs without colour: a bar's colour is its phase's light, which the legend says in words."""
    return Text.assemble(
        (PLAN * 2, colours.PLAN),
        f" {t('gantt.plan', lang)}  ",
        ACTUAL * 2,
        f" {t('gantt.actual', lang)}  ",
        FORECAST * 2,
        f" {t('gantt.forecast', lang)}  ",
        FINISH,
        f" {t('gantt.finished', lang)}  ",
        (MARKER, colours.AS_OF),
        f" {t('gantt.as_of', lang)} {as_of.isoformat()}  ",
        (t("gantt.colour_is_light", lang), "dim"),
    )


class ScheduleScroll(ViewScroll):
    """The Schedule view: up and down (j, k, g, G) scroll the view, ← and → (Home, End) the chart's months under fixed labels."""

    BINDINGS = [
        Binding("left", "months(-3)", "key.months_back", show=False),
        Binding("right", "months(3)", "key.months_on", show=False),
        Binding("home", "months(-1000)", "key.months_first", show=False),
        Binding("end", "months(1000)", "key.months_last", show=False),
    ]

    def action_months(self, months: int) -> None:
        self.query_one(Gantt).scroll_months(months)


class Gantt(Horizontal):
    """Labels on the left stay put; the chart on the right scrolls sideways when the span is long."""

    DEFAULT_CSS = """
    Gantt { height: auto; }
    Gantt > #gantt-labels { width: auto; max-width: 24; height: auto; padding-right: 1; }
    Gantt > HorizontalScroll { height: auto; width: 1fr; }
    Gantt #gantt-chart { width: auto; height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="gantt-labels")
        with HorizontalScroll():
            yield Static(id="gantt-chart")

    def show(self, bars: list[Bar], as_of: Date, lang: str) -> None:
        self.query_one("#gantt-labels", Static).update(labels(bars, lang))
        self.query_one("#gantt-chart", Static).update(chart(bars, as_of, lang))

    def scroll_months(self, months: int) -> None:
        self.query_one(HorizontalScroll).scroll_relative(x=months * MONTH_WIDTH, animate=False)
