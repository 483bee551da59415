"""The portfolio roll-up: one row per project with its worst light and key deviations, sortable by each."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from enum import StrEnum
from operator import attrgetter
from typing import NamedTuple

from msgspec import Struct
from pendulum import Date

from drift.analysis import ProjectAnalysis, analyse_project
from drift.dates import as_of_for
from drift.flags import Flag
from drift.rules import NO_SETTINGS, Light, Rules, rules_for
from store.model import Project, RuleSettings


class PortfolioRow(Struct, frozen=True):
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
    code_made: bool = False
    """The report gave no project code: drift made this one, and every view says so (drift.i18n.code_text)."""
    later: int = 0
    """Records dated after the as-of date, so counted in none of these figures."""
    unknown: tuple[str, ...] = ()
    """The parts whose light is unknown, named beside the light: "red · schedule unknown"."""
    schedule_light: Light = Light.UNKNOWN
    budget_light: Light = Light.UNKNOWN
    paid_pct_of_budget: Decimal | None = None
    """Total paid ÷ annual budget, percent, the rate the gap is of: paid ÷ allocated when the report states no annual
    budget (BudgetLine.execution_pct); None when it is not known."""
    time_pct: Decimal | None = None
    """Time progress, percent, the share of the budget year elapsed: what the paid share is held against."""


class Headline(NamedTuple):
    """What a list of projects shows of one: its row, and its flags for `drift check`; never its whole analysis."""

    row: PortfolioRow
    flags: tuple[Flag, ...]


def headline(analysis: ProjectAnalysis) -> Headline:
    """The headline of one analysed project."""
    return Headline(portfolio_row(analysis), analysis.flags)


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
        code_made=analysis.project.code_made,
        name=analysis.project.name,
        as_of=analysis.as_of,
        light=analysis.light,
        schedule_slip_days=analysis.schedule.completion_slip_days,
        execution_trail_points=analysis.budget.total.trail_points,
        indicator_risks=analysis.indicators.at_risk,
        flag_count=analysis.deviation_count,
        later=analysis.later.total,
        unknown=analysis.unknown,
        schedule_light=analysis.schedule.light,
        budget_light=analysis.budget.light,
        paid_pct_of_budget=analysis.budget.total.execution_pct,
        time_pct=analysis.budget.time.percent,
    )


def headline_row(project: Project, as_of: Date | None = None, rules: Rules | None = None) -> PortfolioRow:
    """The headline row of project as of the date chosen, else its status date (drift.dates.as_of_for): what the
    dashboard keeps of each project, so a big portfolio never holds its full analyses."""
    return portfolio_row(analyse_project(project, as_of_for(project, as_of), rules))


def roll_up(analyses: Iterable[ProjectAnalysis]) -> list[PortfolioRow]:
    """One row per analysed project, in the order given."""
    return [portfolio_row(analysis) for analysis in analyses]


def analyse_portfolio(
    projects: Iterable[Project],
    as_of: Date | Callable[[Project], Date] | None = None,
    store_rules: RuleSettings = NO_SETTINGS,
) -> list[PortfolioRow]:
    """Analyse every project (each on its own, so the work grows linearly) and roll them up.

    as_of is one date for all, a function of the project giving each its own date, or None: each its status date;
    each project under its own rules over store_rules (drift.rules.rules_for).
    """
    date_of = as_of if callable(as_of) else (lambda _project: as_of)
    return [headline_row(project, date_of(project), rules_for(project, store_rules)) for project in projects]


def worst_first_order(rows: Sequence[PortfolioRow]) -> list[int]:
    """The positions of rows, reddest first and the longest slip first within a light; ties keep their order:
    the order of every list of projects (`drift status`, the export, the dashboard's export)."""
    position = {id(row): n for n, row in enumerate(rows)}
    return [position[id(row)] for row in sort_rows(sort_rows(rows, SortKey.SLIP), SortKey.LIGHT)]


_SORT_VALUES: dict[SortKey, Callable[[PortfolioRow], object]] = {
    SortKey.LIGHT: attrgetter("light.rank"),
    SortKey.SLIP: attrgetter("schedule_slip_days"),
    SortKey.TRAIL: attrgetter("execution_trail_points"),
    SortKey.RISKS: attrgetter("indicator_risks"),
    SortKey.FLAGS: attrgetter("flag_count"),
    SortKey.CODE: attrgetter("code"),
    SortKey.NAME: attrgetter("name"),
}
"""Each key's value of a row, read in C: the dashboard sorts 10,000 rows at each batch of rows it takes in."""
_MAYBE_UNKNOWN = {SortKey.SLIP, SortKey.TRAIL}
"""The keys whose value may be None (not known), which sorts last."""
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
    if key not in _MAYBE_UNKNOWN:
        return sorted(rows, key=value_of, reverse=descending)  # type: ignore[arg-type]
    rows = list(rows)
    known = [row for row in rows if value_of(row) is not None]
    unknown = [row for row in rows if value_of(row) is None]
    return sorted(known, key=value_of, reverse=descending) + unknown  # type: ignore[arg-type]
