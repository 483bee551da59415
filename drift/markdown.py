"""Markdown snapshots of analyses (one project, a portfolio, the draft monitoring report) for GitHub and GitLab."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache

from pendulum import Date

from drift.analysis import ProjectAnalysis, unknown_text
from drift.budget import BudgetLine, figures_text, overspend_text
from drift.claims import CLAIM_COLUMNS, claim_cells, verdict_light
from drift.flags import Flag, describe
from drift.i18n import t
from drift.indicators import NO_LIKELIHOOD
from drift.later import counts, later_text, projects_text, records_text
from drift.numbers import ZERO, money_text
from drift.portfolio import PortfolioRow, SortKey, portfolio_row, roll_up, sort_rows
from drift.rules import UNKNOWN_MARK, Light
from drift.schedule import PhaseSchedule
from store.model import Event, Indicator, Likelihood, Project, SourceKind

# ---------------------------------------------------------------------------------------------------------------
# Escaping: everything a person typed goes through one of these before it reaches the page.
# ---------------------------------------------------------------------------------------------------------------

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
"""Entities, not backslashes, for the HTML characters: a renderer with raw HTML on still shows them as text."""

_MAY_NEED_ESCAPE = re.compile(r"[\t\r\n<>&\\`*_\[\]|~$@#.:]|^\s*[-+=0-9]")
"""Any character one of the rules below could act on; text without one is returned as it is."""

_BACKSLASHED = re.compile(r"([\\`*_\[\]|~$@])")
"""Inline syntax anywhere in a line: code, emphasis, links and images, table cells, strikethrough, math, e-mail."""

_HASH_OPENING_OR_CLOSING = re.compile(r"(?:(?<=\s)|^)#")
"""A # at the start of a line opens a heading and a run of # after a space closes one."""

_BLOCK_MARKER = re.compile(r"^(?:([-+])(?=\s|$)|([-=])(?=[-=\s]*$)|([0-9]{1,9})([.)])(?=\s|$))")
"""What turns a line into a list item ("- ", "1. "), a setext underline ("===") or a thematic break ("---")."""

_DOMAIN_DOT = re.compile(r"\.(?=[^\W\d_])")
"""The dot of evil.com: autolinkers (linkify, GitHub's www.) want it; 589.20 and 1.04万 keep theirs."""

_SCHEME_COLON = re.compile(r":(?=//)")
"""The colon of http:// , which GitHub's autolink extension keys on."""

CELL_LINE_BREAK = " ↵ "
"""What a line break in a table cell becomes: a row must stay on one line, and no raw HTML (<br>) is emitted."""


@lru_cache(maxsize=65536)  # a portfolio repeats names, sources and units thousands of times
def escape_line(text: str, *, starts_block: bool = True) -> str:
    """One line of user text made literal: no HTML, no emphasis, no link, no list, heading or quote it could start.

    starts_block=False is for table cells, which hold inline content only: a leading "-" there needs no escape.
    """
    if not _MAY_NEED_ESCAPE.search(text):  # most text (Chinese prose, figures) has nothing to escape
        return text.strip()
    line = re.sub(r"[\t\r\n]", " ", text).strip()  # a stray line break would end the line early
    line = line.translate(_ENTITIES)
    line = _BACKSLASHED.sub(r"\\\1", line)
    line = _HASH_OPENING_OR_CLOSING.sub(r"\\#", line)
    if starts_block:
        line = _BLOCK_MARKER.sub(lambda m: f"\\{m[1] or m[2]}" if m[1] or m[2] else f"{m[3]}\\{m[4]}", line)
    line = _DOMAIN_DOT.sub(r"\\.", line)
    return _SCHEME_COLON.sub(r"\\:", line)


def text_lines(text: str, *, starts_block: bool = True) -> list[str]:
    """The non-blank lines of text, each escaped."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = (escape_line(line, starts_block=starts_block) for line in raw)
    return [line for line in lines if line]


def inline(text: str) -> str:
    """User text for a heading or a label: escaped, its lines joined with spaces."""
    return " ".join(text_lines(text))


def cell(text: str) -> str:
    """User text for a table cell: escaped, line breaks shown as ↵ so the row stays one line; — when empty."""
    return CELL_LINE_BREAK.join(text_lines(text, starts_block=False)) or "—"


def hard_broken(text: str, indent: str = "") -> str:
    """User text as one block whose lines are kept apart by hard breaks (a backslash at the end of the line)."""
    return ("\\\n" + indent).join(text_lines(text))


def paragraphs(text: str) -> list[str]:
    """User text as Markdown paragraphs, one per line of the text."""
    return text_lines(text)


_MERMAID_SWAP = str.maketrans(
    {
        ":": "：",
        ";": "；",
        "#": "＃",
        "%": "％",
        "<": "＜",
        ">": "＞",
        "&": "＆",
        "`": "ˋ",
        '"': "＂",
        "{": "｛",
        "}": "｝",
        "\\": "＼",
    }
)
"""Characters the Mermaid gantt grammar gives a meaning (task data, comments, entities, directives, the fence)."""

_MERMAID_KEYWORD = re.compile(
    r"(?i)(gantt|title|section|dateformat|axisformat|tickinterval|includes|excludes|todaymarker|inclusiveenddates"
    r"|topaxis|weekday|weekend|accdescr|acctitle|click|call|href|[0-9]{4}-[0-9]{2}-[0-9]{2})"
)
"""Words that make a gantt line a statement rather than a task when they open it."""


def mermaid_label(text: str) -> str:
    """A task or section name Mermaid reads as plain text: one line, syntax characters swapped for full-width ones."""
    label = " ".join(text.translate(_MERMAID_SWAP).split())
    if not label:
        return "—"
    return f"› {label}" if _MERMAID_KEYWORD.match(label) else label


# ---------------------------------------------------------------------------------------------------------------
# Building blocks. Cells and lines handed to these are already escaped (or are drift's own words and figures).
# ---------------------------------------------------------------------------------------------------------------

LEFT, RIGHT = "left", "right"

LIGHT_MARKS = {Light.GREEN: "🟢", Light.YELLOW: "🟡", Light.RED: "🔴", Light.UNKNOWN: UNKNOWN_MARK}
"""The colour repeats the word beside it, so a renderer without emoji loses nothing; unknown has no colour."""

TICK = "✓"
"""The mark in the likelihood column of the monitoring form that applies."""


def heading(level: int, text: str) -> str:
    return f"{'#' * min(level, 6)} {text}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] = ()) -> str:
    """A GitHub table; every row has as many cells as there are headers."""
    aligns = list(align) or [LEFT] * len(headers)
    delimiter = ["---:" if side == RIGHT else "---" for side in aligns]
    lines = [_row(headers), _row(delimiter)]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"a row of {len(row)} cells under {len(headers)} headers")
        lines.append(_row([value or " " for value in row]))
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def bullets(items: Iterable[str], marker: str = "-") -> str:
    return "\n".join(f"{marker} {item}" for item in items)


def numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))


def bold(text: str) -> str:
    return f"**{text}**" if text else ""


def document(blocks: Iterable[str]) -> str:
    """Blocks separated by one blank line, ending in a single newline; empty blocks are left out."""
    return "\n\n".join(block for block in blocks if block) + "\n"


def light_label(light: Light, lang: str) -> str:
    return f"{LIGHT_MARKS[light]} {t(f'light.{light}', lang)}"


def overall_label(analysis: ProjectAnalysis, lang: str) -> str:
    """The overall light and the parts that are unknown: "🔴 red · schedule unknown"."""
    unknown = unknown_text(analysis, lang)
    return f"{light_label(analysis.light, lang)} · {unknown}" if unknown else light_label(analysis.light, lang)


def days_text(days: int | None) -> str:
    """A slip in days with its sign: +87, 0, -3; — when unknown."""
    return "—" if days is None else f"{days:+d}" if days else "0"


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{money_text(value)}%"


def _date(day: Date | None) -> str:
    return day.isoformat() if day else "—"


def _span(start: Date | None, end: Date | None) -> str:
    return f"{_date(start)} – {_date(end)}"


# ---------------------------------------------------------------------------------------------------------------
# One project
# ---------------------------------------------------------------------------------------------------------------


def project_markdown(analysis: ProjectAnalysis, lang: str, *, level: int = 1) -> str:
    """The snapshot of one project: headline lights, schedule with a gantt chart, budget, indicators, findings, flags."""
    return document(project_blocks(analysis, lang, level=level))


def project_blocks(analysis: ProjectAnalysis, lang: str, *, level: int = 1) -> list[str]:
    """The snapshot's blocks, its title at heading level `level` and its sections one below."""
    project = analysis.project
    sub = level + 1
    return [
        heading(level, inline(project.name) or inline(project.code)),
        _meta_list(analysis, lang),
        heading(sub, t("md.headline", lang)),
        headline_table(analysis, lang),
        later_text(analysis.later, analysis.as_of, lang),
        *schedule_blocks(analysis, lang, sub),
        *budget_blocks(analysis, lang, sub),
        heading(sub, t("md.indicators", lang)),
        indicator_form(project.indicators, _period_label(project, analysis.as_of, lang), lang),
        indicator_summary(analysis, lang),
        *_indicator_notes(project.indicators, lang),
        *findings_blocks(project, lang, sub),
        heading(sub, t("md.compliance", lang)),
        compliance_table(project, lang),
        heading(sub, t("md.survey", lang)),
        *survey_blocks(project, lang),
        heading(sub, t("md.flags", lang)),
        flag_list(analysis, lang),
        *claims_blocks(analysis, lang, sub),
    ]


