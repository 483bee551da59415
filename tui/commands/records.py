"""`drift phase`, `event`, `indicator`, `project`, `finding`, `recommendation`, `compliance` and `new`."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from pendulum import Date

from drift.i18n import t
from drift.rules import rules_for
from drift.selfeval import points_refusal
from store.edits import (
    Edit,
    add_compliance,
    add_event,
    add_finding,
    add_recommendation,
    delete_record,
    edit_record,
    new_project,
)
from store.errors import DriftError, ValidationError
from store.model import EventMark, Likelihood, SourceKind
from store.typed import read_points, typed_causes, typed_grade, typed_kind
from store.values import made_code, parse_percent, parse_year
from tui import options
from tui.command import Command
from tui.commands.saving import save
from tui.context import Context

# drift phase / event / indicator / project


def _clearable_date(args: argparse.Namespace, name: str) -> Date | bool | None:
    """The date option's value, None for --clear-NAME, False when neither was given."""
    if getattr(args, f"clear_{name}"):
        return None
    value = getattr(args, name)
    return False if value is None else options.date(f"--{name.replace('_', '-')}", value)


def cmd_phase(args: argparse.Namespace, ctx: Context) -> int:
    """Set or clear a phase's actual start and end, and the monitor's expectation."""
    store, project = options.loaded(args, ctx)
    values: dict[str, Any] = {}
    for name in ("actual_start", "actual_end", "expected_end"):
        value = _clearable_date(args, name)
        if value is not False:
            values[name] = value
    values |= options.given(
        percent_complete=None
        if args.percent_complete is None
        else options.parsed("--percent-complete", parse_percent, args.percent_complete),
        remark=options.text("--remark", args.remark),
    )
    if not values:
        raise DriftError(t("option.nothing_to_change", ctx.lang, options="--actual-start, --actual-end … (--help)"))
    return save(args, ctx, store, [edit_record(project, "phases", args.phase, **values)], before=project)


def cmd_event(args: argparse.Namespace, ctx: Context) -> int:
    """Record a milestone event with its document number, or delete one."""
    store, project = options.loaded(args, ctx)
    fields = ("date", "name", "document", "title", "issuer", "phase", "marks")
    if args.delete:
        options.one_of(args, fields, "--delete", ctx.lang)
        return save(args, ctx, store, [delete_record(project, "events", args.delete)])
    options.required(args, ("date", "name"), "events", ctx.lang)
    if args.marks and not args.phase:
        raise DriftError(t("option.marks_needs_phase", ctx.lang))
    if args.phase and project.phases and args.phase not in {phase.id for phase in project.phases}:
        phases = ", ".join(phase.id for phase in project.phases)
        raise ValidationError.said("error.not_a_phase", phase=args.phase, code=project.code, phases=phases).located(
            prefix="--phase"
        )
    edit = add_event(
        project.code,
        date=options.date("--date", args.date),
        name=options.text("--name", args.name),
        document=options.text("--document", args.document) or "",
        title=options.text("--title", args.title) or "",
        issuer=options.text("--issuer", args.issuer) or "",
        phase=args.phase or "",
        marks=EventMark(args.marks or "end"),
    )
    return save(args, ctx, store, [edit], before=project)


def cmd_indicator(args: argparse.Namespace, ctx: Context) -> int:
    """Record an indicator's value to date, full-year forecast, likelihood, deviation cause and remark."""
    store, project = options.loaded(args, ctx)
    unit = next((found.target.unit for found in project.indicators if found.id == args.indicator), "")
    values = options.given(
        to_date=options.measure("--to-date", args.to_date, unit),
        forecast=options.measure("--forecast", args.forecast, unit),
        deviation_cause=options.text("--cause", args.cause),
        analysis=options.text("--analysis", args.analysis),
        remark=options.text("--remark", args.remark),
        final=options.measure("--final", args.final, unit),
    )
    values |= options.amounts(args, ("weight", "points"), read_points)
    if args.likelihood is not None:
        values["likelihood"] = None if args.likelihood == "none" else Likelihood(args.likelihood)
    if args.grade is not None:
        values["grade"] = None if options.clears(args.grade) else options.parsed("--grade", typed_grade, args.grade)
    if args.causes is not None:
        values["cause_kinds"] = (
            () if options.clears(args.causes) else options.parsed("--causes", typed_causes, args.causes)
        )
    if not values:
        raise DriftError(
            "nothing to change: give --to-date, --forecast, --likelihood, --cause, --causes, --remark, --final, "
            "--weight, --grade or --points"
        )
    edit = edit_record(project, "indicators", args.indicator, **values)
    after, _ = edit.perform(project)
    if refusal := points_refusal(after, args.indicator, rules_for(after, store.rules()), ctx.lang):
        raise DriftError(f"--points: {refusal}")
    return save(args, ctx, store, [edit])


