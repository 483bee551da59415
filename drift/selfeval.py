"""The year-end self-evaluation (绩效自评): final values against their targets, the score out of 100 and its grade."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pendulum import Date

from drift.budget import annual_budget
from drift.flags import Flag, flag
from drift.indicators import NO_VALUE, Outcome, evaluate, is_reverse
from drift.money import Figure, cumulative
from drift.numbers import cents
from drift.rules import Light, Rules
from store.model import Comparator, Grade, GradeFloors, Indicator, Project
from store.values import parse_measure

ZERO = Decimal(0)
HUNDRED = Decimal(100)

QUALITATIVE_BANDS = {
    Grade.ACHIEVED: (Decimal("0.8"), Decimal(1)),
    Grade.PARTLY: (Decimal("0.6"), Decimal("0.8")),
    Grade.NOT_ACHIEVED: (ZERO, Decimal("0.6")),
}
"""The share of its 分值 a qualitative indicator scores by grade, as the self-evaluation table's instructions set
them (财政部 项目支出绩效自评表 填报说明): 达成年度指标 100–80% (80% included), 部分达成并具有一定效果 80–60% (60%
included), 未达成且效果较差 60–0%. Without recorded points the score is the band; with them, a number inside it."""


class ScoreGrade(StrEnum):
    """The grade of the total (优 良 中 差), by the grade floors of the rules."""

    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


@dataclass(frozen=True, slots=True)
class Points:
    """A score (得分): low == high when it is exact, a band when a qualitative grade has no recorded points."""

    low: Decimal
    high: Decimal

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def __add__(self, other: Points) -> Points:
        return Points(self.low + other.low, self.high + other.high)

    def text(self) -> str:
        """ "8.62", or the band "6.00–8.00"."""
        low, high = cents(self.low), cents(self.high)
        return str(low) if low == high else f"{low}–{high}"


@dataclass(frozen=True, slots=True)
class RowScore:
    """One scored row of the self-evaluation table: budget execution (indicator None) or an indicator."""

    indicator: Indicator | None
    weight: Decimal | None
    """分值; None when it cannot be known (reason says why)."""
    score: Points | None
    """得分; None when it cannot be known (reason says why)."""
    met: bool | None
    """The final value against the target; None when it is not known or a qualitative indicator has no grade."""
    arithmetic: str
    """How the score was reached, in figures and symbols only: "37.24 ÷ 43.2 × 10 = 8.62"."""
    reason: str = ""
    """Why the score is not known: a key under selfeval.reason. in drift/i18n.py; "" when it is."""


@dataclass(frozen=True, slots=True)
class BudgetExecution:
    """The 年度资金总额 row: budgets, what was paid of the year's money by its end, and the rate."""

    initial_budget: Decimal | None
    annual_budget: Decimal | None
    paid: Decimal | None
    """全年执行数: paid up to 31 December of the budget year, or up to the as-of date before then (provisional)."""
    rate: Decimal | None
    """paid ÷ annual budget, in percent."""
    provisional: bool
    """The as-of date is before the year's end: the year's figures are not final yet."""


@dataclass(frozen=True, slots=True)
class SelfEvaluation:
    """The whole self-evaluation table: budget execution, each indicator, the total and its grade."""

    budget: BudgetExecution
    budget_row: RowScore
    rows: tuple[RowScore, ...]
    """In the order of the project's indicators."""
    total: Points | None
    """The sum of every row; None while any row's score is not known."""
    maximum: Decimal | None
    """The sum of every 分值; the form's total is out of 100, so anything else is flagged."""
    grade: ScoreGrade | None
    """None when the total is not known, or is a band that spans two grades (grades says which)."""
    grades: tuple[ScoreGrade, ...]
    """The grades the total allows: one when it is exact or its band stays in one grade."""


def in_self_evaluation(project: Project) -> bool:
    """Whether the project's year has reached its self-evaluation: some indicator has a final value, grade or points."""
    return any(
        indicator.final.strip() not in NO_VALUE or indicator.grade is not None or indicator.points is not None
        for indicator in project.indicators
    )