def _meta_list(analysis: ProjectAnalysis, lang: str) -> str:
    project = analysis.project
    items = [
        (t("md.col.code", lang), inline(project.code)),
        (t("md.as_of", lang), analysis.as_of.isoformat()),
        (t("md.period", lang), _period_text(project, lang)),
        (t("md.col.year", lang), str(project.budget_year)),
        (t("md.col.department", lang), inline(project.department)),
        (t("md.unit", lang), inline(project.implementing_unit)),
        (t("md.monitor", lang), _monitor_text(project, lang)),
    ]
    return bullets(t("md.labelled", lang, label=bold(label), value=value) for label, value in items if value)


def _period_text(project: Project, lang: str) -> str:
    period = project.period
    if period is None:
        return ""
    span = _span(period.start, period.end)
    return t("md.period_span", lang, label=inline(period.label), span=span) if period.label.strip() else span


def _period_label(project: Project, as_of: Date, lang: str) -> str:
    """What the form calls the monitored months ("2023年1-9月"), else "to <as-of date>"."""
    if project.period is not None and project.period.label.strip():
        return inline(project.period.label)
    return t("md.until", lang, date=as_of.isoformat())


def _monitor_text(project: Project, lang: str) -> str:
    monitor = project.monitor
    if monitor is None or not monitor.organisation.strip():
        return ""
    if monitor.commissioned_by.strip():
        return t(
            "md.monitor_for", lang, organisation=inline(monitor.organisation), client=inline(monitor.commissioned_by)
        )
    return inline(monitor.organisation)


def headline_table(analysis: ProjectAnalysis, lang: str) -> str:
    """The four lights a supervisor reads first, each with the plain figures behind it."""
    flags = analysis.flags
    reds = sum(1 for item in flags if item.level is Light.RED)
    yellows = sum(1 for item in flags if item.level is Light.YELLOW)
    overall = t("md.flag_counts", lang, count=analysis.deviation_count, red=reds, yellow=yellows)
    total, time = analysis.budget.total, analysis.budget.time
    figures = (
        overspend_text(total, lang),
        inline(figures_text(total, time, lang)),
        t("md.paid_against_time", lang, paid=money_text(total.paid_pct_of_budget), time=money_text(time.percent)),
    )
    budget = t("md.semicolon", lang).join(item for item in figures if item)
    rows = [
        (t("md.overall", lang), overall_label(analysis, lang), overall),
        (t("md.schedule", lang), light_label(analysis.schedule.light, lang), _completion_text(analysis, lang)),
        (t("md.budget", lang), light_label(analysis.budget.light, lang), budget),
        (t("md.indicators", lang), light_label(analysis.indicators.light, lang), likelihood_counts(analysis, lang)),
    ]
    return table([t("md.col.measure", lang), t("md.col.light", lang), t("md.col.figures", lang)], rows)


def _completion_text(analysis: ProjectAnalysis, lang: str) -> str:
    schedule = analysis.schedule
    if schedule.completion is None or schedule.planned_completion is None:
        return "—"
    completion = schedule.completion.isoformat()
    return t(
        "md.completion" if schedule.completion_is_actual else "md.completion_forecast",
        lang,
        completion=completion,
        planned=schedule.planned_completion.isoformat(),
        slip=days_text(schedule.completion_slip_days),
    )


def likelihood_counts(analysis: ProjectAnalysis, lang: str) -> str:
    """certain 7 · possible 3 · impossible 0 · not stated 1 · at risk 3"""
    indicators = analysis.indicators
    counts = [f"{t(f'likelihood.{key}', lang)} {n}" for key, n in indicators.by_likelihood.items()]
    return " · ".join([*counts, t("md.at_risk", lang, count=indicators.at_risk)])


# Schedule -------------------------------------------------------------------------------------------------------


def schedule_blocks(analysis: ProjectAnalysis, lang: str, level: int) -> list[str]:
    """The phase table, the completion, the monitor's expectations, the milestones and the gantt chart."""
    return [
        heading(level, t("md.schedule", lang)),
        schedule_table(analysis, lang),
        _completion_paragraph(analysis, lang),
        bullets(_expectations(analysis, lang)),
        heading(level + 1, t("md.milestones", lang)),
        milestone_list(analysis, lang),
        heading(level + 1, t("md.gantt", lang)),
        gantt(analysis, lang),
        t("md.gantt_legend", lang, days=analysis.rules.schedule_yellow_days),
    ]


