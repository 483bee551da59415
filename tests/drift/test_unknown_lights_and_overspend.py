"""Unknown is a state, not a zero; overspending is red: small projects built here, figures computed by hand."""

from __future__ import annotations

from decimal import Decimal

from drift.analysis import analyse_project
from drift.budget import analyse_budget
from drift.document import project_document
from drift.flags import describe
from drift.markdown import project_markdown, report_markdown
from drift.rules import Light, worst
from store.model import (
    Allocation,
    Funding,
    Indicator,
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
AS_OF = day("2023-03-31")
"""Day 90 of 365: time progress 24.66%."""

PHASE = Phase(
    id="P1", name="施工", planned_start=day("2023-01-01"), planned_end=day("2023-12-31"), actual_start=day("2023-01-01")
)
INDICATOR = Indicator(
    id="I1",
    level1="产出指标",
    level2="数量指标",
    level3="改造户数",
    target=parse_target("≥100户"),
    to_date="100户",
    forecast="100户",
)
"""Known and met: a value to date and a forecast (a row with neither would leave the indicator light unknown)."""


def small_project(
    *,
    paid: str = "30",
    allocations: tuple[Allocation, ...] | None = None,
    phases: tuple[Phase, ...] = (PHASE,),
    indicators: tuple[Indicator, ...] = (INDICATOR,),
) -> Project:
    """One central source of 100 万元 with one payment on 2023-03-01; no allocations stated unless given."""
    stated = {} if allocations is None else {"allocations": allocations}  # left out, as an import file leaves it
    return Project(
        code="T-1",
        name="小项目",
        budget_year=2023,
        funding=Funding(
            annual_budget=D(100),
            sources=(Source(CENTRAL, "中央补助资金", annual_budget=D(100)),),
            payments=(Payment(id="P1", date=day("2023-03-01"), amount=D(paid), source=CENTRAL),),
            **stated,
        ),
        phases=phases,
        indicators=indicators,
    )


def codes(items) -> list[str]:
    return [item.code for item in items]


def test_a_report_without_allocations_has_unknown_allocated_figures_not_zero() -> None:
    budget = analyse_budget(small_project(), AS_OF)

    for line in (budget.total, budget.sources[0]):
        assert (line.allocated, line.allocated_pct_of_budget, line.paid_pct_of_allocated) == (None, None, None)
    assert budget.allocations_stated is False


def test_a_report_without_allocations_raises_no_paid_exceeds_allocated_flag_and_stays_green() -> None:
    # 30 of 100 paid against 24.66% of the year: 5.34 points ahead of time, green.
    analysis = analyse_project(small_project(), AS_OF)

    assert "budget.paid_exceeds_allocated" not in codes(analysis.flags)
    assert (analysis.budget.light, analysis.light) == (Light.GREEN, Light.GREEN)
    assert analysis.flags_at_least(Light.YELLOW) == ()


def test_allocations_stated_as_none_make_a_payment_red() -> None:
    # "allocations": [] says nothing arrived: 30 paid of 0 allocated is an overspend.
    analysis = analyse_project(small_project(allocations=()), AS_OF)

    assert analysis.budget.total.allocated == D(0)
    assert analysis.budget.sources[0].light is Light.RED
    assert "budget.paid_exceeds_allocated" in codes(analysis.flags)
    assert analysis.light is Light.RED


def test_the_json_of_a_report_without_allocations_says_null_not_zero() -> None:
    document = project_document(analyse_project(small_project(), AS_OF), "en")

    total = document["budget"]["total"]
    assert (total["allocated"], total["allocated_pct_of_budget"], total["paid_pct_of_allocated"]) == (None, None, None)
    assert document["budget"]["allocations_stated"] is False


def test_the_report_draft_never_says_0_00_was_allocated_when_the_report_does_not_say() -> None:
    for lang, zero, unstated in (
        ("zh", "下达共计 0.00 万元", "未说明资金下达情况"),
        ("en", "0.00 万元 had been allocated", "does not state what was allocated"),
    ):
        text = report_markdown(analyse_project(small_project(), AS_OF), lang)

        assert zero not in text
        assert unstated in text


def test_a_project_without_phases_has_an_unknown_schedule_light_not_green() -> None:
    analysis = analyse_project(small_project(phases=()), AS_OF)

    assert analysis.schedule.light is Light.UNKNOWN
    assert analysis.unknown == ("schedule",)
    assert analysis.light is Light.GREEN  # the worst known light: the budget's and the indicators'


def test_a_project_without_indicators_has_an_unknown_indicator_light() -> None:
    analysis = analyse_project(small_project(indicators=()), AS_OF)

    assert analysis.indicators.light is Light.UNKNOWN
    assert analysis.unknown == ("indicators",)


def test_a_project_with_nothing_known_is_unknown_overall() -> None:
    project = Project(code="T-2", name="空", budget_year=2023, funding=Funding(annual_budget=D(0)))

    analysis = analyse_project(project, AS_OF)

    assert analysis.light is Light.UNKNOWN
    assert analysis.unknown == ("schedule", "budget", "indicators")


def test_unknown_parts_are_flags_below_yellow_listed_only_from_the_unknown_level() -> None:
    analysis = analyse_project(small_project(phases=(), indicators=()), AS_OF)

    unknown = analysis.flags_at_least(Light.UNKNOWN)
    assert codes(unknown) == ["schedule.unknown", "budget.allocations_not_stated", "indicators.unknown"]
    assert analysis.flags_at_least(Light.YELLOW) == ()
    assert describe(unknown[0], "en") == "schedule unknown: no phases recorded"


def test_the_worst_light_ignores_unknown_unless_nothing_else_is_known() -> None:
    assert worst([Light.UNKNOWN, Light.GREEN]) is Light.GREEN
    assert worst([Light.YELLOW, Light.UNKNOWN]) is Light.YELLOW
    assert worst([Light.UNKNOWN, Light.UNKNOWN]) is Light.UNKNOWN
    assert worst([]) is Light.GREEN


def test_paying_above_the_budget_is_red_on_every_light_with_the_plain_figures() -> None:
    # 100081 paid against a budget of 100: 100081.00% of the budget, far ahead of time, yet never green.
    analysis = analyse_project(small_project(paid="100081", allocations=()), AS_OF)
    total, central = analysis.budget.total, analysis.budget.sources[0]

    assert total.paid_pct_of_budget == D("100081.00")
    assert (total.light, central.light, analysis.budget.light, analysis.light) == (Light.RED,) * 4
    exceeds = [item for item in analysis.flags if item.code == "budget.paid_exceeds_budget"]
    assert [describe(item, "en") for item in exceeds] == ["中央补助资金: paid 100081.00 of 100.00 万元 budgeted"]
    assert exceeds[0].level is Light.RED


def test_paying_above_what_was_allocated_but_within_the_budget_is_red() -> None:
    allocation = Allocation(id="A1", date=day("2023-02-01"), amount=D(20), source=CENTRAL)

    analysis = analyse_project(small_project(allocations=(allocation,)), AS_OF)

    # 30 paid of 20 allocated (of 100 budgeted): 150.00% of what arrived.
    assert analysis.budget.sources[0].paid_pct_of_allocated == D("150.00")
    assert (analysis.budget.sources[0].light, analysis.budget.total.light, analysis.light) == (Light.RED,) * 3


def test_the_markdown_headline_shows_unknown_with_a_neutral_mark_and_names_it_beside_the_overall_light() -> None:
    text = project_markdown(analyse_project(small_project(phases=(), indicators=()), AS_OF), "en")

    assert "| Overall | 🟢 green · schedule, indicators unknown |" in text
    assert "| Schedule | — unknown | — |" in text
    assert "| Indicators | — unknown |" in text


def test_the_markdown_headline_of_an_overspend_is_red_with_the_plain_figures() -> None:
    text = project_markdown(analyse_project(small_project(paid="100081", allocations=()), AS_OF), "en")

    assert (
        "| Budget | 🔴 red | overspent: paid 100081.00 of 100.00 万元 budgeted; paid 100081.00 of 100.00 万元" in text
    )
