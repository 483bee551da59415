"""The store's history table: one entry per field change, who made it and when, and how to undo a change."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.edits import (
    KINDS,
    Action,
    AddProject,
    AddRecord,
    DeleteRecord,
    Edit,
    EditRecord,
    FieldChange,
    Json,
    RecordChange,
    RemoveProject,
    describe,
)
from store.errors import DriftError, ValidationError
from store.layout import check_document_id
from store.values import MAX_LONG_TEXT, MAX_TEXT, check_length, check_text

HISTORY = "history"
"""The name of the TinyDB table, in the same file as the projects."""

_OFFSET = re.compile(r"(Z|[+-][0-9]{2}:?[0-9]{2})$")


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One field of one record changed by one person in one saved revision."""

    revision: int
    """The store revision the change produced; every entry of one save shares it."""
    at: datetime.datetime
    """When, with the time zone of whoever made it."""
    by: str
    project: str
    action: Action
    kind: str
    record: str | None
    field: str
    old: Json
    new: Json
    note: str = ""
    undoes: int | None = None
    """For the entries of an undo, the revision it reverted."""

    def describe(self) -> str:
        """ "payments P4 amount: — → 120.50" """
        return describe(self.kind, self.record, self.field, self.old, self.new)

    def to_json(self) -> dict[str, Json]:
        """The entry as the history table stores it."""
        return {
            "revision": self.revision,
            "at": self.at.isoformat(),
            "by": self.by,
            "project": self.project,
            "action": str(self.action),
            "kind": self.kind,
            "record": self.record,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "note": self.note,
            "undoes": self.undoes,
        }


def history_entries(
    changes: Iterable[RecordChange],
    *,
    revision: int,
    by: str,
    at: datetime.datetime,
    note: str = "",
    undoes: int | None = None,
) -> tuple[HistoryEntry, ...]:
    """One entry per changed field of these record changes, all in one revision."""
    return tuple(
        HistoryEntry(
            revision=revision,
            at=at,
            by=by,
            project=change.project,
            action=change.action,
            kind=change.kind,
            record=change.record,
            field=item.field,
            old=item.old,
            new=item.new,
            note=note,
            undoes=undoes,
        )
        for change in changes
        for item in change.fields
    )


def check_author(by: str, at: datetime.datetime, note: str) -> None:
    """Refuse a change nobody could trace: no author, a time without a time zone, control characters."""
    if not isinstance(by, str) or not by.strip():
        raise ValidationError("who made the change must be given", "by")
    for name, text, limit in (("by", by, MAX_TEXT), ("note", note, MAX_LONG_TEXT)):
        try:
            check_text(check_length(text, limit))
        except ValidationError as error:
            raise error.located(prefix=name) from None
    if not isinstance(at, datetime.datetime) or at.utcoffset() is None:
        raise ValidationError(f"{at!r} must be a date and time with its time zone", "at")


def check_history_table(table: Any) -> None:
    """The light check every load makes: a table of objects under whole-number ids; entries are read in full later."""
    if not isinstance(table, dict):
        raise ValidationError("must be a table of history entries", HISTORY)
    for doc_id, doc in table.items():
        check_document_id(doc_id, f"{HISTORY}[{doc_id}]")
        if not isinstance(doc, dict):
            raise ValidationError("must be an object", f"{HISTORY}[{doc_id}]")


def decode_history(table: Any, file: Path | str = "") -> tuple[HistoryEntry, ...]:
    """Every entry of the history table, oldest first; errors name the file, the entry and the field."""
    if table is None:
        return ()
    try:
        check_history_table(table)
        entries = []
        for doc_id in sorted(table, key=int):
            try:
                entries.append(_decode_entry(table[doc_id]))
            except ValidationError as error:
                raise error.located(prefix=f"{HISTORY}[{doc_id}]") from None
    except ValidationError as error:
        raise error.located(file=str(file)) from None
    return tuple(entries)


