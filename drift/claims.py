"""A report's claims about itself held against drift's own figures as of each claim's date."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from enum import StrEnum

from msgspec import Struct
from pendulum import Date

from drift.budget import BudgetAnalysis, BudgetLine, analyse_budget
from drift.dates import days_after, shown_date
from drift.flags import TOTAL, Flag, describe, flag
from drift.i18n import t
from drift.indicators import Outcome, judged, value_range
from drift.later import counts
from drift.money import Figure
from drift.numbers import HUNDRED, cents
from drift.rules import Light, Rules
from drift.schedule import ScheduleAnalysis, analyse_schedule
from drift.selfeval import Points, self_evaluate
from store.model import Claim, ClaimKind, Comparator, Indicator, Likelihood, Project
from store.values import FULL_WIDTH, Measure, parse_claim_value, parse_measure


class Verdict(StrEnum):
    """What drift's own figures say of a claim."""

    AGREES = "agrees"
    CONTRADICTS = "contradicts"
    """The records give a figure beyond the claim's tolerance: the flag says both."""
    UNCHECKED = "unchecked"
    """drift has no figure of its own to hold it against; the flag (level unknown) says why."""


class ClaimCheck(Struct, frozen=True):
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
    if isinstance(claimed, Decimal) and claim.kind in (ClaimKind.EXECUTION_RATE, ClaimKind.ALLOCATION_RATE):
        return _rate(claim, claimed, figures)
    if isinstance(claimed, Date):
        return _completion(claim, claimed, figures)
    if isinstance(claimed, Decimal) and claim.kind is ClaimKind.SCORE:
        return _score(claim, claimed, figures)
    indicator = next(item for item in project.indicators if item.id == claim.subject)
    if isinstance(claimed, Likelihood):
        return _likelihood(claim, claimed, indicator, figures)
    return _indicator_value(claim, indicator, figures.rules)


def _unchecked(claim: Claim, reason: str) -> ClaimCheck:
    item = flag(
        Light.UNKNOWN,
        "claim.unchecked",
        claim.subject,
        kind=claim.kind,
        claimed=claim.value,
        claim=claim.id,
        reference=claim.reference,
        reason=reason,
    )
    return ClaimCheck(claim, Verdict.UNCHECKED, None, item)


def _contradiction(claim: Claim, rules: Rules, code: str, subject: str, **values: object) -> Flag:
    """The flag of a claim the records contradict: its id and where the report says it go into every sentence."""
    return flag(rules.claim_light, code, subject, claim=claim.id, reference=claim.reference, **values)


def _verdict(claim: Claim, computed: object, contradiction: Flag | None) -> ClaimCheck:
    verdict = Verdict.CONTRADICTS if contradiction else Verdict.AGREES
    return ClaimCheck(claim, verdict, computed, contradiction)


def _source_line(budget: BudgetAnalysis, subject: str) -> BudgetLine:
    return next((line for line in budget.sources if str(line.source) == subject), budget.total)


def _rate(claim: Claim, claimed: Decimal, figures: _Figures) -> ClaimCheck:
    """The claimed rate against the rate every view shows (two decimals), so the sentence's own figures add up."""
    budget = figures.budget(claim.date)
    line = _source_line(budget, claim.subject)
    execution = claim.kind is ClaimKind.EXECUTION_RATE
    amount = line.paid if execution else line.allocated
    if amount is None:
        figure = Figure.PAID if execution else Figure.ALLOCATED
        if figure in line.not_split:
            return _unchecked(claim, "not_split")
        return _unchecked(claim, "paid_not_known" if execution else "allocations_not_stated")
    if line.annual_budget is None:
        return _unchecked(claim, "no_annual_budget")
    if not line.annual_budget:
        return _unchecked(claim, "no_budget")
    rate = cents(amount * HUNDRED / line.annual_budget)
    gap = cents(abs(claimed - rate))  # to two decimals too: "0.00 points apart" is never a contradiction
    tolerance = figures.rules.claim_rate_points if claim.tolerance is None else claim.tolerance
    contradiction = None
    if gap > tolerance:
        contradiction = _contradiction(
            claim,
            figures.rules,
            f"claim.{claim.kind}",
            claim.subject or TOTAL,
            name=line.name,
            claimed=f"{claimed}%",
            rate=rate,
            amount=cents(amount),
            budget=cents(line.annual_budget),
            gap_points=gap,
            date=claim.date,
        )
    return _verdict(claim, rate, contradiction)


