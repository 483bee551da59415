"""Budget execution as of a date: allocated and paid per funding source against time progress (序时进度)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pendulum import Date

from drift.dates import day_of_year, days_in_year, month_end
from drift.flags import TOTAL, Flag, flag
from drift.i18n import t
from drift.later import counts, known_records
from drift.numbers import ZERO, cents, percent
from drift.rules import DEFAULT_RULES, Light, Rules, worst
from store.model import Allocation, Checkpoint, Payment, Project, SourceKind, TimeBasis

_MONTHS_IN_YEAR = 12


@dataclass(frozen=True, slots=True)
class TimeProgress:
    """The elapsed share of the budget year (序时进度) on the as-of date."""

    basis: TimeBasis
    elapsed: int
    """Days (day of year, inclusive) or months (month of the date, inclusive), 0 before the year, total after it."""
    total: int
    """Days in the year (365 or 366), or 12."""
    percent: Decimal
    """elapsed ÷ total in percent, two decimals: 271/365 → 74.25."""
    months_left: Decimal
    """Months of the year still to come, fractional on the day basis (a month is a twelfth of the year)."""


@dataclass(frozen=True, slots=True)
class CheckpointCheck:
    """The latest spending checkpoint passed and whether cumulative spending reached it."""

    date: Date
    """The last day of the checkpoint's month in the budget year."""
    required_pct: Decimal
    met: bool | None
    """None when there is no annual budget to measure against."""


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """The figures of one funding source, or of the project total (source None)."""

    source: SourceKind | None
    name: str
    """The source's name as the report gives it; "" for the total."""
    annual_budget: Decimal
    allocated: Decimal | None
    """Allocated (下达) up to and including the as-of date; None when the report does not state its allocations."""
    paid: Decimal
    """Paid (支出) up to and including the as-of date."""
    forecast: Decimal | None
    """The monitor's forecast of the year's spending (预计支出数)."""
    allocated_pct_of_budget: Decimal | None
    """allocated ÷ annual budget, percent (下达率); None when either is unknown or the budget is zero."""
    paid_pct_of_allocated: Decimal | None
    """paid ÷ allocated, percent: how much of what arrived has been spent."""
    paid_pct_of_budget: Decimal | None
    """paid ÷ annual budget, percent (预算执行率): the rate held against time progress."""
    trail_points: Decimal | None
    """time progress − paid_pct_of_budget, percentage points; positive when spending is behind time."""
    remaining_to_pay: Decimal
    """annual budget − paid, never below zero."""
    needed_per_month: Decimal | None
    """remaining_to_pay ÷ months left in the year; None once the year is over."""
    checkpoint: CheckpointCheck | None
    """The latest spending checkpoint passed, if any."""
    light: Light
    """Red when paid exceeds the budget or what was allocated; else from the gap to time progress, unknown without
    a budget to measure it against."""

    @property
    def overspent(self) -> bool:
        """Paid more than the annual budget, or more than was allocated when allocations are stated."""
        return _overspent(self.paid, self.annual_budget, self.allocated)


@dataclass(frozen=True, slots=True)
class AllocationTiming:
    """When an allocation arrived, as a day of the budget year."""

    allocation: Allocation
    day_of_year: int
    """1 January is day 1: the 2023-05-15 allocation came on day 135 of 365."""


@dataclass(frozen=True, slots=True)
class BudgetAnalysis:
    """Execution of the project's budget as of a date."""

    as_of: Date
    time: TimeProgress
    total: BudgetLine
    sources: tuple[BudgetLine, ...]
    allocations: tuple[AllocationTiming, ...]
    """The allocations known as of the date, in date order."""
    payments: tuple[Payment, ...]
    """The payments known as of the date, in date order."""
    allocations_stated: bool
    """False when the report does not state its allocations: allocated figures are then unknown, not zero."""
    light: Light
    """The total's light; red when any source is overspent."""
    flags: tuple[Flag, ...]


