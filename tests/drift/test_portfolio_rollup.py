"""The whole project analysis and the portfolio roll-up: worst light, headline figures, sorting, scale."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from msgspec import structs

from drift.analysis import analyse_project
from drift.portfolio import PortfolioRow, SortKey, analyse_portfolio, sort_rows
from drift.rules import Light
from store.model import Payment, Project, SourceKind
from store.values import parse_date as day


def test_the_seed_on_its_status_date_is_red_with_15_flags(seed: Project) -> None:
    analysis = analyse_project(seed, day("2023-09-28"))

    assert analysis.light is Light.RED
    assert len(analysis.flags) == 15
    assert [f.code for f in analysis.flags_at_least(Light.RED)] == [
        "schedule.finished_late",
        "schedule.forecast_late",
        "schedule.completion_late",
        "budget.behind_time",
    ]


def test_a_portfolio_row_carries_the_headline_figures(seed: Project) -> None:
    [row] = analyse_portfolio([seed], day("2023-09-28"))

    assert row == PortfolioRow(
        code="2306-140423-89-01-317509",
        name="2023年度襄垣县城镇老旧小区改造项目",
        as_of=day("2023-09-28"),
        light=Light.RED,
        schedule_slip_days=89,
        execution_trail_points=Decimal("74.25"),
        indicator_risks=3,
        flag_count=15,
        schedule_light=Light.RED,
        budget_light=Light.RED,
        paid_pct_of_budget=Decimal("0.00"),
        time_pct=Decimal("74.25"),
    )


def test_each_project_can_be_analysed_as_of_its_own_date(seed: Project) -> None:
    earlier = structs.replace(seed, code="EARLY", status_date=day("2023-06-30"))

    rows = analyse_portfolio([seed, earlier], lambda project: project.status_date)

    assert [(r.code, r.as_of, r.schedule_slip_days) for r in rows] == [
        (seed.code, day("2023-09-28"), 89),
        ("EARLY", day("2023-06-30"), 30),
    ]


def row(code: str, light: Light, slip: int | None, trail: str | None, risks: int = 0, flags: int = 0) -> PortfolioRow:
    return PortfolioRow(
        code=code,
        name=f"项目{code}",
        as_of=day("2023-09-28"),
        light=light,
        schedule_slip_days=slip,
        execution_trail_points=Decimal(trail) if trail is not None else None,
        indicator_risks=risks,
        flag_count=flags,
    )


ROWS = [
    row("B", Light.YELLOW, 12, "5.00", risks=1, flags=3),
    row("A", Light.RED, 89, "74.25", risks=3, flags=15),
    row("D", Light.GREEN, None, None),
    row("C", Light.RED, 40, "-3.00", risks=0, flags=2),
]


@pytest.mark.parametrize(
    ("key", "order"),
    [
        (SortKey.LIGHT, ["A", "C", "B", "D"]),  # ties keep the given order
        (SortKey.SLIP, ["A", "C", "B", "D"]),  # D has no slip: last
        (SortKey.TRAIL, ["A", "B", "C", "D"]),
        (SortKey.RISKS, ["A", "B", "D", "C"]),
        (SortKey.FLAGS, ["A", "B", "C", "D"]),
        (SortKey.CODE, ["A", "B", "C", "D"]),
        ("name", ["A", "B", "C", "D"]),
    ],
)
def test_rows_sort_worst_first_by_every_key(key: SortKey | str, order: list[str]) -> None:
    assert [r.code for r in sort_rows(ROWS, key)] == order


def test_reverse_puts_the_best_first_and_unknowns_still_last() -> None:
    assert [r.code for r in sort_rows(ROWS, SortKey.SLIP, reverse=True)] == ["B", "C", "A", "D"]


def test_sorting_by_slip_then_light_orders_within_each_light() -> None:
    assert [r.code for r in sort_rows(sort_rows(ROWS, SortKey.SLIP), SortKey.LIGHT)] == ["A", "C", "B", "D"]


def test_an_unknown_sort_key_is_refused() -> None:
    with pytest.raises(ValueError, match="budget"):
        sort_rows(ROWS, "budget")


def many(seed: Project, count: int) -> list[Project]:
    """count distinct projects derived from the seed, every tenth one paying on time."""
    paid = structs.replace(
        seed.funding,
        payments=(Payment(id="P", date=day("2023-09-01"), source=SourceKind.LOCAL, amount=Decimal("437.47")),),
    )
    return [
        structs.replace(seed, code=f"P{i:05d}", funding=paid if i % 10 == 0 else seed.funding) for i in range(count)
    ]


def test_ten_thousand_projects_roll_up_in_linear_time(seed: Project) -> None:
    started = time.perf_counter()
    small = analyse_portfolio(many(seed, 1_000), day("2023-09-28"))
    small_seconds = time.perf_counter() - started

    started = time.perf_counter()
    rows = analyse_portfolio(many(seed, 10_000), day("2023-09-28"))
    ordered = [sort_rows(rows, key) for key in SortKey]
    large_seconds = time.perf_counter() - started

    assert (len(small), len(rows)) == (1_000, 10_000)
    assert all(len(order) == 10_000 for order in ordered)
    assert sorted(r.code for r in rows) == [f"P{i:05d}" for i in range(10_000)]
    # Ten times the projects may take ten times as long, not a hundred (allow for a noisy machine).
    assert large_seconds < 30 * small_seconds + 1
    trail_order = sort_rows(rows, SortKey.TRAIL)
    assert trail_order[0].execution_trail_points == Decimal("74.25")
    assert trail_order[-1].execution_trail_points == Decimal("0.00")