def cmd_project(args: argparse.Namespace, ctx: Context) -> int:
    """Set the project's status date and progress summary."""
    store, project = options.loaded(args, ctx)
    values: dict[str, Any] = {}
    status_date = _clearable_date(args, "status_date")
    if status_date is not False:
        values["status_date"] = status_date
    values |= options.given(progress_summary=options.text("--progress-summary", args.progress_summary))
    if not values:
        raise DriftError(t("option.nothing_to_change", ctx.lang, options="--status-date, --progress-summary"))
    return save(args, ctx, store, [edit_record(project, "project", None, **values)])


# drift finding / recommendation / compliance: add, edit N, delete N


def _listed_record(
    args: argparse.Namespace, ctx: Context, kind: str, fields: Sequence[str], adder: Callable[..., Edit]
) -> int:
    """add, edit N or delete N of a record known by its position in the project's list."""
    store, project = options.loaded(args, ctx)
    if args.action == "add":
        if args.number is not None:
            raise DriftError(t("option.add_no_number", ctx.lang, what=t(f"option.new.{kind}", ctx.lang)))
        options.required(args, fields[:1], kind, ctx.lang)
        values = {name: options.text(f"--{name}", getattr(args, name)) or "" for name in fields}
        edit = adder(project.code, **values) if kind != "recommendations" else adder(project.code, values["text"])
        return save(args, ctx, store, [edit])
    if args.number is None:
        raise DriftError(t("option.needs_number", ctx.lang, action=args.action))
    if args.action == "delete":
        options.one_of(args, fields, "delete", ctx.lang)
        return save(args, ctx, store, [delete_record(project, kind, args.number)])
    values = options.given(**{name: options.text(f"--{name}", getattr(args, name)) for name in fields})
    if not values:
        raise options.edit_needs("edit", fields, ctx.lang)
    return save(args, ctx, store, [edit_record(project, kind, args.number, **values)])


def cmd_finding(args: argparse.Namespace, ctx: Context) -> int:
    """Add, edit or delete a finding: problem, cause, recommendation."""
    return _listed_record(args, ctx, "findings", ("problem", "cause", "recommendation"), add_finding)


def cmd_recommendation(args: argparse.Namespace, ctx: Context) -> int:
    """Add, edit or delete a recommendation not tied to a finding."""
    return _listed_record(args, ctx, "recommendations", ("text",), add_recommendation)


def cmd_compliance(args: argparse.Namespace, ctx: Context) -> int:
    """Add, edit or delete a compliance check: item, status, risk."""
    return _listed_record(args, ctx, "compliance", ("item", "status", "risk"), add_compliance)


# drift new


def _source_budget(text: str) -> tuple[SourceKind, Decimal]:
    kind, sep, amount = text.partition("=")
    if not sep:
        raise ValidationError.said("error.kind_amount", text=text).located(prefix="--source")
    source = typed_kind(kind)
    if source is None:
        kinds = ", ".join(kind.value for kind in SourceKind)
        raise ValidationError.said("error.source_kind_typed", kind=kind, kinds=kinds).located(prefix="--source")
    return source, options.money("--source", amount)


def cmd_new(args: argparse.Namespace, ctx: Context) -> int:
    """Add a new project with its code, name, budget year and annual budget."""
    year = options.parsed("--year", parse_year, args.year)
    name = options.text("--name", args.name)
    department = options.text("--department", args.department)
    made = args.code is None  # a report that gives no project code (项目代码): drift makes one, and says so
    unit = options.text("--unit", args.unit)
    code = (
        made_code(name, year, department or "", unit or "", "") if made else options.text("--code", args.code).strip()
    )
    if not code:
        raise ValidationError.said("error.empty").located(prefix="--code")
    extra = options.given(
        department=department,
        code_made=True if made else None,
        implementing_unit=unit,
        status_date=options.date("--status-date", args.status_date),
    )
    edit = new_project(
        code,
        name=name,
        budget_year=year,
        annual_budget=options.money("--annual-budget", args.annual_budget),
        sources=[_source_budget(text) for text in args.source or ()],
        **extra,
    )
    return save(args, ctx, ctx.store(), [edit])


# Arguments


def _date_option(parser: argparse.ArgumentParser, name: str, help: str) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(f"--{name}", metavar="DATE", help=f"{help}, YYYY-MM-DD")
    group.add_argument(f"--clear-{name}", action="store_true", help=f"forget the {help}")


def _phase_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("phase", metavar="PHASE_ID", help="the phase's id, e.g. design")
    _date_option(parser, "actual-start", "actual start")
    _date_option(parser, "actual-end", "actual end")
    _date_option(parser, "expected-end", "monitor's expected end")
    parser.add_argument("--percent-complete", metavar="PERCENT", help="0–100, for earned value")
    parser.add_argument("--remark", metavar="TEXT")
    options.changing_arguments(parser)


def _event_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--delete", metavar="ID", help="delete this event instead of adding one")
    parser.add_argument("--date", metavar="DATE", help="YYYY-MM-DD")
    parser.add_argument("--name", metavar="TEXT", help="e.g. 竣工验收")
    parser.add_argument("--document", metavar="TEXT", help="document number, e.g. 襄发改审字〔2023〕9号")
    parser.add_argument("--title", metavar="TEXT", help="the document's title")
    parser.add_argument("--issuer", metavar="TEXT", help="who issued the document")
    parser.add_argument("--phase", metavar="ID", help="the phase this event opens or closes")
    parser.add_argument("--marks", choices=("start", "end"), help="which end of --phase (default: end)")
    options.changing_arguments(parser)


