"""Earned value: computed where the spending plan and percent complete allow it, None (never zero) elsewhere."""

from __future__ import annotations

from decimal import Decimal

from msgspec import structs

from drift.earned_value import earned_value
from store.model import Payment, PlannedSpend, Project, SourceKind
from store.values import parse_date as day

D = Decimal


def test_the_seed_has_no_spending_plan_or_percent_complete_so_only_actual_cost_is_known(seed: Project) -> None:
    value = earned_value(seed, day("2023-09-28"))

    assert value.actual_cost == D(0)
    assert (
        value.budget_at_completion,
        value.percent_complete,
        value.planned_value,
        value.earned_value,
        value.schedule_variance,
        value.cost_variance,
        value.spi,
        value.cpi,
        value.estimate_at_completion,
    ) == (None,) * 9


def with_plan_and_progress(seed: Project) -> Project:
    """The seed with a spending plan, construction half done, and 200 万元 paid by 09-20 (a ledger instead of the
    report's cumulative 0 paid by 09-28)."""
    funding = structs.replace(
        seed.funding,
        reported=(),
        spending_plan=(
            PlannedSpend(day("2023-06-30"), D(100)),
            PlannedSpend(day("2023-09-30"), D(400)),
            PlannedSpend(day("2023-12-31"), D("589.20")),
        ),
        payments=(Payment(id="P1", date=day("2023-09-20"), source=SourceKind.LOCAL, amount=D(200)),),
    )
    phases = tuple(structs.replace(p, percent_complete=D(50)) if p.id == "construction" else p for p in seed.phases)
    return structs.replace(seed, funding=funding, phases=phases)


def test_earned_value_follows_the_textbook_formulas(seed: Project) -> None:
    value = earned_value(with_plan_and_progress(seed), day("2023-09-28"))

    # Planned days: feasibility 89, design 61, tendering 30 (all done), construction 153 at 50%, acceptance 31 at 0.
    # (89 + 61 + 30) × 100 + 153 × 50 = 25650 over 364 days = 70.467…% → 70.47
    assert value.percent_complete == D("70.47")
    assert value.budget_at_completion == D("589.20")
    assert value.planned_value == D(100)  # the 09-30 point is still ahead on 09-28
    assert value.earned_value == D("415.21")  # 589.20 × 70.47 / 100 = 415.209…
    assert value.actual_cost == D(200)
    assert (value.schedule_variance, value.cost_variance) == (D("315.21"), D("215.21"))
    assert (value.spi, value.cpi) == (D("4.15"), D("2.08"))
    assert value.estimate_at_completion == D("283.81")  # 589.20 × 200 / 415.21


def test_planned_value_is_zero_before_the_first_plan_point_and_actual_cost_counts_only_past_payments(
    seed: Project,
) -> None:
    value = earned_value(with_plan_and_progress(seed), day("2023-06-29"))

    assert (value.planned_value, value.actual_cost) == (D(0), D(0))
    assert (value.spi, value.cpi, value.estimate_at_completion) == (None, None, None)


def test_a_phase_under_way_without_an_estimate_leaves_percent_complete_unknown(seed: Project) -> None:
    project = with_plan_and_progress(seed)
    unknown = tuple(structs.replace(p, percent_complete=None) for p in project.phases)

    value = earned_value(structs.replace(project, phases=unknown), day("2023-09-28"))

    assert (value.percent_complete, value.earned_value, value.planned_value) == (None, None, D(100))
