"""The execution curve: cumulative paid ÷ budget at each month end against time progress, computed by hand."""

from __future__ import annotations

from decimal import Decimal

from msgspec import structs

from drift.analysis import analyse_project
from drift.curve import Member, curve_dates, portfolio_curves, project_curve
from drift.document import project_document, status_document
from drift.markdown.curve import curve_blocks
from drift.markdown.snapshot import project_markdown
from drift.rules import Rules, TimeBasis
from store.model import Allocation, Funding, Payment, Project, ReportedFigure
from store.values import parse_date as day

D = Decimal


def small(budget: str = "100", *, allocations: tuple[Allocation, ...] | None = None, **changes: object) -> Project:
    """Budget 100 in 2023; 10 paid on 03-15 and 30 on 06-30."""
    payments = (
        Payment(id="p1", date=day("2023-03-15"), amount=D("10")),
        Payment(id="p2", date=day("2023-06-30"), amount=D("30")),
    )
    funding = Funding(annual_budget=D(budget), allocations=allocations, payments=payments)
    return structs.replace(Project(code="S-1", name="小项目", budget_year=2023, funding=funding), **changes)


def reported_from_april() -> Project:
    """The small project whose report says 10 paid by 04-30, then 30 paid on 06-30: paid unknown before April."""
    project = small()
    funding = structs.replace(
        project.funding,
        payments=project.funding.payments[1:],
        reported=(ReportedFigure("R1", day("2023-04-30"), paid=D(10)),),
    )
    return structs.replace(project, funding=funding)


# Day of year at each month end of 2023 ÷ 365: 31, 59, 90, 120, 151, 181 days, and 196 on 07-15.
TIME_PCT = ["8.49", "16.16", "24.66", "32.88", "41.37", "49.59", "53.70"]


def test_the_points_are_the_month_ends_up_to_the_as_of_date_and_the_date_itself() -> None:
    points = project_curve(small(), day("2023-07-15"))

    assert [p.date.isoformat() for p in points] == [
        "2023-01-31",
        "2023-02-28",
        "2023-03-31",
        "2023-04-30",
        "2023-05-31",
        "2023-06-30",
        "2023-07-15",
    ]
    assert [p.month for p in points] == [f"2023-0{m}" for m in range(1, 8)]
    assert [p.is_as_of for p in points] == [False] * 6 + [True]


def test_paid_share_and_time_progress_at_each_point_are_the_hand_computed_ones() -> None:
    points = project_curve(small(), day("2023-07-15"))

    assert [p.paid_pct for p in points] == [D(x) for x in ("0.00", "0.00", "10.00", "10.00", "10.00", "40.00", "40.00")]
    assert [p.paid for p in points] == [D(x) for x in (0, 0, 10, 10, 10, 40, 40)]
    assert [p.time_pct for p in points] == [D(x) for x in TIME_PCT]


def test_time_progress_follows_the_rules_basis_months() -> None:
    points = project_curve(small(), day("2023-07-15"), Rules(time_basis=TimeBasis.MONTHS))

    assert [p.time_pct for p in points] == [
        D(x) for x in ("8.33", "16.67", "25.00", "33.33", "41.67", "50.00", "58.33")
    ]


def test_allocations_stated_give_the_allocated_share_and_not_stated_leave_it_unknown() -> None:
    allocations = (
        Allocation(id="a1", date=day("2023-02-10"), amount=D("50")),
        Allocation(id="a2", date=day("2023-06-01"), amount=D("50")),
    )
    stated = project_curve(small(allocations=allocations), day("2023-07-15"))
    not_stated = project_curve(small(), day("2023-07-15"))

    assert [p.allocated_pct for p in stated] == [
        D(x) for x in ("0.00", "50.00", "50.00", "50.00", "50.00", "100.00", "100.00")
    ]
    assert [p.allocated_pct for p in not_stated] == [None] * 7


def test_an_as_of_date_on_a_month_end_is_one_point_marked_as_of() -> None:
    points = project_curve(small(), day("2023-06-30"))

    assert [p.date.isoformat() for p in points][-2:] == ["2023-05-31", "2023-06-30"]
    assert len(points) == 6
    assert points[-1].is_as_of and points[-1].paid_pct == D("40.00")


