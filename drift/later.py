"""What is known as of a date: a record dated after it is kept but counts only from that date on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from msgspec import Struct
from pendulum import Date

from drift.dates import shown_date
from drift.i18n import t
from store.model import Project


def counts(day: Date, as_of: Date) -> bool:
    """Whether a record dated day counts as of as_of: the as-of day itself counts, the day after does not."""
    return day <= as_of


def known(day: Date | None, as_of: Date) -> Date | None:
    """A recorded date once it has happened; None when there is none or it is after as_of."""
    return day if day is not None and counts(day, as_of) else None


class Dated(Protocol):
    """A record with an id and the date it happened: a payment, an allocation, an event."""

    @property
    def id(self) -> str: ...

    @property
    def date(self) -> Date: ...


RecordT = TypeVar("RecordT", bound=Dated)


def known_records(records: Iterable[RecordT], as_of: Date) -> tuple[RecordT, ...]:
    """The records that count as of as_of, in date order (then by id): what every figure and every table of them
    as of that date is drawn from, so no view filters on its own."""
    return tuple(sorted((record for record in records if counts(record.date, as_of)), key=lambda r: (r.date, r.id)))


class Later(Struct, frozen=True):
    """How many records are dated after the as-of date, so not counted in any figure as of it."""

    payments: int = 0
    allocations: int = 0
    reported: int = 0
    """Cumulative figures a report states as of a later date."""
    phase_dates: int = 0
    """Actual starts and ends of phases."""
    events: int = 0
    claims: int = 0
    """Claims a report makes as of a later date: checked from that date on."""

    @property
    def total(self) -> int:
        """Records of every kind after the as-of date."""
        return sum(self.data().values())

    def data(self) -> dict[str, int]:
        """The counts by kind, in a fixed order: the JSON's after_as_of."""
        return {
            "payments": self.payments,
            "allocations": self.allocations,
            "reported": self.reported,
            "phase_dates": self.phase_dates,
            "events": self.events,
            "claims": self.claims,
        }


def later_records(project: Project, as_of: Date) -> Later:
    """The records of project dated after as_of, counted by kind."""
    funding = project.funding
    phase_dates = [day for phase in project.phases for day in (phase.actual_start, phase.actual_end) if day]
    return Later(
        payments=sum(not counts(p.date, as_of) for p in funding.payments),
        allocations=sum(not counts(a.date, as_of) for a in funding.allocations or ()),
        reported=sum(not counts(r.date, as_of) for r in funding.reported),
        phase_dates=sum(not counts(day, as_of) for day in phase_dates),
        events=sum(not counts(e.date, as_of) for e in project.events),
        claims=sum(not counts(c.date, as_of) for c in project.claims),
    )


MONEY = ("payments", "allocations", "reported")
SCHEDULE = ("phase_dates", "events")
CLAIMS = ("claims",)


EVERY_KIND = MONEY + SCHEDULE + CLAIMS


def records_text(later: Later, lang: str, kinds: tuple[str, ...] = EVERY_KIND) -> str:
    """ "1 payment, 2 phase dates": the records of kinds after the as-of date; "" when there are none."""
    parts = [
        t(f"later.{kind}.{'one' if n == 1 else 'many'}", lang, n=n)
        for kind, n in later.data().items()
        if kind in kinds and n
    ]
    return t("md.comma", lang).join(parts)


def later_text(later: Later, as_of: Date, lang: str, kinds: tuple[str, ...] = EVERY_KIND) -> str:
    """ "1 payment, 2 phase dates after the as-of date 2023-09-28 not counted"; "" when there are none of kinds."""
    records = records_text(later, lang, kinds)
    return t("later.not_counted", lang, records=records, date=shown_date(as_of)) if records else ""


PROJECTS_NAMED = 5
"""Projects named in the portfolio's line about records after the as-of date; the rest are counted."""


def projects_text(codes: Sequence[str], lang: str, viewed: Date | None = None) -> str:
    """ "2 projects have records after their as-of date, not counted: A-1, B-2"; "" when codes is empty.

    viewed is the date chosen to view every project as of (--as-of), which the line names: it is not their status
    date, as each project's own as-of date is otherwise (状态日期 against 查看日期 in Chinese).

    codes are those of the projects with such records, in the order the portfolio lists them (already escaped
    for Markdown where it goes into Markdown); past PROJECTS_NAMED, the line ends with "…".
    """
    if not codes:
        return ""
    named = t("md.comma", lang).join(codes[:PROJECTS_NAMED]) + ("…" if len(codes) > PROJECTS_NAMED else "")
    number = "one" if len(codes) == 1 else "many"
    if viewed is not None:
        return t(f"later.projects_viewed.{number}", lang, n=len(codes), codes=named, date=shown_date(viewed))
    return t(f"later.projects.{number}", lang, n=len(codes), codes=named)
