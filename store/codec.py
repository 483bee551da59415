"""Turns JSON into model records and back: each field checked by store.schema, then the rules that span fields."""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any

from msgspec import Struct
from pendulum import Date

from store import model
from store.errors import ValidationError, Words
from store.model import Project, Target
from store.schema import Reader
from store.typed import typed_kind, unlisted_source
from store.values import check_year, parse_claim_value


def _encode(value: Any) -> Any:
    if isinstance(value, str):  # StrEnum members too
        return str(value)
    if isinstance(value, Target):
        return value.text
    if isinstance(value, (Decimal, Date)):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if isinstance(value, Struct):
        out = {}
        for name, default in model.defaults(type(value)):
            item = getattr(value, name)
            if item != default and not _implied(value, name, item):  # left out so files stay short
                out[name] = _encode(item)
        return out
    return value


def _implied(record: Any, name: str, value: Any) -> bool:
    """A value the file need not say because reading it gives it back: a source's id that is its kind."""
    return name == "id" and isinstance(record, model.Source) and value == str(record.kind)


_PROJECTS = Reader(Project)
_RULE_SETTINGS = Reader(model.RuleSettings)


def decode_project(data: bytes | memoryview | Any, *, checked_before: bool = False) -> Project:
    """A validated Project from its JSON text, or from its JSON form parsed; ValidationError names the field path.

    checked_before: the text is byte for byte one that passed every rule before (see store.checked).
    """
    if isinstance(data, (bytes, memoryview)):
        project = _PROJECTS.decode(data, checked_before=checked_before)
        if checked_before:
            return project
    else:
        project = _PROJECTS.convert(data)
    check_project(project)
    return project


def encode_project(project: Project) -> dict[str, Any]:
    """The JSON form of a project: money and dates as strings, defaults left out."""
    encoded: dict[str, Any] = _encode(project)
    return encoded


def check_project(project: Project) -> None:
    """Rules that span several fields: unique ids, references, date order, the budget year."""
    try:
        check_year(project.budget_year)
    except ValidationError as error:
        raise error.located(prefix="budget_year") from None
    _unique(project.phases, "phases")
    _unique(project.events, "events")
    _unique(project.indicators, "indicators")
    _unique(project.funding.allocations or (), "funding.allocations")
    _unique(project.funding.payments, "funding.payments")
    _unique(project.claims, "claims")
    for index, indicator in enumerate(project.indicators):
        if len(set(indicator.cause_kinds)) != len(indicator.cause_kinds):
            _bad(f"indicators[{index}].cause_kinds", "lists a cause twice")

    phase_ids = {phase.id for phase in project.phases}
    for index, phase in enumerate(project.phases):
        where = f"phases[{index}]"
        if phase.planned_end < phase.planned_start:
            _bad(f"{where}.planned_end", f"{phase.planned_end} is before planned_start {phase.planned_start}")
        if phase.actual_start and phase.actual_end and phase.actual_end < phase.actual_start:
            _bad(f"{where}.actual_end", f"{phase.actual_end} is before actual_start {phase.actual_start}")
        for pred in phase.predecessors:
            if pred not in phase_ids or pred == phase.id:
                _bad(f"{where}.predecessors", f"{pred!r} is not another phase of this project")
    _acyclic(project.phases)
    for index, event in enumerate(project.events):
        if event.phase and event.phase not in phase_ids:
            _bad(f"events[{index}].phase", f"{event.phase!r} is not a phase of this project")

    funding = project.funding
    ids = [source.id for source in funding.sources]
    for index, source in enumerate(funding.sources):
        if ids.index(source.id) != index and source.id == source.kind:
            _bad(
                f"funding.sources[{index}].id",
                f"{source.id!r} is used twice: give each source of one kind an id of its own",
            )
    _unique(funding.sources, "funding.sources")
    for index, source in enumerate(funding.sources):
        named = typed_kind(source.id)
        if named is not None and named is not source.kind:  # typed "中央" must never reach an "other" source
            _bad(
                f"funding.sources[{index}].id",
                f"{source.id!r} names the kind {named}; a source of kind {source.kind} needs another id",
            )
    _unique(funding.reported, "funding.reported")
    money: tuple[tuple[str, tuple[model.Allocation | model.Payment | model.ReportedFigure, ...]], ...] = (
        ("allocations", funding.allocations or ()),
        ("payments", funding.payments),
        ("reported", funding.reported),
    )
    listed = {model.WHOLE_PROJECT, *ids}
    years = money_years(project)
    for name, records in money:
        for index, record in enumerate(records):
            # Asked once per record of every project as a store is checked: the reason is found only when needed.
            if record.source not in listed:
                _bad(f"funding.{name}[{index}].source", funding_source_problem(project, record.source))
            if record.date.year not in years:
                _bad(f"funding.{name}[{index}].date", money_date_problem(project, record.date))
    for index, figure in enumerate(funding.reported):
        if figure.allocated is None and figure.paid is None:
            _bad(f"funding.reported[{index}]", "states neither allocated nor paid")
    if project.period and project.period.end < project.period.start:
        _bad("period.end", f"{project.period.end} is before start {project.period.start}")
    for index, claim in enumerate(project.claims):
        _check_claim(project, claim, f"claims[{index}]")
        if claim.date.year < project.budget_year:
            _bad(f"claims[{index}].date", f"{claim.date} is before the budget year {project.budget_year}")
    if broken := rule_settings_problem(project.rules):
        _bad(f"rules.{broken[0]}", broken[1])


