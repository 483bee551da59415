"""Performance indicators: values to date and forecasts against targets, counts, and consistency flags."""

from __future__ import annotations

import operator
from decimal import Decimal
from enum import StrEnum

from msgspec import Struct
from pendulum import Date

from drift.flags import Flag, flag
from drift.rules import DEFAULT_RULES, Light, Rules, worst
from drift.schedule import ScheduleAnalysis, analyse_schedule
from store.model import Comparator, Grade, Indicator, Likelihood, Project, Target
from store.typed import MULTIPLIERS
from store.values import parse_measure

NO_LIKELIHOOD = "none"
"""The key under which indicators without a stated likelihood are counted."""

_HOLDS = {
    Comparator.GE: operator.ge,
    Comparator.GT: operator.gt,
    Comparator.LE: operator.le,
    Comparator.LT: operator.lt,
}

NO_VALUE = frozenset({"", "-", "—", "–", "/", "无"})
"""What the forms write in a cell that holds no value."""


class Outcome(StrEnum):
    """A value held against its target."""

    MET = "met"
    NOT_MET = "not_met"
    UNDETERMINED = "undetermined"
    """Both hold numbers but the value is a range that straddles the target ("≥95%" against "≤99%")."""
    UNREADABLE = "unreadable"
    """The target is a number but the value is not one in the target's unit ("四十", "40个" against "100%")."""
    QUALITATIVE = "qualitative"
    """The target is a word ("提升", "满意"), which only a person can judge."""
    MISSING = "missing"
    """No value: empty or "-"."""


class IndicatorEvaluation(Struct, frozen=True):
    """One indicator's value to date and forecast held against its target."""

    indicator: Indicator
    to_date: Outcome
    forecast: Outcome
    final: Outcome
    """The self-evaluation's final value (实际完成值) against the target, judged whatever the schedule says."""
    at_risk: bool
    """The final value or the forecast falls short, or the monitor's likelihood is only possible or impossible."""


class IndicatorAnalysis(Struct, frozen=True):
    """All indicators of a project, evaluated and counted."""

    evaluations: tuple[IndicatorEvaluation, ...]
    by_likelihood: dict[str, int]
    """certain, possible, impossible and none (not stated), always all four."""
    by_level1: dict[str, int]
    """Level-1 group (产出指标, 效益指标, 满意度 …) in the order they first appear."""
    at_risk: int
    flags: tuple[Flag, ...]
    light: Light
    """The worst flag's level, green without flags; unknown when the project has no indicators."""


def evaluate(target: Target, text: str, *, reverse: bool | None = None) -> Outcome:
    """Whether the measured text ("0", "100%", "≥95%", "-", "提升") meets target; reverse says whether an "=" target
    is a ceiling (is_reverse; by default only a target of 0 is)."""
    if text.strip() in NO_VALUE:
        return Outcome.MISSING
    if target.comparator is Comparator.QUALITATIVE or target.value is None:  # is_qualitative, spelled out for mypy
        return Outcome.QUALITATIVE
    measured = parse_measure(text)
    # The forms often drop the unit ("0" for 0%); only two different written units are incomparable, and so is a
    # multiplier the target does not have (1.2万 against 5000 is 12000, not 1.2).
    written = measured[2] if measured else ""
    if measured is None or (written and target.unit and written != target.unit):
        return Outcome.UNREADABLE
    if written[:1] in MULTIPLIERS and not target.unit.startswith(written[:1]):
        return Outcome.UNREADABLE
    comparator, value, _ = measured
    low, high = value_range(comparator, value)
    if target.comparator is Comparator.EQ:
        # "=" reads as "at least" a quantity to reach, or "at most" a ceiling (is_reverse).
        ceiling = target.value == 0 if reverse is None else reverse
        verdict = _meets(Comparator.LE if ceiling else Comparator.GE, target.value, low, high)
    else:
        verdict = _meets(target.comparator, target.value, low, high)
    if verdict is None:
        return Outcome.UNDETERMINED
    return Outcome.MET if verdict else Outcome.NOT_MET


def is_qualitative(target: Target) -> bool:
    """A word target ("提升", "满意"), which only a person can judge."""
    return target.comparator is Comparator.QUALITATIVE or target.value is None


