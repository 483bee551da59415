"""The portfolio roll-up: one row per project with its worst light and key deviations, sortable by each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pendulum import Date

from drift.analysis import ProjectAnalysis, analyse_project
from drift.rules import DEFAULT_RULES, Light, Rules
from store.model import Project


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One project's headline figures."""

    code: str
    name: str
    as_of: Date
    light: Light
    """The project's worst light."""
    schedule_slip_days: int | None
    """Days the computed completion falls after the planned one; None without phases."""
    execution_trail_points: Decimal | None
    """Points by which total spending trails time progress; None without an annual budget."""
    indicator_risks: int
    """Indicators whose forecast falls short or whose likelihood is only possible or impossible."""
    flag_count: int
    later: int = 0
    """Records dated after the as-of date, so counted in none of these figures."""


class SortKey(StrEnum):
    """What the portfolio can be sorted by; every key puts the worst first by default."""

    LIGHT = "light"
    SLIP = "slip"
    TRAIL = "trail"
    RISKS = "risks"
    FLAGS = "flags"
    CODE = "code"
    NAME = "name"


def portfolio_row(analysis: ProjectAnalysis) -> PortfolioRow:
    """The headline row of one analysed project."""
    return PortfolioRow(
        code=analysis.project.code,
        name=analysis.project.name,
        as_of=analysis.as_of,
        light=analysis.light,
        schedule_slip_days=analysis.schedule.completion_slip_days,
        execution_trail_points=analysis.budget.total.trail_points,
        indicator_risks=analysis.indicators.at_risk,
        flag_count=analysis.deviation_count,
        later=analysis.later.total,
    )


def roll_up(analyses: Iterable[ProjectAnalysis]) -> list[PortfolioRow]:
    """One row per analysed project, in the order given."""
    return [portfolio_row(analysis) for analysis in analyses]


def analyse_portfolio(
    projects: Iterable[Project], as_of: Date | Callable[[Project], Date], rules: Rules = DEFAULT_RULES
) -> list[PortfolioRow]:
    """Analyse every project (each on its own, so the work grows linearly) and roll them up.

    as_of is one date for all, or a function of the project giving each its own date (its status date, say).
    """
    date_of = as_of if callable(as_of) else (lambda _project: as_of)
    return roll_up(analyse_project(project, date_of(project), rules) for project in projects)


_SORT_VALUES: dict[SortKey, Callable[[PortfolioRow], object]] = {
    SortKey.LIGHT: lambda row: row.light.rank,
    SortKey.SLIP: lambda row: row.schedule_slip_days,
    SortKey.TRAIL: lambda row: row.execution_trail_points,
    SortKey.RISKS: lambda row: row.indicator_risks,
    SortKey.FLAGS: lambda row: row.flag_count,
    SortKey.CODE: lambda row: row.code,
    SortKey.NAME: lambda row: row.name,
}
_WORST_IS_LARGEST = {SortKey.LIGHT, SortKey.SLIP, SortKey.TRAIL, SortKey.RISKS, SortKey.FLAGS}


def sort_rows(
    rows: Iterable[PortfolioRow], key: SortKey | str = SortKey.LIGHT, *, reverse: bool = False
) -> list[PortfolioRow]:
    """Rows sorted by key, worst first (largest slip, reddest light; codes and names A to Z); reverse flips it.

    Unknown values (None) always go last; ties keep the order given, so sorting by a second key and
    then the first gives a two-level order. One O(n log n) sort.
    """
    key = SortKey(key)
    value_of = _SORT_VALUES[key]
    descending = (key in _WORST_IS_LARGEST) != reverse
    rows = list(rows)
    known = [row for row in rows if value_of(row) is not None]
    unknown = [row for row in rows if value_of(row) is None]
    return sorted(known, key=value_of, reverse=descending) + unknown  # type: ignore[arg-type]