def schedule_table(analysis: ProjectAnalysis, lang: str) -> str:
    """One row per phase: planned span, what actually happened, the forecast, start and finish slip, status."""
    headers = [
        t("md.col.phase", lang),
        t("md.col.planned", lang),
        t("md.col.actual", lang),
        t("md.col.forecast", lang),
        t("md.col.start_slip", lang),
        t("md.col.finish_slip", lang),
        t("md.col.phase_status", lang),
    ]
    rows = [
        (
            cell(item.phase.name),
            _span(item.phase.planned_start, item.phase.planned_end),
            _actual_text(item, lang),
            _forecast_text(item, lang),
            days_text(item.start_slip_days),
            days_text(item.finish_slip_days),
            f"{LIGHT_MARKS[item.light]} {t(f'phase.{item.status}', lang)}",
        )
        for item in analysis.schedule.phases
    ]
    return table(headers, rows, [LEFT, LEFT, LEFT, LEFT, RIGHT, RIGHT, LEFT])


def _actual_text(item: PhaseSchedule, lang: str) -> str:
    start = item.start if item.start_is_actual else None
    finish = item.finish if item.finish_is_actual else None
    if start and finish:
        return _span(start, finish)
    if finish:
        return t("md.finished_on", lang, date=finish.isoformat())
    if start:
        return t("md.started_on", lang, date=start.isoformat())
    return "—"


def _forecast_text(item: PhaseSchedule, lang: str) -> str:
    if item.finish_is_actual:
        return "—"
    if item.start_is_actual:
        return t("md.finishes_on", lang, date=item.finish.isoformat())
    return _span(item.start, item.finish)


def _completion_paragraph(analysis: ProjectAnalysis, lang: str) -> str:
    text = _completion_text(analysis, lang)
    return "" if text == "—" else f"{text} {light_label(analysis.schedule.light, lang)}"


def _expectations(analysis: ProjectAnalysis, lang: str) -> list[str]:
    lines = []
    for item in analysis.schedule.phases:
        phase = item.phase
        if phase.expected_end is None and not phase.expectation.strip():
            continue
        said = hard_broken(phase.expectation, "  ")
        lines.append(
            t("md.expectation", lang, name=inline(phase.name), date=_date(phase.expected_end), text=said or "—")
        )
    return lines


def _known_events(analysis: ProjectAnalysis) -> list[Event]:
    return sorted((e for e in analysis.project.events if counts(e.date, analysis.as_of)), key=lambda e: (e.date, e.id))


def milestone_list(analysis: ProjectAnalysis, lang: str) -> str:
    """Every event known as of the date, with its document and, for one that marks a phase, the slip."""
    checks = {check.event.id: check for check in analysis.schedule.milestones}
    lines = []
    for event in _known_events(analysis):
        parts = [f"{event.date.isoformat()} {bold(inline(event.name))}"]
        if event.document.strip():
            parts.append(inline(event.document))
        check = checks.get(event.id)
        if check is not None:
            parts.append(
                t("md.milestone_slip", lang, planned=check.planned.isoformat(), slip=days_text(check.slip_days))
            )
        if event.title.strip():
            parts.append(inline(event.title))
        lines.append(" · ".join(parts))
    return bullets(lines) if lines else t("md.none", lang)


def gantt(analysis: ProjectAnalysis, lang: str) -> str:
    """A Mermaid gantt chart with the plan and the actual/forecast as separate sections.

    done marks a finished phase, active one under way, crit a phase whose finish slips by the yellow threshold
    or more; a finished phase whose start nobody recorded is drawn from its planned start.
    """
    lines = [
        "```mermaid",
        "gantt",
        f"    title {mermaid_label(t('md.gantt_title', lang, date=analysis.as_of.isoformat()))}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
        "    inclusiveEndDates",
        "    todayMarker off",  # the viewer's clock would move the marker; the as-of milestone stands in for it
        f"    section {mermaid_label(t('md.gantt_plan', lang))}",
    ]
    phases = analysis.schedule.phases
    for n, item in enumerate(phases, 1):
        phase = item.phase
        planned = f"{phase.planned_start.isoformat()}, {phase.planned_end.isoformat()}"
        lines.append(f"    {mermaid_label(phase.name)} :plan{n}, {planned}")
    lines.append(f"    section {mermaid_label(t('md.gantt_actual', lang))}")
    for n, item in enumerate(phases, 1):
        start = item.start or item.phase.planned_start
        start = min(start, item.finish)  # a bar must not run backwards, even on odd data
        tags = [*_gantt_tags(item, analysis), f"actual{n}"]
        dates = f"{start.isoformat()}, {item.finish.isoformat()}"
        lines.append(f"    {mermaid_label(item.phase.name)} :{', '.join(tags)}, {dates}")
    lines.append(f"    section {mermaid_label(t('md.milestones', lang))}")
    for n, event in enumerate(_known_events(analysis), 1):
        lines.append(f"    {mermaid_label(event.name)} :milestone, event{n}, {event.date.isoformat()}, 0d")
    as_of = analysis.as_of.isoformat()
    lines.append(f"    {mermaid_label(t('md.as_of', lang))} :milestone, crit, as_of, {as_of}, 0d")
    lines.append("```")
    return "\n".join(lines)


def _gantt_tags(item: PhaseSchedule, analysis: ProjectAnalysis) -> list[str]:
    tags = []
    if item.finish_is_actual:
        tags.append("done")
    elif item.start_is_actual:
        tags.append("active")
    if item.finish_slip_days >= analysis.rules.schedule_yellow_days:
        tags.append("crit")
    return tags


# Budget ---------------------------------------------------------------------------------------------------------


def budget_blocks(analysis: ProjectAnalysis, lang: str, level: int) -> list[str]:
    """Time progress, the per-source table, the totals in words, allocations, payments, earned value."""
    budget, project = analysis.budget, analysis.project
    time = budget.time
    progress = t(
        "md.time_progress",
        lang,
        percent=money_text(time.percent),
        elapsed=time.elapsed,
        total=time.total,
        unit=t(f"unit.{time.basis}", lang),
    )
    remarks = []
    if project.funding.total_budget is not None:
        remarks.append(t("md.total_budget", lang, amount=money_text(project.funding.total_budget)))
    if budget.total.needed_per_month is not None and budget.total.remaining_to_pay > ZERO:
        remarks.append(
            t(
                "md.remaining",
                lang,
                amount=money_text(budget.total.remaining_to_pay),
                per_month=money_text(budget.total.needed_per_month),
            )
        )
    return [
        heading(level, t("md.budget_heading", lang)),
        progress,
        budget_table(analysis, lang),
        bullets(remarks),
        heading(level + 1, t("md.allocations", lang)),
        allocation_table(analysis, lang),
        heading(level + 1, t("md.payments", lang)),
        payment_table(analysis, lang),
        *earned_value_blocks(analysis, lang, level + 1),
    ]


