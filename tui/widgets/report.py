"""Rich renderables of analysis results, shared by `drift status` and the dashboard."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pendulum import Date
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from drift import tables
from drift.analysis import ProjectAnalysis, unknown_text
from drift.budget import budget_remarks, overspend_text, time_text
from drift.claims import CLAIM_COLUMNS, claim_cells, verdict_light
from drift.curve import project_curve
from drift.i18n import code_text, t
from drift.later import EVERY_KIND, later_text, projects_text
from drift.numbers import money_text
from drift.portfolio import PortfolioRow, worst_first_order
from drift.rules import UNKNOWN_MARK, Light
from store.history import HistoryEntry
from tui.colours import LIGHTS, WARNING, styled
from tui.fitted import FitColumn, FittedTable
from tui.history_text import entry_line, local_time
from tui.linebreak import WrappedText

FORECAST_MARK = "≈"


def project_view(analysis: ProjectAnalysis, lang: str) -> Group:
    """Everything about one project: headline, schedule, budget, earned value, indicators and flags."""
    project = analysis.project
    heading = Text.assemble(
        (code_text(project.code, project.code_made, lang), "bold"),
        "  ",
        (project.name, "bold"),
        "  ",
        t("status.as_of", lang, date=analysis.as_of),
    )
    overall = Text.assemble(t("status.overall", lang), " ", overall_text(analysis, lang))
    return Group(
        heading,
        overall,
        *later_lines(analysis, lang),
        Text(""),
        schedule_table(analysis, lang),
        completion_line(analysis, lang),
        Text(""),
        budget_table(analysis, lang),
        Text(""),
        curve_table(analysis, lang),
        Text(""),
        earned_value_table(analysis, lang),
        Text(""),
        indicator_table(analysis, lang),
        indicator_counts(analysis, lang),
        Text(""),
        *([claims_table(analysis, lang), Text("")] if analysis.claims else []),
        flag_list(analysis, lang),
    )


def later_lines(analysis: ProjectAnalysis, lang: str, kinds: tuple[str, ...] = EVERY_KIND) -> list[Text]:
    """The line naming the records of kinds after the as-of date, not counted; no line when there are none."""
    later = later_text(analysis.later, analysis.as_of, lang, kinds)
    return [styled(later, WARNING)] if later else []


def light_text(light: Light, lang: str) -> Text:
    """A light as its word, in its look (tui.colours): colour only repeats the word; unknown is a neutral mark and its word."""
    word = t(f"light.{light}", lang)
    return styled(f"{UNKNOWN_MARK} {word}" if light is Light.UNKNOWN else word, LIGHTS[light])


def overall_text(analysis: ProjectAnalysis, lang: str) -> Text:
    """The overall light and the parts that are unknown: "red · schedule unknown"."""
    unknown = unknown_text(analysis, lang)
    light = light_text(analysis.light, lang)
    return Text.assemble(light, " · ", unknown) if unknown else light


RICH_LEFT_OUT = {
    "schedule": ("actual", "forecast"),
    "budget": ("forecast", "time_progress"),
    "portfolio": ("schedule", "budget", "paid_of_budget"),
}
"""Model columns the terminal leaves out, and why: the schedule's start and finish columns say what happened or is
forecast (≈) in two narrow columns, where a page writes it in words; time progress is in the rates table's title;
the terminal's money table has no forecast spending yet and its portfolio keeps to one line a project (the
dashboard and the export show the rest)."""

_MIN_WIDTHS = {"phase": 6, "source": 6, "level1": 4, "level3": 8}
_FOLDED = {"phase", "source", "name", "message", "level1", "level3"}
"""Columns of names and sentences, folded where a narrow terminal cannot hold them rather than cut."""
_CLIPPED = {"note", "document", "voucher", "reference", "remark", "cause"}
"""Columns of free text a person typed: a 20,000-character note would make its table a thousand lines long."""

CELL_CELLS = 200
"""The most a terminal table shows of such a cell; the export and `drift log` hold the whole text."""


def rich_table(model: tables.Table, lang: str, title: str | Text | None = None) -> FittedTable:
    """A model table for a terminal: each column as the model aligns and wraps it, each cell as rich_cell presents it.

    A column that does not wrap (a date, a light) and a column of figures keep each cell whole; drift's words wrap
    between words; names and a person's text fold (see tui.fitted).
    """
    columns = []
    for index, column in enumerate(model.columns):
        shown = [row.cells[index] for row in model.rows]
        # An overall light wraps after its word ("— unknown" over "· schedule, budget unknown"), never inside it.
        overall = [light_text(cell.light, lang).cell_len for cell in shown if isinstance(cell, tables.Overall)]
        columns.append(
            FitColumn(
                column.header(lang, short=True),
                justify="right" if column.align is tables.Align.RIGHT else "left",
                whole=(not column.wrap or column.align is tables.Align.RIGHT) and not overall,
                free=column.key in _FOLDED or column.key in _CLIPPED,
                floor=max(overall) if overall else _MIN_WIDTHS.get(column.key),
                names=column.key in _FOLDED,
            )
        )
    clipped = [column.key in _CLIPPED for column in model.columns]
    rows = []
    for row in model.rows:
        cells = [rich_cell(value, lang) for value in row.cells[1:]]
        for index, cell in enumerate(cells, start=1):
            if clipped[index] and cell.cell_len > CELL_CELLS:
                cell.truncate(CELL_CELLS, overflow="ellipsis")
        rows.append([rich_table_name(row, lang), *cells])
    heading = t(model.title, lang) if title is None else title
    return FittedTable(heading if isinstance(heading, Text) else Text(heading), columns, rows)


def rich_cell(value: tables.CellValue, lang: str) -> Text:
    """A model's cell as Rich text: a light as its coloured word, a forecast date in italics with ≈."""
    return tables.present(value, _RichCells(lang))