def test_before_the_budget_year_the_curve_is_the_as_of_point_alone() -> None:
    points = project_curve(small(), day("2022-12-20"))

    assert [(p.date.isoformat(), p.paid_pct, p.time_pct) for p in points] == [("2022-12-20", D("0.00"), D("0.00"))]


def test_money_moving_after_the_year_extends_the_curve_to_its_month_and_then_the_as_of_date() -> None:
    carried = Payment(id="p3", date=day("2024-03-10"), amount=D("50"))
    project = small()
    project = structs.replace(
        project, funding=structs.replace(project.funding, payments=(*project.funding.payments, carried))
    )

    dates = curve_dates(project, day("2024-05-20"))
    points = project_curve(project, day("2024-05-20"))

    assert [d.isoformat() for d in dates][-5:] == ["2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31", "2024-05-20"]
    assert len(dates) == 12 + 3 + 1
    assert [(p.paid_pct, p.time_pct) for p in points[-3:]] == [
        (D("40.00"), D("100.00")),
        (D("90.00"), D("100.00")),
        (D("90.00"), D("100.00")),
    ]


def test_a_year_ended_without_later_money_stops_at_december_and_the_as_of_date() -> None:
    dates = curve_dates(small(), day("2024-05-20"))

    assert [d.isoformat() for d in dates][-2:] == ["2023-12-31", "2024-05-20"]


def test_a_zero_budget_leaves_every_share_unknown_not_zero() -> None:
    points = project_curve(small("0"), day("2023-07-15"))

    assert [p.paid_pct for p in points] == [None] * 7
    assert [p.paid for p in points][-1] == D(40)


def test_a_paid_figure_not_known_is_a_gap_in_the_curve() -> None:
    """Before a report's first cumulative figure, paid is None (not known): the point is a gap, never 0."""
    # The report says 10 paid by 04-30; 30 more is paid on 06-30: unknown to March, 10 in April and May, then 40.
    points = project_curve(reported_from_april(), day("2023-07-15"))

    assert [p.paid_pct for p in points] == [None, None, None, D("10.00"), D("10.00"), D("40.00"), D("40.00")]
    assert [p.time_pct for p in points] == [D(x) for x in TIME_PCT]


def test_no_annual_budget_is_a_gap_too() -> None:
    no_budget = small()
    no_budget = structs.replace(no_budget, funding=structs.replace(no_budget.funding, annual_budget=None))

    assert {p.paid_pct for p in project_curve(no_budget, day("2023-07-15"))} == {None}


def test_the_portfolio_sums_paid_over_budgets_of_the_known_projects_and_counts_the_others() -> None:
    a = small()  # budget 100: 10 paid in March, 40 by June
    b = small("300", code="S-2")  # budget 300, the same payments
    zero = small("0", code="S-3")  # no budget to measure: left out, counted as unknown
    as_of = day("2023-07-15")

    (curve,) = portfolio_curves([Member(a, as_of), Member(b, as_of), Member(zero, as_of)])

    assert curve.budget_year == 2023
    # March: (10 + 10) ÷ (100 + 300) = 5 %; June: (40 + 40) ÷ 400 = 20 %.
    assert [p.paid_pct for p in curve.points] == [
        D(x) for x in ("0.00", "0.00", "5.00", "5.00", "5.00", "20.00", "20.00")
    ]
    assert [p.time_pct for p in curve.points] == [D(x) for x in TIME_PCT]
    assert {(p.projects, p.unknown) for p in curve.points} == {(2, 1)}
    assert curve.points[-1].is_as_of


def test_a_project_counts_in_the_portfolio_only_up_to_its_own_as_of_date() -> None:
    a = small()
    b = small("300", code="S-2")

    (curve,) = portfolio_curves([Member(a, day("2023-07-15")), Member(b, day("2023-04-30"))])

    # No shared as-of date: month ends only. From May on only a is known: 10 ÷ 100, then 40 ÷ 100.
    assert [p.date.isoformat() for p in curve.points][-3:] == ["2023-04-30", "2023-05-31", "2023-06-30"]
    assert [(p.paid_pct, p.unknown) for p in curve.points[-3:]] == [
        (D("5.00"), 0),
        (D("10.00"), 1),
        (D("40.00"), 1),
    ]
    assert not any(p.is_as_of for p in curve.points)