def budget_table(analysis: ProjectAnalysis, lang: str) -> str:
    """Per funding source and in total: money, both execution rates, time progress, the gap and the light."""
    budget = analysis.budget
    headers = [
        t("md.col.source", lang),
        t("md.col.budget", lang),
        t("md.col.allocated", lang),
        t("md.col.paid", lang),
        t("md.col.forecast_spend", lang),
        t("md.col.paid_of_allocated", lang),
        t("md.col.paid_of_budget", lang),
        t("md.col.time_progress", lang),
        t("md.col.trail", lang),
        t("md.col.light", lang),
    ]

    def row(line: BudgetLine, name: str) -> list[str]:
        return [
            name,
            money_text(line.annual_budget),
            money_text(line.allocated),
            money_text(line.paid),
            money_text(line.forecast),
            money_text(line.paid_pct_of_allocated),
            money_text(line.paid_pct_of_budget),
            money_text(budget.time.percent),
            money_text(line.trail_points),
            light_label(line.light, lang),
        ]

    rows = [row(line, cell(line.name)) for line in budget.sources]
    rows.append(row(budget.total, bold(t("md.total", lang))))
    return table(headers, rows, [LEFT, *[RIGHT] * 8, LEFT])


def _source_names(project: Project, lang: str) -> dict[SourceKind, str]:
    names = {kind: t(f"md.kind.{kind}", lang) for kind in SourceKind}
    names.update({source.kind: source.name for source in project.funding.sources if source.name.strip()})
    return names


def allocation_table(analysis: ProjectAnalysis, lang: str) -> str:
    """The allocations known as of the date, with the day of the year they came and the notice's number."""
    timings = analysis.budget.allocations
    if not analysis.budget.allocations_stated:
        return t("md.report.allocated_not_stated", lang, date=analysis.as_of.isoformat())
    if not timings:
        return t("md.no_allocations", lang, date=analysis.as_of.isoformat())
    names = _source_names(analysis.project, lang)
    headers = [
        t("md.col.date", lang),
        t("md.col.day_of_year", lang),
        t("md.col.source", lang),
        t("md.col.amount", lang),
        t("md.col.document", lang),
        t("md.col.note", lang),
    ]
    rows = [
        (
            timing.allocation.date.isoformat(),
            str(timing.day_of_year),
            cell(names[timing.allocation.source]),
            money_text(timing.allocation.amount),
            cell(timing.allocation.document),
            cell(timing.allocation.note),
        )
        for timing in timings
    ]
    return table(headers, rows, [LEFT, RIGHT, LEFT, RIGHT, LEFT, LEFT])


def payment_table(analysis: ProjectAnalysis, lang: str) -> str:
    payments = sorted(
        (p for p in analysis.project.funding.payments if counts(p.date, analysis.as_of)), key=lambda p: (p.date, p.id)
    )
    if not payments:
        return t("md.no_payments", lang, date=analysis.as_of.isoformat())
    names = _source_names(analysis.project, lang)
    headers = [
        t("md.col.date", lang),
        t("md.col.source", lang),
        t("md.col.amount", lang),
        t("md.col.voucher", lang),
        t("md.col.note", lang),
    ]
    rows = [
        (p.date.isoformat(), cell(names[p.source]), money_text(p.amount), cell(p.voucher), cell(p.note))
        for p in payments
    ]
    return table(headers, rows, [LEFT, LEFT, RIGHT, LEFT, LEFT])


def earned_value_blocks(analysis: ProjectAnalysis, lang: str, level: int) -> list[str]:
    """PV, EV, AC and what follows, only where a spending plan gives the budget at completion to measure against."""
    value = analysis.earned_value
    if value.budget_at_completion is None:
        return []
    figures = {
        "BAC": value.budget_at_completion,
        t("md.percent_complete", lang): value.percent_complete,
        "PV": value.planned_value,
        "EV": value.earned_value,
        "AC": value.actual_cost,
        "SV": value.schedule_variance,
        "CV": value.cost_variance,
        "SPI": value.spi,
        "CPI": value.cpi,
        "EAC": value.estimate_at_completion,
    }
    return [
        heading(level, t("md.earned_value", lang)),
        table(list(figures), [[money_text(amount) for amount in figures.values()]], [RIGHT] * len(figures)),
    ]


# Indicators -----------------------------------------------------------------------------------------------------

_LIKELIHOOD_COLUMNS = (Likelihood.CERTAIN, Likelihood.POSSIBLE, Likelihood.IMPOSSIBLE)


def indicator_form(indicators: Sequence[Indicator], period_label: str, lang: str) -> str:
    """The indicator grid as the official monitoring form lays it out (附件1), the likelihood ticked in its column.

    Like the form's merged cells, a level-1 or level-2 name is written only where it changes.
    """
    if not indicators:
        return t("md.none", lang)
    headers = [
        t("md.form.level1", lang),
        t("md.form.level2", lang),
        t("md.form.level3", lang),
        t("md.form.target", lang),
        t("md.form.to_date", lang, period=period_label),
        t("md.form.forecast", lang),
        t("md.form.cause", lang),
        *(t(f"md.form.{likelihood}", lang) for likelihood in _LIKELIHOOD_COLUMNS),
        t("md.form.remark", lang),
    ]
    rows = []
    previous: Indicator | None = None
    for indicator in indicators:
        new_level1 = previous is None or indicator.level1 != previous.level1
        new_level2 = new_level1 or previous is None or indicator.level2 != previous.level2
        rows.append(
            [
                cell(indicator.level1) if new_level1 else "",
                cell(indicator.level2) if new_level2 else "",
                cell(indicator.level3),
                cell(indicator.target.text),
                cell(indicator.to_date),
                cell(indicator.forecast),
                cell(indicator.deviation_cause) if indicator.deviation_cause.strip() else "",
                *(TICK if indicator.likelihood is likelihood else "" for likelihood in _LIKELIHOOD_COLUMNS),
                cell(indicator.remark) if indicator.remark.strip() else "",
            ]
        )
        previous = indicator
    return table(headers, rows)


def indicator_summary(analysis: ProjectAnalysis, lang: str) -> str:
    """The likelihood counts and the level-1 groups in one line."""
    groups = " · ".join(f"{inline(name)} {n}" for name, n in analysis.indicators.by_level1.items())
    return f"{likelihood_counts(analysis, lang)}\\\n{groups}" if groups else likelihood_counts(analysis, lang)


def _indicator_notes(indicators: Sequence[Indicator], lang: str) -> list[str]:
    """The monitor's analysis of each indicator (表3-1's 完成可能性分析), where there is one."""
    notes = [
        t("md.labelled", lang, label=bold(inline(item.level3)), value=hard_broken(item.analysis, "  "))
        for item in indicators
        if item.analysis.strip()
    ]
    return [bold(t("md.indicator_analysis", lang)), bullets(notes)] if notes else []


# Findings, compliance, survey, flags ----------------------------------------------------------------------------


