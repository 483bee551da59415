"""Calendar arithmetic on pendulum Dates: the as-of date, inclusive day counts, slips and the budget year."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

import pendulum
from pendulum import Date


class Dated(Protocol):
    """What a project's as-of date depends on: a Project has it, and so has what a memory keeps of one."""

    @property
    def status_date(self) -> Date | None: ...


def as_of_for(project: Dated, chosen: Date | None = None) -> Date:
    """The date a project is analysed as of: the one chosen, else its status date, else today.

    The only place drift reads the clock.
    """
    return chosen or project.status_date or pendulum.today().date()


def inclusive_days(start: Date, end: Date) -> int:
    """How many days start..end covers, both ends counted: 2023-07-01..2023-11-30 is 153."""
    return end.toordinal() - start.toordinal() + 1


def days_after(earlier: Date, later: Date) -> int:
    """later minus earlier in days; negative when later is in fact earlier. A slip is days_after(planned, actual)."""
    return later.toordinal() - earlier.toordinal()


def shift(day: Date, days: int) -> Date:
    """The date so many days after day (before it when days is negative)."""
    return Date.fromordinal(day.toordinal() + days)  # pendulum's add() costs four times as much


def finish_after(start: Date, duration_days: int) -> Date:
    """The last day of a span of duration_days that begins on start (inclusive counting)."""
    return shift(start, duration_days - 1)


def year_start(year: int) -> Date:
    """1 January of year."""
    return Date(year, 1, 1)


def year_end(year: int) -> Date:
    """31 December of year."""
    return Date(year, 12, 31)


def days_in_year(year: int) -> int:
    """365, or 366 in a leap year."""
    return 366 if calendar.isleap(year) else 365


def day_of_year(day: Date, year: int) -> int:
    """day's number in year, 1 January being day 1; below 1 before the year, above its length after it."""
    return days_after(year_start(year), day) + 1


def month_end(year: int, month: int) -> Date:
    """The last day of that month."""
    return Date(year, month, calendar.monthrange(year, month)[1])


def months_between(first: Date, last: Date) -> list[tuple[int, int]]:
    """The (year, month) of every month from first's to last's, both included: a chart's month axis."""
    spanned, (year, month) = [], (first.year, first.month)
    while (year, month) <= (last.year, last.month):
        spanned.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return spanned


def written_date(day: Date, lang: str) -> str:
    """day as an official report in lang writes it: 2023年7月1日 in Chinese (no leading zeros), 2023-07-01 in English."""
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def written_month(day: Date, lang: str) -> str:
    """day's month as a report in lang writes it: 2023年1月 in Chinese, 2023-01 in English."""
    return f"{day.year}年{day.month}月" if lang == "zh" else f"{day.year:04d}-{day.month:02d}"


_PAGE_LANGUAGE: ContextVar[str] = ContextVar("page_language", default="en")


@contextmanager
def dates_written_for(lang: str) -> Iterator[None]:
    """Within the block, shown_date writes dates for a report in lang (written_date). The Markdown exports open it;
    the terminal's tables and the JSON keep ISO dates, which are short, align and sort."""
    token = _PAGE_LANGUAGE.set(lang)
    try:
        yield
    finally:
        _PAGE_LANGUAGE.reset(token)


def shown_date(day: Date) -> str:
    """day as the page being written shows it: ISO, or as dates_written_for says; the one date a person reads."""
    return written_date(day, _PAGE_LANGUAGE.get())


def shown_month(day: Date) -> str:
    """day's month as the page being written shows it (written_month), as shown_date shows a day."""
    return written_month(day, _PAGE_LANGUAGE.get())
