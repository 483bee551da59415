"""The stable JSON form of analyses (`drift status --json`): money and percentages as two-decimal strings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import orjson
from msgspec import Struct
from pendulum import Date

from drift.analysis import ProjectAnalysis
from drift.budget import BudgetLine, TimeProgress, figures_text
from drift.claims import ClaimCheck
from drift.curve import CurvePoint, Member, PortfolioCurve, portfolio_curves, project_curve
from drift.earned_value import EarnedValue
from drift.flags import Flag, describe
from drift.indicators import IndicatorAnalysis
from drift.numbers import cents
from drift.portfolio import portfolio_row
from drift.rules import DEFAULT_RULES, SETTINGS, Rules
from drift.schedule import ScheduleAnalysis
from drift.selfeval import Points, SelfEvaluation

SCHEMA = 1
"""Raised whenever a field is renamed or removed; new fields may appear without it."""

TABLE_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "schedule": {
        "phase": ("schedule.phases[].name",),
        "planned": ("schedule.phases[].planned_start", "schedule.phases[].planned_end"),
        "actual": ("schedule.phases[].start_is_actual", "schedule.phases[].finish_is_actual"),
        "forecast": ("schedule.phases[].start", "schedule.phases[].finish"),
        "start": ("schedule.phases[].start", "schedule.phases[].start_is_actual"),
        "finish": ("schedule.phases[].finish", "schedule.phases[].finish_is_actual"),
        "start_slip": ("schedule.phases[].start_slip_days",),
        "finish_slip": ("schedule.phases[].finish_slip_days",),
        "status": ("schedule.phases[].status", "schedule.phases[].light"),
    },
    "budget": {
        "source": ("budget.sources[].name",),
        "budget": ("budget.sources[].annual_budget", "budget.total.annual_budget"),
        "allocated": ("budget.sources[].allocated", "budget.total.allocated"),
        "paid": ("budget.sources[].paid", "budget.total.paid"),
        "forecast": ("budget.sources[].forecast", "budget.total.forecast"),
        "remaining": ("budget.sources[].remaining_to_pay", "budget.total.remaining_to_pay"),
        "needed": ("budget.sources[].needed_per_month", "budget.total.needed_per_month"),
        "paid_of_allocated": ("budget.sources[].paid_pct_of_allocated", "budget.total.paid_pct_of_allocated"),
        "paid_of_budget": ("budget.sources[].paid_pct_of_budget", "budget.total.paid_pct_of_budget"),
        "time_progress": ("budget.time_progress.percent",),
        "trail": ("budget.sources[].trail_points", "budget.total.trail_points"),
        "light": ("budget.sources[].light", "budget.total.light"),
        "figures": ("budget.sources[].figures", "budget.total.figures"),
    },
    "portfolio": {
        "code": ("code",),
        "name": ("name",),
        "as_of": ("as_of",),
        "light": ("light", "unknown"),
        "schedule": ("schedule.light",),
        "budget": ("budget.light",),
        "slip": ("summary.schedule_slip_days",),
        "paid_of_budget": ("budget.total.paid_pct_of_budget",),
        "trail": ("summary.execution_trail_points",),
        "risks": ("summary.indicator_risks",),
        "flags": ("summary.flag_count",),
    },
    "flags": {"level": ("flags[].level",), "message": ("flags[].message",)},
    "curve": {
        "month": ("curve[].month",),
        "date": ("curve[].date", "curve[].as_of"),
        "paid": ("curve[].paid_pct",),
        "time_progress": ("curve[].time_pct",),
        "allocated": ("curve[].allocated_pct",),
    },
}
"""Where the JSON of a project holds each column of drift.tables' models ([] for each item of a list): the JSON
keeps typed values (dates, two-decimal strings, lights) where the tables hold text, so it names its fields itself;
a test holds this map to the models, so a column added to a model needs its field here too."""


def status_document(analyses: Iterable[ProjectAnalysis], lang: str) -> dict[str, Any]:
    """{"schema": 1, "projects": [...], "portfolio": {...}}: every analysis in the JSON form docs/analysis.md
    describes, and the portfolio's execution curve."""
    curves = _Curves()
    projects = list(curves.documents(analyses, lang))
    return {"schema": SCHEMA, "projects": projects, "portfolio": curves.portfolio()}


