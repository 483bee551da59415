"""A report's claims held against its own records as of each claim's date, with hand-computed figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from msgspec import structs

from drift.analysis import analyse_project
from drift.claims import Verdict, check_claims
from drift.flags import describe
from drift.rules import DEFAULT_RULES, Light, Rules
from store.model import (
    Claim,
    ClaimKind,
    Funding,
    Indicator,
    Likelihood,
    Payment,
    Phase,
    Project,
    Source,
    SourceKind,
)
from store.values import parse_date as day
from store.values import parse_target

D = Decimal
CENTRAL = SourceKind.CENTRAL

# The county self-evaluation of the issue: 200 万元 budgeted, 66.86 paid by the year's end, "资金拨付进度100%".
PAYMENTS = (
    Payment(id="P1", date=day("2020-06-30"), source=CENTRAL, amount=D("30.00")),
    Payment(id="P2", date=day("2020-12-20"), source=CENTRAL, amount=D("36.86")),
)
MONEY = Funding(
    annual_budget=D(200), sources=(Source(CENTRAL, "中央补助资金", annual_budget=D(200)),), payments=PAYMENTS
)
BUILD = Phase(
    id="build",
    name="施工",
    planned_start=day("2020-07-01"),
    planned_end=day("2020-11-30"),
    actual_start=day("2020-08-01"),
)
"""153 planned days, started a month late: as of 2020-09-28 it is forecast to finish 2020-12-31."""
OUTPUT = Indicator(
    id="I1",
    level1="产出指标",
    level2="数量指标",
    level3="改造完成率",
    target=parse_target("≥95%"),
    to_date="80%",
    forecast="80%",
    likelihood=Likelihood.POSSIBLE,
)


def project(*claims: Claim, **changes: object) -> Project:
    base = Project(
        code="T-1",
        name="小项目",
        budget_year=2020,
        funding=MONEY,
        phases=(BUILD,),
        indicators=(OUTPUT,),
        claims=claims,
    )
    return structs.replace(base, **changes)


def claim(kind: ClaimKind, value: str, date: str = "2020-12-31", **fields: object) -> Claim:
    return Claim(id="C1", kind=kind, value=value, date=day(date), **fields)


def check(item: Claim, **changes: object):
    [result] = check_claims(project(item, **changes), None, DEFAULT_RULES)
    return result


# Rates ------------------------------------------------------------------------------------------------------


def test_a_claimed_full_payment_is_held_against_33_43_percent_paid() -> None:
    result = check(claim(ClaimKind.EXECUTION_RATE, "100%", reference="自评报告"))
    # 66.86 ÷ 200 = 33.43%; 100 − 33.43 = 66.57 points apart.
    assert (result.verdict, result.computed) == (Verdict.CONTRADICTS, D("33.43"))
    assert result.flag is not None and result.flag.level is Light.YELLOW
    assert describe(result.flag, "en") == (
        "total: the report claims 100% paid (C1, 自评报告); its records give 33.43% (66.86 of 200.00 万元 "
        "paid by 2020-12-31), 66.57 points apart"
    )
    assert describe(result.flag, "zh") == (
        "合计：报告称预算执行率 100%（C1，自评报告）；按其记录截至 2020-12-31 支出 66.86 / 预算 200.00 万元，"
        "执行率 33.43%，相差 66.57 个百分点"
    )


@pytest.mark.parametrize(
    ("claimed", "tolerance", "verdict"),
    [
        ("33.43", None, Verdict.AGREES),
        ("33%", None, Verdict.AGREES),  # 0.43 points: within the default 1
        ("34.43%", None, Verdict.AGREES),  # exactly 1 point: still within
        ("31%", None, Verdict.CONTRADICTS),  # 2.43 points
        ("31%", D(3), Verdict.AGREES),  # the claim's own tolerance
        ("３３％", None, Verdict.AGREES),  # as a Chinese input method types it
    ],
)
def test_a_rate_agrees_within_the_tolerance(claimed: str, tolerance: Decimal | None, verdict: Verdict) -> None:
    assert check(claim(ClaimKind.EXECUTION_RATE, claimed, tolerance=tolerance)).verdict is verdict


def test_a_rate_is_computed_as_of_the_claims_own_date() -> None:
    # By 2020-06-30 only P1 was paid: 30 ÷ 200 = 15.00%, although the year ends at 33.43%.
    result = check(claim(ClaimKind.EXECUTION_RATE, "15%", "2020-06-30"))
    assert (result.verdict, result.computed) == (Verdict.AGREES, D("15.00"))


def test_a_rate_of_one_source_uses_that_source() -> None:
    funding = structs.replace(
        MONEY,
        annual_budget=D(300),
        sources=(*MONEY.sources, Source(SourceKind.LOCAL, "县级资金", annual_budget=D(100))),
    )
    total = check(claim(ClaimKind.EXECUTION_RATE, "33.43%"), funding=funding)
    central = check(claim(ClaimKind.EXECUTION_RATE, "33.43%", subject="central"), funding=funding)
    assert (total.verdict, total.computed) == (Verdict.CONTRADICTS, D("22.29"))  # 66.86 ÷ 300
    assert (central.verdict, central.computed) == (Verdict.AGREES, D("33.43"))
    assert central.flag is None


def test_an_allocation_rate_is_unchecked_when_the_report_does_not_state_its_allocations() -> None:
    result = check(claim(ClaimKind.ALLOCATION_RATE, "100%"))
    assert (result.verdict, result.computed) == (Verdict.UNCHECKED, None)
    assert result.flag is not None and result.flag.level is Light.UNKNOWN
    assert describe(result.flag, "en") == (
        'the allocation rate the report claims, "100%" (C1), cannot be checked: the report does not state its allocations'
    )


def test_an_allocation_rate_against_allocations_stated_as_none_is_zero_not_unknown() -> None:
    result = check(claim(ClaimKind.ALLOCATION_RATE, "100%"), funding=structs.replace(MONEY, allocations=()))
    assert (result.verdict, result.computed) == (Verdict.CONTRADICTS, D("0.00"))
    assert result.flag is not None and result.flag.value("gap_points") == D("100.00")


def test_a_rate_against_a_zero_budget_cannot_be_checked() -> None:
    zero = Funding(annual_budget=D(0), sources=(Source(CENTRAL, "中央补助资金", annual_budget=D(0)),))
    result = check(claim(ClaimKind.EXECUTION_RATE, "0%"), funding=zero)
    assert result.verdict is Verdict.UNCHECKED
    assert result.flag is not None and result.flag.value("reason") == "no_budget"


# Completion dates --------------------------------------------------------------------------------------------


def test_a_completion_date_earlier_than_the_forecast_contradicts() -> None:
    result = check(claim(ClaimKind.COMPLETION_DATE, "2020-11-30", "2020-09-28", subject="build"))
    # Started 2020-08-01, 153 planned days: 2020-12-31, 31 days after the claimed 2020-11-30.
    assert (result.verdict, result.computed) == (Verdict.CONTRADICTS, day("2020-12-31"))
    assert result.flag is not None
    assert describe(result.flag, "en") == (
        "施工: the report claims completion by 2020-11-30 (C1); its phases as of 2020-09-28 give 2020-12-31, 31 days later"
    )


@pytest.mark.parametrize(
    ("claimed", "tolerance", "verdict"),
    [
        ("2020-12-31", None, Verdict.AGREES),
        ("2021-03-31", None, Verdict.AGREES),  # "by" a later date holds
        ("2020-12-30", None, Verdict.CONTRADICTS),  # one day: the default tolerance is none
        ("2020-12-20", D(11), Verdict.AGREES),
        ("2020-12-20", D(10), Verdict.CONTRADICTS),
    ],
)
def test_a_completion_date_holds_when_the_forecast_is_not_later(
    claimed: str, tolerance: Decimal | None, verdict: Verdict
) -> None:
    item = claim(ClaimKind.COMPLETION_DATE, claimed, "2020-09-28", tolerance=tolerance)
    assert check(item).verdict is verdict  # the project as a whole: its only phase


def test_a_completion_date_is_forecast_as_of_the_claims_own_date() -> None:
    # On 2020-07-15 the start was not yet recorded: from 07-16, 153 days end on 2020-12-15.
    early = check(claim(ClaimKind.COMPLETION_DATE, "2020-12-15", "2020-07-15"))
    assert (early.verdict, early.computed) == (Verdict.AGREES, day("2020-12-15"))
    later = check(claim(ClaimKind.COMPLETION_DATE, "2020-12-15", "2020-09-28"))
    assert (later.verdict, later.computed) == (Verdict.CONTRADICTS, day("2020-12-31"))


def test_a_completion_date_without_phases_cannot_be_checked() -> None:
    result = check(claim(ClaimKind.COMPLETION_DATE, "2020-12-31"), phases=())
    assert result.verdict is Verdict.UNCHECKED
    assert result.flag is not None and describe(result.flag, "zh") == (
        "报告所称完成日期“2020-12-31”（C1）无法核对：未录入任何阶段"
    )


# Indicator values and likelihoods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "tolerance", "verdict"),
    [
        ("100%", None, Verdict.CONTRADICTS),
        ("80%", None, Verdict.AGREES),
        ("80", None, Verdict.AGREES),  # the forms leave the unit out
        ("８０％", None, Verdict.AGREES),
        ("82%", D(2), Verdict.AGREES),
        ("已完成", None, Verdict.UNCHECKED),  # a word cannot be read against 80%
    ],
)
def test_an_indicator_value_is_held_against_the_grid(claimed: str, tolerance: Decimal | None, verdict: Verdict) -> None:
    assert check(claim(ClaimKind.INDICATOR_VALUE, claimed, subject="I1", tolerance=tolerance)).verdict is verdict


def test_a_contradicted_indicator_value_names_both_values_and_the_target() -> None:
    result = check(claim(ClaimKind.INDICATOR_VALUE, "100%", subject="I1", reference="自评报告 表2"))
    assert result.flag is not None
    assert describe(result.flag, "en") == (
        '改造完成率: the report claims "100%" (C1, 自评报告 表2); the indicator grid records "80%" (target ≥95%)'
    )


def test_a_qualitative_value_agrees_only_word_for_word_and_is_otherwise_unchecked() -> None:
    quality = structs.replace(OUTPUT, target=parse_target("提升"), to_date="提升")
    same = check(claim(ClaimKind.INDICATOR_VALUE, "提升", subject="I1"), indicators=(quality,))
    other = check(claim(ClaimKind.INDICATOR_VALUE, "明显提升", subject="I1"), indicators=(quality,))
    assert (same.verdict, other.verdict) == (Verdict.AGREES, Verdict.UNCHECKED)


def test_an_indicator_value_without_a_recorded_value_cannot_be_checked() -> None:
    empty = structs.replace(OUTPUT, to_date="-")
    result = check(claim(ClaimKind.INDICATOR_VALUE, "100%", subject="I1"), indicators=(empty,))
    assert result.flag is not None and result.flag.value("reason") == "no_value"


@pytest.mark.parametrize(
    ("forecast", "grid", "claimed", "verdict", "code"),
    [
        ("80%", None, Likelihood.CERTAIN, Verdict.CONTRADICTS, "claim.likelihood_forecast"),  # 80 short of ≥95
        ("80%", None, Likelihood.POSSIBLE, Verdict.CONTRADICTS, "claim.likelihood_forecast"),  # still more hopeful
        ("80%", None, Likelihood.IMPOSSIBLE, Verdict.AGREES, None),
        ("100%", None, Likelihood.IMPOSSIBLE, Verdict.AGREES, None),  # less hopeful than the records: no warning
        ("100%", Likelihood.POSSIBLE, Likelihood.CERTAIN, Verdict.AGREES, None),  # the forecast decides
        ("-", Likelihood.POSSIBLE, Likelihood.CERTAIN, Verdict.CONTRADICTS, "claim.likelihood_grid"),
        ("-", Likelihood.POSSIBLE, Likelihood.POSSIBLE, Verdict.AGREES, None),
        ("-", Likelihood.CERTAIN, Likelihood.POSSIBLE, Verdict.AGREES, None),
        ("-", None, Likelihood.CERTAIN, Verdict.UNCHECKED, "claim.unchecked"),
    ],
)
def test_a_likelihood_more_hopeful_than_the_forecast_else_the_grid_contradicts(
    forecast: str, grid: Likelihood | None, claimed: Likelihood, verdict: Verdict, code: str | None
) -> None:
    indicator = structs.replace(OUTPUT, forecast=forecast, likelihood=grid)
    result = check(claim(ClaimKind.LIKELIHOOD, str(claimed), subject="I1"), indicators=(indicator,))
    assert result.verdict is verdict
    assert (result.flag.code if result.flag else None) == code


def test_a_likelihood_claim_reads_as_the_report_writes_it_in_both_languages() -> None:
    result = check(claim(ClaimKind.LIKELIHOOD, "确定能", subject="I1"))
    assert result.flag is not None
    assert describe(result.flag, "zh") == (
        "改造完成率：报告称完成目标可能性为确定能（C1）；全年预计“80%”对照指标值 ≥95%，应为完全不可能"
    )
    assert describe(result.flag, "en") == (
        '改造完成率: the report rates meeting the target as certain (C1); the forecast "80%" against the target ≥95% '
        "makes it impossible"
    )


def test_a_score_is_kept_and_said_to_be_unchecked_until_drift_computes_scores() -> None:
    result = check(claim(ClaimKind.SCORE, "85.81"))
    assert result.verdict is Verdict.UNCHECKED
    assert result.flag is not None and result.flag.level is Light.UNKNOWN


# In the analysis ----------------------------------------------------------------------------------------------


def test_a_claim_dated_after_the_as_of_date_waits_and_is_named_as_later() -> None:
    analysis = analyse_project(project(claim(ClaimKind.EXECUTION_RATE, "100%")), day("2020-09-30"))
    assert analysis.claims == ()
    assert analysis.later.claims == 1
    assert not [item for item in analysis.flags if item.code.startswith("claim.")]


def test_a_contradiction_is_a_flag_of_the_rules_claim_light_and_an_unchecked_claim_is_unknown() -> None:
    claims = (
        claim(ClaimKind.EXECUTION_RATE, "100%"),
        structs.replace(claim(ClaimKind.SCORE, "85.81"), id="C2"),
    )
    as_of = day("2020-12-31")
    yellow = analyse_project(project(*claims), as_of)
    red = analyse_project(project(*claims), as_of, Rules(claim_light=Light.RED))
    codes = [(item.code, item.level) for item in yellow.flags if item.code.startswith("claim.")]
    assert codes == [("claim.execution_rate", Light.YELLOW), ("claim.unchecked", Light.UNKNOWN)]
    assert [item.level for item in red.flags if item.code == "claim.execution_rate"] == [Light.RED]
    assert red.light is Light.RED


@pytest.mark.parametrize(
    ("claimed", "recorded", "tolerance", "verdict"),
    [
        ("≥95%", "96%", None, Verdict.AGREES),  # 96 is one of the values "≥95%" allows
        ("96%", "≥95%", None, Verdict.AGREES),
        ("≥95%", "90%", None, Verdict.CONTRADICTS),  # 5 points below anything "≥95%" allows
        ("≥95%", "90%", D(5), Verdict.AGREES),
        ("≤10%", "≥95%", None, Verdict.CONTRADICTS),
        ("<95%", "≥95%", None, Verdict.CONTRADICTS),  # they meet at 95, which "<" leaves out
        ("≤95%", "≥95%", None, Verdict.AGREES),  # 95 itself is both
        ("<95%", "≥95%", D("0.5"), Verdict.AGREES),
        ("2万元", "2个", None, Verdict.UNCHECKED),  # another quantity, whatever the numbers
    ],
)
def test_an_indicator_value_with_a_comparator_or_a_unit_is_read_as_the_values_it_allows(
    claimed: str, recorded: str, tolerance: Decimal | None, verdict: Verdict
) -> None:
    indicator = structs.replace(OUTPUT, to_date=recorded)
    item = claim(ClaimKind.INDICATOR_VALUE, claimed, subject="I1", tolerance=tolerance)
    assert check(item, indicators=(indicator,)).verdict is verdict


def test_on_time_claimed_certain_is_contradicted_by_a_schedule_forecast_late() -> None:
    # 按时完工率 forecast 100% against 100%: met by the form, but as of 2020-09-28 the project finishes 2020-12-31,
    # a month after the planned 2020-11-30: on time cannot be met.
    on_time = Indicator(
        id="I5",
        level1="产出指标",
        level2="时效指标",
        level3="按时完工率",
        target=parse_target("100%"),
        forecast="100%",
    )
    result = check(claim(ClaimKind.LIKELIHOOD, "确定能", "2020-09-28", subject="I5"), indicators=(on_time,))
    assert (result.verdict, result.computed) == (Verdict.CONTRADICTS, Likelihood.IMPOSSIBLE)
    assert result.flag is not None
    assert describe(result.flag, "en") == (
        "按时完工率: the report rates meeting the target as certain (C1); the schedule forecasts completion on "
        "2020-12-31, after the planned 2020-11-30, which makes it impossible"
    )


def test_a_rate_is_compared_unrounded_and_never_contradicts_by_0_00_points() -> None:
    # 66.86 ÷ 200 is exactly 33.43%; 27.34 ÷ 589.20 is 4.640190…%: 4.6402 is 0.00001 from it, which shows as 0.00.
    odd = Funding(
        annual_budget=D("589.20"),
        sources=(Source(CENTRAL, "中央补助资金", annual_budget=D("589.20")),),
        payments=(Payment(id="P1", date=day("2020-06-01"), source=CENTRAL, amount=D("27.34")),),
    )
    close = check(claim(ClaimKind.EXECUTION_RATE, "4.6402%", tolerance=D(0)), funding=odd)
    off = check(claim(ClaimKind.EXECUTION_RATE, "4.66%", tolerance=D(0)), funding=odd)
    assert (close.verdict, close.computed) == (Verdict.AGREES, D("4.64"))
    assert off.verdict is Verdict.CONTRADICTS
    assert off.flag is not None and off.flag.value("gap_points") == D("0.02")  # 4.66 − 4.640190… = 0.019810…