def self_evaluate(project: Project, as_of: Date, rules: Rules) -> SelfEvaluation | None:
    """The self-evaluation of project as of as_of under rules; None when the project is not in its self-evaluation."""
    if not in_self_evaluation(project):
        return None
    budget = _budget_execution(project, as_of)
    budget_row = _budget_row(budget, rules.budget_points)
    weights = _weights(project.indicators, rules)
    rows = tuple(_indicator_row(indicator, weights[indicator.id]) for indicator in project.indicators)
    every = (budget_row, *rows)
    scores = [row.score for row in every]
    total = None if None in scores else sum((score for score in scores if score), Points(ZERO, ZERO))
    given = [row.weight for row in every]
    maximum = None if None in given else sum((weight for weight in given if weight is not None), ZERO)
    grades = () if total is None else _grades(total, rules.grade_floors)
    return SelfEvaluation(
        budget=budget,
        budget_row=budget_row,
        rows=rows,
        total=total,
        maximum=maximum,
        grade=grades[0] if len(grades) == 1 else None,
        grades=grades,
    )


def score_flags(evaluation: SelfEvaluation) -> list[Flag]:
    """What keeps the score from being known, and 分值 that do not add up to the form's 100."""
    flags = [
        flag(
            Light.UNKNOWN,
            "selfeval.row_unknown",
            row.indicator.id if row.indicator else "",
            name=row.indicator.level3 if row.indicator else "",
            score_reason=row.reason,
        )
        for row in (evaluation.budget_row, *evaluation.rows)
        if row.score is None and row.reason != "final_unreadable"  # that one has its own flag already
    ]
    if evaluation.maximum is not None and evaluation.maximum != HUNDRED:
        flags.append(flag(Light.YELLOW, "selfeval.weights_not_100", maximum=cents(evaluation.maximum)))
    return flags


def grade_of(total: Decimal, floors: GradeFloors) -> ScoreGrade:
    """优 from floors.excellent, 良 from floors.good, 中 from floors.fair, else 差."""
    if total >= floors.excellent:
        return ScoreGrade.EXCELLENT
    if total >= floors.good:
        return ScoreGrade.GOOD
    return ScoreGrade.FAIR if total >= floors.fair else ScoreGrade.POOR


def _grades(total: Points, floors: GradeFloors) -> tuple[ScoreGrade, ...]:
    """Every grade from the band's top down to its bottom."""
    order = list(ScoreGrade)
    top, bottom = order.index(grade_of(total.high, floors)), order.index(grade_of(total.low, floors))
    return tuple(order[top : bottom + 1])


def _budget_execution(project: Project, as_of: Date) -> BudgetExecution:
    year_end = Date(project.budget_year, 12, 31)
    day = min(as_of, year_end)
    budget = annual_budget(project)
    paid = cumulative(project, Figure.PAID, day).amount
    rate = None if paid is None or not budget else paid / budget * HUNDRED
    return BudgetExecution(
        initial_budget=project.funding.initial_budget,
        annual_budget=budget,
        paid=paid,
        rate=rate,
        provisional=as_of < year_end,
    )


def _budget_row(budget: BudgetExecution, weight: Decimal) -> RowScore:
    """全年执行数 ÷ 全年预算数 × 分值, at most the 分值."""
    if budget.annual_budget is None:
        return RowScore(None, weight, None, None, "", "no_annual_budget")
    if budget.rate is None or budget.paid is None:
        return RowScore(None, weight, None, None, "", "zero_budget" if budget.paid is not None else "paid_not_known")
    score = min(budget.rate, HUNDRED) / HUNDRED * weight
    capped = " (≤ 100%)" if budget.rate > HUNDRED else ""
    arithmetic = f"{cents(budget.paid)} ÷ {cents(budget.annual_budget)}{capped} × {_n(weight)} = {cents(score)}"
    return RowScore(None, weight, Points(score, score), budget.rate >= HUNDRED, arithmetic)