def findings_blocks(project: Project, lang: str, level: int) -> list[str]:
    """Each problem with its cause and recommendation, then the general recommendations."""
    blocks = [heading(level, t("md.findings", lang))]
    if not project.findings:
        blocks.append(t("md.none", lang))
    for n, finding in enumerate(project.findings, 1):
        blocks.append(heading(level + 1, f"{n}. {inline(finding.problem)}"))
        if finding.cause.strip():
            blocks.append(t("md.labelled", lang, label=bold(t("md.cause", lang)), value=hard_broken(finding.cause)))
        if finding.recommendation.strip():
            recommendation = hard_broken(finding.recommendation)
            blocks.append(t("md.labelled", lang, label=bold(t("md.recommendation", lang)), value=recommendation))
    if project.recommendations:
        blocks.append(heading(level, t("md.recommendations", lang)))
        blocks.append(bullets(hard_broken(text, "  ") for text in project.recommendations))
    return blocks


def compliance_table(project: Project, lang: str) -> str:
    if not project.compliance:
        return t("md.none", lang)
    headers = [t("md.col.item", lang), t("md.col.check_status", lang), t("md.col.risk", lang)]
    rows = [(cell(check.item), cell(check.status), cell(check.risk)) for check in project.compliance]
    return table(headers, rows)


def survey_blocks(project: Project, lang: str) -> list[str]:
    """Who answered, each question with its shares and finding, and the conclusion."""
    survey = project.survey
    if survey is None:
        return [t("md.none", lang)]
    counts = t(
        "md.survey_counts",
        lang,
        who=inline(survey.respondents) or "—",
        issued="—" if survey.issued is None else survey.issued,
        valid="—" if survey.valid is None else survey.valid,
    )
    questions = []
    for question in survey.questions:
        options = " · ".join(
            f"{inline(option.label)} {percent_text(option.share)}" if option.share is not None else inline(option.label)
            for option in question.options
        )
        lines = [bold(inline(question.text))]
        if options:
            lines.append(options)
        if question.finding.strip():
            lines.append(hard_broken(question.finding, "   "))
        questions.append("\\\n   ".join(lines))
    blocks = [counts, numbered(questions)]
    blocks.extend(paragraphs(survey.conclusion))
    return blocks


def flag_list(analysis: ProjectAnalysis, lang: str) -> str:
    """Every flag as its sentence (drift.flags.describe), its light first, in the analysis's order."""
    if not analysis.flags:
        return t("md.no_flags", lang)
    return bullets(_flag_line(item, lang) for item in analysis.flags)


def _flag_line(item: Flag, lang: str) -> str:
    return t("md.flag_line", lang, light=light_label(item.level, lang), text=inline(describe(item, lang)))


def claims_blocks(analysis: ProjectAnalysis, lang: str, level: int) -> list[str]:
    """The report's claims beside what its records give, under a heading; nothing when it records no claim."""
    if not analysis.claims:
        return []
    headers = [t(f"claim.col.{column}", lang) for column in CLAIM_COLUMNS]
    verdict = CLAIM_COLUMNS.index("verdict")
    rows = []
    for check in analysis.claims:
        cells = [cell(text) for text in claim_cells(check, analysis.project, lang)]
        cells[verdict] = f"{LIGHT_MARKS[verdict_light(check)]} {cells[verdict]}"
        rows.append(cells)
    return [heading(level, t("claim.title", lang)), table(headers, rows)]


# ---------------------------------------------------------------------------------------------------------------
# Several projects
# ---------------------------------------------------------------------------------------------------------------


def worst_first(analyses: Sequence[ProjectAnalysis]) -> list[ProjectAnalysis]:
    """Reddest first and the longest slip first within a light, as `drift status` lists them; ties keep their order."""
    order = _worst_first_order(roll_up(analyses))
    return [analyses[n] for n in order]


def _worst_first_order(rows: Sequence[PortfolioRow]) -> list[int]:
    """The positions of rows, reddest first and the longest slip first within a light; ties keep their order."""
    position = {id(row): n for n, row in enumerate(rows)}
    return [position[id(row)] for row in sort_rows(sort_rows(rows, SortKey.SLIP), SortKey.LIGHT)]


def portfolio_table(analyses: Sequence[ProjectAnalysis], lang: str) -> str:
    """One row per project with its lights and headline figures, in the order given."""
    return _portfolio_table([_portfolio_cells(analysis, lang) for analysis in analyses], lang)


def _portfolio_table(rows: Iterable[Sequence[str]], lang: str) -> str:
    headers = [
        t("md.col.code", lang),
        t("md.col.name", lang),
        t("md.as_of", lang),
        t("md.overall", lang),
        t("md.schedule", lang),
        t("md.budget", lang),
        t("md.col.slip", lang),
        t("md.col.paid_of_budget", lang),
        t("md.col.trail", lang),
        t("md.col.risks", lang),
        t("md.col.flags", lang),
    ]
    return table(headers, rows, [LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT])


def _portfolio_cells(analysis: ProjectAnalysis, lang: str) -> tuple[str, ...]:
    return (
        cell(analysis.project.code),
        cell(analysis.project.name),
        analysis.as_of.isoformat(),
        overall_label(analysis, lang),
        light_label(analysis.schedule.light, lang),
        light_label(analysis.budget.light, lang),
        days_text(analysis.schedule.completion_slip_days),
        money_text(analysis.budget.total.paid_pct_of_budget),
        money_text(analysis.budget.total.trail_points),
        str(analysis.indicators.at_risk),
        str(analysis.deviation_count),
    )


def portfolio_markdown(analyses: Sequence[ProjectAnalysis], lang: str, *, summary_only: bool = False) -> str:
    """The summary table of every project, worst first, then (unless summary_only) one section per project."""
    return "".join(portfolio_pieces(len(analyses), analyses.__getitem__, lang, summary_only=summary_only))


def portfolio_pieces(
    count: int, analysis_of: Callable[[int], ProjectAnalysis], lang: str, *, summary_only: bool = False
) -> Iterator[str]:
    """portfolio_markdown in pieces, for count projects analysed by analysis_of(n) only when each is needed.

    Each project is analysed once for the summary table (of which only its cells are kept) and once more for its
    section, written as soon as it is made: 10,000 projects hold 10,000 rows of cells and one analysis at a time,
    never 10,000 analyses or the whole document.
    """
    cells: list[tuple[str, ...]] = []
    rows: list[PortfolioRow] = []
    for n in range(count):
        analysis = analysis_of(n)
        cells.append(_portfolio_cells(analysis, lang))
        rows.append(portfolio_row(analysis))
    order = _worst_first_order(rows)
    later = projects_text([inline(rows[n].code) for n in order if rows[n].later], lang)
    del rows
    yield heading(1, t("md.portfolio", lang, count=count))
    yield "\n\n" + _portfolio_table((cells[n] for n in order), lang) + (f"\n\n{later}" if later else "")
    del cells
    if not summary_only:
        for n in order:
            for block in project_blocks(analysis_of(n), lang, level=2):
                if block:  # as document() joins blocks: empty ones are left out
                    yield "\n\n" + block
    yield "\n"


# ---------------------------------------------------------------------------------------------------------------
# The draft monitoring analysis report, in the seed's structure
# ---------------------------------------------------------------------------------------------------------------


_SECTION_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[0-9]+(?:\.[0-9]+)*\.?\s*)")