def test_the_portfolio_has_one_curve_per_budget_year_and_none_known_is_unknown_not_zero() -> None:
    older = small("0", code="O-1", budget_year=2022)
    curves = portfolio_curves([Member(small(), day("2023-07-15")), Member(older, day("2022-03-31"))])

    assert [c.budget_year for c in curves] == [2022, 2023]
    assert [(p.paid_pct, p.paid, p.projects, p.unknown) for p in curves[0].points] == [(None, None, 0, 1)] * 3


# On a page and in the JSON ----------------------------------------------------------------------------------------

SMALL_MERMAID = """```mermaid
%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#1f77b4, #999999"}}}}%%
xychart-beta
    title "Paid of the annual budget against time progress, 2023"
    x-axis ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06", "2023-07-15"]
    y-axis "%" 0 --> 100
    line [0.00, 0.00, 10.00, 10.00, 10.00, 40.00, 40.00]
    line [8.49, 16.16, 24.66, 32.88, 41.37, 49.59, 53.70]
```"""

SMALL_TABLE = """| Month | As of | Paid ÷ budget (%) | Time progress (%) | Allocated ÷ budget (%) |
| --- | --- | ---: | ---: | ---: |
| 2023-01 | 2023-01-31 | 0.00 | 8.49 | — |
| 2023-02 | 2023-02-28 | 0.00 | 16.16 | — |
| 2023-03 | 2023-03-31 | 10.00 | 24.66 | — |
| 2023-04 | 2023-04-30 | 10.00 | 32.88 | — |
| 2023-05 | 2023-05-31 | 10.00 | 41.37 | — |
| 2023-06 | 2023-06-30 | 40.00 | 49.59 | — |
| 2023-07 | 2023-07-15 (as of) | 40.00 | 53.70 | — |"""


def test_the_snapshot_draws_the_curve_in_mermaid_then_the_same_points_as_a_table() -> None:
    analysis = analyse_project(small(), day("2023-07-15"))

    page = project_markdown(analysis, "en")

    section = page[page.index("### Execution curve") : page.index("### Allocations")]
    lines = "Blue line: cumulative paid ÷ annual budget (%); grey line: time progress (%, days)."
    assert section == f"### Execution curve\n\n{SMALL_MERMAID}\n\n{lines}\n\n{SMALL_TABLE}\n\n"


def test_a_chart_starts_where_paid_is_known_and_the_table_keeps_the_unknown_points() -> None:
    # The report says 10 paid by 04-30; 30 more on 06-30: paid is not known before April.
    points = project_curve(reported_from_april(), day("2023-07-15"))

    blocks = curve_blocks(points, 2023, TimeBasis.DAYS, "en", 3)

    chart = blocks[1]
    assert '    x-axis ["2023-04", "2023-05", "2023-06", "2023-07-15"]' in chart.splitlines()
    assert "    line [10.00, 10.00, 40.00, 40.00]" in chart.splitlines()
    assert blocks[3] == "Paid is not known before 2023-04: the chart starts there; the table lists every point."
    assert "| 2023-03 | 2023-03-31 | — | 24.66 | — |" in blocks[4].splitlines()


def test_no_known_point_draws_no_chart_and_says_so() -> None:
    blocks = curve_blocks(project_curve(small("0"), day("2023-07-15")), 2023, TimeBasis.DAYS, "en", 3)

    assert "mermaid" not in "".join(blocks)
    assert blocks[1] == "Paid ÷ budget is not known at any point, so no curve is drawn; the table lists every point."
    assert "| 2023-07 | 2023-07-15 (as of) | — | 53.70 | — |" in blocks[2].splitlines()


def test_an_overspend_raises_the_charts_top_above_100() -> None:
    blocks = curve_blocks(project_curve(small("30"), day("2023-07-15")), 2023, TimeBasis.DAYS, "en", 3)

    # 40 paid of 30 is 133.33 %: the axis goes to the next ten above it.
    assert '    y-axis "%" 0 --> 140' in blocks[1].splitlines()