def _weights(indicators: tuple[Indicator, ...], rules: Rules) -> dict[str, Decimal | str]:
    """Each indicator's 分值: its own, else its level-1 group's points shared equally; a reason when neither holds.

    A group in which some indicators state a 分值 and others do not cannot be shared out: those without are unknown.
    """
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        groups.setdefault(indicator.level1.strip(), []).append(indicator)
    weights: dict[str, Decimal | str] = {}
    for level1, members in groups.items():
        stated = [member for member in members if member.weight is not None]
        group_points = next((level.points for level in rules.level_points if level1.startswith(level.level1)), None)
        for member in members:
            if member.weight is not None:
                weights[member.id] = member.weight
            elif stated:
                weights[member.id] = "weight_partly_stated"
            elif group_points is None:
                weights[member.id] = "no_weight"
            else:
                weights[member.id] = group_points / len(members)
    return weights


def _indicator_row(indicator: Indicator, weight: Decimal | str) -> RowScore:
    if isinstance(weight, str):
        return RowScore(indicator, None, None, _met(indicator), "", weight)
    target = indicator.target
    if target.comparator is Comparator.QUALITATIVE or target.value is None:
        return _qualitative_row(indicator, weight)
    if indicator.final.strip() in NO_VALUE:
        return RowScore(indicator, weight, None, None, "", "no_final")
    measured = parse_measure(indicator.final)
    if measured is None or (measured[2] and target.unit and measured[2] != target.unit):
        return RowScore(indicator, weight, None, None, "", "final_unreadable")
    actual, goal = measured[1], target.value
    if _meets(indicator):
        sign = {Comparator.GT: ">", Comparator.LT: "<"}.get(target.comparator, "≤" if is_reverse(target) else "≥")
        unit = target.unit
        arithmetic = f"{_n(actual)}{unit} {sign} {_n(goal)}{unit} → {_n(weight)}"
        return RowScore(indicator, weight, Points(weight, weight), True, arithmetic)
    if is_reverse(target):
        # Over a ceiling: 指标值 ÷ 实际完成值 × 分值 (a cost 20% over scores 1/1.2 of its points); nothing above 0 is
        # a share of 0, so an accident rate of 0% missed scores nothing.
        score = goal / actual * weight if actual > 0 and goal > 0 else ZERO
        arithmetic = f"{_n(goal)} ÷ {_n(actual)} × {_n(weight)} = {cents(score)}"
    else:
        score = max(actual, ZERO) / goal * weight if goal > 0 else ZERO
        arithmetic = f"{_n(actual)} ÷ {_n(goal)} × {_n(weight)} = {cents(score)}"
    score = min(score, weight)
    return RowScore(indicator, weight, Points(score, score), False, arithmetic)


def _qualitative_row(indicator: Indicator, weight: Decimal) -> RowScore:
    """A person's grade gives the band; points recorded inside it give the score."""
    grade, points = indicator.grade, indicator.points
    if grade is None and points is None:
        return RowScore(indicator, weight, None, None, "", "no_grade")
    if points is not None and points > weight:
        return RowScore(indicator, weight, None, _met(indicator), "", "points_over_weight")
    if grade is None:
        assert points is not None  # one of the two is recorded
        return RowScore(indicator, weight, Points(points, points), None, f"{_n(points)} / {_n(weight)}")
    low_share, high_share = QUALITATIVE_BANDS[grade]
    low, high = low_share * weight, high_share * weight
    band = f"{_n(low_share * HUNDRED)}–{_n(high_share * HUNDRED)}% × {_n(weight)}"
    if points is None:
        return RowScore(indicator, weight, Points(low, high), _met(indicator), f"{band} = {Points(low, high).text()}")
    # The band's top belongs to the grade above, except 达成's 100%: 部分达成 scores at least 60% and under 80%.
    inside = low <= points <= high if grade is Grade.ACHIEVED else low <= points < high
    if not inside:
        return RowScore(indicator, weight, None, _met(indicator), "", "points_outside_band")
    return RowScore(indicator, weight, Points(points, points), _met(indicator), f"{band} → {_n(points)}")


def _met(indicator: Indicator) -> bool | None:
    """A qualitative indicator meets its target when graded 达成; None without a grade."""
    if indicator.grade is None:
        return None
    return indicator.grade is Grade.ACHIEVED


def _meets(indicator: Indicator) -> bool:
    return evaluate(indicator.target, indicator.final) is Outcome.MET


def _n(value: Decimal) -> str:
    """A figure of the arithmetic: as written when it has at most two decimals, else to two."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return format(normal, "f")
    return str(cents(value))
