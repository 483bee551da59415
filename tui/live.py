"""Living with colleagues' saves: what changed between two revisions in one line, and which saves are our own."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence

from drift.i18n import MESSAGES, t
from store.edits import KINDS, Action
from store.history import HistoryEntry

WATCH_SECONDS = 0.5
"""How often the store file is looked at (one stat, a few microseconds): a colleague's save shows within a second."""

GONE: tuple[int, ...] = ()
"""The key of a store file that cannot be looked at (deleted, or its folder out of reach): no file has it."""


def what_changed(entries: Sequence[HistoryEntry], old: int, new: int, lang: str) -> str:
    """ "revision 7 by bob: 2 payments" for the entries of the revisions after old up to new.

    Records are counted, not fields: a payment with its date and amount set is one payment. A whole project added
    or removed counts as a project. Without entries (the file was replaced by hand, or went back to an older
    revision) the line says the file changed.
    """
    entries = [entry for entry in entries if old < entry.revision <= new]
    if new <= old or not entries:
        return t("live.unrecorded", lang, revision=new)
    records: dict[str, set[tuple[str, str | None]]] = {}
    for entry in entries:
        kind = entry.kind
        if kind == "project" and entry.action is Action.EDIT:
            kind = "details"  # a project's own fields, not the project as a whole
        records.setdefault(kind, set()).add((entry.project, entry.record))
    order = ("details", *KINDS)  # in the order the store lists its kinds of record
    parts = [
        _count(kind, len(records[kind]), lang)
        for kind in sorted(records, key=lambda k: order.index(k) if k in order else len(order))
    ]
    authors = list(dict.fromkeys(entry.by for entry in entries))  # in the order they saved
    who = t("live.list_separator", lang).join(authors)
    what = t("live.list_separator", lang).join(parts)
    first = min(entry.revision for entry in entries)
    if first == new:
        return t("live.revision", lang, revision=new, who=who, what=what)
    return t("live.revisions", lang, first=first, last=new, who=who, what=what)


def _count(kind: str, count: int, lang: str) -> str:
    """ "2 payments", "支出 2 条"; a kind without a message of its own (none yet) by its name: "2 widgets"."""
    key = f"live.kind.{kind}"
    return t(key, lang, count=count) if key in MESSAGES else f"{count} {kind}"


class Saves:
    """The saves this dashboard has under way, counted across threads.

    A reload that began before one of our saves ended, or overlapped it, is dropped: the save brings the data
    and says so itself, and the next look at the file finds anything a colleague saved meanwhile.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.running = 0
        self.started = 0

    @contextlib.contextmanager
    def saving(self) -> Iterator[None]:
        """Around one save and the message that brings its result to the screen."""
        with self._lock:
            self.running += 1
            self.started += 1
        try:
            yield
        finally:
            with self._lock:
                self.running -= 1

    def mark(self) -> int | None:
        """What a reload starting now notes, or None when a save is under way and the reload should not start."""
        with self._lock:
            return None if self.running else self.started

    def overlapped(self, mark: int) -> bool:
        """Whether a save ran, or runs, since the reload noted mark."""
        with self._lock:
            return bool(self.running) or self.started != mark
