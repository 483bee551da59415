"""The year-end self-evaluation (绩效自评): final values against their targets, the score out of 100 and its grade."""

from __future__ import annotations

from decimal import Decimal

from msgspec import Struct
from pendulum import Date

from drift.budget import annual_budget
from drift.flags import Flag, flag
from drift.i18n import t
from drift.indicators import NO_VALUE, Outcome, evaluate, is_qualitative, is_reverse
from drift.money import Figure, cumulative
from drift.numbers import cents
from drift.rules import Light, Rules, ScoreGrade
from store.model import Comparator, Grade, Indicator, Project
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


class Points(Struct, frozen=True):
    """A score (得分): low == high when it is exact, a band when a qualitative grade has no recorded points."""

    low: Decimal
    high: Decimal
    open_top: bool = False
    """The band stops short of high: 部分达成 scores under 80% of its 分值, never 80% itself (that is 达成's)."""

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def __add__(self, other: Points) -> Points:
        return Points(self.low + other.low, self.high + other.high, self.open_top or other.open_top)

    def text(self) -> str:
        """ "8.62", or the band "6.00–8.00"."""
        low, high = cents(self.low), cents(self.high)
        return str(low) if low == high else f"{low}–{high}"


class RowScore(Struct, frozen=True):
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
    """Why the score is not known: a key under score.reason. in drift/i18n.py; "" when it is."""
    grade: Grade | None = None
    """A word target's grade: as recorded, else as its recorded points fall (7 of 10 is 部分达成)."""
    band: Points | None = None
    """A recorded grade's band of the 分值, which recorded points must lie in."""
    ignored: bool = False
    """A grade or points recorded on a number target, which is scored from its final value instead."""


class BudgetExecution(Struct, frozen=True):
    """The 年度资金总额 row: budgets, what was paid of the year's money by its end, and the rate."""

    initial_budget: Decimal | None
    annual_budget: Decimal | None
    paid: Decimal | None
    """全年执行数: paid up to 31 December of the budget year, or up to the as-of date before then (provisional)."""
    rate: Decimal | None
    """paid ÷ annual budget, in percent."""
    provisional: bool
    """The as-of date is before the year's end: the year's figures are not final yet."""


class SelfEvaluation(Struct, frozen=True):
    """The whole self-evaluation table: budget execution, each indicator, the total and its grade."""

    budget: BudgetExecution
    budget_row: RowScore
    rows: tuple[RowScore, ...]
    """In the order of the project's indicators."""
    total: Points | None
    """The sum of every row; None while any row's score is not known."""
    maximum: Decimal | None
    """The sum of every 分值; the form's total is out of 100, so anything else is flagged and given no grade."""
    grade: ScoreGrade | None
    """None when the total is not known, is not out of 100, or is a band that spans two grades (grades says which)."""
    grades: tuple[ScoreGrade, ...]
    """The grades the total allows, best first: one when it is exact or its band stays in one grade."""


def in_self_evaluation(project: Project) -> bool:
    """Whether the project's year has reached its self-evaluation: some indicator has a final value, grade or points."""
    return any(
        indicator.final.strip() not in NO_VALUE or indicator.grade is not None or indicator.points is not None
        for indicator in project.indicators
    )


def self_evaluate(project: Project, as_of: Date, rules: Rules) -> SelfEvaluation | None:
    """The self-evaluation of project as of as_of under rules; None when the project is not in its self-evaluation.

    Totals and bands are judged as they are shown, to two decimals: 50 shared by three rows is 16.67 each, and three
    such rows add up to 50.00, not to 50.01 nor to 49.99999….
    """
    if not in_self_evaluation(project):
        return None
    budget = _budget_execution(project, as_of)
    budget_row = _budget_row(budget, rules.budget_points)
    weights = _weights(project.indicators, rules)
    rows = tuple(_indicator_row(indicator, weights[indicator.id], rules) for indicator in project.indicators)
    every = (budget_row, *rows)
    scores = [row.score for row in every]
    total = None if None in scores else sum((score for score in scores if score), Points(ZERO, ZERO))
    given = [row.weight for row in every]
    maximum = None if None in given else cents(sum((weight for weight in given if weight is not None), ZERO))
    grades = _grades(total, rules) if total is not None and maximum == HUNDRED else ()
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
    """What keeps the score from being known, word targets short of 达成, what was recorded but cannot count, 分值
    that do not add up to the form's 100, and a total graded 中 or 差 at best."""
    flags: list[Flag] = []
    for row in (evaluation.budget_row, *evaluation.rows):
        indicator = row.indicator
        subject, name = (indicator.id, indicator.level3) if indicator else ("", "")
        if row.score is None and row.reason != "final_unreadable":  # that one has its own flag already
            flags.append(flag(Light.UNKNOWN, "selfeval.row_unknown", subject, name=name, score_reason=row.reason))
        if row.grade in _SHORT_GRADES:
            flags.append(flag(_SHORT_GRADES[row.grade], "indicator.graded_short", subject, name=name, grade=row.grade))
        if indicator and row.ignored:
            points = None if indicator.points is None else _n(indicator.points)
            computed = row.score.text() if row.score else None
            values = {"name": name, "grade": indicator.grade, "points": points, "computed": computed}
            flags.append(flag(Light.YELLOW, "selfeval.recorded_ignored", subject, **values))
    if evaluation.maximum is not None and evaluation.maximum != HUNDRED:
        flags.append(flag(Light.YELLOW, "selfeval.weights_not_100", maximum=evaluation.maximum))
    best = evaluation.grades[0] if evaluation.grades else None
    if best in _LOW_GRADES and evaluation.total is not None:
        flags.append(flag(_LOW_GRADES[best], "selfeval.grade_low", total=evaluation.total.text(), grade=best))
    return flags


