"""The self-evaluation score, hand-computed: budget execution, quantitative and reverse indicators, qualitative grades,
default and stated 分值, the total and its grade, and a claimed score held against it."""

from __future__ import annotations

from decimal import Decimal

from msgspec import structs

from drift.analysis import analyse_project
from drift.claims import Verdict, check_claims
from drift.flags import describe
from drift.rules import DEFAULT_RULES, Rules, ScoreGrade
from drift.selfeval import Points, in_self_evaluation, self_evaluate
from store.model import (
    CauseKind,
    Claim,
    ClaimKind,
    Funding,
    Grade,
    GradeFloors,
    Indicator,
    Likelihood,
    Payment,
    Project,
)
from store.values import parse_date as day
from store.values import parse_target

D = Decimal
YEAR_END = day("2023-12-31")


def indicator(id: str, level1: str, target: str, final: str = "", **more: object) -> Indicator:
    return Indicator(id, level1, "数量指标", f"指标{id}", parse_target(target), final=final, **more)  # type: ignore[arg-type]


def project(*indicators: Indicator, paid: str = "100", budget: str | None = "100", **more: object) -> Project:
    """A 2023 project of `budget` 万元 with `paid` paid on 2023-06-30."""
    return Project(
        code="T-1",
        name="测试项目",
        budget_year=2023,
        funding=Funding(
            annual_budget=None if budget is None else D(budget),
            allocations=None,
            payments=(Payment(id="P1", date=day("2023-06-30"), amount=D(paid)),),
        ),
        indicators=indicators,
        **more,  # type: ignore[arg-type]
    )


def all_met() -> Project:
    """Two output indicators (产出 50 shared: 25 each), one benefit (效益 30), one satisfaction (满意度 10)."""
    return project(
        indicator("I1", "产出指标", "≥2", "2"),
        indicator("I2", "产出指标", "100%", "100%"),
        indicator("I3", "效益指标", "≥90%", "95%"),
        indicator("I4", "满意度指标", "≥95%", "96%"),
    )


def test_a_project_without_final_values_is_not_in_its_self_evaluation(seed: Project) -> None:
    assert not in_self_evaluation(seed)
    assert self_evaluate(seed, YEAR_END, DEFAULT_RULES) is None
    assert analyse_project(seed, YEAR_END).self_evaluation is None