# What a payment or an allocation must be, once: checked above as a store or an import is read, and by the command
# line, the ledger reader and the forms before they build one, each naming its own option, column or field.


def funding_source_problem(project: Project, source: str) -> str:
    """Why money cannot be recorded against source, a source id or "" for the project as a whole; "" when it can."""
    listed = [item.id for item in project.funding.sources]
    if source == model.WHOLE_PROJECT or source in listed:
        return ""
    return str(unlisted_source(source, project.funding.sources))


def money_years(project: Project) -> range:
    """The years money of the project's budget year may move in: advance allocations (提前下达) come in the year
    before, carried-over money (结转) is paid in the year after; later money is 结余, returned, not this year's."""
    return range(project.budget_year - 1, project.budget_year + 2)


def money_date_words(project: Project, date: Date) -> Words | None:
    """Why a payment, an allocation or a reported figure cannot be dated so, by key; None when it can."""
    years = money_years(project)
    if date.year in years:
        return None
    return Words("error.money_year", {"date": date, "first": years[0], "last": years[-1], "year": project.budget_year})


def money_date_problem(project: Project, date: Date) -> str:
    """Why a payment, an allocation or a reported figure cannot be dated so, in English; "" when it can."""
    words = money_date_words(project, date)
    return "" if words is None else str(words)


def listed_source(project: Project, text: str) -> str:
    """The funding source id text names, one the project lists, or "" for the whole project; ValidationError (no
    path) saying why not."""
    source = text.strip()
    if problem := funding_source_problem(project, source):
        raise ValidationError(problem)
    return source


def money_date(project: Project, date: Date) -> Date:
    """The date of a payment, an allocation or a reported figure; ValidationError (no path) when money of the
    budget year cannot move then."""
    if words := money_date_words(project, date):
        raise ValidationError.of(words)
    return date


# What rule settings must be, once: a project's `rules` as it is read or edited, and the store's rules file.

_PAIRS = (("budget_yellow_points", "budget_red_points"), ("schedule_yellow_days", "schedule_red_days"))
"""Each light's two thresholds, yellow before red."""