def points_refusal(project: Project, indicator_id: str, rules: Rules, lang: str) -> str:
    """Why the points recorded on one indicator cannot count (above its 分值, outside its grade's band), as one
    sentence for the form or the command that records them; "" when they can (or there are none)."""
    weight = _weights(project.indicators, rules).get(indicator_id)
    indicator = next((item for item in project.indicators if item.id == indicator_id), None)
    if indicator is None or indicator.points is None or not isinstance(weight, Decimal):
        return ""
    row = _indicator_row(indicator, weight, rules)
    if row.reason not in ("points_over_weight", "points_outside_band"):
        return ""
    grade = t(f"grade.{row.grade}", lang) if row.grade else ""
    band = row.band.text() if row.band else ""
    return t(
        f"score.refused.{row.reason}", lang, points=_n(indicator.points), weight=_n(weight), grade=grade, band=band
    )


_SHORT_GRADES = {Grade.PARTLY: Light.YELLOW, Grade.NOT_ACHIEVED: Light.RED}
_LOW_GRADES = {ScoreGrade.FAIR: Light.YELLOW, ScoreGrade.POOR: Light.RED}


def _grades(total: Points, rules: Rules) -> tuple[ScoreGrade, ...]:
    """Every grade from the band's top down to its bottom, each end as shown (two decimals); a top the band stops
    short of reaches only the grade below a floor it sits on."""
    order = list(ScoreGrade)
    top = cents(total.high)
    if total.open_top and not total.exact:
        top -= Decimal("0.01")
    first, last = order.index(rules.score_grade(top)), order.index(rules.score_grade(cents(total.low)))
    return tuple(order[first : last + 1])


def year_paid(project: Project, as_of: Date, source: str | None = None) -> Decimal | None:
    """全年执行数 of the project (or of one source): paid up to 31 December of the budget year, or up to the as-of
    date before then (provisional); None when it is not known."""
    return cumulative(project, Figure.PAID, min(as_of, Date(project.budget_year, 12, 31)), source).amount


