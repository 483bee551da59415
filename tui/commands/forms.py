"""`drift import-form`: a filled monitoring or self-evaluation table (.xlsx) recorded as edits with history."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
from msgspec import Struct, field, structs
from pendulum import Date
from rich.text import Text

from drift.claims import check_claims
from drift.i18n import t, worded
from drift.money import Figure, cumulative
from drift.numbers import cents
from drift.rules import Rules, rules_for
from drift.selfeval import QUALITATIVE_BANDS, Points, self_evaluate
from store.codec import claim_subjects, money_date_words
from store.edits import AddRecord, Edit, add_claim, add_reported_figure, apply_edits, edit_record, to_json
from store.errors import DriftError, ValidationError
from store.model import WHOLE_PROJECT, Claim, ClaimKind, Comparator, Grade, Indicator, Portfolio, Project, RuleSettings
from store.typed import plain_forms, typed_grade, typed_quantity, typed_source
from store.values import parse_measure, parse_target
from tui import options
from tui.command import Command
from tui.commands.saving import save
from tui.context import Context
from tui.formimport import (
    CellProblem,
    FormSheet,
    IndicatorRow,
    MoneyRow,
    Value,
    label,
    paid_until,
    read_form,
)
from tui.history_text import change_line


class Plan(Struct):
    """What a form would change: the edits, the cell each edit's fields come from, and what is read but not kept."""

    edits: list[Edit] = field(default_factory=list)
    cells: list[dict[str, Value]] = field(default_factory=list)
    """For each edit, the cell each of its fields comes from."""
    notes: list[str] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    file: str = ""
    """The form's file name, in the reference of each figure and claim it adds."""

    def add(self, edit: Edit, cells: dict[str, Value]) -> None:
        self.edits.append(edit)
        self.cells.append(cells)


def cmd_import_form(args: argparse.Namespace, ctx: Context) -> int:
    """Record what a filled form states; nothing is saved unless every cell is readable, nothing with --dry-run."""
    path = Path(args.file)
    sheets, problems = read_form(path, ctx.lang)
    store = ctx.store()
    portfolio = store.load()
    project, sheets = chosen(portfolio, sheets, args.project, ctx)
    plan = planned(project, sheets, store.rules(), str(path), ctx.lang)
    problems = [*problems, *plan.problems]
    if problems:
        options.write_lines([problem.line(ctx.lang) for problem in problems], sys.stderr)
        raise DriftError(t("form_import.bad_cells", ctx.lang, file=path, count=len(problems)))
    options.write_lines([t("form_import.note", ctx.lang, note=note) for note in plan.notes], sys.stderr)
    if args.dry_run:
        (_,), changes = apply_edits((project,), plan.edits)
        lines = [
            change_line(change.kind, change.record, item.field, item.old, item.new, ctx.lang)
            + f"  ({_source(cells.get(item.field))})"
            for change, cells in zip(changes, plan.cells, strict=True)
            for item in change.fields
        ]
        options.write_lines(lines)
        ctx.err.print(Text(t("form_import.dry_run", ctx.lang, count=len(lines), file=path)))
        return 0
    return save(args, ctx, store, plan.edits, before=project)


def _at(value: Value) -> Value:
    """The cell of a value without how it was read: said once, beside the field it reads."""
    return Value(value.value, value.place)


def _source(value: Value | None) -> str:
    if value is None:
        return "—"
    return f"{value.place.ref}: {value.how}" if value.how else value.place.ref


# Which project.


def _names(project: Project) -> set[str]:
    return {label(project.name), label(project.code)}


