"""How a history reads: when each change was made, in local time, and one line on what a verified history holds."""

from __future__ import annotations

import datetime
from pathlib import Path

from rich.text import Text

from drift.i18n import MESSAGES, t
from store.edits import Json, show
from store.history import ChainReport, HistoryEntry


def local_time(at: datetime.datetime) -> datetime.datetime:
    """When a change was made, in this machine's time zone (TZ), as `drift log` and the dashboard both show it.

    A history entry keeps the zone of whoever made it (a colleague abroad, a server on UTC); read here, it is the
    clock on this wall. `drift log` writes the offset beside it (+08:00), so that a line pasted elsewhere still says
    which moment it was.
    """
    return at.astimezone()


def change_line(kind: str, record: str | None, field: str, old: Json, new: Json, lang: str) -> str:
    """One changed field in lang: "支出 P4 金额：— → 120.50", "payments P4 amount: — → 120.50" (store.edits.describe)."""
    where = _named("kind", kind, lang) + ("" if record is None else f" {record}")
    return t("change.line", lang, where=where, field=_named("field", field, lang), old=show(old), new=show(new))


def entry_line(entry: HistoryEntry, lang: str) -> str:
    """The change of one history entry, as change_line says it."""
    return change_line(entry.kind, entry.record, entry.field, entry.old, entry.new, lang)


def _named(what: str, name: str, lang: str) -> str:
    """A kind of record or a field by its name in lang; a name drift no longer knows (an old entry's) as it is."""
    key = f"change.{what}.{name}"
    return t(key, lang) if key in MESSAGES else name


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
