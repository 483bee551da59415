"""The execution curve (S-curve): cumulative paid ÷ budget at each month end against time progress, per project and
for the portfolio."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from msgspec import Struct
from pendulum import Date

from drift.budget import annual_budget, time_progress
from drift.dates import month_end, months_between
from drift.money import Figure, cumulative
from drift.numbers import ZERO, percent
from drift.rules import DEFAULT_RULES, Rules
from store.model import Project


def month_text(day: Date) -> str:
    """ "2023-06": the month of day, as the curve's points name it."""
    return f"{day.year:04d}-{day.month:02d}"


class CurvePoint(Struct, frozen=True):
    """One point of a project's curve: the cumulative figures as of a month end, or as of the as-of date."""

    date: Date
    is_as_of: bool
    """The as-of date itself (it may also be a month end): where the chart puts its mark."""
    paid: Decimal | None
    """Cumulative paid as of the date; None when not known (never 0)."""
    allocated: Decimal | None
    """Cumulative allocated as of the date; None when allocations are not stated or not known."""
    budget: Decimal | None
    """The annual budget measured against; None when there is none."""
    paid_pct: Decimal | None
    """paid ÷ budget, percent; None when either is unknown or the budget is zero: a gap in the curve."""
    allocated_pct: Decimal | None
    """allocated ÷ budget, percent; None when either is unknown."""
    time_pct: Decimal
    """Time progress (序时进度) on the date, percent."""

    @property
    def month(self) -> str:
        """ "2023-06": the month the point belongs to."""
        return month_text(self.date)


class PortfolioPoint(Struct, frozen=True):
    """One point of the portfolio's curve for one budget year: sums over the projects known at the date."""

    date: Date
    is_as_of: bool
    """The as-of date every project shares, when they share one."""
    paid: Decimal | None
    """Sum of paid over the projects whose paid and budget are known; None when no project is known."""
    budget: Decimal | None
    paid_pct: Decimal | None
    time_pct: Decimal
    projects: int
    """Projects of the budget year counted at this point."""
    unknown: int
    """Projects of the budget year left out at this point: paid or budget not known, or the date after their as-of
    date. They are said, never counted as 0."""

    @property
    def month(self) -> str:
        """ "2023-06": the month the point belongs to."""
        return month_text(self.date)


class PortfolioCurve(Struct, frozen=True):
    """The portfolio's curve for the projects of one budget year."""

    budget_year: int
    points: tuple[PortfolioPoint, ...]


def curve_dates(project: Project, as_of: Date) -> tuple[Date, ...]:
    """The month ends of the budget year up to as_of, the month ends after the year up to the month of the last money
    record known as of as_of (an allocation, a payment or a reported cumulative figure), and as_of itself (once, if it
    is a month end)."""
    year = project.budget_year
    funding = project.funding
    moved = [p.date for p in funding.payments] + [a.date for a in funding.allocations or ()]
    moved += [figure.date for figure in funding.reported]
    last_money = max((moved_on for moved_on in moved if moved_on <= as_of), default=None)
    until = month_end(year, 12)
    if last_money is not None and last_money > until:
        # Carried-over money paid the next year: the curve goes on while money still moves.
        until = month_end(last_money.year, last_money.month)
    dates = [day for day in _month_ends(year, until) if day <= as_of]
    if as_of not in dates:
        dates.append(as_of)
    return tuple(sorted(dates))


def _month_ends(year: int, until: Date) -> list[Date]:
    return [month_end(y, m) for y, m in months_between(Date(year, 1, 1), until)]


def project_curve(project: Project, as_of: Date, rules: Rules = DEFAULT_RULES) -> tuple[CurvePoint, ...]:
    """The project's curve up to as_of: each point is the project's total as the budget analysis takes it on its date
    (drift.money.cumulative, drift.budget.annual_budget), so it follows every rule that decides the figures known on
    a date, at the cost of the totals alone rather than a whole analysis per point."""
    budget = annual_budget(project)
    return tuple(_point(project, day, day == as_of, budget, rules) for day in curve_dates(project, as_of))


def _point(project: Project, day: Date, is_as_of: bool, budget: Decimal | None, rules: Rules) -> CurvePoint:
    paid = cumulative(project, Figure.PAID, day).amount
    allocated = cumulative(project, Figure.ALLOCATED, day).amount
    return CurvePoint(
        date=day,
        is_as_of=is_as_of,
        paid=paid,
        allocated=allocated,
        budget=budget,
        paid_pct=share(paid, budget),
        allocated_pct=share(allocated, budget),
        time_pct=time_progress(day, project.budget_year, rules.time_basis).percent,
    )


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole in percent; None when either is unknown or whole is zero."""
    return None if part is None or whole is None else percent(part, whole)


class Member(Struct, frozen=True):
    """A project in the portfolio's curve: analysed up to its as-of date, with its own curve when it is already drawn
    (the portfolio then computes only the dates that curve lacks)."""

    project: Project
    as_of: Date
    points: tuple[CurvePoint, ...] = ()


def portfolio_curves(members: Iterable[Member], rules: Rules = DEFAULT_RULES) -> tuple[PortfolioCurve, ...]:
    """One curve per budget year, oldest first: at each date, Σ paid ÷ Σ budget over the projects of that year known
    then, and how many are not. A project counts at a date only up to its own as-of date."""
    by_year: dict[int, list[Member]] = {}
    for member in members:
        by_year.setdefault(member.project.budget_year, []).append(member)
    return tuple(_year_curve(year, members, rules) for year, members in sorted(by_year.items()))


def _year_curve(year: int, members: list[Member], rules: Rules) -> PortfolioCurve:
    as_ofs = {member.as_of for member in members}
    shared = next(iter(as_ofs)) if len(as_ofs) == 1 else None
    dates: set[Date] = set()
    for member in members:
        dates.update(day for day in curve_dates(member.project, member.as_of) if day != member.as_of or day == shared)
    drawn = [{point.date: point for point in member.points} for member in members]
    points = []
    for day in sorted(dates):
        # A project counts only up to its own as-of date: after it, nothing about it is known yet.
        at_day = (
            known.get(day) or _point(member.project, day, False, annual_budget(member.project), rules)
            for member, known in zip(members, drawn, strict=True)
            if day <= member.as_of
        )
        counted = [point for point in at_day if point.paid_pct is not None]
        paid = sum((point.paid or ZERO for point in counted), ZERO) if counted else None
        budget = sum((point.budget or ZERO for point in counted), ZERO) if counted else None
        points.append(
            PortfolioPoint(
                date=day,
                is_as_of=day == shared,
                paid=paid,
                budget=budget,
                paid_pct=share(paid, budget),
                time_pct=time_progress(day, year, rules.time_basis).percent,
                projects=len(counted),
                unknown=len(members) - len(counted),
            )
        )
    return PortfolioCurve(budget_year=year, points=tuple(points))
