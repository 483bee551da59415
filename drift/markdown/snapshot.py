"""The Markdown snapshot of one project: headline, schedule, budget, indicators, findings, flags, claims and notes."""

from __future__ import annotations

from collections.abc import Sequence

from drift import tables
from drift.analysis import ProjectAnalysis
from drift.budget import budget_remarks, figures_text, overspend_text, time_text
from drift.claims import CLAIM_COLUMNS, claim_cells, verdict_light
from drift.curve import project_curve
from drift.dates import dates_written_for, month_end, shown_date, year_start
from drift.flags import Flag, describe
from drift.i18n import code_text, t
from drift.later import known_records, later_text
from drift.markdown.blocks import (
    LIGHT_MARKS,
    bold,
    bullets,
    document,
    heading,
    light_label,
    markdown_cell,
    markdown_table,
    numbered,
    overall_label,
    percent_text,
    table,
)
from drift.markdown.curve import curve_blocks
from drift.markdown.escape import cell, hard_broken, inline, mermaid_label, paragraphs
from drift.numbers import money_text
from drift.rules import Light
from drift.schedule import PhaseSchedule
from drift.tables import (
    date_text,
    days_text,
    earned_value_table,
    indicator_table,
    score_headline,
    score_table,
    span_text,
)
from store.model import Indicator, Project, TimeBasis


def project_markdown(analysis: ProjectAnalysis, lang: str, *, level: int = 1) -> str:
    """The snapshot of one project: headline lights, schedule with a gantt chart, budget, indicators, findings, flags."""
    return document(project_blocks(analysis, lang, level=level))


def project_blocks(analysis: ProjectAnalysis, lang: str, *, level: int = 1, curve: bool = True) -> list[str]:
    """The snapshot's blocks, its title at heading level `level` and its sections one below; curve=False leaves out
    the execution curve (a budget analysis per month end: the portfolio's sections do without it). Dates are written
    as a report in lang writes them (2023年7月1日 in Chinese)."""
    with dates_written_for(lang):
        return _project_blocks(analysis, lang, level, curve)


def _project_blocks(analysis: ProjectAnalysis, lang: str, level: int, curve: bool) -> list[str]:
    project = analysis.project
    sub = level + 1
    return [
        heading(level, inline(project.name) or inline(project.code)),
        _meta_list(analysis, lang),
        heading(sub, t("md.headline", lang)),
        headline_table(analysis, lang),
        later_text(analysis.later, analysis.as_of, lang),
        *schedule_blocks(analysis, lang, sub),
        *budget_blocks(analysis, lang, sub, curve=curve),
        heading(sub, t("md.indicators", lang)),
        indicator_form(analysis, monitoring_period_label(analysis, lang), lang),
        indicator_summary(analysis, lang),
        *_indicator_notes(project.indicators, lang),
        *score_blocks(analysis, lang, sub),
        *findings_blocks(project, lang, sub),
        heading(sub, t("md.compliance", lang)),
        compliance_table(project, lang),
        heading(sub, t("md.survey", lang)),
        *survey_blocks(project, lang),
        heading(sub, t("md.flags", lang)),
        flag_list(analysis, lang),
        *claims_blocks(analysis, lang, sub),
        *notes_blocks(project, lang, sub),
    ]


def _meta_list(analysis: ProjectAnalysis, lang: str) -> str:
    project = analysis.project
    items = [
        (t("col.code", lang), inline(code_text(project.code, project.code_made, lang))),
        (t("md.as_of", lang), shown_date(analysis.as_of)),
        (t("md.period", lang), _period_text(project, lang)),
        (t("md.col.year", lang), str(project.budget_year)),
        (t("col.department", lang), inline(project.department)),
        (t("md.unit", lang), inline(project.implementing_unit)),
        (t("md.monitor", lang), _monitor_text(project, lang)),
    ]
    return bullets(t("md.labelled", lang, label=bold(label), value=value) for label, value in items if value)


