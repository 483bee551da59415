"""The Overview and Findings views: what the report says, drawn from the model as it is."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from drift.i18n import t
from store.model import Project
from tui.linebreak import WrappedText


def heading(text: str) -> Text:
    return Text(text, style="bold underline")


def _facts(rows: list[tuple[str, str]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value:
            grid.add_row(Text(label), WrappedText(value))
    return grid


def _bullets(items: tuple[str, ...]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for item in items:
        grid.add_row("•", WrappedText(item))
    return grid


def _number(value: object) -> str:
    return "" if value is None else str(value)


def overview(project: Project, lang: str) -> RenderableType:
    """Scale, work items, parties, background and goals, milestone events."""
    scale = project.scale
    period = project.period
    parts: list[RenderableType] = [
        _facts(
            [
                (t("ov.department", lang), project.department),
                (t("ov.unit", lang), project.implementing_unit),
                (t("ov.location", lang), project.location),
                (t("ov.period", lang), f"{period.label} ({period.start} – {period.end})" if period else ""),
                (t("ov.monitor", lang), project.monitor.organisation if project.monitor else ""),
            ]
        ),
        Text(),
        heading(t("ov.scale", lang)),
        _facts(
            [
                (t("ov.floor_area", lang), f"{scale.floor_area} m²" if scale.floor_area is not None else ""),
                (
                    t("ov.renovated_area", lang),
                    f"{scale.renovated_area} m²" if scale.renovated_area is not None else "",
                ),
                (t("ov.buildings", lang), _number(scale.buildings)),
                (t("ov.households", lang), _number(scale.households)),
                (t("ov.communities", lang), _number(scale.communities)),
            ]
        ),
    ]
    if project.work_items:
        items = Table(box=None, show_header=False, padding=(0, 1))
        items.add_column(overflow="fold")
        items.add_column(justify="right", no_wrap=True)
        items.add_column(no_wrap=True)
        for item in project.work_items:
            items.add_row(Text(item.name), Text(str(item.quantity)), Text(item.unit))
        parts += [Text(), heading(t("ov.work_items", lang) + f" ({len(project.work_items)})"), items]
    if project.events:
        events = Table(box=None, show_header=False, padding=(0, 1))
        events.add_column(no_wrap=True)
        events.add_column(no_wrap=True)
        events.add_column(overflow="fold")
        for event in project.events:
            events.add_row(Text(event.date.isoformat()), Text(event.name), Text(event.document or event.title))
        parts += [Text(), heading(t("ov.events", lang)), events]
    if project.parties:
        parts += [Text(), heading(t("ov.parties", lang)), _facts([(p.role, p.name) for p in project.parties])]
    for key, text in (
        ("ov.progress", project.progress_summary),
        ("ov.annual_goal", project.annual_goal),
        ("ov.overall_goal", project.overall_goal),
        ("ov.background", project.background),
    ):
        if text:
            parts += [Text(), heading(t(key, lang)), WrappedText(text)]
    if project.basis:
        parts += [Text(), heading(t("ov.basis", lang)), _bullets(project.basis)]
    for note in project.notes:
        parts += [Text(), heading(note.title), WrappedText(note.text)]
    return Group(*parts)


def findings(project: Project, lang: str) -> RenderableType:
    """Problems and causes, recommendations, compliance checks and the survey summary."""
    parts: list[RenderableType] = [heading(t("fi.findings", lang))]
    if not project.findings:
        parts.append(Text(t("common.none", lang)))
    for number, finding in enumerate(project.findings, start=1):
        parts.append(WrappedText(f"{number}. {finding.problem}", style="bold"))
        if finding.cause:
            parts.append(WrappedText.assemble((t("fi.cause", lang) + "：", "italic"), finding.cause))
        if finding.recommendation:
            parts.append(WrappedText.assemble((t("fi.recommendation", lang) + "：", "italic"), finding.recommendation))
    if project.recommendations:
        parts += [Text(), heading(t("fi.recommendations", lang))]
        parts.append(_bullets(project.recommendations))
    if project.compliance:
        table = Table(expand=True, show_lines=False, padding=(0, 1))
        table.add_column(t("fi.item", lang), no_wrap=True)
        table.add_column(t("fi.status", lang), ratio=1, overflow="fold")
        table.add_column(t("fi.risk", lang), no_wrap=True)
        for check in project.compliance:
            table.add_row(Text(check.item), WrappedText(check.status), WrappedText(check.risk))
        parts += [Text(), heading(t("fi.compliance", lang)), table]
    survey = project.survey
    if survey:
        counts = t("fi.survey_counts", lang, who=survey.respondents, issued=survey.issued, valid=survey.valid)
        parts += [Text(), heading(t("fi.survey", lang)), WrappedText(counts)]
        for number, question in enumerate(survey.questions, start=1):
            options = " · ".join(
                f"{o.label} {o.share}%" if o.share is not None else f"{o.label} —" for o in question.options
            )
            parts += [WrappedText(f"{number}. {question.text}", style="bold"), Text("   " + options)]
        if survey.conclusion:
            parts.append(WrappedText(survey.conclusion))
    return Group(*parts)