def time_progress(as_of: Date, budget_year: int, basis: TimeBasis = TimeBasis.DAYS) -> TimeProgress:
    """The share of budget_year elapsed on as_of, counting as_of itself; 0 before the year, 100 after it."""
    if basis is TimeBasis.MONTHS:
        total = _MONTHS_IN_YEAR
        elapsed = 0 if as_of.year < budget_year else total if as_of.year > budget_year else as_of.month
        months_left = Decimal(total - elapsed)
    else:
        total = days_in_year(budget_year)
        elapsed = min(max(day_of_year(as_of, budget_year), 0), total)
        months_left = Decimal(total - elapsed) * _MONTHS_IN_YEAR / total
    return TimeProgress(
        basis=basis, elapsed=elapsed, total=total, percent=percent(elapsed, total) or ZERO, months_left=months_left
    )


def analyse_budget(project: Project, as_of: Date, rules: Rules = DEFAULT_RULES) -> BudgetAnalysis:
    """Allocated, paid, both execution rates, the gap to time progress and the lights, per source and in total."""
    funding = project.funding
    time = time_progress(as_of, project.budget_year, rules.time_basis)
    checkpoint = _latest_checkpoint(rules, project.budget_year, as_of)

    stated = funding.allocations is not None
    allocated: dict[SourceKind, Decimal] = {}
    paid: dict[SourceKind, Decimal] = {}
    known_allocations = known_records(funding.allocations or (), as_of)
    known_payments = known_records(funding.payments, as_of)
    for allocation in known_allocations:
        allocated[allocation.source] = allocated.get(allocation.source, ZERO) + allocation.amount
    for payment in known_payments:
        paid[payment.source] = paid.get(payment.source, ZERO) + payment.amount

    sources = tuple(
        _line(
            source.kind,
            source.name,
            source.annual_budget,
            allocated.get(source.kind, ZERO) if stated else None,
            paid.get(source.kind, ZERO),
            source.forecast,
            time,
            project.budget_year,
            checkpoint,
            rules,
        )
        for source in funding.sources
    )
    forecasts = [s.forecast for s in funding.sources if s.forecast is not None]
    total = _line(
        None,
        "",
        funding.annual_budget,
        sum(allocated.values(), ZERO) if stated else None,
        sum(paid.values(), ZERO),
        sum(forecasts, ZERO) if forecasts else None,
        time,
        project.budget_year,
        checkpoint,
        rules,
    )
    return BudgetAnalysis(
        as_of=as_of,
        time=time,
        total=total,
        sources=sources,
        allocations=tuple(AllocationTiming(a, day_of_year(a.date, project.budget_year)) for a in known_allocations),
        payments=known_payments,
        allocations_stated=stated,
        # A source overspent is red in the budget light too, even where the total keeps to its pace.
        light=Light.RED if any(line.overspent for line in sources) else total.light,
        flags=tuple(_flags(total, sources, time, rules) + _consistency_flags(project, as_of)),
    )


OVERSPEND_CODES = frozenset({"budget.paid_exceeds_budget", "budget.paid_exceeds_allocated"})
"""The flags of money paid beyond the budget or what was allocated."""


def new_overspends(before: Project | None, after: Project) -> tuple[Flag, ...]:
    """The overspends an edit made or changed, counting every record of the budget year whatever the as-of date.

    Overspending happens and is recorded, but never without a word: the form and the CLI warn of these.
    """
    known = set(_year_overspends(before)) if before is not None else set()
    return tuple(item for item in _year_overspends(after) if item not in known)


def _year_overspends(project: Project) -> tuple[Flag, ...]:
    year_end = Date(project.budget_year, 12, 31)
    return tuple(item for item in analyse_budget(project, year_end).flags if item.code in OVERSPEND_CODES)


def figures_text(line: BudgetLine, time: TimeProgress, lang: str) -> str:
    """The plain figures behind a light: "paid 0.00 of 589.20 万元 · 271 of 365 days"."""
    key = "budget.figures_months" if time.basis is TimeBasis.MONTHS else "budget.figures"
    return t(key, lang, paid=cents(line.paid), budget=cents(line.annual_budget), elapsed=time.elapsed, total=time.total)


def time_text(time: TimeProgress, lang: str) -> str:
    """Time progress with its basis, as every view shows it: "75.00% (months 9/12)", "74.25%（按日 271/365）"."""
    basis = t(f"time.basis.{time.basis}", lang)
    return t("time.progress", lang, percent=cents(time.percent), basis=basis, elapsed=time.elapsed, total=time.total)


