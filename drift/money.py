"""How much was allocated or paid up to a date, from dated records and the cumulative figures reports state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pendulum import Date

from drift.later import counts
from drift.numbers import ZERO
from store.model import WHOLE_PROJECT, Allocation, Payment, Project, ReportedFigure


class Figure(StrEnum):
    """Which cumulative figure: money allocated (下达) or money paid (支出)."""

    ALLOCATED = "allocated"
    PAID = "paid"


@dataclass(frozen=True, slots=True)
class Known:
    """A cumulative figure as of a date: its amount, or None when it is not known, and why."""

    amount: Decimal | None
    reported: ReportedFigure | None = None
    """The reported figure it starts from; dated records after that figure's date are added to it."""
    not_split: bool = False
    """For a source: unknown because money of the whole project counts by then, which drift never splits."""


def cumulative(project: Project, figure: Figure, as_of: Date, source: str | None = None) -> Known:
    """The money allocated or paid up to and including as_of, for one source id or (source None) the whole project.

    The rules, once (docs/analysis.md, "Reported figures"):
    - A reported figure stands for all the money of its scope up to its own date; dated records after that date add
      to it, those on or before it are taken to be in it.
    - Without a reported figure at or before as_of, the dated records up to as_of are the figure, unless the project
      reports this figure (a reported figure of any scope) and none of its records counts yet: then not known.
    - A source's figure is not known once money of the whole project counts (a whole-project reported figure or a
      payment or allocation given for no source): drift never splits it by invention.
    - The whole project's figure is the latest whole-project reported figure plus every dated record after it;
      without one, the sum of its sources and of the money given for no source, not known if any part is not.
    - Allocations a report does not state are not known, unless reported figures give them.
    """
    records = _records(project, figure)
    reports = [r for r in project.funding.reported if _states(r, figure)]
    if records is None and not reports:
        return Known(None)
    records = records or ()
    reporting = bool(reports)
    if source is not None:
        whole_counts = any(r.source == WHOLE_PROJECT and counts(r.date, as_of) for r in reports) or any(
            r.source == WHOLE_PROJECT and counts(r.date, as_of) for r in records
        )
        if whole_counts:
            return Known(None, not_split=True)
        return _scope(records, reports, figure, source, as_of, reporting)
    whole = _latest([r for r in reports if r.source == WHOLE_PROJECT], as_of)
    if whole is not None:
        after = sum((r.amount for r in records if whole.date < r.date and counts(r.date, as_of)), ZERO)
        return Known(_stated(whole, figure) + after, reported=whole)
    if reporting and not any(counts(r.date, as_of) for r in (*reports, *records)):
        return Known(None)
    total = sum((r.amount for r in records if r.source == WHOLE_PROJECT and counts(r.date, as_of)), ZERO)
    for listed in project.funding.sources:
        part = _scope(records, reports, figure, listed.id, as_of, reporting)
        if part.amount is None:
            return Known(None)
        total += part.amount
    return Known(total)


def _scope(
    records: Sequence[Allocation | Payment],
    reports: Sequence[ReportedFigure],
    figure: Figure,
    source: str,
    as_of: Date,
    reporting: bool,
) -> Known:
    own = [r for r in records if r.source == source and counts(r.date, as_of)]
    latest = _latest([r for r in reports if r.source == source], as_of)
    if latest is not None:
        after = sum((r.amount for r in own if latest.date < r.date), ZERO)
        return Known(_stated(latest, figure) + after, reported=latest)
    if own or not reporting:
        return Known(sum((r.amount for r in own), ZERO))
    return Known(None)


def _records(project: Project, figure: Figure) -> Sequence[Allocation | Payment] | None:
    if figure is Figure.PAID:
        return project.funding.payments
    return project.funding.allocations


def _states(report: ReportedFigure, figure: Figure) -> bool:
    return (report.paid if figure is Figure.PAID else report.allocated) is not None


def _stated(report: ReportedFigure, figure: Figure) -> Decimal:
    """The figure a report states; only asked of reports that state it (_states)."""
    amount = report.paid if figure is Figure.PAID else report.allocated
    return amount if amount is not None else ZERO


def _latest(reports: Sequence[ReportedFigure], as_of: Date) -> ReportedFigure | None:
    known = [r for r in reports if counts(r.date, as_of)]
    return max(known, key=lambda r: (r.date, r.id), default=None)