class _RichCells:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def text(self, value: str) -> Text:
        return WrappedText(value)  # a sentence of Chinese breaks between characters, never inside a number

    def light(self, value: Light) -> Text:
        return light_text(value, self.lang)

    def status(self, value: tables.Status) -> Text:
        return styled(value.text, LIGHTS[value.light])

    def span(self, value: tables.Span) -> Text:
        return Text(plan_span(value.start, value.end))

    def dated(self, value: tables.Dated) -> Text:
        return _dated(value.day, value.actual)

    def overall(self, value: tables.Overall) -> Text:
        light = light_text(value.light, self.lang)
        return Text.assemble(light, " · ", value.unknown) if value.unknown else light


def schedule_table(analysis: ProjectAnalysis, lang: str) -> FittedTable:
    """One row per phase: plan, actual or forecast (≈) dates, slips in days, status."""
    model = tables.schedule_table(analysis, lang).without(RICH_LEFT_OUT["schedule"])
    return rich_table(model, lang, t("status.schedule", lang))


def plan_span(start: Date | None, end: Date | None) -> str:
    """A planned span, the year written once when both ends share it: 2023-02-01–04-30."""
    if start is None or end is None:
        return f"{start or '—'}–{end or '—'}"
    return f"{start}–{end.format('MM-DD')}" if start.year == end.year else f"{start}–{end}"


def completion_line(analysis: ProjectAnalysis, lang: str) -> Text:
    schedule = analysis.schedule
    if schedule.completion is None or schedule.planned_completion is None:
        return Text("")
    line = t(
        "status.completion",
        lang,
        completion=_date_text(schedule.completion, schedule.completion_is_actual),
        planned=schedule.planned_completion,
        slip=schedule.completion_slip_days,
    )
    return Text.assemble(line, "  ", light_text(schedule.light, lang), "\n", (t("status.forecast_mark", lang), "dim"))


def budget_table(analysis: ProjectAnalysis, lang: str) -> Group:
    """Per funding source and in total: the money in 万元, then the rates with each light and its plain figures."""
    time = analysis.budget.time
    model = tables.budget_table(analysis, lang).without(RICH_LEFT_OUT["budget"])
    money = rich_table(model.group(tables.MONEY), lang, Text.assemble(t("status.budget", lang), " (万元)"))

    progress = t("status.time_progress", lang, progress=time_text(time, lang))
    title = Text.assemble(t("status.execution", lang), " · ", progress)
    rates = model.group(tables.RATES)
    wide = rich_table(rates, lang, title)
    # Narrower than the table with its figures, they go under it, one line each, instead of wrapping in a column.
    figures = rates.keys().index("figures")
    names = [rich_table_name(row, lang) for row in rates.rows]
    width = max(name.cell_len for name in names)
    lines = (
        Text.assemble(name, " " * (width - name.cell_len + 2), rich_cell(row.cells[figures], lang))
        for name, row in zip(names, rates.rows, strict=True)
    )
    narrow = Group(rich_table(rates.without(["figures"]), lang, title), *lines)
    remarks = (Text(remark) for remark in budget_remarks(analysis.budget, lang))
    return Group(money, *remarks, Text(""), _WideOrNarrow(wide, narrow))


