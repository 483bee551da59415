"""A Gantt-like chart on a month axis: planned and actual/forecast bars told apart by glyph, coloured by their light."""

from __future__ import annotations

from msgspec import Struct
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

MONTH_CELLS = (4, 3, 2, 1)
"""Cells a month may take, widest first: the widest that lets the whole span fit the chart's width is drawn; a span
too long even at one cell a month scrolls with ← and →."""

LABEL_EVERY = {4: 1, 3: 2, 2: 2, 1: 3}
"""Months between month labels at each width, so a label has at least 4 cells: every month at 4 cells ("Sep ",
"10  "); every other month (Jan, Mar …) at 3 and 2; each quarter's first month (1, 4, 7, 10) at 1."""

YEAR_CELLS = 5
"""A year's label and the blank after it."""

PLAN, ACTUAL, FORECAST, FINISH, MARKER = "░", "█", "▒", "◆", "│"
"""Glyphs carry the meaning on their own, so the chart reads without colour (NO_COLOR, 16 colours)."""

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Bar(Struct, frozen=True):
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
    """Maps dates to character cells on the month axis, `cells` a month."""

    def __init__(self, first: Date, last: Date, cells: int) -> None:
        self.months = months_between(first, last)
        self.index = {ym: i for i, ym in enumerate(self.months)}
        self.cells = cells
        self.width = len(self.months) * cells

    def cell(self, day: Date) -> int:
        offset = (day.day - 1) * self.cells // day.days_in_month
        return self.index[(day.year, day.month)] * self.cells + offset


def span(bars: list[Bar], as_of: Date) -> tuple[Date, Date]:
    """The first and last day the chart shows: every date of every bar, and the as-of date."""
    dates = [as_of]
    for bar in bars:
        dates += [d for d in (bar.planned_start, bar.planned_end, bar.start, bar.end) if d is not None]
    return min(dates), max(dates)


def month_cells(months: int, room: int) -> int:
    """The widest a month may be for `months` to fit in `room` cells; one cell when even that does not fit."""
    return next((cells for cells in MONTH_CELLS if months * cells <= room), MONTH_CELLS[-1])


def chart(bars: list[Bar], as_of: Date, lang: str, cells: int = MONTH_CELLS[0], left: int = 0) -> Text:
    """The scrolling part: year and month axis, then a plan row and an actual/forecast row per phase.

    cells: a month's width (month_cells); left: the first cell on screen, where the year row repeats the year when
    the columns of its first month are scrolled away.
    """
    axis = _Axis(*span(bars, as_of), cells)
    marker = axis.cell(as_of)
    lines = [_years(axis, left), _months(axis, lang)]

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


def _months(axis: _Axis, lang: str) -> Text:
    """A label every LABEL_EVERY months: the month's name when it fits with a blank after it, else its number."""
    every = LABEL_EVERY[axis.cells]
    room = every * axis.cells
    named = {month: f"{month}月" if lang == "zh" else _MONTHS_EN[month - 1] for month in range(1, 13)}
    # "10月" would run into "11月": then every month is its number alone, as a calendar's head ("3 5 … 11", never
    # "3月 5月 … 11").
    numbers_only = any(cell_len(named[month]) >= room for _year, month in axis.months if not (month - 1) % every)
    line = Text(style="dim")
    for n, (_year, month) in enumerate(axis.months):
        if (month - 1) % every:
            continue
        label = str(month) if numbers_only else named[month]
        if n * axis.cells + cell_len(label) <= axis.width:  # a label is whole or not there
            line.append(" " * (n * axis.cells - line.cell_len) + label)
    line.append(" " * (axis.width - line.cell_len))
    return line


def _years(axis: _Axis, left: int) -> Text:
    """Each year over its January, and over the first month on screen: scrolled sideways, the chart still says
    which year it shows. A label too close to the next one gives way to it."""
    starts = [(n * axis.cells, year) for n, (year, month) in enumerate(axis.months) if month == 1 or n == 0]
    shown = [(at, year) for at, year in starts if at >= left]
    if left < axis.width and not any(at < left + YEAR_CELLS for at, _year in shown):
        shown.insert(0, (left, axis.months[left // axis.cells][0]))
    kept: list[tuple[int, int]] = []
    for at, year in reversed(shown):
        if at + len(str(year)) <= axis.width and (not kept or at + YEAR_CELLS <= kept[-1][0]):
            kept.append((at, year))
    line = Text(style="bold")
    for at, year in reversed(kept):
        line.append(" " * (at - line.cell_len) + str(year))
    line.append(" " * (axis.width - line.cell_len))
    return line


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
        # Shift+h and Shift+l, as lazygit scrolls sideways: l alone is the language everywhere, and h without l
        # would be half a pair.
        Binding("H", "months(-3)", "key.months_back", show=False),
        Binding("L", "months(3)", "key.months_on", show=False),
        Binding("home", "months(-1000)", "key.months_first", show=False),
        Binding("end", "months(1000)", "key.months_last", show=False),
    ]

    def action_months(self, months: int) -> None:
        self.query_one(Gantt).scroll_months(months)


class Gantt(Horizontal):
    """Labels on the left stay put; the chart on the right fits its months to the width left, and scrolls sideways
    when the span is too long even at one cell a month."""

    LABELS_MOST = 24
    """The most cells the labels take, their blank on the right included: a long phase name is cut with …."""

    DEFAULT_CSS = f"""
    Gantt {{ height: auto; }}
    Gantt > #gantt-labels {{ width: auto; max-width: {LABELS_MOST}; height: auto; padding-right: 1; }}
    Gantt > HorizontalScroll {{ height: auto; width: 1fr; }}
    Gantt #gantt-chart {{ width: auto; height: auto; }}
    """

    def compose(self) -> ComposeResult:
        yield Static(id="gantt-labels")
        with HorizontalScroll():
            yield Static(id="gantt-chart")

    def __init__(self) -> None:
        super().__init__()
        self.shown: tuple[list[Bar], Date, str] | None = None
        self.cells = MONTH_CELLS[0]
        """Cells a month takes as drawn: ← and → scroll by whole months."""
        self.labels_width = 0

    def on_mount(self) -> None:
        self.watch(self.query_one(HorizontalScroll), "scroll_x", self._draw, init=False)

    def show(self, bars: list[Bar], as_of: Date, lang: str) -> None:
        self.shown = (bars, as_of, lang)
        shown = labels(bars, lang)
        self.query_one("#gantt-labels", Static).update(shown)
        # Measured here rather than read from the laid-out labels, so the first frame already has the right months.
        self.labels_width = min(self.LABELS_MOST, max(cell_len(line) for line in shown.plain.split("\n")) + 1)
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.shown is None:
            return
        bars, as_of, lang = self.shown
        scroll = self.query_one(HorizontalScroll)
        room = self.size.width - self.labels_width
        self.cells = month_cells(len(months_between(*span(bars, as_of))), room)
        self.query_one("#gantt-chart", Static).update(chart(bars, as_of, lang, self.cells, round(scroll.scroll_x)))

    def scroll_months(self, months: int) -> None:
        self.query_one(HorizontalScroll).scroll_relative(x=months * self.cells, animate=False)