def value_range(comparator: Comparator, value: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """The values a measurement allows, as (low, high); None is unbounded. Strictness is ignored."""
    if comparator in (Comparator.GE, Comparator.GT):
        return value, None
    if comparator in (Comparator.LE, Comparator.LT):
        return None, value
    return value, value


def is_reverse(indicator: Indicator, rules: Rules = DEFAULT_RULES) -> bool:
    """Whether less is better: a ceiling (≤10% over the estimate, <3 complaints), or a target without a comparator
    that is nothing (0% accidents) or whose names say less is better (成本指标 500万元, 投诉率 5%: Rules.reverse_words).
    Any other "=" target is a quantity to reach: 19 lamps are met by 20 (超额完成), as the forms score it."""
    target = indicator.target
    if target.comparator is Comparator.EQ:
        names = f"{indicator.level1}{indicator.level2}{indicator.level3}"
        return target.value == 0 or any(word in names for word in rules.reverse_words)
    return target.comparator in (Comparator.LE, Comparator.LT)


def judged(indicator: Indicator, text: str, rules: Rules = DEFAULT_RULES) -> Outcome:
    """evaluate for one of the indicator's values, its "=" target read as its names say (is_reverse)."""
    return evaluate(indicator.target, text, reverse=is_reverse(indicator, rules))


def _meets(comparator: Comparator, target: Decimal, low: Decimal | None, high: Decimal | None) -> bool | None:
    """True when every allowed value meets the target, False when none does, None when it depends."""
    holds = _HOLDS[comparator]
    # For ≥ and > the lowest allowed value decides whether all meet it and the highest whether any does;
    # for ≤ and < the other way round.
    decides_all, decides_any = (low, high) if comparator in (Comparator.GE, Comparator.GT) else (high, low)
    if decides_all is not None and holds(decides_all, target):
        return True
    if decides_any is not None and not holds(decides_any, target):
        return False
    return None


def analyse_indicators(
    project: Project, as_of: Date, rules: Rules = DEFAULT_RULES, *, schedule: ScheduleAnalysis | None = None
) -> IndicatorAnalysis:
    """Evaluations, counts by likelihood and level-1 group, and the consistency flags against the schedule."""
    schedule = schedule or analyse_schedule(project, as_of, rules)
    evaluations = tuple(_evaluation(indicator, rules) for indicator in project.indicators)
    by_likelihood = {str(likelihood): 0 for likelihood in Likelihood} | {NO_LIKELIHOOD: 0}
    by_level1: dict[str, int] = {}
    flags: list[Flag] = []
    for item in evaluations:
        indicator = item.indicator
        by_likelihood[str(indicator.likelihood) if indicator.likelihood else NO_LIKELIHOOD] += 1
        by_level1[indicator.level1] = by_level1.get(indicator.level1, 0) + 1
        flags.extend(_flags(item, schedule, rules))
    if not evaluations:
        flags.append(flag(Light.UNKNOWN, "indicators.unknown"))
    elif all(_nothing_recorded(item) for item in evaluations):
        flags.append(flag(Light.UNKNOWN, "indicators.nothing_recorded", count=len(evaluations)))
    return IndicatorAnalysis(
        evaluations=evaluations,
        by_likelihood=by_likelihood,
        by_level1=by_level1,
        at_risk=sum(item.at_risk for item in evaluations),
        flags=tuple(flags),
        light=worst(item.level for item in flags),
    )


def _evaluation(indicator: Indicator, rules: Rules) -> IndicatorEvaluation:
    reverse = is_reverse(indicator, rules)  # as judged reads it, once for the three values
    forecast = evaluate(indicator.target, indicator.forecast, reverse=reverse)
    final = evaluate(indicator.target, indicator.final, reverse=reverse)
    doubtful = indicator.likelihood in (Likelihood.POSSIBLE, Likelihood.IMPOSSIBLE)
    if settled(indicator, final):  # the year is over for this indicator: what happened replaces what may
        at_risk = final is Outcome.NOT_MET or (final is Outcome.QUALITATIVE and indicator.grade is not Grade.ACHIEVED)
    else:
        at_risk = forecast is Outcome.NOT_MET or doubtful
    return IndicatorEvaluation(
        indicator=indicator,
        to_date=evaluate(indicator.target, indicator.to_date, reverse=reverse),
        forecast=forecast,
        final=final,
        at_risk=at_risk,
    )


def settled(indicator: Indicator, final: Outcome) -> bool:
    """Whether the self-evaluation has judged this indicator: a final value met or not met, or a word target's grade.
    Likelihoods and forecasts then no longer speak for it; a final that cannot be judged leaves them standing."""
    if is_qualitative(indicator.target):
        return indicator.grade is not None
    return final in (Outcome.MET, Outcome.NOT_MET)


def _nothing_recorded(item: IndicatorEvaluation) -> bool:
    """No value to date, forecast, likelihood, final value, grade or points: nothing a light could be read from."""
    indicator = item.indicator
    return (
        item.to_date is Outcome.MISSING
        and item.forecast is Outcome.MISSING
        and item.final is Outcome.MISSING
        and indicator.likelihood is None
        and indicator.grade is None
        and indicator.points is None
    )


def _nothing_done(item: IndicatorEvaluation) -> bool:
    """No value to date, or a zero that falls short of the target (a zero accident rate is an achievement)."""
    if item.to_date is Outcome.MISSING:
        return True
    measured = parse_measure(item.indicator.to_date)
    return item.to_date is Outcome.NOT_MET and measured is not None and measured[1] == 0


def _flags(item: IndicatorEvaluation, schedule: ScheduleAnalysis, rules: Rules) -> list[Flag]:
    indicator = item.indicator
    subject, name = indicator.id, indicator.level3
    flags: list[Flag] = [
        flag(
            Light.YELLOW,
            "indicator.value_incomparable",
            subject,
            name=name,
            field=field,
            value=text,
            target=indicator.target.text,
        )
        for field, text, outcome in (
            ("to_date", indicator.to_date, item.to_date),
            ("forecast", indicator.forecast, item.forecast),
            ("final", indicator.final, item.final),
        )
        if outcome is Outcome.UNREADABLE
    ]
    done = settled(indicator, item.final)
    if indicator.likelihood is Likelihood.IMPOSSIBLE and not done:
        flags.append(flag(Light.RED, "indicator.impossible", subject, name=name, target=indicator.target.text))
    # A word target graded short is the score's to flag (drift.selfeval.score_flags): its points can grade it too.
    short_graded = is_qualitative(indicator.target) and indicator.grade in (Grade.PARTLY, Grade.NOT_ACHIEVED)
    if item.final is Outcome.NOT_MET:
        flags.append(
            flag(
                Light.RED,
                "indicator.final_short",
                subject,
                name=name,
                final=indicator.final,
                target=indicator.target.text,
            )
        )
    elif item.forecast is Outcome.NOT_MET and not done:
        flags.append(
            flag(
                Light.RED,
                "indicator.forecast_short",
                subject,
                name=name,
                forecast=indicator.forecast,
                target=indicator.target.text,
            )
        )
    is_output = indicator.level1.strip().startswith(rules.output_level1)
    behind = schedule.light is Light.RED and _nothing_done(item)
    if indicator.likelihood is Likelihood.CERTAIN and is_output and behind and not done:
        flags.append(
            flag(Light.YELLOW, "indicator.certain_without_progress", subject, name=name, to_date=indicator.to_date)
        )
    late = schedule.completion_slip_days is not None and schedule.completion_slip_days > 0
    if rules.timeliness_level2 in indicator.level2 and item.forecast is Outcome.MET and late and not done:
        flags.append(
            flag(
                Light.YELLOW,
                "indicator.forecast_contradicts_schedule",
                subject,
                name=name,
                forecast=indicator.forecast,
                completion=schedule.completion,
                planned=schedule.planned_completion,
            )
        )
    # Behind to date is a deviation only while the schedule is behind too; mid-year every annual target is unmet.
    deviates = (
        item.final is Outcome.NOT_MET
        or short_graded
        or item.forecast is Outcome.NOT_MET
        or (item.to_date is Outcome.NOT_MET and schedule.light.rank >= Light.YELLOW.rank)
    )
    if deviates and not indicator.deviation_cause.strip() and not indicator.cause_kinds:
        flags.append(
            flag(
                Light.YELLOW,
                "indicator.missing_deviation_cause",
                subject,
                name=name,
                target=indicator.target.text,
                to_date=indicator.to_date or "—",
                forecast=indicator.forecast or "—",
            )
        )
    return flags
