"""Budget execution as of a date: allocated and paid per funding source against time progress (序时进度)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from msgspec import Struct
from pendulum import Date

from drift.dates import day_of_year, days_in_year, month_end, shown_date
from drift.flags import TOTAL, Flag, flag
from drift.i18n import t
from drift.later import counts, known_records
from drift.money import Books, Figure, Known, stated
from drift.numbers import ZERO, cents, percent
from drift.rules import DEFAULT_RULES, Light, Rules, worst
from store.model import (
    WHOLE_PROJECT,
    Allocation,
    Checkpoint,
    Payment,
    Project,
    ReportedFigure,
    Source,
    SourceKind,
    TimeBasis,
)

_MONTHS_IN_YEAR = 12


class TimeProgress(Struct, frozen=True):
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


class CheckpointCheck(Struct, frozen=True):
    """The latest spending checkpoint passed and whether cumulative spending reached it."""

    date: Date
    """The last day of the checkpoint's month in the budget year."""
    required_pct: Decimal
    met: bool | None
    """None when there is no annual budget to measure against."""


class Basis(StrEnum):
    """What the execution rate divides paid by."""

    BUDGET = "budget"
    """The annual budget (预算执行率), the rate a finance bureau holds against time progress."""
    ALLOCATED = "allocated"
    """What was allocated, when the report states no annual budget: said beside every such rate."""


class BudgetLine(Struct, frozen=True):
    """The figures of one funding source, or of the project total (source None)."""

    source: str | None
    """The source's id; None for the total."""
    kind: SourceKind | None
    name: str
    """The source's name as the report gives it; "" for the total."""
    annual_budget: Decimal | None
    """None when the report states none (for a source: does not split the budget by source)."""
    allocated: Decimal | None
    """Allocated (下达) up to and including the as-of date; None when not known (drift/money.py says when)."""
    paid: Decimal | None
    """Paid (支出) up to and including the as-of date; None when not known."""
    forecast: Decimal | None
    """The monitor's forecast of the year's spending (预计支出数)."""
    allocated_pct_of_budget: Decimal | None
    """allocated ÷ annual budget, percent (下达率); None when either is unknown or the budget is zero."""
    paid_pct_of_allocated: Decimal | None
    """paid ÷ allocated, percent: how much of what arrived has been spent."""
    paid_pct_of_budget: Decimal | None
    """paid ÷ annual budget, percent (预算执行率)."""
    basis: Basis
    """What the execution rate is measured against: the annual budget, else what was allocated."""
    execution_pct: Decimal | None
    """paid ÷ the basis, percent: the rate held against time progress."""
    trail_points: Decimal | None
    """time progress − execution_pct, percentage points; positive when spending is behind time."""
    remaining_to_pay: Decimal | None
    """The basis − paid, never below zero; None when either is not known."""
    needed_per_month: Decimal | None
    """remaining_to_pay ÷ months left in the year; None once the year is over."""
    checkpoint: CheckpointCheck | None
    """The latest spending checkpoint passed, if any."""
    light: Light
    """Red when paid exceeds the budget or what was allocated; else from the gap to time progress, unknown when
    a figure it needs is not known."""
    paid_from: ReportedFigure | None = None
    """The reported cumulative figure paid starts from, if any."""
    not_split: tuple[Figure, ...] = ()
    """The source's figures not known because money of the whole project counts, which drift never splits."""
    paid_at_least: Decimal | None = None
    """When paid is not known: what the records prove was paid at the least (a source's own, beside money of the
    whole project); an overspend it proves is certain whatever the rest."""

    @property
    def paid_floor(self) -> Decimal | None:
        """Paid, or when it is not known what is proved paid at the least."""
        return self.paid if self.paid is not None else self.paid_at_least

    @property
    def overspent(self) -> bool:
        """Paid (or proved paid) more than the annual budget, or more than was allocated when that is known."""
        return _overspent(self.paid_floor, self.annual_budget, self.allocated)


