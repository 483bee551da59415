"""Rich renderables of analysis results, shared by `drift status` and the dashboard."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pendulum import Date
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from drift.analysis import ProjectAnalysis, unknown_text
from drift.budget import BudgetLine, figures_text, overspend_text
from drift.claims import CLAIM_COLUMNS, claim_cells, verdict_light
from drift.flags import describe
from drift.i18n import t
from drift.indicators import NO_LIKELIHOOD
from drift.later import EVERY_KIND, later_text, projects_text
from drift.numbers import money_text
from drift.portfolio import SortKey, roll_up, sort_rows
from drift.rules import UNKNOWN_MARK, Light
from store.history import HistoryEntry
from tui.colours import LIGHTS, WARNING, styled

FORECAST_MARK = "≈"


def project_view(analysis: ProjectAnalysis, lang: str) -> Group:
    """Everything about one project: headline, schedule, budget, earned value, indicators and flags."""
    project = analysis.project
    heading = Text.assemble(
        (project.code, "bold"), "  ", (project.name, "bold"), "  ", t("status.as_of", lang, date=analysis.as_of)
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


def schedule_table(analysis: ProjectAnalysis, lang: str) -> Table:
    """One row per phase: plan, actual or forecast (≈) dates, slips in days, status."""
    table = _table(t("status.schedule", lang))
    table.add_column(t("status.col.phase", lang), min_width=6, overflow="fold")
    table.add_column(t("status.col.planned", lang), no_wrap=True)
    for key in ("start", "finish"):
        table.add_column(t(f"status.col.{key}", lang), no_wrap=True)
    for key in ("start_slip", "finish_slip"):
        table.add_column(t(f"status.col.{key}", lang), justify="right")
    table.add_column(t("status.col.status", lang), min_width=10)
    for item in analysis.schedule.phases:
        phase = item.phase
        table.add_row(
            Text(phase.name),
            Text(plan_span(phase.planned_start, phase.planned_end)),
            _dated(item.start, item.start_is_actual),
            _dated(item.finish, item.finish_is_actual),
            _days(item.start_slip_days),
            _days(item.finish_slip_days),
            styled(t(f"phase.{item.status}", lang), LIGHTS[item.light]),
        )
    return table


def plan_span(start: Date, end: Date) -> str:
    """A planned span, the year written once when both ends share it: 2023-02-01–04-30."""
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
    budget = analysis.budget
    time = budget.time
    rows = [
        *((line, Text(line.name)) for line in budget.sources),
        (budget.total, Text(t("budget.total", lang), style="bold")),
    ]

    money = _table(Text.assemble(t("status.budget", lang), " (万元)"))
    money.add_column(t("status.col.source", lang), min_width=6, overflow="fold")
    for key in ("budget", "allocated", "paid", "remaining", "needed"):
        money.add_column(t(f"status.col.{key}", lang), justify="right")
    for line, name in rows:
        money.add_row(
            name,
            *(
                Text(money_text(amount))
                for amount in (
                    line.annual_budget,
                    line.allocated,
                    line.paid,
                    line.remaining_to_pay,
                    line.needed_per_month,
                )
            ),
        )

    unit = t(f"unit.{time.basis}", lang)
    progress = t("status.time_progress", lang, percent=time.percent, elapsed=time.elapsed, total=time.total, unit=unit)
    title = Text.assemble(t("status.execution", lang), " · ", progress)
    figures = [Text(figures_text(line, time, lang)) for line, _ in rows]
    wide = _rates_table(title, rows, lang, figures)
    # Narrower than the table with its figures, they go under it, one line each, instead of wrapping in a column.
    width = max(name.cell_len for _, name in rows)
    lines = (
        Text.assemble(name, " " * (width - name.cell_len + 2), text)
        for (_, name), text in zip(rows, figures, strict=True)
    )
    narrow = Group(_rates_table(title, rows, lang), *lines)
    return Group(money, Text(""), _WideOrNarrow(wide, narrow))


def _rates_table(
    title: Text, rows: list[tuple[BudgetLine, Text]], lang: str, figures: list[Text] | None = None
) -> Table:
    """The execution rates and lights of each source, with their plain figures in a last column if given."""
    rates = _table(title)
    rates.add_column(t("status.col.source", lang), min_width=6, overflow="fold")
    for key in ("paid_of_allocated", "paid_of_budget", "trail"):
        rates.add_column(t(f"status.col.{key}", lang), justify="right")
    rates.add_column(t("status.col.light", lang), no_wrap=True)
    if figures is not None:
        rates.add_column(t("status.col.figures", lang), no_wrap=True)
    for index, (line, name) in enumerate(rows):
        cells = [
            name,
            Text(money_text(line.paid_pct_of_allocated)),
            Text(money_text(line.paid_pct_of_budget)),
            Text(money_text(line.trail_points)),
            light_text(line.light, lang),
        ]
        if figures is not None:
            cells.append(figures[index])
        rates.add_row(*cells)
    return rates


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
    value = analysis.earned_value
    table = _table(t("status.earned_value", lang))
    figures = (
        ("BAC", money_text(value.budget_at_completion)),
        (t("status.ev.percent_complete", lang), money_text(value.percent_complete)),
        ("PV", money_text(value.planned_value)),
        ("EV", money_text(value.earned_value)),
        ("AC", money_text(value.actual_cost)),
        ("SV", money_text(value.schedule_variance)),
        ("CV", money_text(value.cost_variance)),
        ("SPI", money_text(value.spi)),
        ("CPI", money_text(value.cpi)),
        ("EAC", money_text(value.estimate_at_completion)),
    )
    for name, _ in figures:
        table.add_column(name, justify="right", no_wrap=True)
    table.add_row(*(Text(text) for _, text in figures))
    return Group(table, Text(t("status.ev_incomplete", lang), style="dim"))


def indicator_table(analysis: ProjectAnalysis, lang: str) -> Table:
    """One row per indicator: target, value to date, forecast, the monitor's likelihood and the computed outcome."""
    table = _table(t("status.indicators", lang))
    table.add_column(t("status.col.indicator", lang), min_width=8, overflow="fold")
    for key in ("target", "to_date", "forecast", "likelihood", "outcome"):
        table.add_column(t(f"status.col.{key}", lang), overflow="fold")
    for item in analysis.indicators.evaluations:
        indicator = item.indicator
        likelihood = t(f"likelihood.{indicator.likelihood or NO_LIKELIHOOD}", lang)
        table.add_row(
            Text(f"{indicator.level1} / {indicator.level3}"),
            Text(indicator.target.text),
            Text(indicator.to_date or "—"),
            Text(indicator.forecast or "—"),
            styled(likelihood, LIGHTS[Light.YELLOW]) if item.at_risk else Text(likelihood),
            Text(t(f"outcome.{item.forecast}", lang)),
        )
    return table


