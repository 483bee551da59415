"""How much was allocated or paid up to a date, from dated records and the cumulative figures reports state."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from msgspec import Struct
from pendulum import Date

from drift.later import counts
from drift.numbers import ZERO
from store.model import WHOLE_PROJECT, Allocation, Payment, Project, ReportedFigure


class Figure(StrEnum):
    """Which cumulative figure: money allocated (下达) or money paid (支出)."""

    ALLOCATED = "allocated"
    PAID = "paid"


class Known(Struct, frozen=True):
    """A cumulative figure as of a date: its amount, or None when it is not known, and why."""

    amount: Decimal | None
    reported: ReportedFigure | None = None
    """The reported figure it starts from; dated records after that figure's date are added to it."""
    not_split: bool = False
    """For a source: unknown because money of the whole project counts by then, which drift never splits."""
    at_least: Decimal | None = None
    """When the amount is not known: what the scope's own records and figures prove moved, at the least."""


def cumulative(project: Project, figure: Figure, as_of: Date, source: str | None = None) -> Known:
    """The money allocated or paid up to and including as_of, for one source id or (source None) the whole project.

    The rules, once (docs/analysis.md, "Reported cumulative figures"):
    - A reported figure stands for all the money of its scope up to its own date; dated records after that date add
      to it, those on or before it are taken to be in it. Records up to its date that add up to more prove more
      moved: then their sum stands instead (and budget.reported_below_records says so). Of two figures of one day,
      the one recorded last stands.
    - Without a reported figure at or before as_of, the dated records up to as_of are the figure, unless the project
      reports this figure and none of the scope's records counts yet: then it is not known, never 0. Unless the next
      reported figure leaves no room: when it equals the scope's dated records up to its date (a report of 0 paid,
      say), nothing went unrecorded before it, since cumulative money never falls.
    - Allocations a report does not state (no dated allocations kept) are known only on the day a reported figure
      gives them: on any later day more may have arrived unrecorded.
    - The whole project's figure is the latest whole-project reported figure plus every dated record after it, or
      the sum of the sources and of the money given for no source where that is known and larger (money proved to
      have moved never shrinks); without a whole-project figure, that sum, not known (at least what the known parts
      prove) if any part is not. Money given for no source dated on or before every source's own latest figure is
      already in those figures.
    - A source's figure is not known ("not split") while money given for no source counts, or a whole-project
      figure the dated records do not add up to, later than anything the source reports itself: drift never
      splits money by invention. What the source's own records prove stays known as at_least.
    """
    return Books(project).cumulative(figure, as_of, source)


class Books:
    """A project's two figures, each book made once and each scope's figure counted once: a budget's lines, its total
    and its year end ask for the same sources' figures over and over."""

    __slots__ = ("_books", "project")

    def __init__(self, project: Project) -> None:
        self.project = project
        self._books: dict[Figure, _Book | None] = {}

    def cumulative(self, figure: Figure, as_of: Date, source: str | None = None) -> Known:
        """As cumulative() says."""
        if figure not in self._books:
            self._books[figure] = _book(self.project, figure)
        book = self._books[figure]
        if book is None:
            return Known(None)
        if source is not None:
            return book.source(source, as_of)
        parts = book.by_sources(self.project, as_of)
        if not book.whole_reports:
            return parts
        whole = book.scope(None, as_of)
        proven = parts.amount if parts.amount is not None else parts.at_least
        if not self.project.funding.sources or not proven:
            return whole
        if whole.amount is None:
            return parts
        if proven > whole.amount:  # money the sources prove moved never shrinks: the whole figure is out of date
            return parts if parts.amount is not None else Known(None, at_least=proven)
        return whole


def _book(project: Project, figure: Figure) -> _Book | None:
    """The figure's dated records and reported figures; None when the project keeps neither."""
    kept = project.funding.payments if figure is Figure.PAID else project.funding.allocations
    reports = [r for r in project.funding.reported if _states(r, figure)]
    if kept is None and not reports:
        return None
    return _Book(figure, kept or (), reports, kept=kept is not None)


