"""A value that cannot be read against its target and figures that disagree are flagged, never passed over."""

from __future__ import annotations

from decimal import Decimal

import pytest
from msgspec import structs

from drift.budget import analyse_budget
from drift.flags import describe
from drift.indicators import Outcome, analyse_indicators, evaluate
from drift.rules import Light
from store.model import Allocation, Funding, Indicator, Likelihood, Payment, Phase, Project, Source, SourceKind
from store.values import parse_date as day
from store.values import parse_target

D = Decimal
CENTRAL, PROVINCIAL, LOCAL = SourceKind.CENTRAL, SourceKind.PROVINCIAL, SourceKind.LOCAL
AS_OF = day("2023-09-28")
LATE_PHASE = Phase(id="P1", name="施工", planned_start=day("2023-01-01"), planned_end=day("2023-06-30"))
"""Not started by the as-of date: the schedule light is red."""


def indicator_project(to_date: str, target: str = "100%") -> Project:
    """The seed's I2 in small: an output indicator judged certain, with nothing done and a red schedule."""
    item = Indicator(
        id="I2",
        level1="产出指标",
        level2="数量指标",
        level3="配套设施完成率",
        target=parse_target(target),
        to_date=to_date,
        forecast="100%",
        likelihood=Likelihood.CERTAIN,
    )
    funding = Funding(annual_budget=D(100), sources=(Source(CENTRAL, "中央", annual_budget=D(100)),), allocations=())
    return Project(
        code="T-1", name="小项目", budget_year=2023, funding=funding, phases=(LATE_PHASE,), indicators=(item,)
    )


def codes(project: Project) -> list[str]:
    return [item.code for item in analyse_indicators(project, AS_OF).flags]


@pytest.mark.parametrize("typed", ["0％", "０", "0 %", "０ ％"])
def test_full_width_digits_and_percent_are_read_as_the_ascii_value(typed: str) -> None:
    # "0" against 100% is not met, and with a red schedule and "certain" it raises the same two flags as "0".
    assert evaluate(parse_target("100%"), typed) is Outcome.NOT_MET
    assert codes(indicator_project(typed)) == codes(indicator_project("0"))
    assert codes(indicator_project("0")) == ["indicator.certain_without_progress", "indicator.missing_deviation_cause"]


def test_a_full_width_target_is_read_as_its_ascii_value() -> None:
    target = parse_target("≥９５％")
    assert (target.value, target.unit) == (D(95), "%")
    assert target.text == "≥９５％"  # kept as written


def test_forty_percent_typed_on_a_chinese_keyboard_meets_nothing_and_is_not_qualitative() -> None:
    assert evaluate(parse_target("100%"), "40％") is Outcome.NOT_MET


@pytest.mark.parametrize("typed", ["四十", "40个", "about 40"])
def test_a_value_that_cannot_be_read_against_a_numeric_target_raises_a_yellow_flag(typed: str) -> None:
    project = indicator_project(typed)
    assert evaluate(project.indicators[0].target, typed) is Outcome.UNREADABLE
    flags = analyse_indicators(project, AS_OF).flags
    assert [(item.level, item.code) for item in flags] == [(Light.YELLOW, "indicator.value_incomparable")]
    assert describe(flags[0], "en") == (
        f'配套设施完成率: the value to date "{typed}" cannot be compared with the target 100%'
    )


def test_a_qualitative_target_stays_qualitative_whatever_the_value() -> None:
    project = indicator_project("四十", target="提升")
    assert evaluate(project.indicators[0].target, "四十") is Outcome.QUALITATIVE
    assert codes(project) == []


def test_a_missing_value_is_missing_not_unreadable() -> None:
    assert evaluate(parse_target("100%"), "-") is Outcome.MISSING


def budget_project(
    *,
    annual: str = "100",
    total: str | None = None,
    sources: tuple[tuple[SourceKind, str], ...] = ((CENTRAL, "100"),),
    allocations: tuple[tuple[str, str], ...] = (),
    payments: tuple[tuple[str, str], ...] = (),
) -> Project:
    """Money records all dated 2023-03-01, before the as-of date."""
    funding = Funding(
        annual_budget=D(annual),
        total_budget=None if total is None else D(total),
        sources=tuple(Source(kind, str(kind), annual_budget=D(amount)) for kind, amount in sources),
        allocations=tuple(
            Allocation(id=f"A{n}", date=day("2023-03-01"), amount=D(amount), source=kind)
            for n, (kind, amount) in enumerate(allocations)
        ),
        payments=tuple(
            Payment(id=f"P{n}", date=day("2023-03-01"), amount=D(amount), source=kind)
            for n, (kind, amount) in enumerate(payments)
        ),
    )
    return Project(code="T-1", name="小项目", budget_year=2023, funding=funding)