def indicator_counts(analysis: ProjectAnalysis, lang: str) -> Text:
    indicators = analysis.indicators
    likelihoods = " · ".join(f"{t(f'likelihood.{key}', lang)} {n}" for key, n in indicators.by_likelihood.items())
    groups = " · ".join(f"{name} {n}" for name, n in indicators.by_level1.items())
    return Text(f"{likelihoods}   {groups}   {t('status.at_risk', lang, count=indicators.at_risk)}")


def flag_list(analysis: ProjectAnalysis, lang: str, prefix: str = "") -> Group:
    """Every flag (whose code starts with prefix), one per row, its light first; long sentences wrap under themselves."""
    flags = [item for item in analysis.flags if item.code.startswith(prefix)]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for item in flags:
        grid.add_row(light_text(item.level, lang), Text(describe(item, lang)))
    body = grid if flags else Text(t("status.no_flags", lang))
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


def _claims_grid(columns: Sequence[str], rows: Sequence[Sequence[str]], lights: Sequence[Light], lang: str) -> Table:
    table = _table(t("claim.title", lang))
    for column in columns:
        table.add_column(
            t(f"claim.col.{column}", lang), overflow="fold", no_wrap=column in ("id", "date", "computed", "verdict")
        )
    picked = [CLAIM_COLUMNS.index(column) for column in columns]
    for row, light in zip(rows, lights, strict=True):
        cells = [Text(row[index]) for index in picked]
        cells[columns.index("verdict")].stylize(LIGHTS[light])
        table.add_row(*cells)
    return table