def blank(what: str, lang: str) -> str:
    """A clearly marked gap for the author: 【待补充：…】 or [TO FILL: …], naming what is missing without its number."""
    return bold(inline(t("md.report.blank", lang, what=_SECTION_NUMBER.sub("", what))))


def _or_blank(text: str, what: str, lang: str) -> list[str]:
    return paragraphs(text) if text.strip() else [blank(what, lang)]


def _value_or_blank(text: str, what: str, lang: str) -> str:
    return inline(text) if text.strip() else blank(what, lang)


def report_markdown(analysis: ProjectAnalysis, lang: str) -> str:
    """The monitoring analysis report (一、… 七、 and 附件1) drafted from the data, with marked blanks for the rest."""
    project = analysis.project
    notes = _Notes(project)
    blocks = [
        heading(1, t("md.report.title", lang, name=inline(project.name))),
        _report_intro(project, lang),
        _report_later(analysis, lang),
        *_report_organisation(analysis, notes, lang),
        *_report_budget(analysis, lang),
        *_report_targets(analysis, notes, lang),
        *_report_problems(analysis, lang),
        *_report_recommendations(project, lang),
        heading(2, t("md.report.s6", lang)),
        *notes.other_matters_blocks(lang),
        heading(2, t("md.report.s7", lang)),
        numbered(
            [
                t("md.report.attachment1", lang),
                t("md.report.attachment2", lang),
                blank(t("md.report.what.attachments", lang), lang),
            ]
        ),
        _signature(project, lang),
        *_report_form(analysis, lang),
        *_report_survey(project, lang),
    ]
    return document(blocks)


class _Notes:
    """The project's titled notes; the report places some by title and lists the rest under 六、."""

    PLACED = ("项目实施周期", "项目实施计划依据", "总体执行情况", "其他需要说明的事项")

    def __init__(self, project: Project) -> None:
        self.project = project

    def text(self, title: str) -> str:
        return next((note.text for note in self.project.notes if note.title.strip() == title), "")

    def other_matters_blocks(self, lang: str) -> list[str]:
        """六、: the report's own "其他需要说明的事项", then the notes no other section placed, marked as such."""
        blocks = _or_blank(self.text(self.PLACED[-1]), t("md.report.what.other", lang), lang)
        unplaced = [note for note in self.project.notes if note.title.strip() not in self.PLACED]
        if unplaced:
            blocks.append(bold(t("md.report.other_notes", lang)))
        for note in unplaced:
            text = hard_broken(note.text)
            blocks.append(t("md.labelled", lang, label=bold(inline(note.title)), value=text) if text else "")
        return blocks


def _report_intro(project: Project, lang: str) -> str:
    monitor = project.monitor
    organisation = monitor.organisation if monitor else ""
    client = monitor.commissioned_by if monitor else ""
    start = monitor.fieldwork_start.isoformat() if monitor and monitor.fieldwork_start else ""
    end = monitor.fieldwork_end.isoformat() if monitor and monitor.fieldwork_end else ""
    return t(
        "md.report.intro",
        lang,
        basis=blank(t("md.report.what.intro_basis", lang), lang),
        organisation=_value_or_blank(organisation, t("md.monitor", lang), lang),
        client=_value_or_blank(client, t("md.report.what.client", lang), lang),
        start=start or blank(t("md.report.what.fieldwork", lang), lang),
        end=end or blank(t("md.report.what.fieldwork", lang), lang),
        name=inline(project.name),
    )


def _report_later(analysis: ProjectAnalysis, lang: str) -> str:
    """What the draft leaves out because it is dated after the as-of date; "" (no block) when nothing is."""
    records = records_text(analysis.later, lang)
    return t("md.report.later", lang, date=analysis.as_of.isoformat(), records=records) if records else ""


def _report_organisation(analysis: ProjectAnalysis, notes: _Notes, lang: str) -> list[str]:
    project = analysis.project
    blocks = [
        heading(2, t("md.report.s1", lang, year=project.budget_year)),
        heading(3, t("md.report.s1_1", lang)),
        heading(4, t("md.report.s1_1_1", lang)),
        *_or_blank(project.background, t("md.report.s1_1_1", lang), lang),
        heading(4, t("md.report.s1_1_2", lang)),
    ]
    approvals = [_event_sentence(event, lang) for event in project.events if event.document.strip()]
    if approvals:
        blocks.append(bullets(approvals))
    blocks.append(_scale_list(project, lang))
    blocks.append(heading(3, t("md.report.s1_2", lang)))
    blocks.append(
        numbered(inline(item) for item in project.basis) if project.basis else blank(t("md.report.s1_2", lang), lang)
    )
    blocks.append(heading(3, t("md.report.s1_3", lang)))
    blocks.extend(_or_blank(notes.text("项目实施周期") or _plan_span(project), t("md.report.s1_3", lang), lang))
    blocks.append(heading(3, t("md.report.s1_4", lang)))
    plan_basis = notes.text("项目实施计划依据")
    if plan_basis.strip():
        blocks.append(t("md.report.plan_basis", lang, document=inline(plan_basis)))
    blocks.append(_plan_list(project, lang) or blank(t("md.report.s1_4", lang), lang))
    blocks.append(heading(3, t("md.report.s1_5", lang)))
    blocks.append(heading(4, t("md.report.s1_5_1", lang)))
    blocks.extend(_or_blank(project.overall_goal, t("md.report.s1_5_1", lang), lang))
    blocks.append(heading(4, t("md.report.s1_5_2", lang)))
    blocks.extend(_or_blank(project.annual_goal, t("md.report.s1_5_2", lang), lang))
    blocks.append(heading(3, t("md.report.s1_6", lang)))
    blocks.append(heading(4, t("md.report.s1_6_1", lang)))
    blocks.extend(_team_blocks(project, lang))
    blocks.append(heading(4, t("md.report.s1_6_2", lang)))
    monitor = project.monitor
    if monitor and monitor.fieldwork_start and monitor.fieldwork_end:
        start, end = monitor.fieldwork_start.isoformat(), monitor.fieldwork_end.isoformat()
        blocks.append(t("md.report.fieldwork", lang, start=start, end=end))
    blocks.append(blank(t("md.report.what.process", lang), lang))
    return blocks


def _event_sentence(event: Event, lang: str) -> str:
    return t(
        "md.report.approval",
        lang,
        date=event.date.isoformat(),
        issuer=inline(event.issuer) or "—",
        title=inline(event.title) or inline(event.name),
        document=inline(event.document),
    )