def overspend_text(line: BudgetLine, lang: str) -> str:
    """The plain figures of an overspend, "overspent: paid 100081.00 of 82.00 万元 budgeted"; "" when there is none."""
    if line.paid > line.annual_budget:
        return t("budget.overspent_budget", lang, paid=cents(line.paid), budget=cents(line.annual_budget))
    if line.allocated is not None and line.paid > line.allocated:
        return t("budget.overspent_allocated", lang, paid=cents(line.paid), allocated=cents(line.allocated))
    return ""


def _latest_checkpoint(rules: Rules, year: int, as_of: Date) -> Checkpoint | None:
    passed = [c for c in rules.checkpoints if month_end(year, c.month) <= as_of]
    return max(passed, key=lambda c: c.month, default=None)


def _line(
    source: SourceKind | None,
    name: str,
    annual_budget: Decimal,
    allocated: Decimal | None,
    paid: Decimal,
    forecast: Decimal | None,
    time: TimeProgress,
    year: int,
    checkpoint: Checkpoint | None,
    rules: Rules,
) -> BudgetLine:
    paid_pct_of_budget = percent(paid, annual_budget)
    trail = time.percent - paid_pct_of_budget if paid_pct_of_budget is not None else None
    remaining = max(annual_budget - paid, ZERO)
    check = None
    if checkpoint is not None:
        met = None if paid_pct_of_budget is None else paid_pct_of_budget >= checkpoint.min_paid_pct
        check = CheckpointCheck(date=month_end(year, checkpoint.month), required_pct=checkpoint.min_paid_pct, met=met)
    # Overspending can be real and is recordable, but it is never reassuring: it outranks every other light.
    overspent = _overspent(paid, annual_budget, allocated)
    return BudgetLine(
        source=source,
        name=name,
        annual_budget=annual_budget,
        allocated=allocated,
        paid=paid,
        forecast=forecast,
        allocated_pct_of_budget=None if allocated is None else percent(allocated, annual_budget),
        paid_pct_of_allocated=None if allocated is None else percent(paid, allocated),
        paid_pct_of_budget=paid_pct_of_budget,
        trail_points=trail,
        remaining_to_pay=remaining,
        needed_per_month=cents(remaining / time.months_left) if time.months_left else None,
        checkpoint=check,
        light=Light.RED if overspent else _pace_light(trail, check, rules),
    )


def _overspent(paid: Decimal, annual_budget: Decimal, allocated: Decimal | None) -> bool:
    return paid > annual_budget or (allocated is not None and paid > allocated)


def _pace_light(trail_points: Decimal | None, checkpoint: CheckpointCheck | None, rules: Rules) -> Light:
    """The light of spending against time: the gap to time progress and the latest checkpoint."""
    lights = [rules.trail_light(trail_points)]
    if checkpoint is not None and checkpoint.met is False:
        lights.append(rules.checkpoint_light)
    return worst(lights)


def _flags(total: BudgetLine, sources: tuple[BudgetLine, ...], time: TimeProgress, rules: Rules) -> list[Flag]:
    flags = _line_flags(total, TOTAL, time, rules)
    if total.light is Light.UNKNOWN:
        flags.append(flag(Light.UNKNOWN, "budget.unknown", TOTAL, budget=cents(total.annual_budget)))
    if total.allocated is None:
        flags.append(flag(Light.UNKNOWN, "budget.allocations_not_stated", TOTAL))
    total_pace = _pace_light(total.trail_points, total.checkpoint, rules)
    for line in sources:
        subject = str(line.source)
        # A source is worth its own line only when its pace is worse than the total's, which already has one.
        if _pace_light(line.trail_points, line.checkpoint, rules).rank > total_pace.rank:
            flags.extend(_line_flags(line, subject, time, rules))
        if line.paid > line.annual_budget:
            flags.append(_exceeds_budget(line, subject))
        if line.allocated is not None and line.paid > line.allocated:
            flags.append(
                flag(
                    Light.RED,
                    "budget.paid_exceeds_allocated",
                    subject,
                    name=line.name,
                    paid=cents(line.paid),
                    allocated=cents(line.allocated),
                )
            )
        if line.allocated is not None and line.allocated > line.annual_budget:
            flags.append(_allocated_exceeds(line, subject))
    # The total's own flags only when no source already says it (sources need not cover the budget).
    if total.paid > total.annual_budget and not any(item.code == "budget.paid_exceeds_budget" for item in flags):
        flags.insert(0, _exceeds_budget(total, TOTAL))
    said = any(item.code == "budget.allocated_exceeds_budget" for item in flags)
    if total.allocated is not None and total.allocated > total.annual_budget and not said:
        flags.append(_allocated_exceeds(total, TOTAL))
    return flags