def _period_text(project: Project, lang: str) -> str:
    period = project.period
    if period is None:
        return ""
    span = span_text(period.start, period.end)
    return t("md.period_span", lang, label=inline(period.label), span=span) if period.label.strip() else span


def monitoring_period_label(analysis: ProjectAnalysis, lang: str) -> str:
    """What the forms call the span monitored up to the as-of date, counted as time progress counts it.

    "2023年1–9月" on the months basis, or on the days basis when the date ends its month; "2023-01-01至2023-09-28"
    on the days basis otherwise; "to <date>" before the budget year. The report's own label ("2023年1-9月") when
    the as-of date falls in the last month of the period it states: that is the report's name for its own date.
    """
    project, as_of = analysis.project, analysis.as_of
    period, year = project.period, project.budget_year
    if period is not None and period.label.strip() and period.end.replace(day=1) <= as_of <= period.end:
        return inline(period.label)
    if as_of.year < year:
        return t("md.until", lang, date=shown_date(as_of))
    if analysis.budget.time.basis is not TimeBasis.MONTHS and as_of != month_end(as_of.year, as_of.month):
        return t("period.days", lang, start=shown_date(year_start(year)), end=shown_date(as_of))
    if as_of.year > year:
        return t("period.months_across", lang, year=year, end_year=as_of.year, month=as_of.month)
    return t("period.month" if as_of.month == 1 else "period.months", lang, year=year, month=as_of.month)


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
        t("md.paid_against_time", lang, paid=money_text(total.paid_pct_of_budget), time=time_text(time, lang)),
    )
    budget = t("md.semicolon", lang).join(item for item in figures if item)
    rows = [
        (t("md.overall", lang), overall_label(analysis, lang), overall),
        (t("md.schedule", lang), light_label(analysis.schedule.light, lang), completion_text(analysis, lang)),
        (t("md.budget", lang), light_label(analysis.budget.light, lang), budget),
        (t("md.indicators", lang), light_label(analysis.indicators.light, lang), likelihood_counts(analysis, lang)),
    ]
    if analysis.self_evaluation is not None:
        score = inline(score_headline(analysis.self_evaluation, lang))
        rows.append((t("score.title", lang), "", score))
    return table([t("col.measure", lang), t("col.light", lang), t("col.figures", lang)], rows)


def completion_text(analysis: ProjectAnalysis, lang: str) -> str:
    schedule = analysis.schedule
    if schedule.completion is None or schedule.planned_completion is None:
        return "—"
    completion = shown_date(schedule.completion)
    return t(
        "md.completion" if schedule.completion_is_actual else "md.completion_forecast",
        lang,
        completion=completion,
        planned=shown_date(schedule.planned_completion),
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
        completion_paragraph(analysis, lang),
        bullets(expectation_lines(analysis, lang)),
        heading(level + 1, t("md.milestones", lang)),
        milestone_list(analysis, lang),
        heading(level + 1, t("md.gantt", lang)),
        gantt(analysis, lang),
        t("md.gantt_legend", lang, days=analysis.rules.schedule_yellow_days),
    ]


MARKDOWN_LEFT_OUT = {
    "schedule": ("start", "finish"),
    "budget": ("remaining", "needed", "figures"),
    "portfolio": (),
}
"""Model columns a page leaves out, and why: it says what happened and what is forecast in words (the actual and
forecast columns), where a terminal has start and finish with ≈; what remains to pay, and per month, is said under
the budget table and the figures behind the total's light in the headline."""


def schedule_table(analysis: ProjectAnalysis, lang: str) -> str:
    """One row per phase: planned span, what actually happened, the forecast, start and finish slip, status."""
    return markdown_table(tables.schedule_table(analysis, lang).without(MARKDOWN_LEFT_OUT["schedule"]), lang)


def completion_paragraph(analysis: ProjectAnalysis, lang: str) -> str:
    text = completion_text(analysis, lang)
    return "" if text == "—" else f"{text} {light_label(analysis.schedule.light, lang)}"