def rule_settings_problem(settings: model.RuleSettings) -> tuple[str, str | Words] | None:
    """The setting (its path inside the settings) that breaks a rule and why; None when all hold.

    A pair of thresholds is stated together or not at all, yellow below red: so every layering of valid settings
    (project over store over defaults) is valid too. Checkpoint months are 1–12, each at most once.
    """
    for yellow_name, red_name in _PAIRS:
        yellow, red = getattr(settings, yellow_name), getattr(settings, red_name)
        if (yellow is None) != (red is None):
            missing, given = (yellow_name, red_name) if yellow is None else (red_name, yellow_name)
            return missing, f"is missing: {given} and {missing} are set together"
        if yellow is not None and red <= yellow:
            return red_name, f"{red} must be above {yellow_name} {yellow}"
    months: set[int] = set()
    for index, checkpoint in enumerate(settings.checkpoints or ()):
        where = f"checkpoints[{index}].month"
        if not 1 <= checkpoint.month <= 12:
            return where, Words("error.month", {"month": checkpoint.month})
        if checkpoint.month in months:
            return where, f"month {checkpoint.month} is listed twice"
        months.add(checkpoint.month)
    if settings.budget_points is not None and settings.budget_points > 100:
        return "budget_points", f"{settings.budget_points} is more than the form's 100 points"
    groups: set[str] = set()
    for index, level in enumerate(settings.level_points or ()):
        if level.points > 100:
            return f"level_points[{index}].points", f"{level.points} is more than the form's 100 points"
        if not level.level1.strip():
            return f"level_points[{index}].level1", "must name a level-1 group (产出, 效益, 满意度 …)"
        if level.level1 != level.level1.strip():
            return f"level_points[{index}].level1", f"{level.level1!r} has spaces around it, which no name starts with"
        overlap = next(
            (name for name in groups if name.startswith(level.level1) or level.level1.startswith(name)), None
        )
        if overlap == level.level1:
            return f"level_points[{index}].level1", f"{level.level1} is listed twice"
        if overlap is not None:
            # 产出 and 产出指标 would both name 产出指标's indicators: which points they carry would be a guess.
            return f"level_points[{index}].level1", f"{level.level1} and {overlap} name the same group"
        groups.add(level.level1)
    floors = settings.grade_floors
    if floors is not None and not floors.fair < floors.good < floors.excellent <= 100:
        return "grade_floors", "must rise from fair to good to excellent, at most 100"
    return None


def decode_rule_settings(data: Any) -> model.RuleSettings:
    """Validated rule settings from their JSON form (a store's rules file); ValidationError names the setting."""
    names = model.RuleSettings.__struct_fields__
    for key in data if type(data) is dict else ():
        if key not in names:
            raise ValidationError.said("error.rule_setting", names=", ".join(names)).located(prefix=str(key))
    settings = _RULE_SETTINGS.convert(data)
    if problem := rule_settings_problem(settings):
        _bad(problem[0], problem[1])
    return settings


CLAIM_SUBJECTS = {
    model.ClaimKind.EXECUTION_RATE: Words("claim.about.source"),
    model.ClaimKind.ALLOCATION_RATE: Words("claim.about.source"),
    model.ClaimKind.COMPLETION_DATE: Words("claim.about.phase"),
    model.ClaimKind.INDICATOR_VALUE: Words("claim.about.indicator"),
    model.ClaimKind.LIKELIHOOD: Words("claim.about.indicator"),
    model.ClaimKind.SCORE: Words("claim.about.indicator_or_total"),
}
"""What a claim of each kind is about, said by key."""


def claim_subjects(project: Project, kind: model.ClaimKind) -> tuple[str, ...]:
    """The subjects a claim of this kind may name, in the project's order; "" is the project as a whole."""
    if kind in (model.ClaimKind.EXECUTION_RATE, model.ClaimKind.ALLOCATION_RATE):
        return ("", *(source.id for source in project.funding.sources))
    if kind is model.ClaimKind.COMPLETION_DATE:
        return ("", *(phase.id for phase in project.phases))
    if kind is model.ClaimKind.SCORE:
        return ("", *(indicator.id for indicator in project.indicators))
    return tuple(indicator.id for indicator in project.indicators)


