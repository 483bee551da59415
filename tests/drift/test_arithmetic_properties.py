"""Properties of the date and money arithmetic, for any date and any amount hypothesis can think of."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pendulum
from hypothesis import given
from hypothesis import strategies as st
from pendulum import Date

from drift.budget import analyse_budget, time_progress
from drift.dates import day_of_year, days_after, finish_after, inclusive_days
from drift.numbers import cents, percent
from drift.rules import TimeBasis
from drift.schedule import analyse_schedule
from store.model import Allocation, Funding, Payment, Phase, Project, Source, SourceKind

dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31)).map(
    lambda d: pendulum.date(d.year, d.month, d.day)
)
years = st.integers(min_value=2000, max_value=2099)
bases = st.sampled_from(TimeBasis)
amounts = st.decimals(min_value=0, max_value=10**8, places=6, allow_nan=False, allow_infinity=False)


@given(dates, st.integers(min_value=1, max_value=2000))
def test_a_span_of_n_days_covers_n_days_counted_inclusively(start: Date, length: int) -> None:
    end = finish_after(start, length)

    assert inclusive_days(start, end) == length
    assert days_after(start, end) == length - 1


@given(years, bases, dates, dates)
def test_time_progress_never_goes_backwards_and_stays_within_0_and_100(
    year: int, basis: TimeBasis, first: Date, second: Date
) -> None:
    earlier, later = sorted((first, second))

    before, after = time_progress(earlier, year, basis), time_progress(later, year, basis)

    assert Decimal(0) <= before.percent <= after.percent <= Decimal(100)
    assert 0 <= before.elapsed <= after.elapsed <= after.total
    assert isinstance(after.percent, Decimal)


@given(dates)
def test_time_progress_by_days_is_the_inclusive_day_of_year_over_the_year(as_of: Date) -> None:
    progress = time_progress(as_of, as_of.year)

    assert progress.elapsed == day_of_year(as_of, as_of.year) == as_of.day_of_year
    assert progress.total == (366 if as_of.is_leap_year() else 365)
    assert progress.percent == cents(Decimal(progress.elapsed) * 100 / progress.total)


@given(dates, st.integers(min_value=0, max_value=400), st.integers(min_value=-200, max_value=400), dates)
def test_the_slip_of_a_finished_phase_is_the_difference_of_its_dates(
    start: Date, length: int, late: int, as_of: Date
) -> None:
    end = start.add(days=length)
    actual_end = end.add(days=late)
    phase = Phase(id="a", name="a", planned_start=start, planned_end=end, actual_end=actual_end)
    project = Project(code="T", name="t", budget_year=start.year, funding=Funding(Decimal(0)), phases=(phase,))

    schedule = analyse_schedule(project, as_of)
    a = schedule.phase("a")

    if actual_end <= as_of:
        assert (a.finish, a.finish_slip_days) == (actual_end, late)
        assert a.finish_slip_days == (actual_end - end).days
    else:
        # Unknown yet: a forecast, never before tomorrow.
        assert not a.finish_is_actual and a.finish > as_of
        assert a.finish_slip_days == days_after(end, a.finish)


@given(dates, st.lists(st.integers(min_value=0, max_value=120), min_size=1, max_size=6), dates)
def test_a_forecast_never_starts_a_phase_before_its_predecessor_is_done_or_its_plan_allows(
    start: Date, lengths: list[int], as_of: Date
) -> None:
    phases = []
    begin = start
    for index, length in enumerate(lengths):
        end = begin.add(days=length)
        phases.append(
            Phase(
                id=f"p{index}",
                name=f"p{index}",
                planned_start=begin,
                planned_end=end,
                predecessors=(f"p{index - 1}",) if index else (),
            )
        )
        begin = end.add(days=1)
    project = Project(code="T", name="t", budget_year=start.year, funding=Funding(Decimal(0)), phases=tuple(phases))

    schedule = analyse_schedule(project, as_of)

    for previous, current in zip(schedule.phases, schedule.phases[1:], strict=False):
        assert current.start is not None and current.start > previous.finish
        assert current.start >= current.phase.planned_start
        assert current.finish_slip_days >= previous.finish_slip_days  # slip only accumulates along a chain
    assert all(p.finish > as_of for p in schedule.phases)  # nothing is recorded as done
    assert schedule.completion == schedule.phases[-1].finish


@given(amounts, amounts)
def test_a_percentage_is_a_two_decimal_decimal_and_never_a_float(part: Decimal, whole: Decimal) -> None:
    result = percent(part, whole)

    if whole == 0:
        assert result is None
    else:
        assert isinstance(result, Decimal) and not isinstance(result, float)
        assert result.as_tuple().exponent == -2
        assert abs(result - part * 100 / whole) <= Decimal("0.005")


@given(
    st.lists(st.tuples(dates, amounts), max_size=5),
    st.lists(st.tuples(dates, amounts), max_size=5),
    amounts,
    dates,
)
def test_execution_figures_are_decimals_summing_only_what_is_dated_by_the_as_of_date(
    allocations: list[tuple[Date, Decimal]], payments: list[tuple[Date, Decimal]], budget: Decimal, as_of: Date
) -> None:
    funding = Funding(
        annual_budget=budget,
        sources=(Source(kind=SourceKind.LOCAL, name="县级", annual_budget=budget),),
        allocations=tuple(
            Allocation(id=f"A{i}", date=d, source=SourceKind.LOCAL, amount=a) for i, (d, a) in enumerate(allocations)
        ),
        payments=tuple(
            Payment(id=f"P{i}", date=d, source=SourceKind.LOCAL, amount=a) for i, (d, a) in enumerate(payments)
        ),
    )
    project = Project(code="T", name="t", budget_year=as_of.year, funding=funding)

    budget_analysis = analyse_budget(project, as_of)
    total, [local] = budget_analysis.total, budget_analysis.sources

    assert total.allocated == sum((a for d, a in allocations if d <= as_of), Decimal(0))
    assert total.paid == sum((a for d, a in payments if d <= as_of), Decimal(0))
    for line in (total, local):
        for value in (line.paid_pct_of_allocated, line.paid_pct_of_budget, line.trail_points, line.needed_per_month):
            assert value is None or (isinstance(value, Decimal) and value.as_tuple().exponent == -2)
        assert isinstance(line.remaining_to_pay, Decimal) and line.remaining_to_pay >= 0
    if budget:
        assert total.trail_points == budget_analysis.time.percent - total.paid_pct_of_budget