def status_json(analyses: Iterable[ProjectAnalysis], lang: str) -> Iterator[bytes]:
    """status_document as orjson writes it with OPT_INDENT_2, byte for byte, a project at a time: each analysis
    is written and let go as soon as it is made, so that 10,000 never sit in memory at once (issue #18)."""
    curves = _Curves()
    yield b'{\n  "schema": %d,\n  "projects": [' % SCHEMA
    none = True
    for document in curves.documents(analyses, lang):
        yield (b"\n" if none else b",\n") + _indented(document, depth=2)
        none = False
    portfolio = _indented(curves.portfolio(), depth=1).lstrip()  # after its key, on the key's line
    yield (b"]" if none else b"\n  ]") + b',\n  "portfolio": ' + portfolio + b"\n}"


def _indented(value: Any, depth: int) -> bytes:
    """value as orjson writes it with OPT_INDENT_2 at this depth of a document: each line indented 2 × depth more
    (a JSON string holds no raw newline, so every newline is orjson's own)."""
    return b"\n".join(b"  " * depth + line for line in orjson.dumps(value, option=orjson.OPT_INDENT_2).split(b"\n"))


class _Curves:
    """The portfolio's execution curve, gathered from each project's as its document is made."""

    def __init__(self) -> None:
        self.members: list[Member] = []
        self.rules: set[Rules] = set()

    def documents(self, analyses: Iterable[ProjectAnalysis], lang: str) -> Iterator[dict[str, Any]]:
        for analysis in analyses:
            member = Member(
                analysis.project, analysis.as_of, project_curve(analysis.project, analysis.as_of, analysis.rules)
            )
            self.members.append(member)
            self.rules.add(analysis.rules)
            yield project_document(analysis, lang, curve=member.points)

    def portfolio(self) -> dict[str, Any]:
        # The portfolio's time progress needs one basis: the rules every project shares, else the default ones.
        shared = next(iter(self.rules)) if len(self.rules) == 1 else DEFAULT_RULES
        return {"curve": [_portfolio_curve(curve) for curve in portfolio_curves(self.members, shared)]}


def project_document(
    analysis: ProjectAnalysis, lang: str, *, curve: Sequence[CurvePoint] | None = None
) -> dict[str, Any]:
    """One project's analysis as JSON-ready data; only "figures" and "message" depend on lang. curve is the
    project's execution curve when it is already drawn."""
    if curve is None:
        curve = project_curve(analysis.project, analysis.as_of, analysis.rules)
    row = portfolio_row(analysis)
    return {
        "code": analysis.project.code,
        "code_made": analysis.project.code_made,
        "name": analysis.project.name,
        "as_of": _date(analysis.as_of),
        "light": str(analysis.light),
        "unknown": list(analysis.unknown),
        "summary": {
            "light": str(row.light),
            "schedule_slip_days": row.schedule_slip_days,
            "execution_trail_points": _num(row.execution_trail_points),
            "indicator_risks": row.indicator_risks,
            "flag_count": row.flag_count,
        },
        "schedule": _schedule(analysis.schedule),
        "budget": {
            "light": str(analysis.budget.light),
            "allocations_stated": analysis.budget.allocations_stated,
            "time_progress": _time(analysis.budget.time),
            "total": _line(analysis.budget.total, analysis.budget.time, lang),
            "sources": [_line(line, analysis.budget.time, lang) for line in analysis.budget.sources],
            "whole_project": None
            if analysis.budget.whole_project is None
            else _line(analysis.budget.whole_project, analysis.budget.time, lang),
            "total_budget": _num(analysis.budget.total_budget),
            "paid_pct_of_total": _num(analysis.budget.paid_pct_of_total),
            "year_end": None
            if (year_end := analysis.budget.year_end) is None
            else {
                "date": _date(year_end.date),
                "allocated": _num(year_end.allocated),
                "paid": _num(year_end.paid),
                "carried_over": _num(year_end.carried_over),
                "stated_carried_over": _num(year_end.stated_carried_over),
                "paid_since": _num(year_end.paid_since),
            },
            "allocations": [
                {
                    "id": timing.allocation.id,
                    "source": str(timing.allocation.source),
                    "date": _date(timing.allocation.date),
                    "amount": _num(timing.allocation.amount),
                    "day_of_year": timing.day_of_year,
                }
                for timing in analysis.budget.allocations
            ],
            "reported": [
                {
                    "id": figure.id,
                    "source": figure.source,
                    "date": _date(figure.date),
                    "allocated": _num(figure.allocated),
                    "paid": _num(figure.paid),
                    "reference": figure.reference,
                }
                for figure in analysis.budget.reported
            ],
        },
        "earned_value": _earned_value(analysis.earned_value),
        "indicators": _indicators(analysis.indicators),
        "self_evaluation": _self_evaluation(analysis.self_evaluation),
        "claims": [_claim(check, lang) for check in analysis.claims],
        "flags": [flag_document(item, lang) for item in analysis.flags],
        "after_as_of": analysis.later.data(),
        "rules": _rules(analysis.rules),
        "curve": [_curve_point(point) for point in curve],
    }