def expectation_lines(analysis: ProjectAnalysis, lang: str) -> list[str]:
    lines = []
    for item in analysis.schedule.phases:
        phase = item.phase
        if phase.expected_end is None and not phase.expectation.strip():
            continue
        said = hard_broken(phase.expectation, "  ")
        lines.append(
            t("md.expectation", lang, name=inline(phase.name), date=date_text(phase.expected_end), text=said or "—")
        )
    return lines


def milestone_list(analysis: ProjectAnalysis, lang: str) -> str:
    """Every event known as of the date, with its document and, for one that marks a phase, the slip."""
    checks = {check.event.id: check for check in analysis.schedule.milestones}
    lines = []
    for event in known_records(analysis.project.events, analysis.as_of):
        parts = [f"{shown_date(event.date)} {bold(inline(event.name))}"]
        if event.document.strip():
            parts.append(inline(event.document))
        check = checks.get(event.id)
        if check is not None:
            parts.append(
                t("md.milestone_slip", lang, planned=shown_date(check.planned), slip=days_text(check.slip_days))
            )
        if event.title.strip():
            parts.append(inline(event.title))
        lines.append(" · ".join(parts))
    return bullets(lines) if lines else t("md.none", lang)


def gantt(analysis: ProjectAnalysis, lang: str) -> str:
    """A Mermaid gantt chart with the plan and the actual/forecast as separate sections.

    done marks a finished phase, active one under way, crit a phase whose finish slips by the yellow threshold
    or more. A finished phase whose start nobody recorded is a milestone at its finish: a bar from the planned start
    would show an unknown start as a fact.
    """
    lines = [
        "```mermaid",
        "gantt",
        f"    title {mermaid_label(t('md.gantt_title', lang, date=shown_date(analysis.as_of)))}",
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
        if item.start is None:
            label = t("md.gantt_start_unknown", lang, name=item.phase.name)
            tags = [*_gantt_tags(item, analysis), "milestone", f"actual{n}"]
            lines.append(f"    {mermaid_label(label)} :{', '.join(tags)}, {item.finish.isoformat()}, 0d")
            continue
        start = min(item.start, item.finish)  # a bar must not run backwards, even on odd data
        tags = [*_gantt_tags(item, analysis), f"actual{n}"]
        dates = f"{start.isoformat()}, {item.finish.isoformat()}"
        lines.append(f"    {mermaid_label(item.phase.name)} :{', '.join(tags)}, {dates}")
    lines.append(f"    section {mermaid_label(t('md.milestones', lang))}")
    for n, event in enumerate(known_records(analysis.project.events, analysis.as_of), 1):
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


def budget_blocks(analysis: ProjectAnalysis, lang: str, level: int, *, curve: bool = True) -> list[str]:
    """Time progress, the per-source table, the totals in words, the execution curve, allocations, payments, earned
    value."""
    budget, project = analysis.budget, analysis.project
    time = budget.time
    progress = t("md.time_progress", lang, progress=time_text(time, lang))
    reported = (
        [heading(level + 1, t("md.reported", lang)), markdown_table(tables.reported_table(analysis, lang), lang)]
        if budget.reported
        else []
    )
    return [
        heading(level, t("md.budget_heading", lang)),
        progress,
        budget_table(analysis, lang),
        bullets([inline(remark) for remark in budget_remarks(budget, lang)]),
        *(
            curve_blocks(
                project_curve(project, analysis.as_of, analysis.rules),
                project.budget_year,
                analysis.rules.time_basis,
                lang,
                level + 1,
            )
            if curve
            else []
        ),
        heading(level + 1, t("md.allocations", lang)),
        allocation_table(analysis, lang),
        heading(level + 1, t("md.payments", lang)),
        payment_table(analysis, lang),
        *reported,
        *earned_value_blocks(analysis, lang, level + 1),
    ]


def budget_table(analysis: ProjectAnalysis, lang: str) -> str:
    """Per funding source and in total: money, both execution rates, time progress, the gap and the light."""
    return markdown_table(tables.budget_table(analysis, lang).without(MARKDOWN_LEFT_OUT["budget"]), lang)


def allocation_table(analysis: ProjectAnalysis, lang: str) -> str:
    """The allocations known as of the date, with the day of the year they came and the notice's number."""
    if not analysis.budget.allocations_stated:
        return t("md.report.allocated_not_stated", lang, date=shown_date(analysis.as_of))
    if not analysis.budget.allocations:
        return t("md.no_allocations", lang, date=shown_date(analysis.as_of))
    return markdown_table(tables.allocation_table(analysis, lang), lang)


def payment_table(analysis: ProjectAnalysis, lang: str) -> str:
    """The payments known as of the date."""
    if not analysis.budget.payments:
        return t("md.no_payments", lang, date=shown_date(analysis.as_of))
    return markdown_table(tables.payment_table(analysis, lang), lang)


def earned_value_blocks(analysis: ProjectAnalysis, lang: str, level: int) -> list[str]:
    """PV, EV, AC and what follows, only where a spending plan gives the budget at completion to measure against."""
    if analysis.earned_value.budget_at_completion is None:
        return []
    return [heading(level, t("md.earned_value", lang)), markdown_table(earned_value_table(analysis, lang), lang)]


# Indicators -----------------------------------------------------------------------------------------------------


def indicator_form(analysis: ProjectAnalysis, period_label: str, lang: str) -> str:
    """The indicator grid as the official monitoring form lays it out (附件1), the likelihood ticked in its column
    (its word and the computed outcome are the terminal's: the form has neither), level names written only where
    they change like the form's merged cells; at the self-evaluation with the final value, 分值 and 得分 of each row."""
    if not analysis.project.indicators:
        return t("md.none", lang)
    return markdown_table(indicator_table(analysis, lang, period_label).without(["likelihood", "outcome"]), lang)


def score_blocks(analysis: ProjectAnalysis, lang: str, level: int) -> list[str]:
    """The self-evaluation's score with each row's arithmetic; nothing before the project is in it."""
    evaluation = analysis.self_evaluation
    if evaluation is None:
        return []
    return [
        heading(level, t("score.title", lang)),
        t("md.labelled", lang, label=bold(t("score.total", lang)), value=inline(score_headline(evaluation, lang))),
        markdown_table(score_table(evaluation, lang), lang),
    ]


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


def notes_blocks(project: Project, lang: str, level: int) -> list[str]:
    """The project's notes at the end, where a snapshot keeps its provenance (the report's address, its date);
    nothing when it has none."""
    notes = [
        t("md.labelled", lang, label=bold(inline(note.title)), value=hard_broken(note.text, "  "))
        if note.title.strip()
        else hard_broken(note.text, "  ")
        for note in project.notes
        if note.title.strip() or note.text.strip()
    ]
    return [heading(level, t("md.notes", lang)), bullets(notes)] if notes else []


def flag_list(analysis: ProjectAnalysis, lang: str) -> str:
    """Every flag as its sentence (drift.flags.describe), its light first, in the analysis's order."""
    model = tables.flag_table(analysis, lang)
    if not model.rows:
        return t("md.no_flags", lang)
    return bullets(_flag_bullet(row.cells, lang) for row in model.rows)


def flag_line(item: Flag, lang: str) -> str:
    """One flag as the flag list writes it."""
    return _flag_bullet((item.level, describe(item, lang)), lang)


def _flag_bullet(cells: Sequence[tables.CellValue], lang: str) -> str:
    """A bullet is one line: the light, then the sentence and any further cell, joined with " · "."""
    text = " · ".join(inline(value) if isinstance(value, str) else markdown_cell(value, lang) for value in cells[1:])
    return t("md.flag_line", lang, light=markdown_cell(cells[0], lang), text=text)


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