def portfolio_view(analyses: Sequence[ProjectAnalysis], lang: str) -> RenderableType:
    """One row per project, reddest first and the longest slip first within a light; under it, the projects with
    records after their as-of date."""
    rows = sort_rows(sort_rows(roll_up(analyses), SortKey.SLIP), SortKey.LIGHT)
    table = _table(t("status.overall", lang))
    table.add_column(t("col.code", lang), no_wrap=True)
    table.add_column(t("col.name", lang), overflow="fold")
    widest = max(light_text(light, lang).cell_len for light in Light)
    table.add_column(t("status.col.light", lang), no_wrap=True, min_width=widest)  # "— unknown" is never cut
    for key in ("slip", "trail", "risks", "flags"):
        table.add_column(t(f"status.col.{key}", lang), justify="right", no_wrap=True)
    table.add_column(t("col.status_date", lang), no_wrap=True)
    for row in rows:
        table.add_row(
            Text(row.code),
            Text(row.name),
            light_text(row.light, lang),
            _days(row.schedule_slip_days),
            Text(money_text(row.execution_trail_points)),
            Text(str(row.indicator_risks)),
            Text(str(row.flag_count)),
            Text(row.as_of.isoformat()),
        )
    later = projects_text([row.code for row in rows if row.later], lang)
    return Group(table, styled(later, WARNING)) if later else table


def _table(title: str | Text) -> Table:
    return Table(
        title=title if isinstance(title, Text) else Text(title),
        title_justify="left",
        title_style="bold",
        header_style="bold",
        box=None,
        pad_edge=False,
    )


def _date_text(day: Date | None, is_actual: bool) -> str:
    if day is None:
        return "—"
    return day.isoformat() if is_actual else f"{FORECAST_MARK}{day.isoformat()}"


def _dated(day: Date | None, is_actual: bool) -> Text:
    return Text(_date_text(day, is_actual), style="" if is_actual else "italic")


def _days(days: int | None) -> Text:
    return Text("—" if days is None else f"{days:+d}" if days else "0")


def headline(analysis: ProjectAnalysis, lang: str) -> Text:
    """The figures a supervisor reads first: as-of date, overall light, slip, paid against time, risks."""
    schedule, total, time = analysis.schedule, analysis.budget.total, analysis.budget.time
    slip = "—" if schedule.completion_slip_days is None else f"{schedule.completion_slip_days:+d}"
    paid = Text.assemble(
        t("head.paid", lang, paid=money_text(total.paid_pct_of_budget), time=time.percent),
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
    later = later_text(analysis.later, analysis.as_of, lang)
    if later:
        parts.append(styled(later, WARNING))
    return Text(" · ").join(parts)


def history_table(entries: Sequence[HistoryEntry], lang: str) -> RenderableType:
    """Every recorded change, newest first: revision, when, who, what changed from what to what, and why."""
    if not entries:
        return Text(t("history.empty", lang), style="dim")
    table = _table(t("tab.history", lang))
    for key in ("revision", "at", "by", "change", "note"):
        table.add_column(t(f"history.{key}", lang), overflow="fold", no_wrap=key in ("revision", "at"))
    for entry in reversed(entries):
        change = entry.describe() + (f"  ({t('history.undoes', lang, revision=entry.undoes)})" if entry.undoes else "")
        table.add_row(
            Text(str(entry.revision)),
            Text(entry.at.strftime("%Y-%m-%d %H:%M")),
            Text(entry.by),
            Text(change),
            Text(entry.note),
        )
    return table