class _Book:
    """One figure's dated records and reported figures, and the rules that read them."""

    __slots__ = ("_own", "_scopes", "figure", "kept", "records", "reports", "whole_reports")

    def __init__(
        self, figure: Figure, records: Sequence[Allocation | Payment], reports: list[ReportedFigure], *, kept: bool
    ) -> None:
        self.figure = figure
        self.records = records
        self.reports = reports
        self.kept = kept
        """Whether dated records are kept for this figure at all (allocations may be left unstated)."""
        self.whole_reports = [r for r in reports if r.source == WHOLE_PROJECT]
        self._own: dict[str, tuple[list[Allocation | Payment], list[ReportedFigure]]] = {}
        for record in records:
            self._own.setdefault(record.source, ([], []))[0].append(record)
        for report in reports:
            self._own.setdefault(report.source, ([], []))[1].append(report)
        self._scopes: dict[tuple[str | None, Date], Known] = {}

    def own(self, source: str) -> tuple[list[Allocation | Payment], list[ReportedFigure]]:
        return self._own.get(source, ([], []))

    def scope(self, source: str | None, as_of: Date) -> Known:
        """The figure of one scope, a source's (or the money given for no source, "") or the whole project's (None),
        from its own dated records and reported figures; counted once for each date."""
        key = (source, as_of)
        known = self._scopes.get(key)
        if known is None:
            records, reports = (self.records, self.whole_reports) if source is None else self.own(source)
            known = self._scopes[key] = self._scope(records, reports, as_of)
        return known

    def _scope(self, records: Sequence[Allocation | Payment], reports: Sequence[ReportedFigure], as_of: Date) -> Known:
        counted = _sum_to(records, as_of)
        latest = _latest(reports, as_of)
        if latest is not None:
            if not self.kept and latest.date != as_of:
                return Known(None, at_least=self.stated(latest))
            # Records up to its date above the figure prove at least that much moved: the larger counts (flagged).
            base = max(self.stated(latest), _sum_to(records, latest.date))
            return Known(base + counted - _sum_to(records, latest.date), reported=latest)
        if not self.reports or any(counts(r.date, as_of) for r in records):
            return Known(counted)
        upcoming = _upcoming(reports, as_of)
        if upcoming is not None and self.stated(upcoming) == _sum_to(records, upcoming.date):
            return Known(counted)
        return Known(None, at_least=counted)

    def upcoming_pins(self, as_of: Date) -> bool:
        """Whether the next whole-project figure equals every dated record up to its date: none went unrecorded."""
        upcoming = _upcoming(self.whole_reports, as_of)
        return upcoming is not None and self.stated(upcoming) == _sum_to(self.records, upcoming.date)

    def source(self, source: str, as_of: Date) -> Known:
        known = self.scope(source, as_of)
        if known.amount is None and known.reported is None and self.upcoming_pins(as_of):
            # A later whole-project figure leaves no money unrecorded, here either.
            known = Known(_sum_to(self.own(source)[0], as_of))
        whole = _latest(self.whole_reports, as_of)
        # A whole-project figure the dated records add up to leaves nothing unattributed: it splits itself.
        unexplained = whole is not None and self.stated(whole) != _sum_to(self.records, whole.date)
        newer_than_own = whole is not None and (known.reported is None or known.reported.date < whole.date)
        unattributed = any(r.source == WHOLE_PROJECT and counts(r.date, as_of) for r in self.records)
        if unattributed or (unexplained and newer_than_own):
            floor = known.amount if known.amount is not None else known.at_least
            return Known(None, not_split=True, at_least=floor)
        return known

    def by_sources(self, project: Project, as_of: Date) -> Known:
        """The sum of the sources and of the money given for no source; when a source is not known, not known, at
        least what the others and the known parts prove. Money given for no source dated on or before every
        source's own latest figure is some source's money, already in that source's figure: not added again."""
        parts = [self.scope(listed.id, as_of) for listed in project.funding.sources]
        covered = min((part.reported.date for part in parts if part.reported is not None), default=None)
        if covered is None or any(part.reported is None for part in parts):
            covered = None
        unattributed = [r for r in self.records if r.source == WHOLE_PROJECT and (covered is None or covered < r.date)]
        total = _sum_to(unattributed, as_of)
        proven = total + sum((part.at_least or ZERO for part in parts if part.amount is None), ZERO)
        if any(part.amount is None for part in parts):
            return Known(None, at_least=proven + sum((p.amount for p in parts if p.amount is not None), ZERO))
        return Known(total + sum((p.amount or ZERO for p in parts), ZERO))

    def stated(self, report: ReportedFigure) -> Decimal:
        """The figure a report states; only asked of reports that state it."""
        return stated(report, self.figure) or ZERO


def stated(report: ReportedFigure, figure: Figure) -> Decimal | None:
    """What a report states of the figure, or None when it does not say."""
    return report.paid if figure is Figure.PAID else report.allocated


def _states(report: ReportedFigure, figure: Figure) -> bool:
    return stated(report, figure) is not None


def _sum_to(records: Sequence[Allocation | Payment], day: Date) -> Decimal:
    """The dated records up to and including day, added up."""
    return sum((r.amount for r in records if counts(r.date, day)), ZERO)


def _latest(reports: Sequence[ReportedFigure], as_of: Date) -> ReportedFigure | None:
    """The latest figure at or before as_of; of two of one day, the one recorded last."""
    latest = None
    for report in reports:
        if counts(report.date, as_of) and (latest is None or report.date >= latest.date):
            latest = report
    return latest


def _upcoming(reports: Sequence[ReportedFigure], as_of: Date) -> ReportedFigure | None:
    """The first figure after as_of."""
    later = [r for r in reports if not counts(r.date, as_of)]
    return min(later, key=lambda r: r.date, default=None)