def _decode_entry(doc: dict[str, Any]) -> HistoryEntry:
    def text(name: str, *, optional: bool = False) -> str | None:
        value = doc.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise ValidationError(f"{value!r} must be text", name)
        return _checked(value, name)

    for name in ("old", "new"):
        _check_strings_in(doc.get(name), name)

    revision = doc.get("revision")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise ValidationError(f"{revision!r} is not a revision number", "revision")
    undoes = doc.get("undoes")
    if undoes is not None and (isinstance(undoes, bool) or not isinstance(undoes, int)):
        raise ValidationError(f"{undoes!r} is not a revision number", "undoes")
    at_text = text("at")
    try:
        at = datetime.datetime.fromisoformat(at_text)
    except ValueError:
        at = None
    if at is None or not _OFFSET.search(at_text):
        raise ValidationError(f"{at_text!r} is not a date and time with a time zone", "at")
    try:
        action = Action(doc.get("action"))
    except ValueError:
        raise ValidationError(f"{doc.get('action')!r} is not one of add, edit, delete", "action") from None
    kind = text("kind")
    if kind not in KINDS:
        raise ValidationError(f"{kind!r} is not a kind of record", "kind")
    return HistoryEntry(
        revision=revision,
        at=at,
        by=text("by"),
        project=text("project"),
        action=action,
        kind=kind,
        record=text("record", optional=True),
        field=text("field"),
        old=doc.get("old"),
        new=doc.get("new"),
        note=text("note", optional=True) or "",
        undoes=undoes,
    )


def _checked(value: str, name: str) -> str:
    """Text of an entry as stored, refused when it holds control characters, as in every other record.

    The history is printed by `drift log` (as JSON too) and shown in the dashboard: an escape sequence
    written into the file by hand must not reach the terminal from there either.
    """
    try:
        return check_text(value)
    except ValidationError as error:
        raise error.located(prefix=name) from None


def _check_strings_in(value: Json, name: str) -> None:
    if isinstance(value, str):
        _checked(value, name)
    elif isinstance(value, list):
        for item in value:
            _check_strings_in(item, name)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings_in(key, name)
            _check_strings_in(item, name)


def select(
    entries: Iterable[HistoryEntry],
    *,
    project: str | None = None,
    since: datetime.date | datetime.datetime | None = None,
) -> tuple[HistoryEntry, ...]:
    """The entries of one project, from a day (in each entry's own time zone) or an instant on."""
    chosen = []
    for entry in entries:
        if project is not None and entry.project != project:
            continue
        if isinstance(since, datetime.datetime):
            if entry.at < since:
                continue
        elif since is not None and entry.at.date() < since:
            continue
        chosen.append(entry)
    return tuple(chosen)


def undo_plan(entries: Sequence[HistoryEntry], by: str) -> tuple[int, list[Edit]]:
    """The revision to undo — the last of by's own changes not undone yet — and the edits that revert it.

    Undos are not themselves undone: undoing again walks further back through by's changes.
    """
    undone = {entry.undoes for entry in entries if entry.undoes is not None}
    mine = [e for e in entries if e.by == by and e.undoes is None and e.revision not in undone]
    if not mine:
        raise DriftError(f"nothing of {by}'s to undo")
    target = max(entry.revision for entry in mine)
    groups: dict[tuple[str, Action, str, str | None], list[HistoryEntry]] = {}
    for entry in entries:
        if entry.revision == target:
            groups.setdefault((entry.project, entry.action, entry.kind, entry.record), []).append(entry)
    # Reverted in the reverse order they were made, so that a later change is taken back first.
    edits = [_reverting(key, group) for key, group in reversed(groups.items())]
    return target, edits


def _reverting(key: tuple[str, Action, str, str | None], group: list[HistoryEntry]) -> Edit:
    project, action, kind, record = key
    spec = KINDS[kind]
    if action is Action.EDIT:
        return EditRecord(project, kind, record, tuple(FieldChange(e.field, e.new, e.old) for e in group))
    if kind == "project":
        if action is Action.ADD:
            return RemoveProject(project, tuple((e.field, e.new) for e in group))
        return AddProject(project, tuple((e.field, e.old) for e in group))
    if action is Action.ADD:
        added = [(e.field, e.new) for e in group]
        if spec.key is not None:
            added.insert(0, (spec.key, record))
        assert record is not None
        return DeleteRecord(project, kind, record, tuple(added))
    return AddRecord(project, kind, tuple((e.field, e.old) for e in group), record=record)