class AllocationTiming(Struct, frozen=True):
    """When an allocation arrived, as a day of the budget year."""

    allocation: Allocation
    day_of_year: int
    """1 January is day 1: the 2023-05-15 allocation came on day 135 of 365."""


class BudgetAnalysis(Struct, frozen=True):
    """Execution of the project's budget as of a date."""

    as_of: Date
    time: TimeProgress
    total: BudgetLine
    sources: tuple[BudgetLine, ...]
    allocations: tuple[AllocationTiming, ...]
    """The allocations known as of the date, in date order."""
    payments: tuple[Payment, ...]
    """The payments known as of the date, in date order."""
    reported: tuple[ReportedFigure, ...]
    """The cumulative figures reported as of dates up to the as-of date, in date order."""
    allocations_stated: bool
    """False when the report does not state its allocations: allocated figures are then unknown, not zero."""
    whole_project: BudgetLine | None
    """Money given for the project as a whole (no source), when a record of it counts as of the date."""
    total_budget: Decimal | None
    """The whole project's budget or investment estimate, across its years."""
    initial_budget: Decimal | None
    """年初预算数: the budget at the start of the year, which the official forms show beside the annual budget."""
    annual_from_sources: bool
    """The report gives no annual budget of the whole project: the total's is the sum of its sources'."""
    paid_pct_of_total: Decimal | None
    """paid ÷ total_budget, percent."""
    year_end: YearEnd | None
    """The figures at the end of the budget year, once the as-of date is after it."""
    light: Light
    """The total's light; red when any source is overspent."""
    flags: tuple[Flag, ...]


class YearEnd(Struct, frozen=True):
    """Where the money stood at the end of the budget year, and what has moved since (结转)."""

    date: Date
    allocated: Decimal | None
    paid: Decimal | None
    carried_over: Decimal | None
    """allocated − paid at the year end: money of the year still to pay (结转); None when either is not known."""
    stated_carried_over: Decimal | None
    """The carry-over the report states, if it does."""
    paid_since: Decimal | None
    """Paid after the year end up to the as-of date: carried-over money being spent."""


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
    # Before the year, 0.00 as every percentage is written (0.00% / 0.00%), not a bare 0: total is never 0.
    shown = percent(elapsed, total) or cents(ZERO)
    return TimeProgress(basis=basis, elapsed=elapsed, total=total, percent=shown, months_left=months_left)


def analyse_budget(project: Project, as_of: Date, rules: Rules = DEFAULT_RULES) -> BudgetAnalysis:
    """Allocated, paid, both execution rates, the gap to time progress and the lights, per source and in total."""
    funding = project.funding
    time = time_progress(as_of, project.budget_year, rules.time_basis)
    checkpoint = _latest_checkpoint(rules, project.budget_year, as_of)
    books = Books(project)

    def line(source: Source | None, annual_budget: Decimal | None, forecast: Decimal | None) -> BudgetLine:
        scope = None if source is None else source.id
        allocated = books.cumulative(Figure.ALLOCATED, as_of, scope)
        paid = books.cumulative(Figure.PAID, as_of, scope)
        return _line(
            source,
            annual_budget,
            allocated,
            paid,
            forecast,
            time,
            project.budget_year,
            checkpoint,
            rules,
        )

    sources = tuple(line(source, source.annual_budget, source.forecast) for source in funding.sources)
    forecasts = [s.forecast for s in funding.sources if s.forecast is not None]
    total = line(None, annual_budget(project), sum(forecasts, ZERO) if forecasts else None)
    known_allocations = known_records(funding.allocations or (), as_of)
    stated = funding.allocations is not None or any(r.allocated is not None for r in funding.reported)
    year_end = _year_end(project, books, as_of, total.paid)
    overspent_total = _exceeds(total.paid_floor, funding.total_budget)
    return BudgetAnalysis(
        as_of=as_of,
        time=time,
        total=total,
        sources=sources,
        allocations=tuple(AllocationTiming(a, day_of_year(a.date, project.budget_year)) for a in known_allocations),
        payments=known_records(funding.payments, as_of),
        reported=known_records(funding.reported, as_of),
        allocations_stated=stated,
        whole_project=_whole_project_line(project, as_of),
        total_budget=funding.total_budget,
        initial_budget=funding.initial_budget,
        annual_from_sources=funding.annual_budget is None and total.annual_budget is not None,
        paid_pct_of_total=None
        if total.paid is None or not funding.total_budget
        else percent(total.paid, funding.total_budget),
        year_end=year_end,
        # A source overspent is red in the budget light too, even where the total keeps to its pace.
        light=Light.RED if overspent_total or any(line.overspent for line in sources) else total.light,
        flags=tuple(
            _flags(total, sources, time, rules, allocations_stated=stated)
            + _total_budget_flags(total, funding.total_budget)
            + _consistency_flags(project, as_of)
            + _carry_over_flags(year_end)
        ),
    )