def curve_table(analysis: ProjectAnalysis, lang: str) -> FittedTable:
    """The execution curve's points as a table: the terminal's plain text has no chart (the dashboard draws one)."""
    points = project_curve(analysis.project, analysis.as_of, analysis.rules)
    title = t("curve.title", lang, year=analysis.project.budget_year)
    return rich_table(tables.curve_table(points, lang), lang, title)


def rich_table_name(row: tables.Row, lang: str) -> Text:
    """A row's name as its first cell shows it: the total's in bold."""
    return Text(t("budget.total", lang), style="bold") if row.total else rich_cell(row.cells[0], lang)


class _WideOrNarrow:
    """The wide renderable where it fits the width without wrapping, else the narrow one."""

    def __init__(self, wide: RenderableType, narrow: RenderableType) -> None:
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        unbounded = options.update(max_width=sys.maxsize)  # measured within the width, it would always fit
        fits = Measurement.get(console, unbounded, self.wide).maximum <= options.max_width
        yield self.wide if fits else self.narrow


def earned_value_table(analysis: ProjectAnalysis, lang: str) -> Group:
    """PV, EV, AC and what follows from them; — where the data does not allow a figure."""
    table = rich_table(tables.earned_value_table(analysis, lang), lang, title=t("status.earned_value", lang))
    return Group(table, Text(t("status.ev_incomplete", lang), style="dim"))


def indicator_table(analysis: ProjectAnalysis, lang: str) -> FittedTable:
    """One row per indicator: target, value to date, forecast, the monitor's likelihood and the computed outcome
    (at the self-evaluation the final value, 分值 and 得分 too). The sentences of cause and remark are the dashboard's
    and the export's: a status report keeps to figures."""
    model = tables.indicator_table(analysis, lang)
    model = model.without(["level2", *tables.TICK_COLUMNS, "cause", "remark", *tables.superseded(analysis)])
    return rich_table(model, lang, title=t("status.indicators", lang))


def indicator_counts(analysis: ProjectAnalysis, lang: str) -> Text:
    """The counts under the grid; at the self-evaluation the score, and the budget row's arithmetic (the rows' own
    show on Enter)."""
    indicators = analysis.indicators
    likelihoods = " · ".join(f"{t(f'likelihood.{key}', lang)} {n}" for key, n in indicators.by_likelihood.items())
    groups = " · ".join(f"{name} {n}" for name, n in indicators.by_level1.items())
    counts = Text(f"{likelihoods}   {groups}   {t('status.at_risk', lang, count=indicators.at_risk)}")
    evaluation = analysis.self_evaluation
    if evaluation is None:
        return counts
    budget = evaluation.budget_row
    how = budget.arithmetic if budget.score else t(f"score.reason.{budget.reason}", lang)
    score = t("ind.score_line", lang, score=tables.score_headline(evaluation, lang), budget=how)
    return Text("\n").join([counts, Text(score, style="bold")])


def flag_list(analysis: ProjectAnalysis, lang: str, prefix: str = "") -> Group:
    """Every flag (whose code starts with prefix), one per row, its light first; long sentences wrap under themselves."""
    model = tables.flag_table(analysis, lang, prefix)
    grid = Table.grid(padding=(0, 2))
    for column in model.columns:
        grid.add_column(no_wrap=not column.wrap, overflow="fold" if column.key in _FOLDED else "ellipsis")
    for row in model.rows:
        grid.add_row(*(rich_cell(value, lang) for value in row.cells))
    body = grid if model.rows else Text(t("status.no_flags", lang))
    return Group(Text(t("status.flags", lang), style="bold"), body)


CLAIMS_SHOWN = 200
"""Claims drawn in a terminal table; past that, a line says how many more the JSON and the export hold."""

_NARROW_CLAIM_COLUMNS = ("id", "kind", "subject", "claimed", "computed", "verdict")
"""Where every column does not fit: the date and the reference are in each flag's sentence."""


def claims_table(analysis: ProjectAnalysis, lang: str) -> RenderableType:
    """The report's claims, each beside what the records give and the verdict, coloured as its light."""
    if not analysis.claims:  # "none recorded" only when there is none later either
        return Text("" if analysis.later.claims else t("claim.none", lang))
    rows = [claim_cells(check, analysis.project, lang) for check in analysis.claims[:CLAIMS_SHOWN]]
    lights = [verdict_light(check) for check in analysis.claims[:CLAIMS_SHOWN]]
    wide, narrow = (_claims_grid(columns, rows, lights, lang) for columns in (CLAIM_COLUMNS, _NARROW_CLAIM_COLUMNS))
    more = len(analysis.claims) - CLAIMS_SHOWN
    table = _WideOrNarrow(wide, narrow)
    return Group(table, Text(t("claim.more", lang, count=more))) if more > 0 else table


