"""Flags are data; every sentence about them comes from the i18n table, in Chinese and in English."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from msgspec import structs

from drift.analysis import analyse_project
from drift.flags import Flag, describe, flag
from drift.i18n import MESSAGES
from drift.money import Figure
from drift.rules import Light
from store.model import (
    Allocation,
    Claim,
    ClaimKind,
    Funding,
    Grade,
    Indicator,
    Likelihood,
    Payment,
    Project,
    ReportedFigure,
    SourceKind,
)
from store.values import parse_date as day
from store.values import parse_target

FLAG_CODES = {key.removeprefix("flag.") for key in MESSAGES if key.startswith("flag.")}
"""The flag codes the i18n table has sentences for."""


def test_every_flag_sentence_exists_in_both_languages() -> None:
    assert len(FLAG_CODES) == 49
    for code in FLAG_CODES:
        zh, en = MESSAGES[f"flag.{code}"]
        assert zh and en and zh != en


def test_the_seed_flags_read_as_the_report_would_say_them(seed: Project) -> None:
    analysis = analyse_project(seed, day("2023-09-28"))
    by_code = {f.code: f for f in analysis.flags}

    assert describe(by_code["schedule.expectation_behind_forecast"], "en") == (
        "the monitor expects 工程建设 to finish by 2023-12-31, but the forecast is 2024-02-27, 58 days later"
    )
    assert describe(by_code["schedule.expectation_behind_forecast"], "zh") == (
        "监控方预计工程建设 2023-12-31 前完成，但按进度推算为 2024-02-27，晚 58 天"
    )
    assert describe(by_code["budget.behind_time"], "en") == (
        "total: 0.00% of the budget paid against 74.25% time progress, 74.25 points behind"
        " (paid 0.00 of 589.20 万元 · 271 of 365 days)"
    )
    assert describe(by_code["budget.behind_time"], "zh") == (
        "合计：预算执行率 0.00% 落后序时进度 74.25% 共 74.25 个百分点（已支出 0.00 / 589.20 万元 · 已过 271 / 365 天）"
    )
    assert describe(by_code["schedule.completion_late"], "zh") == "项目预计 2024-03-29 完工，比计划 2023-12-31 晚 89 天"


def every_kind_of_flag(seed: Project) -> tuple[Flag, ...]:
    """Flags of every code: the seed made worse in each way the analysis knows, on two dates."""
    doomed = Indicator(
        id="X",
        level1="产出指标",
        level2="数量指标",
        level3="路灯",
        target=parse_target("19"),
        to_date="3",
        forecast="12",
        likelihood=Likelihood.IMPOSSIBLE,
    )
    unreadable = structs.replace(doomed, id="Y", likelihood=None, to_date="三", forecast="19")
    hedged = structs.replace(
        doomed, id="Z", target=parse_target("提升"), forecast="提升", likelihood=Likelihood.POSSIBLE
    )
    # Tendering recorded a day after its award event; the county paid 600 of the 500 it was allocated, against a
    # budget cut to 400 (so the sources no longer add up, and its forecast of 500 is above it), while the central and
    # provincial money lies idle; 1 万元 is paid for the project as a whole, and the total investment is cut below
    # the annual budget.
    phases = tuple(structs.replace(p, actual_end=day("2023-09-26")) if p.id == "tendering" else p for p in seed.phases)
    county = structs.replace(seed.funding.sources[2], annual_budget=Decimal(400))
    overpaid = Payment(id="P", date=day("2023-05-20"), source=SourceKind.LOCAL, amount=Decimal(600))
    stray = Payment(id="Q", date=day("2023-05-20"), amount=Decimal(1))  # money of the whole project
    funding = structs.replace(
        seed.funding,
        total_budget=Decimal(500),
        sources=(*seed.funding.sources[:2], county),
        payments=(overpaid, stray),
    )
    # The report claims what its records contradict, and a score drift cannot check.
    claims = tuple(
        Claim(id=f"C{n}", kind=ClaimKind(kind), value=value, date=day("2023-09-28"), subject=subject)
        for n, (kind, value, subject) in enumerate(
            [
                ("execution_rate", "100%", ""),  # 601 of 589.20: 102.00%
                ("allocation_rate", "0", "central"),  # 82 of 82
                ("completion_date", "2023-06-30", ""),
                ("indicator_value", "19", "X"),  # 3 recorded
                ("likelihood", "certain", "X"),  # forecast 12 of 19
                ("likelihood", "certain", "Z"),  # the grid says possible
                ("likelihood", "certain", "I5"),  # on time, of a project forecast late
                ("score", "85.81", ""),
            ],
            1,
        )
    )
    worse = structs.replace(
        seed, phases=phases, indicators=(*seed.indicators, doomed, unreadable, hedged), funding=funding, claims=claims
    )
    # A project with nothing to go by: no phases, no budget, no allocations stated, no indicators.
    empty = Project(code="E", name="空", budget_year=2023, funding=Funding(annual_budget=Decimal(0)))
    # Indicators listed, but none with a value, a forecast or a likelihood.
    blank = structs.replace(seed, indicators=(structs.replace(doomed, to_date="-", forecast="", likelihood=None),))
    # No annual budget: measured against what was allocated (100, none paid), or not at all (nothing allocated, or
    # allocations not stated).
    allocated_only = structs.replace(
        empty,
        funding=Funding(allocations=(Allocation(id="A", date=day("2023-01-10"), amount=Decimal(100)),)),
    )
    nothing_allocated = structs.replace(empty, funding=Funding(allocations=()))
    no_budget = structs.replace(empty, funding=Funding())
    # Reported cumulative figures: paid 50 by June though 60 was recorded by then, then 40 by September; the year
    # ends with 100 allocated and 40 paid, though the report states a carry-over of 70; before June, paid is unknown.
    reported = structs.replace(
        empty,
        funding=Funding(
            annual_budget=Decimal(100),
            carried_over=Decimal(70),
            allocations=(Allocation(id="A", date=day("2023-01-10"), amount=Decimal(100)),),
            payments=(Payment(id="P", date=day("2023-05-01"), amount=Decimal(60)),),
            reported=(
                ReportedFigure(id="R1", date=day("2023-06-30"), paid=Decimal(50)),
                ReportedFigure(id="R2", date=day("2023-09-30"), paid=Decimal(40)),
            ),
        ),
    )
    only_reported = structs.replace(
        empty,
        funding=Funding(
            annual_budget=Decimal(100), reported=(ReportedFigure(id="R1", date=day("2023-06-30"), paid=Decimal(50)),)
        ),
    )
    # The self-evaluation: a final shortfall, a partly-achieved grade, a row without 分值, a claimed score.
    evaluated = structs.replace(
        empty,
        indicators=(
            Indicator("S1", "产出指标", "数量指标", "路灯", parse_target("≥19盏"), final="17盏", weight=Decimal(20)),
            Indicator("S2", "效益指标", "社会效益", "改善", parse_target("改善"), grade=Grade.PARTLY),
            Indicator("S3", "其他指标", "其他", "其他", parse_target("≥1"), final="1"),
        ),
    )
    # Every 分值 known but adding up to 10 (budget, nothing paid of 100) + 20 + 30 = 60; a claimed 99 of 0–44.
    scored = structs.replace(
        evaluated,
        funding=Funding(annual_budget=Decimal(100)),
        indicators=evaluated.indicators[:2],
        claims=(Claim("C9", ClaimKind.SCORE, "99", day("2023-12-31")),),
    )
    # 分值 adding up to 100, a total of 5 (差), a grade recorded on a number target.
    poor = structs.replace(
        scored,
        indicators=(
            Indicator(
                "P1",
                "产出指标",
                "数量",
                "路灯",
                parse_target("≥10"),
                final="1",
                weight=Decimal(50),
                grade=Grade.ACHIEVED,
            ),
            Indicator("P2", "效益指标", "效益", "效益", parse_target("≥1"), final="0", weight=Decimal(30)),
            Indicator("P3", "满意度指标", "满意度", "满意度", parse_target("≥90%"), final="0%", weight=Decimal(10)),
        ),
        claims=(),
    )
    # On 07-31 tendering is overdue; on 09-28 the rest shows.
    return (
        analyse_project(worse, day("2023-09-28")).flags
        + analyse_project(worse, day("2023-07-31")).flags
        + analyse_project(empty, day("2023-07-31")).flags
        + analyse_project(blank, day("2023-07-31")).flags
        + analyse_project(allocated_only, day("2023-09-28")).flags
        + analyse_project(nothing_allocated, day("2023-09-28")).flags
        + analyse_project(no_budget, day("2023-09-28")).flags
        + analyse_project(reported, day("2024-03-31")).flags
        + analyse_project(only_reported, day("2023-03-31")).flags
        + analyse_project(evaluated, day("2023-12-31")).flags
        + analyse_project(scored, day("2023-12-31")).flags
        + analyse_project(poor, day("2023-12-31")).flags
    )


def test_every_flag_the_analysis_raises_can_be_described(seed: Project) -> None:
    flags = every_kind_of_flag(seed)

    # Every code raised has a sentence (describe would fail otherwise) and every sentence has a code that is raised.
    assert {f.code for f in flags} == FLAG_CODES
    for item in flags:
        for lang in ("zh", "en"):
            sentence = describe(item, lang)
            assert "{" not in sentence and "None" not in sentence, sentence


def test_no_flag_sentence_names_a_source_or_a_field_by_its_code(seed: Project) -> None:
    # The seed's names are Chinese: a Latin letter in a Chinese sentence can only be a code (central, to_date, days),
    # but for the ids of the claims and the reported figures, which name the record (C1, R1).
    codes = re.compile(rf"\b({'|'.join([*SourceKind, 'to_date'])})\b")
    for item in every_kind_of_flag(seed):
        zh, en = describe(item, "zh"), describe(item, "en")
        assert re.search("[A-Za-z_]", re.sub(r"\b[CR][0-9]+\b", "", zh)) is None, zh
        assert codes.search(en) is None, en


def test_a_reported_figure_below_the_records_names_the_figure_in_words() -> None:
    item = flag(
        Light.YELLOW,
        "budget.reported_below_records",
        "central",
        name="中央补助资金",
        figure=Figure.PAID,
        report="R1",
        date=day("2023-06-30"),
        reported="50.00",
        recorded="60.00",
    )

    assert describe(item, "zh") == (
        "中央补助资金：报告截至 2023-06-30 累计支出 50.00 万元（R1），少于截至该日的逐笔记录合计 60.00 万元"
    )
    assert describe(item, "en") == (
        "中央补助资金: the report's cumulative paid of 50.00 万元 as of 2023-06-30 (R1) is less than the 60.00 万元"
        " the dated records add up to by then"
    )


def test_a_flag_keeps_its_values_in_order_and_refuses_unknown_names() -> None:
    item = flag(Light.RED, "schedule.completion_late", completion=day("2024-03-29"), planned=day("2023-12-31"))

    assert item.values == (("completion", day("2024-03-29")), ("planned", day("2023-12-31")))
    assert item.value("planned") == day("2023-12-31")
    with pytest.raises(KeyError):
        item.value("slip_days")
