"""The draft monitoring analysis report in Markdown, in the seed's structure, with marked blanks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from pendulum import Date

from drift.analysis import ProjectAnalysis
from drift.budget import source_names, time_text
from drift.dates import dates_written_for, shown_date
from drift.i18n import code_text, t
from drift.indicators import NO_LIKELIHOOD
from drift.later import known_records, records_text
from drift.markdown.blocks import (
    LEFT,
    RIGHT,
    bold,
    bullets,
    document,
    heading,
    numbered,
    overall_label,
    percent_text,
    table,
)
from drift.markdown.escape import cell, for_word_processors, hard_broken, inline, paragraphs
from drift.markdown.snapshot import (
    claims_blocks,
    completion_paragraph,
    compliance_table,
    expectation_lines,
    flag_line,
    flag_list,
    indicator_form,
    likelihood_counts,
    monitoring_period_label,
    schedule_table,
    survey_blocks,
)
from drift.numbers import ZERO, money_text, percent
from drift.tables import span_text
from store.model import Event, Project, SourceKind

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
    with for_word_processors(), dates_written_for(lang):
        return _report(analysis, lang)


def _report(analysis: ProjectAnalysis, lang: str) -> str:
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
    start = shown_date(monitor.fieldwork_start) if monitor and monitor.fieldwork_start else ""
    end = shown_date(monitor.fieldwork_end) if monitor and monitor.fieldwork_end else ""
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
    return t("md.report.later", lang, date=shown_date(analysis.as_of), records=records) if records else ""


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
        start, end = shown_date(monitor.fieldwork_start), shown_date(monitor.fieldwork_end)
        blocks.append(t("md.report.fieldwork", lang, start=start, end=end))
    blocks.append(blank(t("md.report.what.process", lang), lang))
    return blocks


def _event_sentence(event: Event, lang: str) -> str:
    return t(
        "md.report.approval",
        lang,
        date=shown_date(event.date),
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
        (t("md.report.code", lang), inline(code_text(project.code, project.code_made, lang))),
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
    return span_text(start, end)


def _plan_list(project: Project, lang: str) -> str:
    return bullets(
        t(
            "md.report.plan_item",
            lang,
            span=span_text(phase.planned_start, phase.planned_end),
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
    names = source_names(project, lang)
    arranged = t(
        "md.report.arranged",
        lang,
        year=project.budget_year,
        total=money_text(project.funding.total_budget)
        if project.funding.total_budget is not None
        else blank(t("md.report.col.project_budget", lang), lang),
        annual=money_text(analysis.budget.total.annual_budget),
    )
    allocations = [
        t(
            "md.report.allocation",
            lang,
            date=shown_date(timing.allocation.date),
            document=inline(timing.allocation.document) or "—",
            source=inline(names.get(timing.allocation.source, timing.allocation.source)),
            amount=money_text(timing.allocation.amount),
            note=inline(timing.allocation.note) or "—",
        )
        for timing in budget.allocations
    ]
    allocated = (
        t(
            "md.report.allocated",
            lang,
            date=shown_date(analysis.as_of),
            amount=money_text(total.allocated),
            rate=percent_text(total.allocated_pct_of_budget),
        )
        if budget.allocations_stated
        else t("md.report.allocated_not_stated", lang, date=shown_date(analysis.as_of))
    )
    execution = t(
        "md.report.execution",
        lang,
        date=shown_date(analysis.as_of),
        paid=money_text(total.paid),
        rate=percent_text(total.paid_pct_of_budget),
        time=time_text(time, lang),
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
    remaining = total.remaining_to_pay
    if total.needed_per_month is not None and remaining is not None and remaining > ZERO:
        blocks.append(
            t(
                "md.remaining",
                lang,
                amount=money_text(remaining),
                per_month=money_text(total.needed_per_month),
            )
        )
    blocks.append(blank(t("md.report.what.trend", lang), lang))
    return blocks


FORM_KINDS: dict[str, tuple[SourceKind, ...]] = {
    "central": (SourceKind.CENTRAL,),
    "provincial": (SourceKind.PROVINCIAL,),
    "local": (SourceKind.MUNICIPAL, SourceKind.COUNTY, SourceKind.LOCAL),
    "self_raised": (SourceKind.SELF_RAISED,),
    "other": (SourceKind.SPECIAL_BONDS, SourceKind.SOCIAL_CAPITAL, SourceKind.OTHER),
}
"""The lines of the official form's money table (市县（区）财政资金 holds municipal and county money, 其他资金 special bonds and social capital) and the kinds of
source each adds up."""


def _sum_known(amounts: Iterable[Decimal | None]) -> Decimal | None:
    """The sum, or None when any part is not known."""
    given = list(amounts)
    return None if None in given else sum((a for a in given if a is not None), ZERO)


def _execution_table(analysis: ProjectAnalysis, lang: str) -> str:
    """表2-1: the total first, as the seed's table has it, then each source."""
    project, budget = analysis.project, analysis.budget
    period = monitoring_period_label(analysis, lang)
    headers = [
        t("col.source", lang),
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
            date=shown_date(event.date),
            name=inline(event.name),
            title=inline(event.title) or "—",
            document=t("md.report.document", lang, document=inline(event.document)) if event.document.strip() else "",
        )
        for event in known_records(analysis.project.events, analysis.as_of)
    ]
    schedule_flags = [flag_line(item, lang) for item in analysis.flags if item.code.startswith("schedule.")]
    expectations = expectation_lines(analysis, lang)
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
        completion_paragraph(analysis, lang) or blank(t("md.report.s3_1_2", lang), lang),
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
    period = monitoring_period_label(analysis, lang)
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
    date = shown_date(monitor.report_date) if monitor and monitor.report_date else ""
    return f"{organisation}\\\n{date or blank(t('md.report.what.report_date', lang), lang)}"


def _report_form(analysis: ProjectAnalysis, lang: str) -> list[str]:
    """附件1: the 项目支出绩效目标执行监控表, its funding rows fixed by kind as on the printed form."""
    project, budget = analysis.project, analysis.budget
    period = monitoring_period_label(analysis, lang)
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
    for kind in FORM_KINDS:
        lines = [line for line in budget.sources if line.kind in FORM_KINDS[kind]]
        label = t(f"md.report.form.kind.{kind}", lang)
        if not lines:
            rows.append([label, "", "", "", ""])
            continue
        annual = _sum_known(line.annual_budget for line in lines)
        paid = _sum_known(line.paid for line in lines)
        forecasts = [line.forecast for line in lines if line.forecast is not None]
        rate = percent(paid, annual) if paid is not None and annual is not None else None
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
        indicator_form(analysis, period, lang),
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