def _scale_list(project: Project, lang: str) -> str:
    scale = project.scale
    figures = [
        (t("md.report.floor_area", lang), scale.floor_area, "m²"),
        (t("md.report.renovated_area", lang), scale.renovated_area, "m²"),
        (t("md.report.buildings", lang), scale.buildings, ""),
        (t("md.report.households", lang), scale.households, ""),
        (t("md.report.communities", lang), scale.communities, ""),
    ]
    items_apart, groups_apart = t("md.comma", lang), t("md.semicolon", lang)
    scale_text = groups_apart.join(f"{label} {value}{unit}" for label, value, unit in figures if value is not None)
    work = items_apart.join(f"{inline(item.name)} {item.quantity}{inline(item.unit)}" for item in project.work_items)
    parties = groups_apart.join(
        t("md.labelled", lang, label=inline(party.role), value=inline(party.name)) for party in project.parties
    )
    items = [
        (t("md.unit", lang), _value_or_blank(project.implementing_unit, t("md.unit", lang), lang)),
        (t("md.report.code", lang), inline(project.code)),
        (t("md.report.scale", lang), scale_text or blank(t("md.report.scale", lang), lang)),
        (t("md.report.work", lang), work or blank(t("md.report.work", lang), lang)),
        (t("md.report.location", lang), _value_or_blank(project.location, t("md.report.location", lang), lang)),
        (t("md.report.parties", lang), parties or blank(t("md.report.parties", lang), lang)),
    ]
    return numbered(t("md.labelled", lang, label=label, value=value) for label, value in items)


def _plan_span(project: Project) -> str:
    if not project.phases:
        return ""
    start = min(phase.planned_start for phase in project.phases)
    end = max(phase.planned_end for phase in project.phases)
    return _span(start, end)


def _plan_list(project: Project, lang: str) -> str:
    return bullets(
        t(
            "md.report.plan_item",
            lang,
            span=_span(phase.planned_start, phase.planned_end),
            name=inline(phase.name),
        )
        for phase in project.phases
    )


def _team_blocks(project: Project, lang: str) -> list[str]:
    team = project.monitor.team if project.monitor else ()
    if not team:
        return [blank(t("md.report.s1_6_1", lang), lang)]
    headers = [t("md.report.role", lang), t("md.report.person", lang), t("md.report.duty", lang)]
    # drift keeps roles but deliberately no personal names, so the name column is left for the author.
    rows = [(cell(member.role), "", cell(member.duty)) for member in team]
    return [table(headers, rows), blank(t("md.report.what.names", lang), lang)]


def _report_budget(analysis: ProjectAnalysis, lang: str) -> list[str]:
    project, budget = analysis.project, analysis.budget
    total, time = budget.total, budget.time
    names = _source_names(project, lang)
    arranged = t(
        "md.report.arranged",
        lang,
        year=project.budget_year,
        total=money_text(project.funding.total_budget)
        if project.funding.total_budget is not None
        else blank(t("md.report.col.project_budget", lang), lang),
        annual=money_text(project.funding.annual_budget),
    )
    allocations = [
        t(
            "md.report.allocation",
            lang,
            date=timing.allocation.date.isoformat(),
            document=inline(timing.allocation.document) or "—",
            source=inline(names[timing.allocation.source]),
            amount=money_text(timing.allocation.amount),
            note=inline(timing.allocation.note) or "—",
        )
        for timing in budget.allocations
    ]
    allocated = (
        t(
            "md.report.allocated",
            lang,
            date=analysis.as_of.isoformat(),
            amount=money_text(total.allocated),
            rate=percent_text(total.allocated_pct_of_budget),
        )
        if budget.allocations_stated
        else t("md.report.allocated_not_stated", lang, date=analysis.as_of.isoformat())
    )
    execution = t(
        "md.report.execution",
        lang,
        date=analysis.as_of.isoformat(),
        paid=money_text(total.paid),
        rate=percent_text(total.paid_pct_of_budget),
        time=percent_text(time.percent),
        trail=money_text(total.trail_points),
    )
    blocks = [
        heading(2, t("md.report.s2", lang, year=project.budget_year)),
        heading(3, t("md.report.s2_1", lang)),
        arranged,
        bullets(allocations) if allocations else blank(t("md.allocations", lang), lang),
        allocated,
        heading(3, t("md.report.s2_2", lang)),
        execution,
        bold(t("md.report.table2_1", lang)),
        t("md.report.unit", lang),
        _execution_table(analysis, lang),
    ]
    if total.needed_per_month is not None and total.remaining_to_pay > ZERO:
        blocks.append(
            t(
                "md.remaining",
                lang,
                amount=money_text(total.remaining_to_pay),
                per_month=money_text(total.needed_per_month),
            )
        )
    blocks.append(blank(t("md.report.what.trend", lang), lang))
    return blocks


def _execution_table(analysis: ProjectAnalysis, lang: str) -> str:
    """表2-1: the total first, as the seed's table has it, then each source."""
    project, budget = analysis.project, analysis.budget
    period = _period_label(project, analysis.as_of, lang)
    headers = [
        t("md.col.source", lang),
        t("md.report.col.project_budget", lang),
        t("md.report.col.annual_budget", lang),
        t("md.report.col.allocated", lang, period=period),
        t("md.report.col.paid", lang, period=period),
        t("md.report.col.forecast", lang, year=project.budget_year),
    ]
    total = budget.total
    rows = [
        [
            bold(t("md.total", lang)),
            money_text(project.funding.total_budget),
            money_text(total.annual_budget),
            money_text(total.allocated),
            money_text(total.paid),
            money_text(total.forecast),
        ]
    ]
    for line in budget.sources:
        rows.append(
            [
                cell(line.name),
                "—",
                money_text(line.annual_budget),
                money_text(line.allocated),
                money_text(line.paid),
                money_text(line.forecast),
            ]
        )
    return table(headers, rows, [LEFT, *[RIGHT] * 5])


def _report_targets(analysis: ProjectAnalysis, notes: _Notes, lang: str) -> list[str]:
    project = analysis.project
    events = [
        t(
            "md.report.event",
            lang,
            date=event.date.isoformat(),
            name=inline(event.name),
            title=inline(event.title) or "—",
            document=t("md.report.document", lang, document=inline(event.document)) if event.document.strip() else "",
        )
        for event in _known_events(analysis)
    ]
    schedule_flags = [_flag_line(item, lang) for item in analysis.flags if item.code.startswith("schedule.")]
    expectations = _expectations(analysis, lang)
    overall = notes.text("总体执行情况")
    blocks = [
        heading(2, t("md.report.s3", lang, year=project.budget_year)),
        heading(3, t("md.report.s3_1", lang)),
        heading(4, t("md.report.s3_1_1", lang)),
        t("md.report.planned", lang),
        _plan_list(project, lang) or blank(t("md.report.s1_4", lang), lang),
        t("md.report.actual", lang),
        bullets(events) if events else blank(t("md.report.what.actual", lang), lang),
        schedule_table(analysis, lang),
        bullets(schedule_flags),
        heading(4, t("md.report.s3_1_2", lang)),
        _completion_paragraph(analysis, lang) or blank(t("md.report.s3_1_2", lang), lang),
        bullets(expectations),
        heading(4, t("md.report.s3_1_3", lang)),
        *_or_blank(overall, t("md.report.s3_1_3", lang), lang),
        t("md.report.overall_light", lang, light=overall_label(analysis, lang)),
        heading(3, t("md.report.s3_2", lang)),
        bold(t("md.report.table3_1", lang)),
        _target_table(analysis, lang),
        likelihood_counts(analysis, lang),
        heading(3, t("md.report.s3_3", lang)),
        _compliance_sentence(project, lang),
        bold(t("md.report.table3_2", lang)),
        compliance_table(project, lang),
    ]
    return blocks