def _score(claim: Claim, claimed: Decimal, figures: _Figures) -> ClaimCheck:
    """The claimed total (or one indicator's 得分) against drift's self-evaluation as of the claim's date; a band
    (a qualitative grade without points) agrees with any claim inside it."""
    evaluation = self_evaluate(figures.project, claim.date, figures.rules)
    if evaluation is None:
        return _unchecked(claim, "not_in_self_evaluation")
    row = next((row for row in evaluation.rows if row.indicator and row.indicator.id == claim.subject), None)
    computed = evaluation.total if row is None else row.score
    if computed is None:
        return _unchecked(claim, "score_not_known")
    tolerance = figures.rules.claim_score_points if claim.tolerance is None else claim.tolerance
    gap = cents(max(computed.low - claimed, claimed - computed.high, Decimal(0)))
    contradiction = None
    if gap > tolerance:
        contradiction = _contradiction(
            claim,
            figures.rules,
            "claim.score",
            claim.subject,
            name=row.indicator.level3 if row and row.indicator else figures.project.name,
            claimed=claimed,
            computed=computed.text(),
            gap_points=gap,
            date=claim.date,
        )
    return _verdict(claim, computed, contradiction)


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
        contradiction = _contradiction(
            claim,
            figures.rules,
            "claim.completion_date",
            claim.subject,
            name=name,
            claimed=claimed,
            forecast=finish,
            late_days=late,
            date=claim.date,
        )
    return _verdict(claim, finish, contradiction)


def _indicator_value(claim: Claim, indicator: Indicator, rules: Rules) -> ClaimCheck:
    """Numbers in one unit agree when their ranges ("≥95%", "96%") lie within the tolerance of each other; other
    values when both meet the target or both fall short; the same words agree; anything else is unchecked."""
    recorded = indicator.to_date
    if judged(indicator, recorded, rules) is Outcome.MISSING:
        return _unchecked(claim, "no_value")
    claimed_measure, recorded_measure = parse_measure(claim.value), parse_measure(recorded)
    if _ascii(claim.value) == _ascii(recorded):
        differs = False
    elif claimed_measure and recorded_measure:
        if claimed_measure[2] and recorded_measure[2] and claimed_measure[2] != recorded_measure[2]:
            return _unchecked(claim, "not_comparable")  # 2万元 is not 2个, whatever the numbers
        differs = _differ(claimed_measure, recorded_measure, claim.tolerance or Decimal(0))
    else:
        outcomes = {judged(indicator, text, rules) for text in (claim.value, recorded)}
        if not outcomes <= {Outcome.MET, Outcome.NOT_MET}:
            return _unchecked(claim, "not_comparable")
        differs = len(outcomes) == 2
    contradiction = None
    if differs:
        contradiction = _contradiction(
            claim,
            rules,
            "claim.indicator_value",
            indicator.id,
            name=indicator.level3,
            claimed=claim.value,
            recorded=recorded,
            target=indicator.target.text,
        )
    return _verdict(claim, recorded, contradiction)


def _ascii(text: str) -> str:
    return " ".join(text.translate(FULL_WIDTH).split())


def _differ(one: Measure, other: Measure, tolerance: Decimal) -> bool:
    """Whether no value one measurement allows lies within tolerance of one the other allows: "≥95%" and "96%" can
    be the same value; "<95%" and "≥95%" cannot, though they meet at 95, which "<" leaves out."""
    low, high = value_range(one[0], one[1])
    other_low, other_high = value_range(other[0], other[1])
    gap, excluded = Decimal(0), False
    for upper, upper_strict, lower, lower_strict in (
        (high, one[0] is Comparator.LT, other_low, other[0] is Comparator.GT),
        (other_high, other[0] is Comparator.LT, low, one[0] is Comparator.GT),
    ):
        if upper is not None and lower is not None and lower - upper >= gap:
            gap, excluded = lower - upper, upper_strict or lower_strict
    return gap > tolerance or (gap == tolerance == 0 and excluded)