def flag_document(item: Flag, lang: str) -> dict[str, Any]:
    """A flag as JSON: level, code, subject, its values and the sentence in lang."""
    return {
        "level": str(item.level),
        "code": item.code,
        "subject": item.subject,
        "values": {name: _value(value) for name, value in item.values},
        "message": describe(item, lang),
    }


def _schedule(schedule: ScheduleAnalysis) -> dict[str, Any]:
    return {
        "light": str(schedule.light),
        "planned_completion": _date(schedule.planned_completion),
        "completion": _date(schedule.completion),
        "completion_is_actual": schedule.completion_is_actual,
        "completion_slip_days": schedule.completion_slip_days,
        "phases": [
            {
                "id": item.phase.id,
                "name": item.phase.name,
                "status": str(item.status),
                "light": str(item.light),
                "planned_start": _date(item.phase.planned_start),
                "planned_end": _date(item.phase.planned_end),
                "planned_days": item.planned_days,
                "start": _date(item.start),
                "start_is_actual": item.start_is_actual,
                "finish": _date(item.finish),
                "finish_is_actual": item.finish_is_actual,
                "start_slip_days": item.start_slip_days,
                "finish_slip_days": item.finish_slip_days,
                "expected_end": _date(item.phase.expected_end),
            }
            for item in schedule.phases
        ],
        "milestones": [
            {
                "event": check.event.id,
                "name": check.event.name,
                "phase": check.event.phase,
                "marks": str(check.event.marks),
                "date": _date(check.event.date),
                "planned": _date(check.planned),
                "slip_days": check.slip_days,
                "recorded": _date(check.recorded),
                "agrees": check.agrees,
            }
            for check in schedule.milestones
        ],
    }


def _rules(rules: Rules) -> dict[str, Any]:
    """The settings a project or a store can state, as this analysis applied them (drift.rules.rules_for)."""
    return {name: setting_json(getattr(rules, name)) for name in SETTINGS}


def setting_json(value: Any) -> Any:
    """A rule setting as JSON: amounts as text with two decimals like every figure here, days and months as whole
    numbers, records (checkpoints, level points, grade floors) as objects of their fields; `drift rules` too."""
    if isinstance(value, tuple):
        return [setting_json(item) for item in value]
    if isinstance(value, Struct):
        return {name: setting_json(getattr(value, name)) for name in value.__struct_fields__}
    if isinstance(value, Decimal):
        return _num(value)
    return value if isinstance(value, int) else str(value)


def _time(time: TimeProgress) -> dict[str, Any]:
    return {"basis": str(time.basis), "elapsed": time.elapsed, "total": time.total, "percent": _num(time.percent)}


def _line(line: BudgetLine, time: TimeProgress, lang: str) -> dict[str, Any]:
    checkpoint = line.checkpoint
    return {
        "source": line.source,
        "kind": None if line.kind is None else str(line.kind),
        "name": line.name,
        "annual_budget": _num(line.annual_budget),
        "allocated": _num(line.allocated),
        "paid": _num(line.paid),
        "forecast": _num(line.forecast),
        "allocated_pct_of_budget": _num(line.allocated_pct_of_budget),
        "paid_pct_of_allocated": _num(line.paid_pct_of_allocated),
        "paid_pct_of_budget": _num(line.paid_pct_of_budget),
        "basis": str(line.basis),
        "execution_pct": _num(line.execution_pct),
        "not_split": [str(figure) for figure in line.not_split],
        "paid_from_reported": None if line.paid_from is None else line.paid_from.id,
        "trail_points": _num(line.trail_points),
        "remaining_to_pay": _num(line.remaining_to_pay),
        "needed_per_month": _num(line.needed_per_month),
        "checkpoint": None
        if checkpoint is None
        else {"date": _date(checkpoint.date), "required_pct": _num(checkpoint.required_pct), "met": checkpoint.met},
        "light": str(line.light),
        "figures": figures_text(line, time, lang),
    }


def _curve_point(point: CurvePoint) -> dict[str, Any]:
    return {
        "month": point.month,
        "date": _date(point.date),
        "as_of": point.is_as_of,
        "paid_pct": _num(point.paid_pct),
        "time_pct": _num(point.time_pct),
        "allocated_pct": _num(point.allocated_pct),
    }