def annual_budget(project: Project) -> Decimal | None:
    """The project's annual budget: as stated, else the sum of its sources' when every source states one (a report
    that gives the budget only by source); None when neither is stated."""
    funding = project.funding
    if funding.annual_budget is not None:
        return funding.annual_budget
    budgets = [source.annual_budget for source in funding.sources]
    if not budgets or None in budgets:
        return None
    return sum((amount for amount in budgets if amount is not None), ZERO)


def _total_budget_flags(total: BudgetLine, total_budget: Decimal | None) -> list[Flag]:
    """Paid beyond the whole project's budget across its years: an overspend, red."""
    if not _exceeds(total.paid_floor, total_budget):
        return []
    return [
        flag(
            Light.RED,
            "budget.paid_exceeds_total",
            TOTAL,
            paid=cents(total.paid_floor or ZERO),
            total=cents(total_budget or ZERO),
        )
    ]


def _whole_project_line(project: Project, as_of: Date) -> BudgetLine | None:
    """The money of the whole project given for no source, as a line of its own beside the sources; none for a
    project without sources, whose total row is that money already."""
    records: list[Allocation | Payment] = [*project.funding.payments, *(project.funding.allocations or ())]
    if not project.funding.sources or not any(r.source == WHOLE_PROJECT and counts(r.date, as_of) for r in records):
        return None
    paid = sum(
        (p.amount for p in project.funding.payments if p.source == WHOLE_PROJECT and counts(p.date, as_of)), ZERO
    )
    allocations = project.funding.allocations
    allocated = (
        None
        if allocations is None
        else sum((a.amount for a in allocations if a.source == WHOLE_PROJECT and counts(a.date, as_of)), ZERO)
    )
    return BudgetLine(
        source=WHOLE_PROJECT,
        kind=None,
        name="",
        annual_budget=None,
        allocated=allocated,
        paid=paid,
        forecast=None,
        allocated_pct_of_budget=None,
        paid_pct_of_allocated=None if allocated is None else percent(paid, allocated),
        paid_pct_of_budget=None,
        basis=Basis.ALLOCATED,
        execution_pct=None,
        trail_points=None,
        remaining_to_pay=None,
        needed_per_month=None,
        checkpoint=None,
        light=Light.UNKNOWN,
    )


