"""Earned value (PV, EV, AC, SV, CV, SPI, CPI, EAC) where the spending plan and percent complete allow it."""

from __future__ import annotations

from decimal import Decimal

from msgspec import Struct
from pendulum import Date

from drift.money import Figure, cumulative
from drift.numbers import HUNDRED, cents, ratio
from drift.rules import DEFAULT_RULES, Rules
from drift.schedule import PhaseStatus, ScheduleAnalysis, analyse_schedule
from store.model import Project


class EarnedValue(Struct, frozen=True):
    """Earned value figures in 万元 (indices as plain ratios); None wherever the data does not allow them."""

    budget_at_completion: Decimal | None
    """BAC: the last cumulative amount of the spending plan."""
    percent_complete: Decimal | None
    """Work done, percent: phases weighted by planned days (done 100, not started 0, else Phase.percent_complete)."""
    planned_value: Decimal | None
    """PV: the planned cumulative spend of the latest plan point on or before the as-of date."""
    earned_value: Decimal | None
    """EV = BAC × percent complete ÷ 100."""
    actual_cost: Decimal | None
    """AC: paid up to and including the as-of date, by the rules every paid figure follows (drift/money.py)."""
    schedule_variance: Decimal | None
    """SV = EV − PV."""
    cost_variance: Decimal | None
    """CV = EV − AC."""
    spi: Decimal | None
    """SPI = EV ÷ PV."""
    cpi: Decimal | None
    """CPI = EV ÷ AC."""
    estimate_at_completion: Decimal | None
    """EAC = BAC ÷ CPI, computed as BAC × AC ÷ EV so the rounded CPI does not leak into it."""


def earned_value(
    project: Project, as_of: Date, rules: Rules = DEFAULT_RULES, *, schedule: ScheduleAnalysis | None = None
) -> EarnedValue:
    """The earned value figures as of as_of; pass schedule when it is already computed for the same date."""
    schedule = schedule or analyse_schedule(project, as_of, rules)
    funding = project.funding
    plan = sorted(funding.spending_plan, key=lambda point: point.date)
    bac = plan[-1].amount if plan else None
    pv = None
    if plan:
        pv = next((point.amount for point in reversed(plan) if point.date <= as_of), Decimal(0))
    done = _percent_complete(schedule)
    ev = cents(bac * done / HUNDRED) if bac is not None and done is not None else None
    ac = cumulative(project, Figure.PAID, as_of).amount
    return EarnedValue(
        budget_at_completion=bac,
        percent_complete=done,
        planned_value=pv,
        earned_value=ev,
        actual_cost=ac,
        schedule_variance=ev - pv if ev is not None and pv is not None else None,
        cost_variance=ev - ac if ev is not None and ac is not None else None,
        spi=ratio(ev, pv),
        cpi=ratio(ev, ac) if ac is not None else None,
        estimate_at_completion=cents(bac * ac / ev) if bac is not None and ev and ac else None,
    )


def _percent_complete(schedule: ScheduleAnalysis) -> Decimal | None:
    weighted = Decimal(0)
    days = 0
    for item in schedule.phases:
        if item.status is PhaseStatus.DONE:
            share = HUNDRED
        elif item.phase.percent_complete is not None:
            share = item.phase.percent_complete
        elif not item.start_is_actual:
            share = Decimal(0)  # not started as of the date, so nothing of it is done
        else:
            return None  # under way with no estimate: the whole project's figure is unknown
        weighted += share * item.planned_days
        days += item.planned_days
    return cents(weighted / days) if days else None