def _indicator_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("indicator", metavar="ID", help="the indicator's id, e.g. I5")
    parser.add_argument("--to-date", metavar="TEXT", help="完成情况 as written: 0, 45%%, -")
    parser.add_argument("--forecast", metavar="TEXT", help="全年预计 as written")
    parser.add_argument("--likelihood", choices=("certain", "possible", "impossible", "none"))
    parser.add_argument("--cause", metavar="TEXT", help="偏差原因分析")
    parser.add_argument("--analysis", metavar="TEXT", help="the monitor's analysis")
    parser.add_argument("--remark", metavar="TEXT", help="备注")
    parser.add_argument(
        "--causes",
        metavar="LIST",
        help="the deviation-cause headings to tick: 经费保障,制度保障,人员保障,硬件条件保障,其他 (or funding, rules, "
        "staff, facilities, other); none clears",
    )
    parser.add_argument(
        "--final", metavar="TEXT", help="实际完成值 at the self-evaluation, as written: 37.24万元, 96%%"
    )
    parser.add_argument("--weight", metavar="POINTS", help="分值 of this indicator in the score; none clears")
    parser.add_argument(
        "--grade",
        metavar="GRADE",
        help="a qualitative indicator's grade: 达成, 部分达成, 未达成 (achieved, partly, not_achieved); none clears",
    )
    parser.add_argument(
        "--points", metavar="POINTS", help="得分 of a qualitative indicator, inside its grade's band; none clears"
    )
    options.changing_arguments(parser)


def _project_arguments(parser: argparse.ArgumentParser) -> None:
    _date_option(parser, "status-date", "status date (状态日期)")
    parser.add_argument("--progress-summary", metavar="TEXT", help="具体完成情况")
    options.changing_arguments(parser)


def _listed_arguments(*fields: tuple[str, str]) -> Callable[[argparse.ArgumentParser], None]:
    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("action", choices=("add", "edit", "delete"))
        parser.add_argument("number", metavar="N", nargs="?", help="for edit and delete: 1 for the first, …")
        for name, help in fields:
            parser.add_argument(f"--{name}", metavar="TEXT", help=help)
        options.changing_arguments(parser)

    return arguments


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--code", metavar="CODE", help="project code (项目代码), unique in the store; left out, drift makes one"
    )
    parser.add_argument("--name", metavar="TEXT", required=True, help="project name")
    parser.add_argument("--year", metavar="YEAR", required=True, help="budget year, e.g. 2024")
    parser.add_argument(
        "--annual-budget",
        metavar="AMOUNT",
        help="年度预算 in 万元, e.g. 589.20; leave it out when the report states none",
    )
    parser.add_argument(
        "--source",
        metavar="KIND=AMOUNT",
        action="append",
        help="a funding source and its annual budget, e.g. central=82; repeat for each",
    )
    parser.add_argument("--department", metavar="TEXT", help="主管部门")
    parser.add_argument("--unit", metavar="TEXT", help="implementing unit (实施单位)")
    parser.add_argument("--status-date", metavar="DATE", help="YYYY-MM-DD")
    options.changing_arguments(parser, project=False)


PROGRESS_COMMANDS = [
    Command("phase", "set or clear a phase's actual start and end", cmd_phase, _phase_arguments),
    Command("event", "record a milestone event with its document number", cmd_event, _event_arguments),
    Command(
        "indicator",
        "record an indicator's value to date, forecast, likelihood, deviation cause, and at the self-evaluation its "
        "final value, 分值, grade and points",
        cmd_indicator,
        _indicator_arguments,
    ),
    Command("project", "set the project's status date", cmd_project, _project_arguments),
]
"""Schedule, indicators and the project's own fields; `drift --help` lists `claim` next, then LISTED_COMMANDS."""

LISTED_COMMANDS = [
    Command(
        "finding",
        "add, edit or delete a finding (problem, cause, recommendation)",
        cmd_finding,
        _listed_arguments(
            ("problem", "the problem found"), ("cause", "its cause"), ("recommendation", "what to do about it")
        ),
    ),
    Command(
        "recommendation",
        "add, edit or delete a recommendation not tied to a finding",
        cmd_recommendation,
        _listed_arguments(("text", "the recommendation")),
    ),
    Command(
        "compliance",
        "add, edit or delete a compliance check (延伸监控)",
        cmd_compliance,
        _listed_arguments(("item", "what was checked"), ("status", "what was found"), ("risk", "problems and risks")),
    ),
    Command("new", "add a new project with its code, name, budget year and annual budget", cmd_new, _new_arguments),
]
"""The records known by their place in a list (finding, recommendation, compliance check), and `new` for a project."""

COMMANDS = [*PROGRESS_COMMANDS, *LISTED_COMMANDS]
