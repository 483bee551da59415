"""A report's claims about itself held against drift's own figures as of each claim's date."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pendulum import Date

from drift.budget import BudgetAnalysis, BudgetLine, analyse_budget
from drift.dates import days_after
from drift.flags import TOTAL, Flag, flag
from drift.i18n import t
from drift.indicators import Outcome, evaluate
from drift.later import counts
from drift.numbers import cents
from drift.rules import Light, Rules
from drift.schedule import ScheduleAnalysis, analyse_schedule
from store.model import Claim, ClaimKind, Indicator, Likelihood, Project
from store.values import parse_claim_value, parse_measure


class Verdict(StrEnum):
    """What drift's own figures say of a claim."""

    AGREES = "agrees"
    CONTRADICTS = "contradicts"
    """The records give a figure beyond the claim's tolerance: the flag says both."""
    UNCHECKED = "unchecked"
    """drift has no figure of its own to hold it against; the flag (level unknown) says why."""


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """One claim and what the records give for it as of the claim's date."""

    claim: Claim
    verdict: Verdict
    computed: object
    """drift's figure: a rate (Decimal), a date, a value as recorded (str), a Likelihood; None when unchecked."""
    flag: Flag | None
    """The contradiction (at the rules' claim light) or why it cannot be checked (unknown); None when it agrees."""


class _Figures:
    """The budget and schedule as of each claim date, each computed once however many claims share the date."""

    def __init__(self, project: Project, rules: Rules) -> None:
        self.project, self.rules = project, rules
        self._budgets: dict[Date, BudgetAnalysis] = {}
        self._schedules: dict[Date, ScheduleAnalysis] = {}

    def budget(self, day: Date) -> BudgetAnalysis:
        if day not in self._budgets:
            self._budgets[day] = analyse_budget(self.project, day, self.rules)
        return self._budgets[day]

    def schedule(self, day: Date) -> ScheduleAnalysis:
        if day not in self._schedules:
            self._schedules[day] = analyse_schedule(self.project, day, self.rules)
        return self._schedules[day]


def check_claims(project: Project, as_of: Date | None, rules: Rules) -> tuple[ClaimCheck, ...]:
    """Every claim dated on or before as_of (every claim when None), held against the records as of its own
    date; later ones wait for their date."""
    if not project.claims:  # most projects: nothing to build
        return ()
    figures = _Figures(project, rules)
    return tuple(
        _check(claim, project, figures) for claim in project.claims if as_of is None or counts(claim.date, as_of)
    )


def _check(claim: Claim, project: Project, figures: _Figures) -> ClaimCheck:
    claimed = parse_claim_value(claim.kind, claim.value)
    if claim.kind in (ClaimKind.EXECUTION_RATE, ClaimKind.ALLOCATION_RATE):
        assert isinstance(claimed, Decimal)
        return _rate(claim, claimed, figures)
    if claim.kind is ClaimKind.COMPLETION_DATE:
        assert isinstance(claimed, Date)
        return _completion(claim, claimed, figures)
    if claim.kind is ClaimKind.SCORE:
        # The self-evaluation score is not computed yet; the claim is kept and said to be unchecked.
        return _unchecked(claim, "no_score")
    indicator = next(item for item in project.indicators if item.id == claim.subject)
    if claim.kind is ClaimKind.LIKELIHOOD:
        assert isinstance(claimed, Likelihood)
        return _likelihood(claim, claimed, indicator, figures.rules)
    return _indicator_value(claim, indicator, figures.rules)


def _unchecked(claim: Claim, reason: str) -> ClaimCheck:
    item = flag(Light.UNKNOWN, "claim.unchecked", claim.subject, kind=claim.kind, claimed=claim.value, reason=reason)
    return ClaimCheck(claim, Verdict.UNCHECKED, None, item)


def _verdict(claim: Claim, computed: object, contradiction: Flag | None) -> ClaimCheck:
    verdict = Verdict.CONTRADICTS if contradiction else Verdict.AGREES
    return ClaimCheck(claim, verdict, computed, contradiction)


def _source_line(budget: BudgetAnalysis, subject: str) -> BudgetLine:
    return next((line for line in budget.sources if str(line.source) == subject), budget.total)


def _rate(claim: Claim, claimed: Decimal, figures: _Figures) -> ClaimCheck:
    budget = figures.budget(claim.date)
    line = _source_line(budget, claim.subject)
    execution = claim.kind is ClaimKind.EXECUTION_RATE
    rate = line.paid_pct_of_budget if execution else line.allocated_pct_of_budget
    if rate is None:
        stated = execution or budget.allocations_stated
        return _unchecked(claim, "no_budget" if stated else "allocations_not_stated")
    gap = abs(claimed - rate)
    tolerance = figures.rules.claim_rate_points if claim.tolerance is None else claim.tolerance
    contradiction = None
    if gap > tolerance:
        amount = line.paid if execution else line.allocated
        contradiction = flag(
            figures.rules.claim_light,
            f"claim.{claim.kind}",
            claim.subject or TOTAL,
            name=line.name,
            claimed=claim.value,
            reference=claim.reference,
            rate=rate,
            amount=cents(amount or 0),
            budget=cents(line.annual_budget),
            gap_points=cents(gap),
            date=claim.date,
        )
    return _verdict(claim, rate, contradiction)