_OPTIMISM = {Likelihood.IMPOSSIBLE: 0, Likelihood.POSSIBLE: 1, Likelihood.CERTAIN: 2}


def _likelihood(claim: Claim, claimed: Likelihood, indicator: Indicator, figures: _Figures) -> ClaimCheck:
    """A likelihood contradicts the records when it is more hopeful than they are. The records' likelihood: a
    timeliness indicator (时效) of a project the schedule forecasts late cannot be met; otherwise the forecast against
    the target decides (met: certain, short: impossible); otherwise the grid's own likelihood."""
    schedule = figures.schedule(claim.date)
    forecast = judged(indicator, indicator.forecast, figures.rules)
    late = schedule.completion_slip_days is not None and schedule.completion_slip_days > 0
    computed: Likelihood | None
    if figures.rules.timeliness_level2 in indicator.level2 and late:
        computed, basis = Likelihood.IMPOSSIBLE, "schedule"
    elif forecast in (Outcome.MET, Outcome.NOT_MET):
        computed, basis = (Likelihood.CERTAIN if forecast is Outcome.MET else Likelihood.IMPOSSIBLE), "forecast"
    else:
        computed, basis = indicator.likelihood, "grid"
    if computed is None:
        return _unchecked(claim, "no_forecast")
    contradiction = None
    if _OPTIMISM[claimed] > _OPTIMISM[computed]:
        contradiction = _contradiction(
            claim,
            figures.rules,
            f"claim.likelihood_{basis}",
            indicator.id,
            name=indicator.level3,
            claimed=claimed,
            recorded=computed,
            forecast=indicator.forecast,
            target=indicator.target.text,
            completion=schedule.completion,
            planned=schedule.planned_completion,
        )
    return _verdict(claim, computed, contradiction)


def verdict_lines(project: Project, ids: Collection[str], rules: Rules, lang: str) -> list[tuple[Light, str]]:
    """What the records give for the claims of these ids, whatever their date: what a person is told on saving them.

    Each line with its light: "claim C1 agrees with the records" (green), "claim C1: total: the report claims …".
    """
    lines: list[tuple[Light, str]] = []
    for check in check_claims(project, None, rules):
        if check.claim.id not in ids:
            continue
        if check.flag is None:
            agrees = t("claim.agrees", lang, id=check.claim.id)
            if check.claim.tolerance is not None:  # agreeing by a tolerance of its own is said with it
                agrees += f" ({t('claim.tolerance', lang, tolerance=check.claim.tolerance)})"
            lines.append((Light.GREEN, agrees))
        else:
            verdict = t("claim.verdict", lang, id=check.claim.id, problem=describe(check.flag, lang))
            lines.append((check.flag.level, verdict))
    return lines


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
        shown_date(claim.date),
        _computed_text(check.computed, lang),
        verdict_text(check, lang),
        claim.reference,
    )


def verdict_text(check: ClaimCheck, lang: str) -> str:
    """ "contradicts", or "agrees · ±100 allowed" when the claim carries a tolerance of its own: never green alone."""
    word = t(f"claim.verdict.{check.verdict}", lang)
    tolerance = check.claim.tolerance
    return word if tolerance is None else f"{word} · {t('claim.tolerance', lang, tolerance=tolerance)}"


def _subject_name(claim: Claim, project: Project, lang: str) -> str:
    if not claim.subject:
        if claim.kind in (ClaimKind.EXECUTION_RATE, ClaimKind.ALLOCATION_RATE):
            return t("budget.total", lang)
        return t("claim.the_project", lang)
    names = {source.id: source.name for source in project.funding.sources}
    names |= {phase.id: phase.name for phase in project.phases}
    names |= {indicator.id: f"{indicator.id} {indicator.level3}" for indicator in project.indicators}
    return names.get(claim.subject, claim.subject)


def _computed_text(value: object, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, Points):
        return value.text()
    if isinstance(value, Likelihood):
        return t(f"likelihood.{value}", lang)
    if isinstance(value, Decimal):
        return f"{value}%"
    return shown_date(value) if isinstance(value, Date) else str(value)
