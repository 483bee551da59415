"""How a history reads: when each change was made, in local time, and one line on what a verified history holds."""

from __future__ import annotations

import datetime
from pathlib import Path

from rich.text import Text

from drift.i18n import t
from store.history import ChainReport


def local_time(at: datetime.datetime) -> datetime.datetime:
    """When a change was made, in this machine's time zone (TZ), as `drift log` and the dashboard both show it.

    A history entry keeps the zone of whoever made it (a colleague abroad, a server on UTC); read here, it is the
    clock on this wall. `drift log` writes the offset beside it (+08:00), so that a line pasted elsewhere still says
    which moment it was.
    """
    return at.astimezone()


def history_summary(report: ChainReport, path: Path | str, lang: str) -> Text | None:
    """What a verified history holds, in one line: the entries verified, the last hash, the unchained ones before."""
    if report.chained is None:
        if report.unchained is None:
            return None
        return Text(t("chain.none", lang, path=path, count=report.count))
    first, last = report.chained
    summary = t("chain.verified", lang, path=path, first=first, last=last, head=report.head)
    if report.unchained is not None:
        summary += t("chain.unchained", lang, first=report.unchained[0], last=report.unchained[1], sealed=first)
    if report.anchored is not None:
        summary += t("chain.anchored", lang, number=report.anchored)
    if report.projects is not None:
        summary += t("chain.projects", lang, held=report.projects[0], count=report.projects[1])
    return Text(summary)