def test_the_json_holds_each_projects_curve_and_the_portfolios_with_nulls_for_unknown() -> None:
    analyses = [analyse_project(small(), day("2023-07-15")), analyse_project(small("0", code="S-3"), day("2023-07-15"))]

    document = status_document(analyses, "en")

    first = document["projects"][0]["curve"]
    assert first[2] == {
        "month": "2023-03",
        "date": "2023-03-31",
        "as_of": False,
        "paid_pct": "10.00",
        "time_pct": "24.66",
        "allocated_pct": None,
    }
    assert first[-1]["as_of"] is True and first[-1]["date"] == "2023-07-15"
    assert {point["paid_pct"] for point in document["projects"][1]["curve"]} == {None}
    (year,) = document["portfolio"]["curve"]
    assert year["budget_year"] == 2023
    assert year["points"][-1] == {
        "month": "2023-07",
        "date": "2023-07-15",
        "as_of": True,
        "paid_pct": "40.00",
        "time_pct": "53.70",
        "projects": 1,
        "unknown": 1,
    }


def test_the_portfolio_takes_a_projects_drawn_points_and_computes_only_the_dates_they_lack() -> None:
    a, b = small(), small("300", code="S-2")
    as_of = day("2023-07-15")
    # a's June point says 90 paid (not what its records give): the portfolio uses the point it is given.
    drawn = tuple(
        structs.replace(point, paid=D(90), paid_pct=D("90.00")) if point.month == "2023-06" else point
        for point in project_curve(a, as_of)
    )

    (curve,) = portfolio_curves([Member(a, as_of, drawn), Member(b, as_of)])

    june = next(point for point in curve.points if point.month == "2023-06")
    assert june.paid_pct == D("32.50")  # (90 + 40) ÷ 400


def test_the_json_takes_a_curve_already_drawn_rather_than_drawing_it_again() -> None:
    analysis = analyse_project(small(), day("2023-07-15"))
    drawn = project_curve(small(), day("2023-07-15"))[-1:]

    points = project_document(analysis, "en", curve=drawn)["curve"]

    assert [point["date"] for point in points] == ["2023-07-15"]


def reported_project() -> Project:
    """Budget 100 in 2023 and no dated record: the report says 30 paid as of 04-30, and 95 as of 2024-02-29."""
    reported = (
        ReportedFigure("r1", day("2023-04-30"), paid=D(30)),
        ReportedFigure("r2", day("2024-02-29"), paid=D(95)),
    )
    return Project(code="R-1", name="报告", budget_year=2023, funding=Funding(annual_budget=D(100), reported=reported))


def test_reported_cumulative_figures_give_the_points_from_the_first_one_on_and_none_before() -> None:
    points = project_curve(reported_project(), day("2024-03-10"))

    # January to March come before the first reported figure: not known, never 0. The figure of 2024-02-29 is money
    # still moving after the year, so the curve runs to February 2024, then the as-of date.
    assert [p.month for p in points] == [f"2023-{m:02d}" for m in range(1, 13)] + ["2024-01", "2024-02", "2024-03"]
    assert [p.paid_pct for p in points] == [None] * 3 + [D("30.00")] * 10 + [D("95.00")] * 2
    assert [p.time_pct for p in points][-4:] == [D("100.00")] * 4


def test_a_chart_of_reported_figures_starts_at_the_first_one() -> None:
    blocks = curve_blocks(project_curve(reported_project(), day("2023-07-15")), 2023, TimeBasis.DAYS, "en", 3)

    assert '    x-axis ["2023-04", "2023-05", "2023-06", "2023-07-15"]' in blocks[1].splitlines()
    assert "    line [30.00, 30.00, 30.00, 30.00]" in blocks[1].splitlines()
    assert blocks[3] == "Paid is not known before 2023-04: the chart starts there; the table lists every point."


def test_a_project_without_an_annual_budget_has_no_share_to_draw() -> None:
    project = structs.replace(small(), funding=structs.replace(small().funding, annual_budget=None))

    assert {p.paid_pct for p in project_curve(project, day("2023-07-15"))} == {None}