def chosen(
    portfolio: Portfolio, sheets: list[FormSheet], code: str | None, ctx: Context
) -> tuple[Project, list[FormSheet]]:
    """The project: --project, else the one the form's 项目名称/项目代码 name, else the store's only one; and the
    sheets that are about it (a sheet naming another project is left out)."""
    if code is not None:
        project = options.chosen_project(portfolio, code, ctx)
        named = {sheet.name: _named(portfolio, sheet, ctx, project) for sheet in sheets}
        kept = [sheet for sheet in sheets if named[sheet.name] in (None, project.code)]
        if not kept:
            raise DriftError(t("form_import.other_project", ctx.lang, code=project.code))
        return project, kept
    named = {sheet.name: _named(portfolio, sheet, ctx) for sheet in sheets}
    codes = {found for found in named.values() if found is not None}
    if len(codes) > 1:
        raise DriftError(t("form_import.several_projects", ctx.lang, codes=", ".join(sorted(codes))))
    if codes:
        found = portfolio.project(codes.pop())
        assert found is not None  # a code _named found in this portfolio
        return found, sheets
    return options.chosen_project(portfolio, None, ctx), sheets


def _named(portfolio: Portfolio, sheet: FormSheet, ctx: Context, chosen: Project | None = None) -> str | None:
    """The code of the project a sheet's 项目代码 or 项目名称 names; None when it names none; DriftError when it
    names one the store does not hold, or a name several projects share. With a project chosen (--project), a name
    the store does not hold is that project's as the form writes it: said, and read."""
    for value in (sheet.project_code, sheet.project_name):
        if value is None:
            continue
        text = label(value.value)
        found = [project.code for project in portfolio.projects if text in _names(project)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise DriftError(t("form_import.several_projects", ctx.lang, codes=", ".join(found)))
    stated = sheet.project_code or sheet.project_name
    if stated is not None and chosen is not None:
        note = t(
            "form_import.named_otherwise",
            ctx.lang,
            text=str(stated.value)[:60],
            cell=stated.place.ref,
            code=chosen.code,
        )
        ctx.err.print(Text(f"drift: {note}"), soft_wrap=True)
    elif stated is not None:
        raise DriftError(t("form_import.unknown_project", ctx.lang, text=str(stated.value)[:60], cell=stated.place.ref))
    return None


# What the form states, as edits.


class _Settings:
    """Each field the form sets, once: two cells stating one field differently are a problem, not a choice."""

    def __init__(self, plan: Plan, lang: str, file: str) -> None:
        self.plan, self.lang, self.file = plan, lang, file
        self.values: dict[tuple[Any, ...], Value] = {}

    def put(self, key: tuple[Any, ...], value: Value) -> None:
        there = self.values.get(key)
        if there is not None and there.value != value.value:
            why = t("form_import.why.twice", self.lang, other=there.place.ref)
            self.plan.problems.append(CellProblem(self.file, value.place, why))
            return
        self.values.setdefault(key, value)

    def of(self, *prefix: Any) -> dict[tuple[Any, ...], Value]:
        return {key: value for key, value in self.values.items() if key[: len(prefix)] == prefix}


def planned(project: Project, sheets: Sequence[FormSheet], store_rules: RuleSettings, file: str, lang: str) -> Plan:
    """The edits that make the store hold what the form states; only what differs from the store is an edit."""
    plan = Plan(file=Path(file).name)
    settings = _Settings(plan, lang, file)
    year = project.budget_year
    indicators = list(project.indicators)
    defaults = _default_weights(project, rules_for(project, store_rules))
    for sheet in sheets:
        for row in sheet.rows:
            indicator = _matched(project, indicators, row, plan, lang, file)
            if indicator is not None:
                _indicator_settings(settings, indicator, row, year, defaults)
        for line in sheet.money:
            _money_settings(settings, project, line, sheet)
        plan.notes.extend(t("form_import.left.breakdown", lang, cell=place.ref) for place in sheet.breakdowns)
        if sheet.total_score is not None:
            settings.put(("claim", ClaimKind.SCORE, "", _month_end(year, 12)), sheet.total_score)
    if plan.problems:
        return plan
    _keep_default_weights(settings, indicators, defaults)
    _data_edits(plan, project, indicators, settings, store_rules)
    (would_be,), _ = apply_edits((project,), plan.edits)
    _claim_edits(plan, would_be, settings, rules_for(would_be, store_rules), lang)
    return plan


def _default_weights(project: Project, rules: Rules) -> dict[str, Decimal]:
    """The 分值 drift gives each indicator that states none, its level-1 group's points shared (drift.selfeval); none
    for a project not yet in its self-evaluation."""
    evaluation = self_evaluate(project, _month_end(project.budget_year, 12), rules)
    if evaluation is None:
        return {}
    return {
        row.indicator.id: row.weight
        for row in evaluation.rows
        if row.indicator is not None and row.indicator.weight is None and row.weight is not None
    }


def _keep_default_weights(settings: _Settings, indicators: Sequence[Indicator], defaults: dict[str, Decimal]) -> None:
    """A 分值 that is the one drift gives by default (its export writes it, two decimals) is no change, and is left
    unstated; unless another 分值 of its level-1 group changes: a group then states all of them, as drift's rule
    reads a group stating some and not others as unknown."""
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        groups.setdefault(indicator.level1.strip(), []).append(indicator)
    for members in groups.values():
        stated = {
            member.id: value
            for member in members
            if (value := settings.values.get(("indicator", member.id, "weight"))) is not None
        }
        if stated and all(
            item in defaults and cents(defaults[item]) == cents(value.value) for item, value in stated.items()
        ):
            for item in stated:
                del settings.values[("indicator", item, "weight")]


def _month_end(year: int, month: int) -> Date:
    return pendulum.date(year, month, 1).end_of("month")


def _matched(
    project: Project, indicators: list[Indicator], row: IndicatorRow, plan: Plan, lang: str, file: str
) -> Indicator | None:
    """The indicator a row is about: by its three levels, else by its level-3 name when only one has it; a row
    matching none is a new indicator with its target (a project made with `drift new` gets its grid so)."""
    if not row.level3:
        return None
    key = (label(row.level1), label(row.level2), label(row.level3))
    found = [item for item in indicators if (label(item.level1), label(item.level2), label(item.level3)) == key]
    if not found:
        found = [item for item in indicators if label(item.level3) == key[2]]
    if len(found) == 1:
        return found[0]
    if found:
        why = t("form_import.why.ambiguous", lang, ids=", ".join(item.id for item in found))
        plan.problems.append(CellProblem(file, row.place, why))
        return None
    target = row.values.get("target")
    if target is None:
        plan.problems.append(CellProblem(file, row.place, t("form_import.why.new_without_target", lang)))
        return None
    try:
        parsed = parse_target(str(target.value))
    except ValidationError as error:
        plan.problems.append(CellProblem(file, target.place, worded(error, lang, located=False)))
        return None
    numbers = [int(item.id[1:]) for item in indicators if item.id[:1] == "I" and item.id[1:].isdigit()]
    new = Indicator(
        f"I{max(numbers, default=0) + 1}",
        row.level1.strip(),
        row.level2.strip(),
        row.level3.strip(),
        parsed,
    )
    indicators.append(new)
    return new


_INDICATOR_FIELDS = ("to_date", "forecast", "final", "deviation_cause", "cause_kinds", "likelihood", "remark", "weight")


def _indicator_settings(
    settings: _Settings, indicator: Indicator, row: IndicatorRow, year: int, defaults: dict[str, Decimal]
) -> None:
    """What a row of the grid sets: the indicator's fields, a qualitative one's points and grade, a score claimed.
    defaults are the 分值 drift gives indicators that state none (their level-1 group's points shared)."""
    for name in _INDICATOR_FIELDS:
        if name in row.values:
            settings.put(("indicator", indicator.id, name), row.values[name])
    target = row.values.get("target")
    if target is not None:
        settings.put(("target", indicator.id), target)
    qualitative = indicator.target.comparator is Comparator.QUALITATIVE
    grade = row.values.get("grade")
    final = row.values.get("final")
    if grade is None and qualitative and final is not None:
        with contextlib.suppress(ValidationError):  # a final value that is no grade word is just the final value
            grade = Value(typed_grade(str(final.value)), final.place)
    score = row.values.get("score")
    if score is not None and qualitative:
        weight = row.values.get("weight")
        total = weight.value if weight is not None else indicator.weight or defaults.get(indicator.id)
        problem = _points_problem(score.value, total, grade.value if grade else None, settings.lang)
        if problem:
            settings.plan.problems.append(CellProblem(settings.file, score.place, problem))
            return
        settings.put(("indicator", indicator.id, "points"), score)
        if grade is None and total:
            grade = Value(_graded(score.value / total), score.place, f"{score.value} / {total}")
    elif score is not None:
        settings.put(("claim", ClaimKind.SCORE, indicator.id, _month_end(year, 12)), score)
    if grade is not None and qualitative:
        settings.put(("indicator", indicator.id, "grade"), grade)


def _graded(share: Decimal) -> Grade:
    """The grade whose band (drift.selfeval.QUALITATIVE_BANDS) holds a share of the 分值; 100% is 达成's."""
    return next(
        grade
        for grade, (low, high) in QUALITATIVE_BANDS.items()
        if low <= share and (share < high or grade is Grade.ACHIEVED)
    )


def _points_problem(points: Decimal, weight: Decimal | None, grade: Grade | None, lang: str) -> str:
    """Why a qualitative row's 得分 cannot be kept: over its 分值, or outside the band of the grade the form gives."""
    if weight is None:
        return ""
    if points > weight:
        return t("form_import.why.points_over", lang, points=points, weight=weight)
    if grade is not None and _graded(points / weight if weight else Decimal(0)) is not grade:
        low, high = (share * weight for share in QUALITATIVE_BANDS[grade])
        name = t(f"grade.{grade}", lang)
        return t("form_import.why.points_band", lang, points=points, grade=name, low=cents(low), high=cents(high))
    return ""


def _money_settings(settings: _Settings, project: Project, line: MoneyRow, sheet: FormSheet) -> None:
    """What a line of the money block sets: budgets and forecasts, a paid figure, a rate claimed; the rest is noted."""
    plan, lang, file = settings.plan, settings.lang, settings.file
    if line.total:
        source = WHOLE_PROJECT
    elif line.group:
        plan.notes.append(t("form_import.left.group", lang, cell=line.place.ref))  # once for the line
        return
    else:
        found = _source_named(project, line.text)
        if found is None:
            if any(value.value for value in line.values.values()):  # zeros for a source it lacks state nothing
                why = t("form_import.why.no_source", lang, label=line.text)
                plan.problems.append(CellProblem(file, line.place, why))
            return
        source = found
    date = _paid_until(project, sheet, plan, lang, file)
    if date is None:
        return
    for name, value in line.values.items():
        if name in ("initial_budget", "annual_budget", "forecast"):
            if source == WHOLE_PROJECT and name != "forecast":
                settings.put(("funding", name), value)
            elif source != WHOLE_PROJECT and name != "initial_budget":
                settings.put(("source", source, name), value)
            elif name == "initial_budget" or value.value != _sources_forecast(sheet):
                plan.notes.append(t(f"form_import.left.{name}", lang, cell=value.place.ref))
        elif name == "paid":
            settings.put(("paid", source, date), value)
        elif name == "rate":
            settings.put(("claim", ClaimKind.EXECUTION_RATE, source, date), value)
        elif name == "weight" and source == WHOLE_PROJECT:
            settings.put(("budget_points",), value)
        elif name == "score":
            plan.notes.append(t("form_import.left.budget_score", lang, cell=value.place.ref))


def _paid_until(project: Project, sheet: FormSheet, plan: Plan, lang: str, file: str) -> Date | None:
    """The day the money block's figures count to, from its paid column's label; 31 December without one. A day
    the project's money cannot move on (store.codec.money_date_words) is a problem of that label's cell."""
    year = project.budget_year
    header = sheet.paid_header
    if header is None:
        return _month_end(year, 12)
    day = paid_until(header.value, year)
    date = None if day is None else pendulum.date(day.year, day.month, day.day)
    if date is None:
        why = t("form_import.why.paid_until", lang)
    else:
        words = money_date_words(project, date)
        why = "" if words is None else worded(words, lang)
    if why:
        problem = CellProblem(file, header.place, why)
        if problem not in plan.problems:  # said once, not once per line of the block
            plan.problems.append(problem)
        return None
    return date


def _sources_forecast(sheet: FormSheet) -> Decimal | None:
    """The sum of the forecasts the sheet's source lines state; None when it states none."""
    stated = [line.values["forecast"].value for line in sheet.money if not line.total and "forecast" in line.values]
    return sum(stated, Decimal(0)) if stated else None


def _source_named(project: Project, text: str) -> str | None:
    """The source a money line names (其中：中央财政资金, 市县（区）财政资金), or None."""
    sources = project.funding.sources
    for candidate in (text, text.split("(")[0] + text.split(")")[-1] if "(" in text else text):
        try:
            found = typed_source(sources, candidate)
        except ValidationError:
            continue
        if found:
            return found
    return next((source.id for source in sources if label(source.name) == label(text)), None)


def _same_measure(old: str, new: str, unit: str) -> bool:
    """One value written two ways: "0" and "0%" where the target counts in %, "1,200" and "1200"."""
    if plain_forms(old) == plain_forms(new):
        return True
    a, b = parse_measure(old), parse_measure(new)
    if a is None or b is None:
        return False
    return a[:2] == b[:2] and {a[2], b[2]} <= {"", unit}


def _data_edits(
    plan: Plan, project: Project, indicators: list[Indicator], settings: _Settings, store_rules: RuleSettings
) -> None:
    """The edits of indicators, budgets and sources, and the reported figures the form adds."""
    known = {item.id for item in project.indicators}
    for indicator in indicators:
        values = {key[2]: value for key, value in settings.of("indicator", indicator.id).items()}
        given = {name: _stored(indicator, name, value) for name, value in values.items()}
        if indicator.id not in known:
            fields = {"level1": indicator.level1, "level2": indicator.level2, "level3": indicator.level3}
            fields |= {"target": indicator.target.text} | given
            target_cell = settings.values[("target", indicator.id)]
            cells = {name: target_cell for name in ("level1", "level2", "level3", "target")} | values
            record = tuple((name, to_json(value)) for name, value in fields.items())
            plan.add(AddRecord(project.code, "indicators", record, record=indicator.id), cells)
            continue
        changed = {
            name: value
            for name, value in _differing(indicator, given).items()
            if not (
                name in ("to_date", "forecast", "final")
                and _same_measure(getattr(indicator, name), value, indicator.target.unit)
            )
        }
        edit = edit_record(project, "indicators", indicator.id, **changed)
        if edit.changes:
            plan.add(edit, values)
        target = settings.values.get(("target", indicator.id))
        if target is not None and not _same_measure(indicator.target.text, str(target.value), indicator.target.unit):
            plan.notes.append(t("form_import.left.target", settings.lang, id=indicator.id, cell=target.place.ref))
    funding = {key[1]: value for key, value in settings.of("funding").items()}
    if funding:
        given = {name: value.value for name, value in funding.items()}
        edit = edit_record(project, "funding", None, **_differing(project.funding, given))
        if edit.changes:
            plan.add(edit, funding)
    for source in project.funding.sources:
        values = {key[2]: value for key, value in settings.of("source", source.id).items()}
        if values:
            given = {name: value.value for name, value in values.items()}
            edit = edit_record(project, "sources", source.id, **_differing(source, given))
            if edit.changes:
                plan.add(edit, values)
    points = settings.values.get(("budget_points",))
    if points is not None and points.value != rules_for(project, store_rules).budget_points:
        plan.add(edit_record(project, "rules", None, budget_points=points.value), {"budget_points": points})
    # The sources' figures first, each held against the records with those before it: the total's then counts them.
    for (_, source, date), value in sorted(settings.of("paid").items(), key=lambda item: item[0][1] == WHOLE_PROJECT):
        (would_be,), _ = apply_edits((project,), plan.edits)
        _reported(plan, would_be, source, date, value)


def _differing(record: object, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from the record's own by value: 7.2 is the 7.20 the store holds, not a change."""
    return {name: value for name, value in values.items() if getattr(record, name) != value}


def _stored(indicator: Indicator, name: str, value: Value) -> Any:
    """A field's value as the store keeps it: an indicator's measure in its target's unit."""
    if name in ("to_date", "forecast", "final"):
        return typed_quantity(str(value.value), indicator.target.unit)
    return value.value


def _reported(plan: Plan, project: Project, source: str, date: Date, value: Value) -> None:
    """The form's 1–N月执行数 as a reported figure, unless the records already give that figure as of its date."""
    same = [r for r in project.funding.reported if r.date == date and r.source == source and r.paid is not None]
    if same:
        if same[-1].paid != value.value:
            plan.add(edit_record(project, "reported", same[-1].id, paid=value.value), {"paid": value})
        return
    known = cumulative(project, Figure.PAID, date, None if source == WHOLE_PROJECT else source)
    if known.amount is not None and cents(known.amount) == cents(value.value):
        return  # what the records already give, as drift's own export writes it
    reference = f"{plan.file} {value.place.ref}"
    edit = add_reported_figure(project.code, date=date, source=source, paid=value.value, reference=reference)
    plan.add(edit, {"paid": value} | dict.fromkeys(("date", "source", "reference"), _at(value)))


def _claim_edits(plan: Plan, project: Project, settings: _Settings, rules: Rules, lang: str) -> None:
    """The form's rates and scores as claims, unless drift's own figure is the same or a claim already says so.

    drift's own figure first: it is what drift's export writes, so a form exported and imported again leaves a
    claim recorded from an earlier report as it is, rather than overwritten with drift's figure."""
    for (_, kind, subject, date), value in settings.of("claim").items():
        if subject not in claim_subjects(project, kind):
            plan.notes.append(t("form_import.left.row_score", lang, cell=value.place.ref))
            continue
        text = f"{value.value}%" if kind is ClaimKind.EXECUTION_RATE else str(value.value)
        probe = Claim("form", kind, text, date, subject)
        (check,) = check_claims(structs.replace(project, claims=(probe,)), None, rules)
        computed = check.computed
        if isinstance(computed, Points):  # a score: one figure when exact; a band (no points) is no one figure
            computed = computed.low if computed.exact else None
        if isinstance(computed, Decimal) and cents(computed) == cents(value.value):
            continue  # drift's own figure: nothing the report adds
        same = [c for c in project.claims if c.kind is kind and c.subject == subject and c.date == date]
        if same:
            if same[-1].value != text:
                plan.add(edit_record(project, "claims", same[-1].id, value=text), {"value": value})
            continue
        reference = f"{plan.file} {value.place.ref}"
        edit = add_claim(project.code, kind=kind, value=text, date=date, subject=subject, reference=reference)
        plan.add(edit, {"value": value} | dict.fromkeys(("kind", "date", "subject", "reference"), _at(value)))


def _import_form_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="a filled 项目支出绩效目标执行监控表 or 项目支出绩效自评表 (.xlsx), as drift exports it or as a department fills it",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show each change and the cell it comes from; save nothing"
    )
    options.changing_arguments(parser)


COMMANDS = [
    Command(
        "import-form",
        "record a filled monitoring or self-evaluation table (.xlsx); nothing is saved unless every cell is readable",
        cmd_import_form,
        _import_form_arguments,
    ),
]