def _target_table(analysis: ProjectAnalysis, lang: str) -> str:
    """表3-1: each level-3 indicator with its target, value to date, forecast, likelihood and the monitor's analysis."""
    indicators = analysis.project.indicators
    if not indicators:
        return blank(t("md.report.table3_1", lang), lang)
    period = _period_label(analysis.project, analysis.as_of, lang)
    headers = [
        t("md.form.level3", lang),
        t("md.form.target", lang),
        t("md.form.to_date", lang, period=period),
        t("md.form.forecast", lang),
        t("md.col.likelihood", lang),
        t("md.report.col.analysis", lang),
    ]
    rows = [
        (
            cell(item.level3),
            cell(item.target.text),
            cell(item.to_date),
            cell(item.forecast),
            t(f"likelihood.{item.likelihood or NO_LIKELIHOOD}", lang),
            cell(item.analysis) if item.analysis.strip() else "",
        )
        for item in indicators
    ]
    return table(headers, rows)


_NO_RISK = frozenset({"", "无", "-", "—", "none", "None"})


def _compliance_sentence(project: Project, lang: str) -> str:
    if not project.compliance:
        return blank(t("md.report.s3_3", lang), lang)
    risky = sum(1 for check in project.compliance if check.risk.strip() not in _NO_RISK)
    if risky:
        return t("md.report.compliance_found", lang, count=risky)
    return t("md.report.compliance_clean", lang)


def _report_problems(analysis: ProjectAnalysis, lang: str) -> list[str]:
    project = analysis.project
    blocks = [heading(2, t("md.report.s4", lang))]
    for n, finding in enumerate(project.findings, 1):
        blocks.append(heading(3, f"{_chinese_ordinal(n, lang)}{inline(finding.problem)}"))
        blocks.extend(_or_blank(finding.cause, t("md.cause", lang), lang))
    if not project.findings:
        blocks.append(blank(t("md.report.s4", lang), lang))
    blocks.append(bold(t("md.report.flags_for_reference", lang)))
    blocks.append(flag_list(analysis, lang))
    return blocks + claims_blocks(analysis, lang, 3)


def _report_recommendations(project: Project, lang: str) -> list[str]:
    blocks = [heading(2, t("md.report.s5", lang))]
    n = 0
    for finding in project.findings:
        n += 1
        title = t("md.report.for_problem", lang, problem=inline(finding.problem))
        blocks.append(heading(3, f"{_chinese_ordinal(n, lang)}{title}"))
        blocks.extend(_or_blank(finding.recommendation, t("md.recommendation", lang), lang))
    if project.recommendations:
        n += 1
        blocks.append(heading(3, f"{_chinese_ordinal(n, lang)}{t('md.report.other_recommendations', lang)}"))
        blocks.extend(paragraph for text in project.recommendations for paragraph in paragraphs(text))
    if n == 0:
        blocks.append(blank(t("md.report.s5", lang), lang))
    return blocks


_CHINESE_NUMBERS = "一二三四五六七八九十"


def _chinese_ordinal(n: int, lang: str) -> str:
    """（一） … （十）, then (11) and on; in English "n. "."""
    if lang != "zh":
        return f"{n}. "
    return f"（{_CHINESE_NUMBERS[n - 1]}）" if n <= len(_CHINESE_NUMBERS) else f"（{n}）"


def _signature(project: Project, lang: str) -> str:
    monitor = project.monitor
    organisation = _value_or_blank(monitor.organisation if monitor else "", t("md.monitor", lang), lang)
    date = monitor.report_date.isoformat() if monitor and monitor.report_date else ""
    return f"{organisation}\\\n{date or blank(t('md.report.what.report_date', lang), lang)}"


def _report_form(analysis: ProjectAnalysis, lang: str) -> list[str]:
    """附件1: the 项目支出绩效目标执行监控表, its funding rows fixed by kind as on the printed form."""
    project, budget = analysis.project, analysis.budget
    period = _period_label(project, analysis.as_of, lang)
    info = table(
        [t("md.report.form.field", lang), t("md.report.form.value", lang)],
        [
            (t("md.report.form.name", lang), cell(project.name)),
            (t("md.report.form.department", lang), cell(project.department)),
            (t("md.report.form.unit", lang), cell(project.implementing_unit)),
        ],
    )
    headers = [
        t("md.report.form.funding", lang),
        t("md.report.form.annual", lang),
        t("md.report.form.paid", lang, period=period),
        t("md.report.form.rate", lang, period=period),
        t("md.report.form.forecast", lang),
    ]
    total = budget.total
    rows = [
        [
            t("md.report.form.total", lang),
            money_text(total.annual_budget),
            money_text(total.paid),
            percent_text(total.paid_pct_of_budget),
            money_text(total.forecast),
        ]
    ]
    for kind in SourceKind:
        lines = [line for line in budget.sources if line.source is kind]
        label = t(f"md.report.form.kind.{kind}", lang)
        if not lines:
            rows.append([label, "", "", "", ""])
            continue
        annual = sum((line.annual_budget for line in lines), ZERO)
        paid = sum((line.paid for line in lines), ZERO)
        forecasts = [line.forecast for line in lines if line.forecast is not None]
        rate = paid * 100 / annual if annual else None
        rows.append(
            [
                label,
                money_text(annual),
                money_text(paid),
                percent_text(rate),
                money_text(sum(forecasts, ZERO)) if forecasts else "—",
            ]
        )
    goals = table(
        [t("md.report.form.annual_goal", lang), t("md.report.form.progress", lang)],
        [
            (
                cell(project.annual_goal) if project.annual_goal.strip() else blank(t("md.report.s1_5_2", lang), lang),
                cell(project.progress_summary)
                if project.progress_summary.strip()
                else blank(t("md.report.form.progress", lang), lang),
            )
        ],
    )
    return [
        heading(2, t("md.report.attachment1_title", lang)),
        bold(t("md.report.form.title", lang, period=period)),
        info,
        table(headers, rows, [LEFT, RIGHT, RIGHT, RIGHT, RIGHT]),
        goals,
        indicator_form(project.indicators, period, lang),
    ]


def _report_survey(project: Project, lang: str) -> list[str]:
    blocks = [heading(2, t("md.report.attachment2_title", lang))]
    if project.survey is None:
        return [*blocks, blank(t("md.survey", lang), lang)]
    return [*blocks, *survey_blocks(project, lang)]


def export_filename(code: str, as_of: Date, template: str = "") -> str:
    """A file name for a snapshot that sorts by project and date: 2306-140423-89-01-317509-2023-09-28.md."""
    safe = re.sub(r"[^0-9A-Za-z._-]+", "_", code).strip("._") or "drift"
    suffix = f"-{template}" if template else ""
    return f"{safe}-{as_of.isoformat()}{suffix}.md"