def consistency(project: Project) -> list[tuple[Light, str, str]]:
    """The consistency flags, as (level, code, English sentence)."""
    wanted = {
        "budget.sources_differ_from_budget",
        "budget.annual_exceeds_total",
        "budget.allocated_exceeds_budget",
        "budget.forecast_exceeds_budget",
    }
    flags = analyse_budget(project, AS_OF).flags
    return [(item.level, item.code, describe(item, "en")) for item in flags if item.code in wanted]


def test_sources_of_80_and_80_under_an_annual_budget_of_100_are_flagged_with_the_figures() -> None:
    project = budget_project(sources=((CENTRAL, "80"), (PROVINCIAL, "80")))
    assert consistency(project) == [
        (
            Light.YELLOW,
            "budget.sources_differ_from_budget",
            "the funding sources add up to 160.00 万元, not the annual budget of 100.00 万元",
        )
    ]


def test_an_annual_budget_above_the_projects_total_investment_is_flagged() -> None:
    assert consistency(budget_project(total="90")) == [
        (
            Light.YELLOW,
            "budget.annual_exceeds_total",
            "the annual budget of 100.00 万元 is more than the project's total investment of 90.00 万元",
        )
    ]


def test_allocations_above_the_annual_budget_are_flagged_for_the_total_when_no_source_says_it() -> None:
    # Sources of 60 + 40 = 100; 60 + 50 allocated: the provincial source is over, and so is the total (110 > 100),
    # but one flag says it. With no sources (money of the whole project), only the total can say it.
    project = budget_project(
        sources=((CENTRAL, "60"), (PROVINCIAL, "40")), allocations=((CENTRAL, "60"), (PROVINCIAL, "50"))
    )
    assert [code for _, code, _ in consistency(project)] == ["budget.allocated_exceeds_budget"]
    bare = budget_project(sources=(), allocations=(("", "110"),))
    assert consistency(bare) == [
        (
            Light.YELLOW,
            "budget.allocated_exceeds_budget",
            "total: allocated 110.00 万元, more than the annual budget of 100.00 万元",
        )
    ]


def test_a_source_whose_budget_the_report_does_not_split_is_measured_against_what_it_was_allocated() -> None:
    # Budget 100 with one source of no budget of its own: 5 allocated, 3.50 paid to it.
    project = budget_project(sources=(), allocations=(), payments=())
    source = Source(LOCAL, "县级", annual_budget=None)
    funding = structs.replace(
        project.funding,
        sources=(source,),
        allocations=(Allocation(id="A1", date=day("2023-03-01"), amount=D(5), source="local"),),
        payments=(Payment(id="P1", date=day("2023-03-01"), amount=D("3.50"), source="local"),),
    )
    budget = analyse_budget(structs.replace(project, funding=funding), AS_OF)

    (line,) = budget.sources
    assert (line.annual_budget, line.allocated, line.paid) == (None, D(5), D("3.50"))
    # No budget of its own: measured against the 5 allocated, 70% paid against 74.25% time progress.
    assert (line.basis, line.execution_pct, line.trail_points, line.light) == (
        "allocated",
        D("70.00"),
        D("4.25"),
        Light.GREEN,
    )
    assert consistency(structs.replace(project, funding=funding)) == []


def test_a_forecast_above_the_sources_annual_budget_is_flagged_with_both_figures() -> None:
    project = budget_project(sources=((CENTRAL, "100"),))
    source = structs.replace(project.funding.sources[0], forecast=D("120"))
    project = structs.replace(project, funding=structs.replace(project.funding, sources=(source,)))
    assert consistency(project) == [
        (
            Light.YELLOW,
            "budget.forecast_exceeds_budget",
            "central: the year's spending is forecast at 120.00 万元, more than the annual budget of 100.00 万元",
        )
    ]


def test_figures_that_agree_raise_no_consistency_flag() -> None:
    project = budget_project(
        total="726.49",
        annual="589.20",
        sources=((CENTRAL, "82"), (PROVINCIAL, "7.20"), (LOCAL, "500")),
        allocations=((LOCAL, "500"), (PROVINCIAL, "7.20"), (CENTRAL, "82")),
    )
    assert consistency(project) == []