def _year_end(project: Project, books: Books, as_of: Date, paid_now: Decimal | None) -> YearEnd | None:
    year_end = Date(project.budget_year, 12, 31)
    if as_of <= year_end:
        return None
    allocated = books.cumulative(Figure.ALLOCATED, year_end).amount
    paid = books.cumulative(Figure.PAID, year_end).amount
    return YearEnd(
        date=year_end,
        allocated=allocated,
        paid=paid,
        carried_over=None if allocated is None or paid is None else max(allocated - paid, ZERO),
        stated_carried_over=project.funding.carried_over,
        paid_since=None if paid is None or paid_now is None else paid_now - paid,
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
    """The plain figures behind a light: "paid 0.00 of 589.20 万元 · 271 of 365 days"; a figure not known is said
    so, and a rate measured against what was allocated says it."""
    key = "budget.figures_months" if time.basis is TimeBasis.MONTHS else "budget.figures"
    measure = line.annual_budget if line.basis is Basis.BUDGET else line.allocated
    text = t(
        key,
        lang,
        paid=amount_text(line.paid, lang),
        budget=amount_text(measure, lang),
        elapsed=time.elapsed,
        total=time.total,
    )
    return text if line.basis is Basis.BUDGET else f"{text} {t('budget.basis.allocated', lang)}"


def amount_text(amount: Decimal | None, lang: str) -> str:
    """An amount in 万元 with two decimals, or "not known" (never 0.00) when it is not known."""
    return t("budget.not_known", lang) if amount is None else str(cents(amount))


def budget_remarks(budget: BudgetAnalysis, lang: str) -> list[str]:
    """The figures beside the budget table, in words: the whole project's budget and the share of it paid, what is
    still to pay each month, and where the money stood at the end of the budget year."""
    remarks = []
    if budget.initial_budget is not None:
        annual = budget.total.annual_budget
        key = "budget.initial" if annual is not None else "budget.initial_only"
        remarks.append(
            t(key, lang, amount=cents(budget.initial_budget), annual=None if annual is None else cents(annual))
        )
    if budget.total_budget is not None:
        share = budget.paid_pct_of_total
        key = "md.total_budget" if share is None else "md.total_budget_paid"
        remarks.append(t(key, lang, amount=cents(budget.total_budget), paid=share))
    remaining = budget.total.remaining_to_pay
    if budget.total.needed_per_month is not None and remaining is not None and remaining > ZERO:
        remarks.append(t("md.remaining", lang, amount=cents(remaining), per_month=cents(budget.total.needed_per_month)))
    year_end = budget.year_end
    if year_end is not None:
        remarks.append(
            t(
                "budget.year_end",
                lang,
                date=shown_date(year_end.date),
                allocated=amount_text(year_end.allocated, lang),
                paid=amount_text(year_end.paid, lang),
                carried=amount_text(year_end.carried_over, lang),
                since=amount_text(year_end.paid_since, lang),
            )
        )
    if budget.total.basis is Basis.ALLOCATED:
        remarks.append(t("budget.no_annual_budget", lang))
    if budget.annual_from_sources and budget.total.annual_budget is not None:
        remarks.append(t("budget.annual_from_sources", lang, amount=cents(budget.total.annual_budget)))
    stated = year_end.stated_carried_over if year_end is not None else None
    if stated is not None:
        remarks.append(t("budget.stated_carry_over", lang, amount=cents(stated)))
    return remarks


def source_names(project: Project, lang: str) -> dict[str, str]:
    """Each source id's name as the report gives it (its kind's name when it gives none), with its id where two
    sources share a name, and the whole project's."""
    names = {
        source.id: source.name if source.name.strip() else t(f"md.kind.{source.kind}", lang)
        for source in project.funding.sources
    }
    shared = {name for name in names.values() if list(names.values()).count(name) > 1}
    names = {source: f"{name} ({source})" if name in shared else name for source, name in names.items()}
    return names | {WHOLE_PROJECT: t("money.whole_project", lang)}


def time_text(time: TimeProgress, lang: str) -> str:
    """Time progress with its basis, as every view shows it: "75.00% (months 9/12)", "74.25%（按日 271/365）"."""
    basis = t(f"time.basis.{time.basis}", lang)
    return t("time.progress", lang, percent=cents(time.percent), basis=basis, elapsed=time.elapsed, total=time.total)


def overspend_text(line: BudgetLine, lang: str) -> str:
    """The plain figures of an overspend, "overspent: paid 100081.00 of 82.00 万元 budgeted"; "" when there is none."""
    paid = line.paid_floor
    if paid is None:
        return ""
    if line.annual_budget is not None and paid > line.annual_budget:
        return t("budget.overspent_budget", lang, paid=cents(paid), budget=cents(line.annual_budget))
    if line.allocated is not None and paid > line.allocated:
        return t("budget.overspent_allocated", lang, paid=cents(paid), allocated=cents(line.allocated))
    return ""


def _latest_checkpoint(rules: Rules, year: int, as_of: Date) -> Checkpoint | None:
    passed = [c for c in rules.checkpoints if month_end(year, c.month) <= as_of]
    return max(passed, key=lambda c: c.month, default=None)


def _line(
    source: Source | None,
    annual_budget: Decimal | None,
    allocated_known: Known,
    paid_known: Known,
    forecast: Decimal | None,
    time: TimeProgress,
    year: int,
    checkpoint: Checkpoint | None,
    rules: Rules,
) -> BudgetLine:
    paid, allocated = paid_known.amount, allocated_known.amount
    basis = Basis.BUDGET if annual_budget is not None else Basis.ALLOCATED
    measure = annual_budget if annual_budget is not None else allocated
    execution = None if paid is None or measure is None else percent(paid, measure)
    trail = time.percent - execution if execution is not None else None
    remaining = None if paid is None or measure is None else max(measure - paid, ZERO)
    check = None
    if checkpoint is not None:
        met = None if execution is None else execution >= checkpoint.min_paid_pct
        check = CheckpointCheck(date=month_end(year, checkpoint.month), required_pct=checkpoint.min_paid_pct, met=met)
    # Overspending can be real and is recordable, but it is never reassuring: it outranks every other light.
    overspent = _overspent(paid if paid is not None else paid_known.at_least, annual_budget, allocated)
    return BudgetLine(
        source=None if source is None else source.id,
        kind=None if source is None else source.kind,
        name="" if source is None else source.name,
        annual_budget=annual_budget,
        allocated=allocated,
        paid=paid,
        forecast=forecast,
        allocated_pct_of_budget=None
        if allocated is None or annual_budget is None
        else percent(allocated, annual_budget),
        paid_pct_of_allocated=None if paid is None or allocated is None else percent(paid, allocated),
        paid_pct_of_budget=None if paid is None or annual_budget is None else percent(paid, annual_budget),
        basis=basis,
        execution_pct=execution,
        trail_points=trail,
        remaining_to_pay=remaining,
        needed_per_month=cents(remaining / time.months_left) if time.months_left and remaining is not None else None,
        checkpoint=check,
        light=Light.RED if overspent else _pace_light(trail, check, rules),
        paid_from=paid_known.reported,
        paid_at_least=paid_known.at_least if paid is None else None,
        not_split=tuple(
            figure
            for figure, known in ((Figure.ALLOCATED, allocated_known), (Figure.PAID, paid_known))
            if known.not_split
        ),
    )


def _overspent(paid: Decimal | None, annual_budget: Decimal | None, allocated: Decimal | None) -> bool:
    if paid is None:
        return False
    return (annual_budget is not None and paid > annual_budget) or (allocated is not None and paid > allocated)


def _pace_light(trail_points: Decimal | None, checkpoint: CheckpointCheck | None, rules: Rules) -> Light:
    """The light of spending against time: the gap to time progress and the latest checkpoint."""
    lights = [rules.trail_light(trail_points)]
    if checkpoint is not None and checkpoint.met is False:
        lights.append(rules.checkpoint_light)
    return worst(lights)


def _flags(
    total: BudgetLine, sources: tuple[BudgetLine, ...], time: TimeProgress, rules: Rules, *, allocations_stated: bool
) -> list[Flag]:
    flags = _line_flags(total, TOTAL, time, rules)
    if total.light is Light.UNKNOWN:
        flags.append(flag(Light.UNKNOWN, f"budget.unknown.{_unknown_reason(total)}", TOTAL))
    if not allocations_stated and total.basis is Basis.BUDGET:
        flags.append(flag(Light.UNKNOWN, "budget.allocations_not_stated", TOTAL))
    total_pace = _pace_light(total.trail_points, total.checkpoint, rules)
    for line in sources:
        subject = str(line.source)
        # A source is worth its own line only when its pace is worse than the total's, which already has one.
        if _pace_light(line.trail_points, line.checkpoint, rules).rank > total_pace.rank:
            flags.extend(_line_flags(line, subject, time, rules))
        if _exceeds(line.paid_floor, line.annual_budget):
            flags.append(_exceeds_budget(line, subject))
        if _exceeds(line.paid_floor, line.allocated):
            flags.append(
                flag(
                    Light.RED,
                    "budget.paid_exceeds_allocated",
                    subject,
                    name=line.name,
                    paid=cents(line.paid_floor or ZERO),
                    allocated=cents(line.allocated or ZERO),
                )
            )
        if _exceeds(line.allocated, line.annual_budget):
            flags.append(_allocated_exceeds(line, subject))
    # The total's own flags only when no source already says it (sources need not cover the budget).
    if _exceeds(total.paid_floor, total.annual_budget) and not any(
        item.code == "budget.paid_exceeds_budget" for item in flags
    ):
        flags.insert(0, _exceeds_budget(total, TOTAL))
    if _exceeds(total.paid_floor, total.allocated) and not any(
        item.code == "budget.paid_exceeds_allocated" for item in flags
    ):
        flags.insert(
            0,
            flag(
                Light.RED,
                "budget.paid_exceeds_allocated",
                TOTAL,
                name="",
                paid=cents(total.paid_floor or ZERO),
                allocated=cents(total.allocated or ZERO),
            ),
        )
    said = any(item.code == "budget.allocated_exceeds_budget" for item in flags)
    if _exceeds(total.allocated, total.annual_budget) and not said:
        flags.append(_allocated_exceeds(total, TOTAL))
    return flags


def _exceeds(amount: Decimal | None, limit: Decimal | None) -> bool:
    return amount is not None and limit is not None and amount > limit


def _unknown_reason(line: BudgetLine) -> str:
    """Why a line's execution cannot be measured, as the end of a message key."""
    if line.paid is None:
        return "paid"
    if line.basis is Basis.ALLOCATED:
        return "no_budget" if line.allocated is None else "nothing_allocated"
    return "zero_budget"


def _allocated_exceeds(line: BudgetLine, subject: str) -> Flag:
    return flag(
        Light.YELLOW,
        "budget.allocated_exceeds_budget",
        subject,
        name=line.name,
        allocated=cents(line.allocated or ZERO),
        budget=cents(line.annual_budget or ZERO),
    )


def _consistency_flags(project: Project, as_of: Date) -> list[Flag]:
    """Figures of the report that disagree with each other: each can be a typo, and none changes a light."""
    funding = project.funding
    flags: list[Flag] = []
    budgets = [source.annual_budget for source in funding.sources]
    budgeted = sum((amount for amount in budgets if amount is not None), ZERO)
    if (
        funding.sources
        and None not in budgets
        and funding.annual_budget is not None
        and budgeted != funding.annual_budget
    ):
        flags.append(
            flag(
                Light.YELLOW,
                "budget.sources_differ_from_budget",
                TOTAL,
                sources=cents(budgeted),
                budget=cents(funding.annual_budget),
            )
        )
    if _exceeds(funding.annual_budget, funding.total_budget):
        flags.append(
            flag(
                Light.YELLOW,
                "budget.annual_exceeds_total",
                TOTAL,
                budget=cents(funding.annual_budget or ZERO),
                total=cents(funding.total_budget or ZERO),
            )
        )
    flags.extend(
        flag(
            Light.YELLOW,
            "budget.forecast_exceeds_budget",
            source.id,
            name=source.name,
            forecast=cents(source.forecast or ZERO),
            budget=cents(source.annual_budget or ZERO),
        )
        for source in funding.sources
        if _exceeds(source.forecast, source.annual_budget)
    )
    flags.extend(_reported_flags(project, as_of))
    return flags


def _reported_flags(project: Project, as_of: Date) -> list[Flag]:
    """Reported cumulative figures that disagree with the records: less than the dated records up to their own date,
    or less than an earlier reported figure of the same source."""
    flags: list[Flag] = []
    funding = project.funding
    if not funding.reported:  # as in most projects: no ledger to build
        return flags
    names = {source.id: source.name for source in funding.sources}
    for figure, records in ((Figure.ALLOCATED, funding.allocations or ()), (Figure.PAID, funding.payments)):
        ledger = _Ledger(records)
        previous: dict[str, tuple[ReportedFigure, Decimal]] = {}
        # In date order, and of one day in the order recorded, as drift.money reads them.
        for report in sorted((r for r in funding.reported if counts(r.date, as_of)), key=lambda r: r.date):
            amount = stated(report, figure)
            if amount is None:
                continue
            recorded = ledger.to(report.source, report.date)
            said = {"name": names.get(report.source, ""), "figure": figure, "report": report.id, "date": report.date}
            subject = report.source or TOTAL
            if recorded > amount:
                flags.append(
                    flag(
                        Light.YELLOW,
                        "budget.reported_below_records",
                        subject,
                        **said,
                        reported=cents(amount),
                        recorded=cents(recorded),
                    )
                )
            earlier = previous.get(report.source)
            if earlier is not None and earlier[1] > amount:
                flags.append(
                    flag(
                        Light.YELLOW,
                        "budget.reported_decreases",
                        subject,
                        **said,
                        reported=cents(amount),
                        earlier=earlier[0].date,
                        earlier_amount=cents(earlier[1]),
                    )
                )
            previous[report.source] = (report, amount)
    return flags


def _carry_over_flags(year_end: YearEnd | None) -> list[Flag]:
    """A carry-over the report states that is not allocated − paid at the year end."""
    computed = None if year_end is None else year_end.carried_over
    said = None if year_end is None else year_end.stated_carried_over
    if computed is None or said is None or cents(computed) == cents(said):
        return []
    return [flag(Light.YELLOW, "budget.carry_over_differs", TOTAL, stated=cents(said), computed=cents(computed))]


class _Ledger:
    """Running sums of dated records, for the whole project and by source: each sum up to a date is one search, so
    thousands of reported figures against thousands of payments stay cheap."""

    def __init__(self, records: Sequence[Allocation | Payment]) -> None:
        self._sums: dict[str, tuple[list[Date], list[Decimal]]] = {}
        for record in sorted(records, key=lambda r: r.date):
            for scope in {WHOLE_PROJECT, record.source}:
                dates, sums = self._sums.setdefault(scope, ([], []))
                dates.append(record.date)
                sums.append((sums[-1] if sums else ZERO) + record.amount)

    def to(self, source: str, day: Date) -> Decimal:
        """The records of source ("" for all) dated on or before day, added up."""
        dates, sums = self._sums.get(source, ([], []))
        count = bisect_right(dates, day)
        return sums[count - 1] if count else ZERO


def _exceeds_budget(line: BudgetLine, subject: str) -> Flag:
    return flag(
        Light.RED,
        "budget.paid_exceeds_budget",
        subject,
        name=line.name,
        paid=cents(line.paid_floor or ZERO),
        budget=cents(line.annual_budget or ZERO),
    )


def _line_flags(line: BudgetLine, subject: str, time: TimeProgress, rules: Rules) -> list[Flag]:
    flags: list[Flag] = []
    trail_light = rules.trail_light(line.trail_points)
    if trail_light.rank >= Light.YELLOW.rank:
        measure = line.annual_budget if line.basis is Basis.BUDGET else line.allocated
        flags.append(
            flag(
                trail_light,
                "budget.behind_time" if line.basis is Basis.BUDGET else "budget.behind_time_of_allocated",
                subject,
                name=line.name,
                paid_pct=line.execution_pct,
                time_pct=time.percent,
                trail_points=line.trail_points,
                paid=cents(line.paid or ZERO),
                budget=cents(measure or ZERO),
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
                "budget.checkpoint_missed" if line.basis is Basis.BUDGET else "budget.checkpoint_missed_of_allocated",
                subject,
                name=line.name,
                checkpoint=checkpoint.date,
                required_pct=checkpoint.required_pct,
                paid_pct=line.execution_pct,
            )
        )
    return flags