def claim_subject_problem(project: Project, kind: model.ClaimKind, subject: str) -> Words | None:
    """Why subject cannot be what a claim of this kind is about, naming what it can be; None when it can."""
    allowed = claim_subjects(project, kind)
    if subject in allowed:
        return None
    named = ", ".join(item for item in allowed if item)
    listed = f" ({named})" if named else ""
    if allowed == ("",):
        return Words("error.claim_subject_none", {"subject": subject, "kind": str(kind)})
    about = CLAIM_SUBJECTS[kind]
    if not subject:
        return Words("error.claim_subject_missing", {"kind": str(kind), "about": about, "listed": listed})
    return Words("error.claim_subject_wrong", {"subject": subject, "about": about, "listed": listed})


def _check_claim(project: Project, claim: model.Claim, where: str) -> None:
    try:
        parse_claim_value(claim.kind, claim.value)
    except ValidationError as error:
        _bad(f"{where}.value", error.message)
    problem = claim_subject_problem(project, claim.kind, claim.subject)
    if problem:
        _bad(f"{where}.subject", problem)
    if claim.tolerance is not None and (problem := tolerance_problem(claim.kind, claim.tolerance)):
        _bad(f"{where}.tolerance", problem)


_MOST_TOLERATED = {
    model.ClaimKind.EXECUTION_RATE: Decimal(20),
    model.ClaimKind.ALLOCATION_RATE: Decimal(20),
    model.ClaimKind.COMPLETION_DATE: Decimal(30),
    model.ClaimKind.SCORE: Decimal(10),
}
"""The most a claim may be allowed: what the default rules already call red (20 points behind time, 30 days late),
and a tenth of a score; more would let a claim agree with figures that are themselves a red light."""


def tolerance_problem(kind: model.ClaimKind, tolerance: Decimal) -> Words | None:
    """Why a claim of this kind cannot take this tolerance; None when it can."""
    if kind is model.ClaimKind.LIKELIHOOD:
        return Words("error.tolerance_likelihood")
    most = _MOST_TOLERATED.get(kind)
    if most is not None and tolerance > most:
        return Words("error.tolerance_most", {"tolerance": tolerance, "kind": str(kind), "most": most})
    if kind is model.ClaimKind.COMPLETION_DATE and tolerance != tolerance.to_integral_value():
        return Words("error.tolerance_days", {"tolerance": tolerance})
    return None


def _unique(records: tuple[Any, ...], where: str) -> None:
    ids = [record.id for record in records]
    if len(set(ids)) == len(ids) and all(map(str.strip, ids)):  # as nearly always: no loop in Python
        return
    seen: set[str] = set()
    for index, record in enumerate(records):
        if not record.id.strip():
            _bad(f"{where}[{index}].id", "is empty; a record needs an id to be edited or deleted by")
        if record.id in seen:
            _bad(f"{where}[{index}].id", f"{record.id!r} is used twice")
        seen.add(record.id)


def _acyclic(phases: tuple[model.Phase, ...]) -> None:
    """Kahn's topological sort: each phase and each link looked at once, so 10,000 chained phases cost nothing."""
    earlier: set[str] = set()
    for phase in phases:  # as nearly always, each phase follows only phases listed before it: no cycle
        if not earlier.issuperset(phase.predecessors):
            break
        earlier.add(phase.id)
    else:
        return
    unmet = {phase.id: len(set(phase.predecessors)) for phase in phases}
    followers: dict[str, list[str]] = {}
    for phase in phases:
        for pred in set(phase.predecessors):
            followers.setdefault(pred, []).append(phase.id)
    ready = [pid for pid, count in unmet.items() if not count]
    done: set[str] = set()
    while ready:
        pid = ready.pop()
        done.add(pid)
        for follower in followers.get(pid, ()):
            unmet[follower] -= 1
            if not unmet[follower]:
                ready.append(follower)
    if len(done) < len(phases):  # what is left lies on a cycle or after one
        index = next(i for i, phase in enumerate(phases) if phase.id not in done)
        _bad(f"phases[{index}].predecessors", f"phase {phases[index].id!r} depends on itself through its predecessors")


def _bad(path: str, message: str | Words) -> typing.NoReturn:
    if isinstance(message, Words):  # said by key, for the command line to word in the user's language
        raise ValidationError.of(message).located(prefix=path)
    raise ValidationError(message, path)