def _budget_execution(project: Project, as_of: Date) -> BudgetExecution:
    year_end = Date(project.budget_year, 12, 31)
    budget = annual_budget(project)
    paid = year_paid(project, as_of)
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

    A group is every indicator whose level-1 name starts with one of the rules' group names (产出指标 and 产出 are one
    group, which gets its points once), else those of one level-1 name. A group in which some indicators state a 分值
    and others do not cannot be shared out: those without are unknown.
    """
    groups: dict[str, list[Indicator]] = {}
    points: dict[str, Decimal] = {}
    for indicator in indicators:
        level1 = indicator.level1.strip()
        level = next((level for level in rules.level_points if level1.startswith(level.level1)), None)
        key = level.level1 if level else level1
        groups.setdefault(key, []).append(indicator)
        if level:
            points[key] = level.points
    weights: dict[str, Decimal | str] = {}
    for key, members in groups.items():
        stated = [member for member in members if member.weight is not None]
        for member in members:
            if member.weight is not None:
                weights[member.id] = member.weight
            elif stated:
                weights[member.id] = "weight_partly_stated"
            elif key not in points:
                weights[member.id] = "no_weight"
            else:
                weights[member.id] = points[key] / len(members)
    return weights


def _indicator_row(indicator: Indicator, weight: Decimal | str, rules: Rules) -> RowScore:
    target = indicator.target
    qualitative = is_qualitative(target)
    if isinstance(weight, str):
        return RowScore(indicator, None, None, None, "", weight, grade=indicator.grade if qualitative else None)
    if qualitative:
        return _qualitative_row(indicator, weight)
    ignored = indicator.grade is not None or indicator.points is not None
    if indicator.final.strip() in NO_VALUE:
        return RowScore(indicator, weight, None, None, "", "no_final", ignored=ignored)
    measured = parse_measure(indicator.final)
    reverse = is_reverse(indicator, rules)
    outcome = evaluate(target, indicator.final, reverse=reverse)
    if measured is None or outcome is Outcome.UNREADABLE:
        return RowScore(indicator, weight, None, None, "", "final_unreadable", ignored=ignored)
    comparator, actual, _ = measured
    goal, unit = target.value, target.unit
    assert goal is not None  # a number target
    if outcome is Outcome.MET:
        sign = {Comparator.GT: ">", Comparator.LT: "<"}.get(target.comparator, "≤" if reverse else "≥")
        arithmetic = f"{_n(actual)}{unit} {sign} {_n(goal)}{unit} → {_n(weight)}"
        return RowScore(indicator, weight, Points(weight, weight), True, arithmetic, ignored=ignored)
    if outcome is Outcome.UNDETERMINED or comparator is not Comparator.EQ:
        # "≥90%" against "≥95%": no one value to take a share of.
        return RowScore(indicator, weight, None, False, "", "final_range", ignored=ignored)
    if reverse:
        # Over a ceiling: 指标值 ÷ 实际完成值 × 分值 (a cost 20% over scores 1/1.2 of its points); nothing above a
        # ceiling of 0 (0% accidents) is a share of it, and scores nothing.
        share = goal / actual if actual > 0 and goal > 0 else ZERO
        division = f"{_n(goal)} ÷ {_n(actual)}" if share else f"{_n(actual)}{unit} > {_n(goal)}{unit}"
    else:
        # Short of a target to reach: 实际完成值 ÷ 指标值 × 分值. At a strict target's edge (95% against >95%) the
        # share is 1 and the score full, though the target is not met: the table's rule, and the flag says so.
        share = max(actual, ZERO) / goal if goal > 0 else ZERO
        division = f"{_n(actual)} ÷ {_n(goal)}" if goal > 0 else f"{_n(actual)}{unit} < {_n(goal)}{unit}"
    score = min(share, Decimal(1)) * weight
    capped = " (≤ 1)" if share > 1 else ""
    arithmetic = f"{division}{capped} × {_n(weight)} = {cents(score)}" if share else f"{division} → 0"
    return RowScore(indicator, weight, Points(score, score), False, arithmetic, ignored=ignored)


def _qualitative_row(indicator: Indicator, weight: Decimal) -> RowScore:
    """A person's grade gives the band; points recorded inside it give the score. Points without a grade give the
    grade their share of the 分值 falls in. Both ends are judged as shown, to two decimals."""
    grade, points = indicator.grade, indicator.points
    if grade is None and points is None:
        return RowScore(indicator, weight, None, None, "", "no_grade")
    if points is not None and points > cents(weight):
        return RowScore(indicator, weight, None, None, "", "points_over_weight", grade=grade)
    if grade is None:
        assert points is not None  # one of the two is recorded
        implied = next(g for g, (low, _) in QUALITATIVE_BANDS.items() if points >= cents(low * weight))
        arithmetic = f"{_n(points)} / {_n(weight)}"
        return RowScore(indicator, weight, Points(points, points), implied is Grade.ACHIEVED, arithmetic, grade=implied)
    low_share, high_share = QUALITATIVE_BANDS[grade]
    top_included = grade is Grade.ACHIEVED  # the band's top belongs to the grade above: 部分达成 is under 80%
    band = Points(low_share * weight, high_share * weight, open_top=not top_included)
    shares = f"{_n(low_share * HUNDRED)}–{_n(high_share * HUNDRED)}% × {_n(weight)}"
    met = grade is Grade.ACHIEVED
    if points is None:
        return RowScore(indicator, weight, band, met, f"{shares} = {band.text()}", grade=grade, band=band)
    low, high = cents(band.low), cents(band.high)
    if not (low <= points <= high if top_included else low <= points < high):
        return RowScore(indicator, weight, None, met, "", "points_outside_band", grade=grade, band=band)
    return RowScore(indicator, weight, Points(points, points), met, f"{shares} → {_n(points)}", grade=grade, band=band)


def _n(value: Decimal) -> str:
    """A figure of the arithmetic: as written when it has at most two decimals, else to two."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return format(normal, "f")
    return str(cents(value))