def _completion(claim: Claim, claimed: Date, figures: _Figures) -> ClaimCheck:
    schedule = figures.schedule(claim.date)
    finish = schedule.phase(claim.subject).finish if claim.subject else schedule.completion
    if finish is None:
        return _unchecked(claim, "no_phases")
    late = days_after(claimed, finish)
    tolerance = figures.rules.claim_days if claim.tolerance is None else claim.tolerance
    contradiction = None
    if late > tolerance:
        name = schedule.phase(claim.subject).phase.name if claim.subject else figures.project.name
        contradiction = flag(
            figures.rules.claim_light,
            "claim.completion_date",
            claim.subject,
            name=name,
            claimed=claimed,
            reference=claim.reference,
            forecast=finish,
            late_days=late,
            date=claim.date,
        )
    return _verdict(claim, finish, contradiction)


def _indicator_value(claim: Claim, indicator: Indicator, rules: Rules) -> ClaimCheck:
    recorded = indicator.to_date
    if evaluate(indicator.target, recorded) is Outcome.MISSING:
        return _unchecked(claim, "no_value")
    claimed_measure, recorded_measure = parse_measure(claim.value), parse_measure(recorded)
    if claim.value.strip() == recorded.strip():
        differs = False
    elif claimed_measure and recorded_measure and _same_unit(claimed_measure[2], recorded_measure[2]):
        tolerance = claim.tolerance or Decimal(0)
        differs = abs(claimed_measure[1] - recorded_measure[1]) > tolerance
    else:
        outcomes = {evaluate(indicator.target, text) for text in (claim.value, recorded)}
        if not outcomes <= {Outcome.MET, Outcome.NOT_MET}:
            return _unchecked(claim, "not_comparable")
        differs = len(outcomes) == 2
    contradiction = None
    if differs:
        contradiction = flag(
            rules.claim_light,
            "claim.indicator_value",
            indicator.id,
            name=indicator.level3,
            claimed=claim.value,
            reference=claim.reference,
            recorded=recorded,
            target=indicator.target.text,
        )
    return _verdict(claim, recorded, contradiction)


def _same_unit(one: str, other: str) -> bool:
    """The forms often leave the unit out ("45" for 45%): only two different written units differ."""
    return not one or not other or one == other


def _likelihood(claim: Claim, claimed: Likelihood, indicator: Indicator, rules: Rules) -> ClaimCheck:
    """The forecast decides where it can be read against the target; otherwise the grid's own likelihood does.

    "possible" hedges, so only the opposite certainty contradicts a forecast; any difference from the grid does.
    """
    forecast = evaluate(indicator.target, indicator.forecast)
    if forecast in (Outcome.MET, Outcome.NOT_MET):
        computed = Likelihood.CERTAIN if forecast is Outcome.MET else Likelihood.IMPOSSIBLE
        opposite = {Likelihood.CERTAIN: Likelihood.IMPOSSIBLE, Likelihood.IMPOSSIBLE: Likelihood.CERTAIN}
        differs, basis = opposite.get(claimed) is computed, "forecast"
    elif indicator.likelihood is not None:
        computed, basis = indicator.likelihood, "grid"
        differs = claimed is not computed
    else:
        return _unchecked(claim, "no_forecast")
    contradiction = None
    if differs:
        contradiction = flag(
            rules.claim_light,
            f"claim.likelihood_{basis}",
            indicator.id,
            name=indicator.level3,
            claimed=claimed,
            reference=claim.reference,
            recorded=computed,
            forecast=indicator.forecast,
            target=indicator.target.text,
        )
    return _verdict(claim, computed, contradiction)


CLAIM_COLUMNS = ("id", "kind", "subject", "claimed", "date", "computed", "verdict", "reference")
"""The columns every view of the claims shows, in order; each is the message key claim.col.NAME."""


def verdict_light(check: ClaimCheck) -> Light:
    """Green when the records agree, the flag's level otherwise (the rules' claim light, or unknown)."""
    return check.flag.level if check.flag else Light.GREEN


def claim_cells(check: ClaimCheck, project: Project, lang: str) -> tuple[str, ...]:
    """One claim as plain text under CLAIM_COLUMNS, for the Rich, Markdown and JSON views alike."""
    claim = check.claim
    return (
        claim.id,
        t(f"claim.short.{claim.kind}", lang),
        _subject_name(claim, project, lang),
        claim.value,
        claim.date.isoformat(),
        _computed_text(check.computed, lang),
        t(f"claim.verdict.{check.verdict}", lang),
        claim.reference,
    )


def _subject_name(claim: Claim, project: Project, lang: str) -> str:
    if not claim.subject:
        return "" if claim.kind is ClaimKind.SCORE else t("budget.total", lang)
    names = {str(source.kind): source.name for source in project.funding.sources}
    names |= {phase.id: phase.name for phase in project.phases}
    names |= {indicator.id: f"{indicator.id} {indicator.level3}" for indicator in project.indicators}
    return names.get(claim.subject, claim.subject)


def _computed_text(value: object, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, Likelihood):
        return t(f"likelihood.{value}", lang)
    if isinstance(value, Decimal):
        return f"{value}%"
    return value.isoformat() if isinstance(value, Date) else str(value)
