"""Money as real reports give it: across years, as reported cumulative figures, for the whole project, by named
sources; every figure computed by hand in the comments."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from msgspec import structs

from drift.analysis import analyse_project
from drift.budget import Basis, analyse_budget
from drift.money import Figure, cumulative
from drift.rules import Light
from drift.tables import allocation_table, budget_table, payment_table
from store.codec import decode_project, encode_project
from store.errors import ValidationError
from store.model import Allocation, Funding, Payment, Project, ReportedFigure, Source, SourceKind
from store.values import parse_date as day


def project(funding: Funding, year: int = 2023) -> Project:
    return Project(code="M-1", name="资金项目", budget_year=year, funding=funding)


CENTRAL_100 = (Source(SourceKind.CENTRAL, "中央补助资金", annual_budget=D(100)),)


@pytest.fixture
def across_years() -> Project:
    """Budget year 2023, 100 of central money: 60 allocated in advance on 2022-12-20, 40 on 2023-05-10; 30 paid on
    2023-06-30 and 50 of the carried-over money on 2024-04-15."""
    return project(
        Funding(
            annual_budget=D(100),
            sources=CENTRAL_100,
            allocations=(
                Allocation(id="A1", date=day("2022-12-20"), amount=D(60), source="central", document="提前下达"),
                Allocation(id="A2", date=day("2023-05-10"), amount=D(40), source="central"),
            ),
            payments=(
                Payment(id="P1", date=day("2023-06-30"), amount=D(30), source="central"),
                Payment(id="P2", date=day("2024-04-15"), amount=D(50), source="central"),
            ),
        )
    )


def test_an_advance_allocation_of_the_year_before_counts_from_its_own_day(across_years: Project) -> None:
    budget = analyse_budget(across_years, day("2023-01-31"))

    assert (budget.total.allocated, budget.total.paid) == (D(60), D(0))
    # 2022-12-20 is 12 days before 2023-01-01: day -11 of the budget year, shown as an advance allocation.
    assert [timing.day_of_year for timing in budget.allocations] == [-11]
    rows = allocation_table(analyse_project(across_years, day("2023-01-31")), "en").rows
    assert rows[0].cells[:2] == ("2022-12-20", "advance")


def test_at_the_year_end_nothing_is_carried_over_yet_and_the_rate_is_of_the_year(across_years: Project) -> None:
    budget = analyse_budget(across_years, day("2023-12-31"))

    # 100 allocated, 30 paid: 30% against 100% time progress, 70 points behind.
    assert (budget.total.allocated, budget.total.paid, budget.total.execution_pct) == (D(100), D(30), D("30.00"))
    assert (budget.time.percent, budget.total.trail_points) == (D("100.00"), D("70.00"))
    assert budget.year_end is None


def test_carried_over_money_paid_the_next_spring_counts_and_the_year_end_says_what_was_carried(
    across_years: Project,
) -> None:
    analysis = analyse_project(across_years, day("2024-05-31"))
    budget = analysis.budget

    # 30 + 50 = 80 paid by 2024-05-31; at 2023-12-31 100 was allocated and 30 paid: 70 carried over, 50 paid since.
    assert budget.total.paid == D(80)
    assert budget.year_end is not None
    assert (budget.year_end.allocated, budget.year_end.paid) == (D(100), D(30))
    assert (budget.year_end.carried_over, budget.year_end.paid_since) == (D(70), D(50))
    assert payment_table(analysis, "en").rows[1].cells[-1] == "(carried-over money)"


def test_money_cannot_move_two_years_from_its_budget_year(across_years: Project) -> None:
    doc = encode_project(across_years)
    doc["funding"]["payments"][1]["date"] = "2025-01-02"

    with pytest.raises(ValidationError) as caught:
        decode_project(doc)

    assert caught.value.path == "funding.payments[1].date"
    assert caught.value.message.startswith("2025-01-02 is outside 2022–2024")


@pytest.fixture
def reported() -> Project:
    """Budget year 2020, 200 万元; the report gives cumulative paid figures of the whole project at three dates
    (10 by 06-30, 25 by 09-30, 66.86 by 12-31) and one dated payment of 5 after the last of them."""
    return project(
        Funding(
            annual_budget=D(200),
            payments=(Payment(id="P1", date=day("2021-02-01"), amount=D(5)),),
            reported=(
                ReportedFigure("R1", day("2020-06-30"), paid=D(10)),
                ReportedFigure("R2", day("2020-09-30"), paid=D(25), reference="监控报告 p.7"),
                ReportedFigure("R3", day("2020-12-31"), paid=D("66.86")),
            ),
        ),
        year=2020,
    )


@pytest.mark.parametrize(
    ("as_of", "paid"),
    [
        ("2020-05-31", None),  # before the first figure: not known, never 0
        ("2020-06-30", D(10)),  # on its day
        ("2020-08-15", D(10)),  # between two figures: the latest at or before the date
        ("2020-10-01", D(25)),
        ("2021-01-15", D("66.86")),  # after the last
        ("2021-03-01", D("71.86")),  # the last figure and the dated payment after it: 66.86 + 5
    ],
)
def test_the_latest_reported_figure_at_or_before_the_date_is_the_figure(
    reported: Project, as_of: str, paid: D | None
) -> None:
    assert cumulative(reported, Figure.PAID, day(as_of)).amount == paid
    assert analyse_budget(reported, day(as_of)).total.paid == paid


def test_before_the_first_reported_figure_the_budget_light_is_unknown_and_says_why(reported: Project) -> None:
    analysis = analyse_project(reported, day("2020-05-31"))

    assert analysis.budget.light is Light.UNKNOWN
    assert "budget.unknown.paid" in [item.code for item in analysis.flags]
    paid_cell = budget_table(analysis, "en").rows[-1].cells[3]
    assert paid_cell == "not known"


def test_the_execution_rate_between_reports_is_the_latest_figure_over_the_budget(reported: Project) -> None:
    # 25 of 200 = 12.50% on 2020-10-01; time progress 275/366 = 75.14%: 62.64 points behind, red.
    total = analyse_budget(reported, day("2020-10-01")).total
    assert (total.execution_pct, total.trail_points, total.light) == (D("12.50"), D("62.64"), Light.RED)


def test_dated_records_on_or_before_a_reported_figure_are_taken_to_be_in_it() -> None:
    # A ledger of 4 + 6 by 06-30 and a report of 12 as of 06-30: 12, not 22; the 3 of 07-15 adds to it.
    both = project(
        Funding(
            annual_budget=D(100),
            payments=(
                Payment(id="P1", date=day("2023-03-01"), amount=D(4)),
                Payment(id="P2", date=day("2023-06-30"), amount=D(6)),
                Payment(id="P3", date=day("2023-07-15"), amount=D(3)),
            ),
            reported=(ReportedFigure("R1", day("2023-06-30"), paid=D(12)),),
        )
    )

    assert [cumulative(both, Figure.PAID, day(d)).amount for d in ("2023-03-31", "2023-06-30", "2023-07-31")] == [
        D(4),  # before the report the ledger is the figure
        D(12),
        D(15),
    ]


def test_a_reported_figure_below_the_ledger_or_below_an_earlier_one_is_flagged() -> None:
    odd = project(
        Funding(
            annual_budget=D(100),
            payments=(Payment(id="P1", date=day("2023-03-01"), amount=D(20)),),
            reported=(
                ReportedFigure("R1", day("2023-06-30"), paid=D(15)),  # the ledger already holds 20
                ReportedFigure("R2", day("2023-09-30"), paid=D(12)),  # less than 15
            ),
        )
    )

    codes = [item.code for item in analyse_budget(odd, day("2023-10-31")).flags]
    assert codes.count("budget.reported_below_records") == 2  # 15 < 20 and 12 < 20
    assert codes.count("budget.reported_decreases") == 1


@pytest.fixture
def total_only() -> Project:
    """A budget split by source (central 27,988 / provincial 23,000) with spending given only as a total."""
    return project(
        Funding(
            annual_budget=D(50988),
            sources=(
                Source(SourceKind.CENTRAL, "中央资金", annual_budget=D(27988)),
                Source(SourceKind.PROVINCIAL, "省级资金", annual_budget=D(23000)),
            ),
            payments=(Payment(id="P1", date=day("2020-08-01"), amount=D(1000)),),
        ),
        year=2020,
    )


def test_money_given_only_as_a_total_is_never_split_among_the_sources(total_only: Project) -> None:
    budget = analyse_budget(total_only, day("2020-09-30"))

    assert [(line.paid, line.not_split, line.light) for line in budget.sources] == [
        (None, (Figure.PAID,), Light.UNKNOWN),
        (None, (Figure.PAID,), Light.UNKNOWN),
    ]
    assert budget.whole_project is not None and budget.whole_project.paid == D(1000)
    # 1000 of 50,988 = 1.96%.
    assert (budget.total.paid, budget.total.execution_pct) == (D(1000), D("1.96"))
    cells = [row.cells[:4] for row in budget_table(analyse_project(total_only, day("2020-09-30")), "en").rows]
    assert cells == [
        ("中央资金", "27988.00", "not known", "not split"),
        ("省级资金", "23000.00", "not known", "not split"),
        ("whole project (not split by source)", "—", "not known", "1000.00"),
        ("", "50988.00", "not known", "1000.00"),
    ]


def test_two_sources_of_one_kind_keep_their_own_money_and_are_named_apart() -> None:
    two = project(
        Funding(
            annual_budget=D(150),
            sources=(
                Source(SourceKind.CENTRAL, "中央资金", annual_budget=D(100)),
                Source(SourceKind.CENTRAL, "中央资金", id="central-2", annual_budget=D(50)),
            ),
            payments=(
                Payment(id="P1", date=day("2023-03-01"), amount=D(10), source="central"),
                Payment(id="P2", date=day("2023-03-01"), amount=D(20), source="central-2"),
            ),
        )
    )
    decode_project(encode_project(two))  # valid: ids tell them apart

    budget = analyse_budget(two, day("2023-03-31"))
    assert [(line.source, line.paid) for line in budget.sources] == [("central", D(10)), ("central-2", D(20))]
    names = [row.cells[0] for row in budget_table(analyse_project(two, day("2023-03-31")), "en").rows]
    assert names == ["中央资金 (central)", "中央资金 (central-2)", ""]


def test_two_sources_of_one_kind_without_ids_are_refused_with_what_to_do() -> None:
    doc = {
        "code": "M",
        "name": "n",
        "budget_year": 2023,
        "funding": {"sources": [{"kind": "central", "name": "a"}, {"kind": "central", "name": "b"}]},
    }

    with pytest.raises(ValidationError) as caught:
        decode_project(doc)

    assert (caught.value.path, caught.value.message) == (
        "funding.sources[1].id",
        "'central' is used twice: give each source of one kind an id of its own",
    )


def test_without_an_annual_budget_execution_is_measured_against_what_was_allocated() -> None:
    # No 年度预算: 36,950 arrived by 2020-06-01, 10,450 paid by 2020-09-30: 28.28% of what was allocated.
    no_budget = project(
        Funding(
            total_budget=D("67463.91"),
            allocations=(Allocation(id="A1", date=day("2020-06-01"), amount=D(36950)),),
            payments=(Payment(id="P1", date=day("2020-09-30"), amount=D(10450)),),
        ),
        year=2020,
    )
    budget = analyse_budget(no_budget, day("2020-09-30"))

    assert (budget.total.basis, budget.total.execution_pct, budget.total.paid_pct_of_budget) == (
        Basis.ALLOCATED,
        D("28.28"),
        None,
    )
    # 10,450 of the 67,463.91 estimate = 15.49%.
    assert budget.paid_pct_of_total == D("15.49")
    assert (
        "measured against what was allocated"
        in budget_table(analyse_project(no_budget, day("2020-09-30")), "en").rows[-1].cells[-1]
    )


def test_a_stated_carry_over_that_is_not_allocated_less_paid_at_year_end_is_flagged(across_years: Project) -> None:
    stated = project(Funding(**{**_fields(across_years.funding), "carried_over": D(60)}))

    flags = [
        item for item in analyse_budget(stated, day("2024-02-01")).flags if item.code == "budget.carry_over_differs"
    ]
    # 100 allocated − 30 paid = 70 at the year end, against the 60 stated.
    assert [(item.value("stated"), item.value("computed")) for item in flags] == [(D("60.00"), D("70.00"))]


def _fields(funding: Funding) -> dict[str, object]:
    return {name: getattr(funding, name) for name in funding.__struct_fields__}


# What the first attack on these rules found, each held by hand.


def test_earned_values_actual_cost_is_the_paid_figure_reported_figures_give() -> None:
    from drift.earned_value import earned_value
    from store.model import Phase, PlannedSpend

    # Plan 40 by 06-30 and 100 by 12-31; one phase half done: EV 50; AC the reported 90; CV −40, CPI 0.56, EAC 180.
    phase = Phase("build", "施工", day("2023-01-01"), day("2023-12-31"), day("2023-01-01"), percent_complete=D(50))
    reports = project(
        Funding(
            annual_budget=D(100),
            spending_plan=(PlannedSpend(day("2023-06-30"), D(40)), PlannedSpend(day("2023-12-31"), D(100))),
            reported=(ReportedFigure("R1", day("2023-09-30"), paid=D(90)),),
        )
    )
    value = earned_value(structs.replace(reports, phases=(phase,)), day("2023-09-30"))

    assert (value.actual_cost, value.cost_variance, value.cpi, value.estimate_at_completion) == (
        D(90),
        D(-40),
        D("0.56"),
        D("180.00"),
    )
    before = earned_value(structs.replace(reports, phases=(phase,)), day("2023-08-31"))
    assert (before.actual_cost, before.cost_variance, before.cpi) == (None, None, None)  # not known, not 0


def test_a_sources_own_overspend_stays_red_beside_money_of_the_whole_project() -> None:
    # Central: 80 paid against a budget of 60; then 1 paid for the whole project makes central "not split".
    split = project(
        Funding(
            annual_budget=D(100),
            sources=(
                Source(SourceKind.CENTRAL, "中央", annual_budget=D(60)),
                Source(SourceKind.PROVINCIAL, "省级", annual_budget=D(40)),
            ),
            payments=(
                Payment(id="P1", date=day("2023-03-01"), amount=D(80), source="central"),
                Payment(id="P2", date=day("2023-03-02"), amount=D(1)),
            ),
        )
    )
    analysis = analyse_project(split, day("2023-09-30"))
    central = analysis.budget.sources[0]

    assert (central.paid, central.paid_at_least, central.light) == (None, D(80), Light.RED)
    assert analysis.budget.light is Light.RED and analysis.light is Light.RED
    assert "budget.paid_exceeds_budget" in [item.code for item in analysis.flags]


def test_one_green_source_does_not_make_a_project_of_unknowns_green() -> None:
    # Provincial reports 30 of 40 by 06-30 (green), central reports nothing: budget, schedule, indicators unknown.
    partial = project(
        Funding(
            annual_budget=D(100),
            sources=(
                Source(SourceKind.CENTRAL, "中央", annual_budget=D(60)),
                Source(SourceKind.PROVINCIAL, "省级", annual_budget=D(40)),
            ),
            reported=(ReportedFigure("R1", day("2023-06-30"), source="provincial", paid=D(30)),),
        )
    )
    analysis = analyse_project(partial, day("2023-06-30"))

    assert analysis.budget.sources[1].light is Light.GREEN
    assert analysis.light is Light.UNKNOWN


def test_figures_every_source_reports_after_an_older_whole_project_figure_make_the_total() -> None:
    # 30 for the whole project by 06-30, then 50 (central) and 10 (provincial) by 09-30: 60 on 09-30, 30 before.
    later = project(
        Funding(
            annual_budget=D(100),
            sources=(
                Source(SourceKind.CENTRAL, "中央", annual_budget=D(60)),
                Source(SourceKind.PROVINCIAL, "省级", annual_budget=D(40)),
            ),
            reported=(
                ReportedFigure("R1", day("2023-06-30"), paid=D(30)),
                ReportedFigure("R2", day("2023-09-30"), source="central", paid=D(50)),
                ReportedFigure("R3", day("2023-09-30"), source="provincial", paid=D(10)),
            ),
        )
    )

    assert cumulative(later, Figure.PAID, day("2023-09-30")).amount == D(60)
    assert cumulative(later, Figure.PAID, day("2023-08-31")).amount == D(30)
    assert [line.paid for line in analyse_budget(later, day("2023-09-30")).sources] == [D(50), D(10)]


def test_of_two_figures_of_one_day_the_one_recorded_last_stands_whatever_their_ids() -> None:
    same_day = project(
        Funding(
            annual_budget=D(100),
            reported=(
                ReportedFigure("R9", day("2023-11-30"), paid=D(60)),
                ReportedFigure("R10", day("2023-11-30"), paid=D(90)),
            ),
        )
    )

    assert cumulative(same_day, Figure.PAID, day("2023-11-30")).amount == D(90)


def test_allocations_not_stated_are_known_only_on_the_day_a_figure_gives_them() -> None:
    # 10 allocated and 5 paid reported by 03-31, 70 paid on 06-01: on 09-30 allocated is not known, so no
    # "paid more than allocated" alarm; on 03-31 it is 10.
    unstated = project(
        Funding(
            annual_budget=D(100),
            payments=(Payment(id="P1", date=day("2023-06-01"), amount=D(70)),),
            reported=(ReportedFigure("R1", day("2023-03-31"), allocated=D(10), paid=D(5)),),
        )
    )
    later = analyse_budget(unstated, day("2023-09-30"))

    assert (later.total.allocated, later.total.paid) == (None, D(75))
    assert "budget.paid_exceeds_allocated" not in [item.code for item in later.flags]
    assert analyse_budget(unstated, day("2023-03-31")).total.allocated == D(10)


def test_without_an_annual_budget_the_sources_budgets_add_up_to_it_and_the_remark_says_so() -> None:
    from drift.budget import budget_remarks

    by_source = project(
        Funding(
            sources=(
                Source(SourceKind.CENTRAL, "中央", annual_budget=D(27988)),
                Source(SourceKind.PROVINCIAL, "省级", annual_budget=D(23000)),
            ),
            reported=(ReportedFigure("R1", day("2020-12-31"), allocated=D(36950), paid=D("19076.10")),),
        ),
        year=2020,
    )
    budget = analyse_budget(by_source, day("2020-12-31"))

    # 19,076.10 of 27,988 + 23,000 = 50,988: 37.41%.
    assert (budget.total.annual_budget, budget.total.basis, budget.total.execution_pct) == (
        D(50988),
        Basis.BUDGET,
        D("37.41"),
    )
    assert "their sum, 50988.00 万元, is the total" in " ".join(budget_remarks(budget, "en"))


def test_paying_beyond_the_whole_projects_budget_is_red() -> None:
    beyond = project(
        Funding(
            annual_budget=D(100), total_budget=D(50), payments=(Payment(id="P1", date=day("2023-03-01"), amount=D(86)),)
        )
    )
    budget = analyse_budget(beyond, day("2023-03-31"))

    assert budget.light is Light.RED
    assert [item.level for item in budget.flags if item.code == "budget.paid_exceeds_total"] == [Light.RED]


# What the second attack found, each held by hand.

TWO_SOURCES = (
    Source(SourceKind.CENTRAL, "中央", annual_budget=D(100)),
    Source(SourceKind.PROVINCIAL, "省级", annual_budget=D(100)),
)


def test_the_total_is_never_less_than_what_a_source_proves() -> None:
    # 50 for the whole project by 03-31, then 60 of central money alone by 06-30: at least 60, not 50.
    later_source = project(
        Funding(
            annual_budget=D(200),
            sources=TWO_SOURCES,
            payments=(),
            reported=(
                ReportedFigure("R1", day("2023-03-31"), paid=D(50)),
                ReportedFigure("R2", day("2023-06-30"), source="central", paid=D(60)),
            ),
        )
    )
    total = cumulative(later_source, Figure.PAID, day("2023-09-28"))
    assert (total.amount, total.at_least) == (None, D(60))
    # All three figures of one day: the whole project 100, central 40 and provincial 80 prove 120.
    same_day = project(
        Funding(
            annual_budget=D(200),
            sources=TWO_SOURCES,
            reported=(
                ReportedFigure("R1", day("2023-06-30"), paid=D(100)),
                ReportedFigure("R2", day("2023-06-30"), source="central", paid=D(40)),
                ReportedFigure("R3", day("2023-06-30"), source="provincial", paid=D(80)),
            ),
        )
    )
    assert cumulative(same_day, Figure.PAID, day("2023-06-30")).amount == D(120)


def test_an_overspend_one_source_proves_is_red_while_another_source_is_not_known() -> None:
    # Central paid 150 on 03-10 of an annual budget of 100; provincial reports only at the year end.
    proven = project(
        Funding(
            annual_budget=D(100),
            sources=(Source(SourceKind.CENTRAL, "中央"), Source(SourceKind.PROVINCIAL, "省级")),
            payments=(Payment(id="P1", date=day("2023-03-10"), amount=D(150), source="central"),),
            reported=(ReportedFigure("R1", day("2023-12-31"), source="provincial", paid=D(10)),),
        )
    )
    budget = analyse_budget(proven, day("2023-09-28"))

    assert (budget.total.paid, budget.total.paid_at_least, budget.light) == (None, D(150), Light.RED)
    assert "budget.paid_exceeds_budget" in [item.code for item in budget.flags]


def test_money_given_for_no_source_before_every_sources_figure_is_in_those_figures() -> None:
    # 10 paid for no source on 04-15; central reports 40 and provincial 30 by 06-30: 70, not 80.
    covered = project(
        Funding(
            annual_budget=D(200),
            sources=TWO_SOURCES,
            payments=(Payment(id="P1", date=day("2023-04-15"), amount=D(10)),),
            reported=(
                ReportedFigure("R1", day("2023-06-30"), source="central", paid=D(40)),
                ReportedFigure("R2", day("2023-06-30"), source="provincial", paid=D(30)),
            ),
        )
    )

    assert cumulative(covered, Figure.PAID, day("2023-06-30")).amount == D(70)


def test_a_project_without_sources_has_no_whole_project_line_beside_its_total() -> None:
    no_sources = project(
        Funding(
            annual_budget=D(100),
            payments=(Payment(id="P1", date=day("2023-03-10"), amount=D(30)),),
            reported=(ReportedFigure("R1", day("2023-06-30"), paid=D(50)),),
        )
    )
    budget = analyse_budget(no_sources, day("2023-09-28"))

    assert (budget.whole_project, budget.total.paid) == (None, D(50))