def test_everything_met_with_the_default_weights_scores_100_and_excellent() -> None:
    evaluation = self_evaluate(all_met(), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None
    assert [row.weight for row in evaluation.rows] == [D(25), D(25), D(30), D(10)]
    assert evaluation.budget_row.weight == D(10)
    assert evaluation.budget_row.arithmetic == "100.00 ÷ 100.00 × 10 = 10.00"
    assert evaluation.total == Points(D(100), D(100))
    assert evaluation.maximum == D(100)
    assert evaluation.grade is ScoreGrade.EXCELLENT


def test_a_quantitative_shortfall_scores_its_share_of_the_points_and_is_a_red_flag() -> None:
    # The school's 2019 form: 工程资金金额 ≥43.2 万元, 37.24 at the year's end, 分值 10: 37.24 ÷ 43.2 × 10 = 8.62.
    short = indicator("I1", "产出指标", "≥43.2万元", "37.24万元", weight=D(10))
    evaluation = self_evaluate(project(short), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None
    (row,) = evaluation.rows
    assert row.met is False
    assert row.arithmetic == "37.24 ÷ 43.2 × 10 = 8.62"
    assert row.score is not None and row.score.text() == "8.62"
    analysis = analyse_project(project(short), YEAR_END)
    assert [(f.level, f.code) for f in analysis.flags if f.code == "indicator.final_short"] == [
        ("red", "indicator.final_short")
    ]
    # Budget 10 + 8.62 of 20 points: the 分值 do not add up to 100, which is said.
    assert evaluation.maximum == D(20)
    assert "selfeval.weights_not_100" in [f.code for f in analysis.flags]


def test_the_shortfall_is_judged_whatever_the_schedule_says() -> None:
    """No phases at all (schedule unknown): the final value still falls short and still says so."""
    analysis = analyse_project(project(indicator("I1", "产出指标", "≥10", "8")), YEAR_END)

    assert "indicator.final_short" in [f.code for f in analysis.flags]


def test_a_reverse_indicator_over_its_ceiling_scores_the_ceiling_over_the_value() -> None:
    cost = indicator("I1", "成本指标", "≤100万元", "120万元", weight=D(10))  # 100 ÷ 120 × 10 = 8.33
    accidents = indicator("I2", "产出指标", "0%", "1%", weight=D(10))  # nothing above a ceiling of 0 is a share of it
    lamps = indicator("I3", "产出指标", "19", "20", weight=D(10))  # 20 of 19 lamps: over-completion is met
    evaluation = self_evaluate(project(cost, accidents, lamps), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None
    assert [(row.met, row.arithmetic) for row in evaluation.rows] == [
        (False, "100 ÷ 120 × 10 = 8.33"),
        (False, "1% > 0% → 0"),
        (True, "20 ≥ 19 → 10"),
    ]
    assert evaluation.total == Points(D(10) + D(100) / D(120) * 10 + D(10), D(10) + D(100) / D(120) * 10 + D(10))


def test_qualitative_grades_give_their_band_and_recorded_points_a_number_inside_it() -> None:
    partly = indicator("I1", "效益指标", "提升", "有所提升", weight=D(10), grade=Grade.PARTLY)
    scored = indicator("I2", "效益指标", "改善", "改善", weight=D(10), grade=Grade.PARTLY, points=D(7))
    achieved = indicator("I3", "效益指标", "满意", "满意", weight=D(10), grade=Grade.ACHIEVED, points=D(10))
    outside = indicator("I4", "效益指标", "达标", "达标", weight=D(10), grade=Grade.PARTLY, points=D(8))
    evaluation = self_evaluate(project(partly, scored, achieved, outside), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None
    first, second, third, fourth = evaluation.rows
    assert first.score == Points(D(6), D(8), open_top=True) and first.arithmetic == "60–80% × 10 = 6.00–8.00"
    assert second.score == Points(D(7), D(7))
    assert third.score == Points(D(10), D(10)) and third.met is True
    # 8 of 10 is 80%: the top of 部分达成's band belongs to 达成.
    assert fourth.score is None and fourth.reason == "points_outside_band"
    assert evaluation.total is None and evaluation.grade is None


def test_a_band_total_has_a_grade_only_when_the_band_stays_in_one() -> None:
    # Budget 10 + 产出 50 met + 效益 30 partly (18–24) + 满意度 10 met = 88–94: 良 or 优.
    rows = (
        indicator("I1", "产出指标", "≥2", "2"),
        indicator("I2", "效益指标", "提升", "有所提升", grade=Grade.PARTLY),
        indicator("I3", "满意度指标", "≥95%", "96%"),
    )
    evaluation = self_evaluate(project(*rows), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None
    assert evaluation.total == Points(D(88), D(94), open_top=True)
    assert evaluation.grade is None
    assert evaluation.grades == (ScoreGrade.EXCELLENT, ScoreGrade.GOOD)


def test_weights_stated_for_some_indicators_of_a_group_only_leave_the_others_unknown() -> None:
    rows = (indicator("I1", "产出指标", "≥2", "2", weight=D(30)), indicator("I2", "产出指标", "≥2", "2"))
    evaluation = self_evaluate(project(*rows), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None
    assert [row.reason for row in evaluation.rows] == ["", "weight_partly_stated"]
    assert evaluation.total is None and evaluation.maximum is None


def test_budget_execution_is_paid_over_budget_capped_at_its_points_and_provisional_before_the_year_end() -> None:
    over = self_evaluate(project(indicator("I1", "产出指标", "≥2", "2"), paid="120"), YEAR_END, DEFAULT_RULES)
    half = self_evaluate(project(indicator("I1", "产出指标", "≥2", "2"), paid="43"), YEAR_END, DEFAULT_RULES)
    early = self_evaluate(project(indicator("I1", "产出指标", "≥2", "2")), day("2023-11-30"), DEFAULT_RULES)

    assert over is not None and half is not None and early is not None
    assert over.budget_row.score == Points(D(10), D(10))
    assert over.budget_row.arithmetic == "120.00 ÷ 100.00 (≤ 100%) × 10 = 10.00"
    assert half.budget_row.score == Points(D("4.3"), D("4.3"))
    assert early.budget.provisional and not over.budget.provisional
    unknown = self_evaluate(project(indicator("I1", "产出指标", "≥2", "2"), budget=None), YEAR_END, DEFAULT_RULES)
    assert unknown is not None and unknown.budget_row.reason == "no_annual_budget" and unknown.total is None


def test_grade_floors_come_from_the_rules() -> None:
    strict = structs.replace(DEFAULT_RULES, grade_floors=GradeFloors(D(95), D(85), D(70)))

    def scored(final: str, rules: Rules) -> ScoreGrade | None:
        # Budget 10 + 产出 50 × final ÷ 10 + 效益 30 + 满意度 10.
        rows = (
            indicator("I1", "产出指标", "≥10", final),
            indicator("I2", "效益指标", "≥2", "2"),
            indicator("I3", "满意度指标", "≥90%", "95%"),
        )
        evaluation = self_evaluate(project(*rows), YEAR_END, rules)
        assert evaluation is not None
        return evaluation.grade

    assert (scored("8", DEFAULT_RULES), scored("8", strict)) == (ScoreGrade.EXCELLENT, ScoreGrade.GOOD)  # 90
    assert (scored("6", DEFAULT_RULES), scored("6", strict)) == (ScoreGrade.GOOD, ScoreGrade.FAIR)  # 80


def test_a_claimed_score_that_differs_from_the_computed_one_is_flagged_with_both() -> None:
    claims = (
        Claim("C1", ClaimKind.SCORE, "95", YEAR_END, reference="自评报告 p.2"),
        Claim("C2", ClaimKind.SCORE, "100", YEAR_END),
        Claim("C3", ClaimKind.SCORE, "10", YEAR_END, subject="I1"),
    )
    short = indicator("I1", "产出指标", "≥43.2万元", "37.24万元", weight=D(10))
    rest = (indicator("I2", "效益指标", "≥2", "2", weight=D(30)), indicator("I3", "产出指标", "≥2", "2", weight=D(50)))
    subject = project(short, *rest, claims=claims)
    # 10 (budget) + 8.62 + 30 + 50 = 98.62 of 100.
    checks = check_claims(subject, YEAR_END, DEFAULT_RULES)

    assert [check.verdict for check in checks] == [Verdict.CONTRADICTS, Verdict.CONTRADICTS, Verdict.CONTRADICTS]
    first = checks[0].flag
    assert first is not None
    assert describe(first, "en") == (
        "测试项目: the report claims a score of 95 (C1, 自评报告 p.2); its records give 98.62 by 2023-12-31, "
        "3.62 points apart"
    )
    assert checks[1].flag is not None and checks[1].flag.value("gap_points") == D("1.38")
    assert checks[2].flag is not None and checks[2].flag.value("computed") == "8.62"


def test_a_claim_inside_a_band_agrees_and_one_before_the_self_evaluation_is_unchecked(seed: Project) -> None:
    rows = (
        indicator("I1", "产出指标", "≥2", "2"),
        indicator("I2", "效益指标", "提升", "有所提升", grade=Grade.PARTLY),
        indicator("I3", "满意度指标", "≥95%", "96%"),
    )
    banded = project(*rows, claims=(Claim("C1", ClaimKind.SCORE, "90", YEAR_END),))
    assert [check.verdict for check in check_claims(banded, YEAR_END, DEFAULT_RULES)] == [Verdict.AGREES]
    early = structs.replace(seed, claims=(Claim("C1", ClaimKind.SCORE, "85.81", day("2023-09-28")),))
    (check,) = check_claims(early, day("2023-09-28"), DEFAULT_RULES)
    assert check.verdict is Verdict.UNCHECKED and check.flag is not None
    assert check.flag.value("reason") == "not_in_self_evaluation"


def test_the_snapshot_shows_the_final_columns_and_the_score_with_its_arithmetic(seed: Project) -> None:
    from drift.markdown.snapshot import project_markdown

    short = structs.replace(seed.indicators[0], final="1", weight=D(10))
    graded = structs.replace(seed.indicators[6], grade=Grade.PARTLY)
    evaluated = structs.replace(seed, indicators=(short, *seed.indicators[1:6], graded, *seed.indicators[7:]))
    text = project_markdown(analyse_project(evaluated, YEAR_END), "en")

    assert "| Level 1 | Level 2 | Level 3 | Annual target |" in text
    assert "| Full-year forecast | Final | Weight | Score | Deviation cause |" in text
    assert "| 产出指标 | 数量指标 | 改造小区数量 | 2 | 0 | 2 | 1 | 10.00 | 5.00 |" in text
    assert "## Self-evaluation score" in text
    assert "| 改造小区数量 | 10.00 | 5.00 | 1 ÷ 2 × 10 = 5.00 |" in text
    # 效益 30 shared by four: 7.50 each; 部分达成 is 60–80% of it.
    assert "| 提升小区品质 | 7.50 | 4.50–6.00 | 60–80% × 7.5 = 4.50–6.00 |" in text
    # I1 states a 分值 and the other 产出 rows do not: theirs cannot be shared out, and the total is not known.
    assert "| 配套设施完成率 | — | not known | some indicators of its level-1 group state a 分值 and others" in text
    assert "| 设计功能实现率 | 7.50 | not known | no final value is recorded |" in text
    assert "**Total**: not known yet (9 rows without a score)" in text


def test_totals_and_bands_are_judged_as_shown_to_two_decimals() -> None:
    # 产出 50 over six rows, 效益 30 over three: 8.333… and 10 each; 满意度 missed entirely. 10 + 50 + 30 + 0 = 90.00,
    # which is 优 and out of 100.00, though the exact sum is 89.999…98 and the 分值 add up to 100.000…02.
    rows = (
        *(indicator(f"O{n}", "产出指标", "≥10", "10") for n in range(6)),
        *(indicator(f"B{n}", "效益指标", "≥10", "10") for n in range(3)),
        indicator("S1", "满意度指标", "≥90%", "0%"),
    )
    evaluation = self_evaluate(project(*rows), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None and evaluation.total is not None
    assert (evaluation.total.text(), evaluation.maximum, evaluation.grade) == ("90.00", D(100), ScoreGrade.EXCELLENT)
    assert "selfeval.weights_not_100" not in [f.code for f in analyse_project(project(*rows), YEAR_END).flags]
    # 50 shared by three is shown as 16.67: 达成 with 16.67 points is inside its band, not over the 分值.
    thirds = (
        indicator("Q1", "产出指标", "提升", grade=Grade.ACHIEVED, points=D("16.67")),
        indicator("Q2", "产出指标", "≥1", "1"),
        indicator("Q3", "产出指标", "≥1", "1"),
    )
    shared = self_evaluate(project(*thirds), YEAR_END, DEFAULT_RULES)
    assert shared is not None and shared.rows[0].score == Points(D("16.67"), D("16.67"))


def test_a_poor_or_fair_total_is_a_flag_and_points_without_a_grade_grade_the_row() -> None:
    # Word targets with points only: 1 of 50 is 未达成 (under 60%), 0 of 30 too; 满意度 met: 10 + 1 + 0 + 10 = 21.
    rows = (
        indicator("Q1", "产出指标", "优良", points=D(1), weight=D(50)),
        indicator("Q2", "效益指标", "提升", points=D(0), weight=D(30)),
        indicator("S1", "满意度指标", "≥90%", "95%"),
    )
    analysis = analyse_project(project(*rows), YEAR_END)

    assert analysis.self_evaluation is not None and analysis.self_evaluation.grade is ScoreGrade.POOR
    codes = [
        (f.level, f.code, f.subject) for f in analysis.flags if f.code.startswith(("selfeval", "indicator.graded"))
    ]
    assert codes == [
        ("red", "indicator.graded_short", "Q1"),
        ("red", "indicator.graded_short", "Q2"),
        ("red", "selfeval.grade_low", ""),
    ]
    assert analysis.light == "red"


def test_a_cost_without_a_comparator_is_a_ceiling_and_a_range_final_is_not_scored() -> None:
    cost = indicator("C1", "成本指标", "500万元", "600万元", weight=D(10))  # 500 ÷ 600 × 10 = 8.33
    under = indicator("C2", "成本指标", "500万元", "400万元", weight=D(10))
    ranged = indicator("R1", "产出指标", "≥95%", "≥90%", weight=D(10))
    edge = indicator("R2", "产出指标", ">95%", "95%", weight=D(10))
    evaluation = self_evaluate(project(cost, under, ranged, edge), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None
    first, second, third, fourth = evaluation.rows
    assert (first.met, first.arithmetic) == (False, "500 ÷ 600 × 10 = 8.33")
    assert (second.met, second.score) == (True, Points(D(10), D(10)))
    assert (third.score, third.reason) == (None, "final_range")
    # At a strict target's edge the share is 1: the table's rule gives full marks, while the flag says it is short.
    assert (fourth.met, fourth.arithmetic) == (False, "95 ÷ 95 × 10 = 10.00")


def test_a_share_above_one_is_capped_in_the_arithmetic_too() -> None:
    # "=20" over-reached is met; "≤-5%" cannot take a share of a negative ceiling.
    rows = (indicator("N1", "产出指标", "≤-5%", "-3%", weight=D(10)),)
    evaluation = self_evaluate(project(*rows), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None
    assert evaluation.rows[0].arithmetic == "-3% > -5% → 0"


def test_a_multiplier_the_target_does_not_have_makes_the_final_unreadable() -> None:
    analysis = analyse_project(project(indicator("M1", "产出指标", "≥5000", "1.2万")), YEAR_END)

    assert analysis.indicators.evaluations[0].final.value == "unreadable"
    assert analysis.self_evaluation is not None and analysis.self_evaluation.rows[0].reason == "final_unreadable"


def test_one_group_gets_its_points_once_whatever_its_name_and_no_grade_without_100() -> None:
    rows = (indicator("O1", "产出指标", "≥1", "1"), indicator("O2", "产出", "≥1", "1"))
    evaluation = self_evaluate(project(*rows), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None
    assert [row.weight for row in evaluation.rows] == [D(25), D(25)]
    assert (evaluation.maximum, evaluation.grade, evaluation.grades) == (D(60), None, ())


def test_a_grade_or_points_recorded_on_a_number_target_are_flagged_and_not_used() -> None:
    recorded = indicator("I1", "产出指标", "≥10", "5", weight=D(50), grade=Grade.ACHIEVED, points=D(50))
    analysis = analyse_project(project(recorded), YEAR_END)

    assert analysis.self_evaluation is not None
    assert analysis.self_evaluation.rows[0].score == Points(D(25), D(25))
    (ignored,) = [f for f in analysis.flags if f.code == "selfeval.recorded_ignored"]
    assert describe(ignored, "en") == (
        "指标I1: the grade (achieved) and points (50) recorded are not used: a number target scores from its final "
        "value (25.00)"
    )


def test_a_band_that_stops_short_of_a_grade_floor_is_not_given_that_grade() -> None:
    # 部分达成 of 50 is 30 to under 40; with 产出 met (40 of the rest) and budget 10: 80 to under 90, 良 only.
    rows = (
        indicator("Q1", "效益指标", "提升", grade=Grade.PARTLY, weight=D(50)),
        indicator("O1", "产出指标", "≥1", "1", weight=D(40)),
    )
    evaluation = self_evaluate(project(*rows), YEAR_END, DEFAULT_RULES)

    assert evaluation is not None and evaluation.total is not None
    assert (evaluation.total.text(), evaluation.grades) == ("80.00–90.00", (ScoreGrade.GOOD,))


def test_an_unreadable_final_leaves_the_forecasts_flags_standing(seed: Project) -> None:
    doomed = structs.replace(seed.indicators[4], forecast="80%", likelihood=Likelihood.IMPOSSIBLE, final="约80%")
    analysis = analyse_project(structs.replace(seed, indicators=(doomed,)), YEAR_END)

    codes = {f.code for f in analysis.flags}
    assert {"indicator.impossible", "indicator.forecast_short", "indicator.value_incomparable"} <= codes
    assert analysis.indicators.evaluations[0].at_risk


def test_a_self_evaluated_grid_is_not_called_empty_and_ticked_causes_count_as_a_cause() -> None:
    short = indicator("I1", "产出指标", "≥10", "5", weight=D(90), cause_kinds=(CauseKind.FUNDING,))
    analysis = analyse_project(project(short), YEAR_END)

    codes = {f.code for f in analysis.flags}
    assert "indicators.nothing_recorded" not in codes and "indicator.missing_deviation_cause" not in codes
    assert "indicator.final_short" in codes