_CLAIM_WHOLE = {"id", "date", "computed"}
_CLAIM_FREE = {"subject", "claimed", "reference"}
"""The claims' columns that never break (an id, a date, drift's figure) and those of a person's text."""


def _claims_grid(
    columns: Sequence[str], rows: Sequence[Sequence[str]], lights: Sequence[Light], lang: str
) -> FittedTable:
    fitted = [
        FitColumn(t(f"claim.col.{column}", lang), whole=column in _CLAIM_WHOLE, free=column in _CLAIM_FREE)
        for column in columns
    ]
    picked = [CLAIM_COLUMNS.index(column) for column in columns]
    cells = []
    for row, light in zip(rows, lights, strict=True):
        shown = [Text(row[index]) for index in picked]
        shown[columns.index("verdict")].stylize(LIGHTS[light])
        cells.append(shown)
    return FittedTable(Text(t("claim.title", lang)), fitted, cells)


RICH_PORTFOLIO_ORDER = ("code", "name", "light", "slip", "trail", "risks", "flags", "as_of")
"""The terminal's order: the project, then its light and figures, the date last; other columns follow these."""


def portfolio_view(rows: Sequence[PortfolioRow], lang: str) -> RenderableType:
    """One row per project (its headline row), reddest first and the longest slip first within a light; under it,
    the projects with records after their as-of date."""
    rows = [rows[n] for n in worst_first_order(rows)]
    model = tables.portfolio_table(rows, lang).without(RICH_LEFT_OUT["portfolio"]).ordered(RICH_PORTFOLIO_ORDER)
    table = rich_table(model, lang, t("status.overall", lang))
    later = projects_text([row.code for row in rows if row.later], lang)
    return Group(table, styled(later, WARNING)) if later else table


def _date_text(day: Date | None, is_actual: bool) -> str:
    if day is None:
        return "—"
    return day.isoformat() if is_actual else f"{FORECAST_MARK}{day.isoformat()}"


def _dated(day: Date | None, is_actual: bool) -> Text:
    return Text(_date_text(day, is_actual), style="" if is_actual else "italic")


def headline(analysis: ProjectAnalysis, lang: str) -> Text:
    """The figures a supervisor reads first: as-of date, overall light, slip, paid against time, risks."""
    schedule, total, time = analysis.schedule, analysis.budget.total, analysis.budget.time
    slip = "—" if schedule.completion_slip_days is None else f"{schedule.completion_slip_days:+d}"
    paid = Text.assemble(
        t("head.paid", lang, paid=money_text(total.paid_pct_of_budget), time=time_text(time, lang)),
        " ",
        light_text(total.light, lang),
    )
    overspend = overspend_text(total, lang)
    if overspend:  # a rate of 16992.45% reads like a typo; the plain figures do not
        paid.append_text(styled(f" · {overspend}", LIGHTS[Light.RED]))
    parts = [
        Text(t("status.as_of", lang, date=analysis.as_of), style="bold"),
        Text.assemble(t("status.overall", lang), " ", overall_text(analysis, lang)),
        Text.assemble(t("head.slip", lang, slip=slip), " ", light_text(schedule.light, lang)),
        paid,
        Text(t("status.at_risk", lang, count=analysis.indicators.at_risk)),
        Text(t("head.flags", lang, count=analysis.deviation_count)),
    ]
    if analysis.self_evaluation is not None:
        parts.append(Text(t("head.score", lang, score=tables.score_headline(analysis.self_evaluation, lang))))
    later = later_text(analysis.later, analysis.as_of, lang)
    if later:
        parts.append(styled(later, WARNING))
    return Text(" · ").join(parts)


def history_table(entries: Sequence[HistoryEntry], lang: str) -> RenderableType:
    """Every recorded change, newest first: revision, when (local time), who, what changed from what to what, and why."""
    if not entries:
        return Text(t("history.empty", lang), style="dim")
    columns = [
        FitColumn(t(f"history.{key}", lang), whole=key in ("revision", "at"), free=key not in ("revision", "at"))
        for key in ("revision", "at", "by", "change", "note")
    ]
    rows = []
    for entry in reversed(entries):
        change = entry_line(entry, lang) + (
            f"  ({t('history.undoes', lang, revision=entry.undoes)})" if entry.undoes else ""
        )
        at = local_time(entry.at).strftime("%Y-%m-%d %H:%M")
        rows.append([Text(str(entry.revision)), Text(at), Text(entry.by), Text(change), Text(entry.note)])
    return FittedTable(Text(t("tab.history", lang)), columns, rows)