def _portfolio_curve(curve: PortfolioCurve) -> dict[str, Any]:
    return {
        "budget_year": curve.budget_year,
        "points": [
            {
                "month": point.month,
                "date": _date(point.date),
                "as_of": point.is_as_of,
                "paid_pct": _num(point.paid_pct),
                "time_pct": _num(point.time_pct),
                "projects": point.projects,
                "unknown": point.unknown,
            }
            for point in curve.points
        ],
    }


def _earned_value(value: EarnedValue) -> dict[str, Any]:
    return {
        "budget_at_completion": _num(value.budget_at_completion),
        "percent_complete": _num(value.percent_complete),
        "planned_value": _num(value.planned_value),
        "earned_value": _num(value.earned_value),
        "actual_cost": _num(value.actual_cost),
        "schedule_variance": _num(value.schedule_variance),
        "cost_variance": _num(value.cost_variance),
        "spi": _num(value.spi),
        "cpi": _num(value.cpi),
        "estimate_at_completion": _num(value.estimate_at_completion),
    }


def _indicators(analysis: IndicatorAnalysis) -> dict[str, Any]:
    return {
        "light": str(analysis.light),
        "by_likelihood": dict(analysis.by_likelihood),
        "by_level1": dict(analysis.by_level1),
        "at_risk": analysis.at_risk,
        "items": [
            {
                "id": item.indicator.id,
                "level1": item.indicator.level1,
                "level2": item.indicator.level2,
                "level3": item.indicator.level3,
                "target": item.indicator.target.text,
                "to_date": item.indicator.to_date,
                "forecast": item.indicator.forecast,
                "likelihood": str(item.indicator.likelihood) if item.indicator.likelihood else None,
                "to_date_outcome": str(item.to_date),
                "forecast_outcome": str(item.forecast),
                "final": item.indicator.final,
                "final_outcome": str(item.final),
                "grade": str(item.indicator.grade) if item.indicator.grade else None,
                "at_risk": item.at_risk,
            }
            for item in analysis.evaluations
        ],
    }


def _self_evaluation(evaluation: SelfEvaluation | None) -> dict[str, Any] | None:
    """The score as the self-evaluation table gives it; None before the project is in its self-evaluation."""
    if evaluation is None:
        return None
    budget = evaluation.budget
    return {
        "total": _points(evaluation.total),
        "maximum": _num(evaluation.maximum),
        "grade": str(evaluation.grade) if evaluation.grade else None,
        "grades": [str(grade) for grade in evaluation.grades],
        "provisional": budget.provisional,
        "budget": {
            "initial_budget": _num(budget.initial_budget),
            "annual_budget": _num(budget.annual_budget),
            "paid": _num(budget.paid),
            "rate": _num(budget.rate),
        },
        "rows": [
            {
                "indicator": row.indicator.id if row.indicator else None,
                "weight": _num(row.weight),
                "score": _points(row.score),
                "met": row.met,
                "arithmetic": row.arithmetic,
                "reason": row.reason or None,
            }
            for row in (evaluation.budget_row, *evaluation.rows)
        ],
    }


def _points(points: Points | None) -> dict[str, Any] | None:
    """A score as its low and high end: equal when it is exact, a band when a qualitative grade has no points."""
    return None if points is None else {"low": _num(points.low), "high": _num(points.high)}


def _claim(check: ClaimCheck, lang: str) -> dict[str, Any]:
    claim = check.claim
    return {
        "id": claim.id,
        "kind": str(claim.kind),
        "subject": claim.subject,
        "value": claim.value,
        "date": _date(claim.date),
        "reference": claim.reference,
        "tolerance": None if claim.tolerance is None else str(claim.tolerance),
        "verdict": str(check.verdict),
        "computed": _value(check.computed),
        "flag": flag_document(check.flag, lang) if check.flag else None,
    }


def _num(value: Decimal | None) -> str | None:
    """Money, percentages and indices: a string with two decimals, never a JSON number (no float on the way)."""
    return None if value is None else str(cents(value))


def _date(value: Date | None) -> str | None:
    return None if value is None else value.isoformat()


def _value(value: object) -> object:
    if isinstance(value, Points):  # a claimed score against drift's: its low and high ends
        return _points(value)
    if isinstance(value, Decimal):
        return _num(value)
    if isinstance(value, Date):
        return value.isoformat()
    return value