def _allocated_exceeds(line: BudgetLine, subject: str) -> Flag:
    return flag(
        Light.YELLOW,
        "budget.allocated_exceeds_budget",
        subject,
        name=line.name,
        allocated=cents(line.allocated or ZERO),
        budget=cents(line.annual_budget),
    )


def _consistency_flags(project: Project, as_of: Date) -> list[Flag]:
    """Figures of the report that disagree with each other: each can be a typo, and none changes a light."""
    funding = project.funding
    flags: list[Flag] = []
    budgeted = sum((source.annual_budget for source in funding.sources), ZERO)
    if funding.sources and budgeted != funding.annual_budget:
        flags.append(
            flag(
                Light.YELLOW,
                "budget.sources_differ_from_budget",
                TOTAL,
                sources=cents(budgeted),
                budget=cents(funding.annual_budget),
            )
        )
    if funding.total_budget is not None and funding.annual_budget > funding.total_budget:
        flags.append(
            flag(
                Light.YELLOW,
                "budget.annual_exceeds_total",
                TOTAL,
                budget=cents(funding.annual_budget),
                total=cents(funding.total_budget),
            )
        )
    flags.extend(
        flag(
            Light.YELLOW,
            "budget.forecast_exceeds_budget",
            str(source.kind),
            name=source.name,
            forecast=cents(source.forecast),
            budget=cents(source.annual_budget),
        )
        for source in funding.sources
        if source.forecast is not None and source.forecast > source.annual_budget
    )
    if funding.sources:
        flags.extend(_unbudgeted(project, as_of))
    return flags


def _unbudgeted(project: Project, as_of: Date) -> list[Flag]:
    """Money allocated or paid, up to as_of, from a kind of source the budget does not list."""
    budgeted = {source.kind for source in project.funding.sources}
    allocated: dict[SourceKind, Decimal] = {}
    paid: dict[SourceKind, Decimal] = {}
    for records, sums in ((project.funding.allocations or (), allocated), (project.funding.payments, paid)):
        for record in records:
            if record.source not in budgeted and counts(record.date, as_of):
                sums[record.source] = sums.get(record.source, ZERO) + record.amount
    return [
        flag(
            Light.YELLOW,
            "budget.unbudgeted_source",
            str(kind),
            kind=kind,
            allocated=cents(allocated.get(kind, ZERO)),
            paid=cents(paid.get(kind, ZERO)),
        )
        for kind in sorted(allocated.keys() | paid.keys())
    ]


def _exceeds_budget(line: BudgetLine, subject: str) -> Flag:
    return flag(
        Light.RED,
        "budget.paid_exceeds_budget",
        subject,
        name=line.name,
        paid=cents(line.paid),
        budget=cents(line.annual_budget),
    )


def _line_flags(line: BudgetLine, subject: str, time: TimeProgress, rules: Rules) -> list[Flag]:
    flags: list[Flag] = []
    trail_light = rules.trail_light(line.trail_points)
    if trail_light.rank >= Light.YELLOW.rank:
        flags.append(
            flag(
                trail_light,
                "budget.behind_time",
                subject,
                name=line.name,
                paid_pct=line.paid_pct_of_budget,
                time_pct=time.percent,
                trail_points=line.trail_points,
                paid=cents(line.paid),
                budget=cents(line.annual_budget),
                elapsed=time.elapsed,
                total=time.total,
                basis=str(time.basis),
            )
        )
    checkpoint = line.checkpoint
    if checkpoint is not None and checkpoint.met is False and rules.checkpoint_light is not Light.GREEN:
        flags.append(
            flag(
                rules.checkpoint_light,
                "budget.checkpoint_missed",
                subject,
                name=line.name,
                checkpoint=checkpoint.date,
                required_pct=checkpoint.required_pct,
                paid_pct=line.paid_pct_of_budget,
            )
        )
    return flags
