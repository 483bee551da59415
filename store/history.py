"""The store's history table: one entry per field change, who made it and when, its hash chain, and undo."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import os
import pwd
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
from msgspec import Struct, structs

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
)
from store.errors import DriftError, TamperedHistoryError, ValidationError, Words
from store.layout import check_document_id
from store.values import MAX_LONG_TEXT, MAX_TEXT, check_length, check_text

HISTORY = "history"
"""The name of the TinyDB table, in the same file as the projects."""

CHAIN = "history"
"""The key of the store's _meta record that keeps the hash of the last history entry written, and its number."""

GENESIS = ""
"""What the first entry of a history is chained to: no entry before it."""

_OFFSET = re.compile(r"(Z|[+-][0-9]{2}:?[0-9]{2})$")


class HistoryEntry(Struct, frozen=True):
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
    account: str | None = None
    """The operating-system account that saved it (by is only the name declared); None in entries from before
    drift recorded it, and until the entry is written."""
    previous: str | None = None
    """The hash of the entry written before this one ("" for the first); None in entries from before drift chained
    its history, and until the entry is written."""
    hash: str | None = None
    """SHA-256 of this entry, previous included (see entry_hash); None as for previous."""
    state: str | None = None
    """The project as this entry's save left it (project_digest), so that the chain covers the data too; None where
    the save removed the project, and in entries from before drift recorded it."""

    def who(self) -> str:
        """ "bob", or "bob (account root)" when the account that saved it is not the name it was declared by."""
        return self.by if self.account in (None, self.by) else f"{self.by} (account {self.account})"

    def to_json(self) -> dict[str, Json]:
        """The entry as the history table stores it."""
        return {
            "revision": self.revision,
            "at": self.at.isoformat(),
            "by": self.by,
            "account": self.account,
            "project": self.project,
            "action": str(self.action),
            "kind": self.kind,
            "record": self.record,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "note": self.note,
            "undoes": self.undoes,
            "previous": self.previous,
            "hash": self.hash,
        } | ({"state": self.state} if self.state is not None else {})  # older entries hashed without it stay whole


def system_account() -> str:
    """The operating-system account this process runs as: its name, or its uid as text when it has none.

    A uid without a passwd entry is common in containers started with a bare uid. Never $USER: anyone can set it.
    """
    uid = os.geteuid()
    try:
        return check_text(pwd.getpwuid(uid).pw_name)
    except (KeyError, ValidationError):  # no entry, or a name from a directory service that could not be shown
        return str(uid)


def declared_name(environ: Mapping[str, str]) -> str:
    """Who a change is declared by when nobody says: $USER, else $LOGNAME, else the login name of the account."""
    return environ.get("USER") or environ.get("LOGNAME") or system_account()


def sealed(entries: Iterable[HistoryEntry], previous: str) -> tuple[HistoryEntry, ...]:
    """The entries as they are written: each with the account of the process that writes them, linked to the hash
    of the entry before it (the first to previous), and hashed."""
    account = system_account()
    written = []
    for entry in entries:
        entry = structs.replace(entry, account=account, previous=previous)
        previous = entry_hash(entry.to_json())
        written.append(structs.replace(entry, hash=previous))
    return tuple(written)


def entry_hash(doc: Mapping[str, Json]) -> str:
    """SHA-256, in hex, of the entry's JSON form without its own hash, keys sorted, as orjson writes it (compact,
    UTF-8). The form holds the previous entry's hash, so each hash covers every entry before it."""
    body = orjson.dumps({name: value for name, value in doc.items() if name != "hash"}, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(body).hexdigest()


def chain_end(table: Mapping[str, Mapping[str, Json]]) -> str:
    """The hash the next entry links to: the last entry's. Entries from before the chain count as if each had been
    linked to the one before it and hashed, so that the first chained entry seals them as they are."""
    previous = GENESIS
    for doc_id in sorted(table, key=int):
        previous = _hash_of(table[doc_id], previous)
    return previous


def _hash_of(doc: Mapping[str, Json], previous: str) -> str:
    """The entry's stored hash, or for an entry from before the chain the one it would have, linked to previous."""
    stored = doc.get("hash")
    return stored if isinstance(stored, str) else entry_hash({**doc, "previous": previous})


def project_digest(doc: Mapping[str, Json]) -> str:
    """SHA-256, in hex, of a project's JSON form (store.codec.encode_project), keys sorted, as orjson writes it."""
    return hashlib.sha256(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)).hexdigest()


def check_states(entries: Sequence[HistoryEntry], projects: Mapping[str, Mapping[str, Json]], file: Path | str) -> int:
    """Hold each project against the state its last recorded change left it in; how many could be held.

    TamperedHistoryError names the first project that is no longer what its last change left: it was edited outside
    drift (by hand, or by a program writing the file), and the history does not show it. A project whose last entry
    records no state (written before drift recorded states) cannot be held, and is not counted.
    """
    last: dict[str, HistoryEntry] = {}
    for entry in entries:
        last[entry.project] = entry
    held = 0
    for code, doc in projects.items():
        latest = last.get(code)
        if latest is None or latest.state is None:
            continue
        if project_digest(doc) != latest.state:
            raise TamperedHistoryError(
                f"{file}: project {code} is not what its last recorded change left (revision {latest.revision}, "
                f"{latest.at:%Y-%m-%d %H:%M} by {latest.who()}): it was changed outside drift, and no history entry says so"
            )
        held += 1
    for code, latest in last.items():
        if latest.state is not None and code not in projects:
            raise TamperedHistoryError(
                f"{file}: project {code} is gone, though its last recorded change left it there (revision "
                f"{latest.revision}, {latest.at:%Y-%m-%d %H:%M} by {latest.who()}): it was removed outside drift"
            )
    return held


class ChainReport(Struct, frozen=True):
    """What verifying a history found when its chain holds: which entries the chain covers."""

    count: int
    """How many entries the history holds."""
    unchained: tuple[int, int] | None
    """The first and last number of the entries written before the history was chained, if any."""
    chained: tuple[int, int] | None
    """The first and last number of the chained entries, if any."""
    head: str | None
    """The last entry's hash: noted outside the store, it lets a later check prove nothing before it changed."""
    anchored: int | None = None
    """The number of the entry whose hash is the one noted outside the store, when one was given."""
    projects: tuple[int, int] | None = None
    """How many projects were found as their last recorded change left them, of how many in the store."""


def verify_chain(
    table: Mapping[str, Mapping[str, Json]],
    chain: Any,
    revision: int,
    file: Path | str = "",
    anchor: str | None = None,
) -> ChainReport:
    """Check every entry against its own hash, the entry before it and the store's record of the last one written.

    TamperedHistoryError names the first entry that was changed, removed or forged. Entries without a hash before
    the first chained one were written by an older drift: they are not a fault, and are checked only as the first
    chained entry sealed them (see chain_end). An anchor, a hash noted outside the store, must be some chained
    entry's: the chain alone cannot show a history rewritten consistently from end to end, an anchor can.
    """
    entries = sorted(((int(doc_id), doc) for doc_id, doc in table.items()), key=lambda item: item[0])

    def broken(problem: str | Words) -> TamperedHistoryError:
        if isinstance(problem, Words):  # said by key, for the command line to word
            return TamperedHistoryError.of(
                Words("error.located", {"where": file, "message": problem}) if file else problem
            )
        return TamperedHistoryError(f"{file}: {problem}" if file else problem)

    previous = GENESIS
    unchained: tuple[int, int] | None = None
    chained: tuple[int, int] | None = None
    for number, doc in entries:
        entry_revision = doc.get("revision")
        where = f"history entry {number} (revision {entry_revision})"
        if isinstance(entry_revision, int) and entry_revision > revision:
            raise broken(f"{where} is beyond the store's revision {revision}: no save of this store wrote it")
        if not isinstance(doc.get("hash"), str):
            if chained is not None:
                raise broken(f"{where} has no hash though the entries before it do: it was added or changed by hand")
            unchained = (unchained[0] if unchained else number, number)
            previous = _hash_of(doc, previous)
            continue
        if entry_hash(doc) != doc["hash"]:
            raise broken(f"{where} was changed after it was written")
        if chained is not None and number != chained[1] + 1:
            raise broken(_missing(chained[1] + 1, number - 1))
        if doc.get("previous") != previous:
            raise broken(_unlinked(where, unchained, chained))
        chained = (chained[0] if chained else number, number)
        previous = doc["hash"]
    if not isinstance(chain, Mapping):
        if chained is not None:
            raise broken("the store's record of its last history entry (_meta history) was removed")
        if anchor is not None:
            raise broken(Words("error.anchor_unchained", {"anchor": anchor}))
        return ChainReport(len(entries), unchained, None, None)
    head, last = chain.get("head"), chain.get("last")
    if chained is None or previous != head or chained[1] != last:
        raise broken(_unlike_the_record(entries, head, last, end=(chained or unchained or (0, 0))[1]))
    anchored = next((number for number, doc in entries if doc.get("hash") == anchor), None) if anchor else None
    if anchor is not None and anchored is None:
        raise broken(Words("error.anchor_rewritten", {"anchor": anchor}))
    return ChainReport(len(entries), unchained, chained, head, anchored)


def _unlinked(where: str, unchained: tuple[int, int] | None, chained: tuple[int, int] | None) -> str:
    """Why an entry intact in itself does not link to the entry before it."""
    if chained is not None:
        return (
            f"{where} does not follow entry {chained[1]}: entries between them were removed or inserted, "
            f"or entry {chained[1]} was changed and hashed again"
        )
    if unchained is not None:
        return (
            f"{where} sealed entries {unchained[0]}–{unchained[1]}, written before the history was chained, "
            "as they no longer are: they were changed, removed or inserted since"
        )
    return f"{where} follows an entry that is not there: the entries before it were removed"


def _missing(first: int, last: int) -> str:
    if first == last:
        return f"history entry {first} is missing: it was removed"
    return f"history entries {first}–{last} are missing: they were removed"


def _unlike_the_record(entries: Sequence[tuple[int, Mapping[str, Json]]], head: Any, last: Any, end: int) -> str:
    """What the end of the history (entry number end) says when it is not the last entry the store recorded writing."""
    if isinstance(last, int) and not isinstance(last, bool) and last > end:
        return _missing(end + 1, last)
    for number, doc in entries:
        if doc.get("hash") == head and number < end:
            added = f"entry {end}" if number + 1 == end else f"entries {number + 1}–{end}"
            verb = "was" if number + 1 == end else "were"
            return f"history {added} {verb} added after the last entry drift wrote (entry {number})"
    return f"the store's record of its last history entry does not match entry {end}: one of them was changed by hand"


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
        raise ValidationError.said("error.not_history_table").located(prefix=HISTORY)
    for doc_id, doc in table.items():
        check_document_id(doc_id, f"{HISTORY}[{doc_id}]")
        if not isinstance(doc, dict):
            raise ValidationError.said("error.not_an_object").located(prefix=f"{HISTORY}[{doc_id}]")


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
    def optional_text(name: str) -> str | None:
        return None if doc.get(name) is None else text(name)

    def text(name: str) -> str:
        value = doc.get(name)
        if not isinstance(value, str):
            raise ValidationError.said("error.not_text", value=value).located(prefix=name)
        return _checked(value, name)

    for name in ("old", "new"):
        _check_strings_in(doc.get(name), name)

    revision = doc.get("revision")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise ValidationError.said("error.revision_number", value=revision).located(prefix="revision")
    undoes = doc.get("undoes")
    if undoes is not None and (isinstance(undoes, bool) or not isinstance(undoes, int)):
        raise ValidationError.said("error.revision_number", value=undoes).located(prefix="undoes")
    at_text = text("at")
    try:
        at = datetime.datetime.fromisoformat(at_text)
    except ValueError:
        at = None
    if at is None or not _OFFSET.search(at_text):
        raise ValidationError.said("error.timestamp", value=at_text).located(prefix="at")
    try:
        action = Action(str(doc.get("action")))
    except ValueError:
        raise ValidationError.said("error.not_one_of", value=doc.get("action"), choices="add, edit, delete").located(
            prefix="action"
        ) from None
    kind = text("kind")
    if kind not in KINDS:
        raise ValidationError.said("error.record_kind", value=kind).located(prefix="kind")
    return HistoryEntry(
        revision=revision,
        at=at,
        by=text("by"),
        project=text("project"),
        action=action,
        kind=kind,
        record=optional_text("record"),
        field=text("field"),
        old=doc.get("old"),
        new=doc.get("new"),
        note=optional_text("note") or "",
        undoes=undoes,
        account=optional_text("account"),
        previous=optional_text("previous"),
        hash=optional_text("hash"),
        state=optional_text("state"),
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


def undo_plan(entries: Sequence[HistoryEntry], account: str, revision: int | None = None) -> tuple[int, list[Edit]]:
    """The revision to undo and the edits that revert it: revision, or else the last change from this account not undone.

    Whatever name a change was declared by, only the account that made it undoes it. An entry from before
    accounts were recorded counts as the account's when it was declared by the account's name.
    Undos are not themselves undone: undoing again walks further back through the account's changes.
    ChangedSinceError when a later revision touched what the target changed: reverting it then would overwrite
    someone's deliberate change, or land on a record that moved, even where the values happen to match.
    """
    undone = {entry.undoes for entry in entries if entry.undoes is not None}
    mine = sorted(
        {e.revision for e in entries if _made_from(e, account) and e.undoes is None and e.revision not in undone}
    )
    if not mine:
        raise DriftError.said("error.nothing_to_undo", account=account)
    if revision is not None and revision not in mine:
        yours = ", ".join(str(n) for n in reversed(mine[-12:]))
        raise DriftError.said("error.not_yours_to_undo", revision=revision, account=account, yours=yours)
    target = mine[-1] if revision is None else revision
    changed = _of(entries, target)
    later = _changed_since(entries, changed)
    if later is not None:
        older = (n for n in reversed(mine) if n < target)
        # Looked for only once refused, and not forever: a person with a long history gets the nearest few.
        undoable = (n for n in itertools.islice(older, 50) if _changed_since(entries, _of(entries, n)) is None)
        raise ChangedSinceError(later, target, next(undoable, None))
    groups: dict[tuple[str, Action, str, str | None], list[HistoryEntry]] = {}
    for entry in changed:
        groups.setdefault((entry.project, entry.action, entry.kind, entry.record), []).append(entry)
    # Reverted in the reverse order they were made, so that a later change is taken back first.
    edits = [_reverting(key, group) for key, group in reversed(groups.items())]
    return target, edits


def _made_from(entry: HistoryEntry, account: str) -> bool:
    return entry.account == account if entry.account is not None else entry.by == account


class ChangedSinceError(DriftError):
    """A change cannot be undone: a later revision touched what it changed; nothing was undone."""

    def __init__(self, later: HistoryEntry, target: int, older: int | None) -> None:
        self.later = later
        """The latest entry that touched it."""
        self.target = target
        self.older = older
        """The undoer's latest older change that can still be undone (`undo` can be asked for it), or None."""
        super().__init__(str(self))

    def __str__(self) -> str:
        later = self.later
        where = f"{later.kind} {later.record}" if later.record is not None else f"{later.kind} {later.project}"
        if later.action is Action.EDIT:
            what = f"{where} {later.field} was changed"
        else:
            what = f"{where} was {'added' if later.action is Action.ADD else 'deleted'}"
        return (
            f"{what} by {later.who()} at {later.at:%Y-%m-%d %H:%M} (revision {later.revision}) after your change "
            f"(revision {self.target}); nothing was undone"
        )


def _changed_since(entries: Sequence[HistoryEntry], changed: list[HistoryEntry]) -> HistoryEntry | None:
    """The latest entry of a later revision that touched what changed, or None.

    A later change that was itself undone later on, and its undo, cancel out and are passed over; except where records
    are known by position: a record added or deleted before the target's, even if put back later, renumbered it in
    between, and the changes made meanwhile name it by another number.
    """
    target = changed[0].revision
    undone_since = {e.undoes for e in entries if e.undoes is not None and e.undoes > target}
    by_project: dict[str, list[HistoryEntry]] = {}  # an import changes thousands of projects: look only at one
    for entry in changed:
        by_project.setdefault(entry.project, []).append(entry)
    for later in reversed(entries):
        if later.revision <= target:
            continue
        cancelled = later.revision in undone_since or (later.undoes is not None and later.undoes > target)
        if cancelled and not _moves_positions(later):
            continue
        if any(_touches(later, entry) for entry in by_project.get(later.project, ())):
            return later
    return None


def _moves_positions(entry: HistoryEntry) -> bool:
    """Whether the entry added or deleted a record known by its position, renumbering those after it."""
    return entry.kind in KINDS and KINDS[entry.kind].positional and entry.action in (Action.ADD, Action.DELETE)


def _of(entries: Sequence[HistoryEntry], revision: int) -> list[HistoryEntry]:
    return [entry for entry in entries if entry.revision == revision]


def _touches(later: HistoryEntry, mine: HistoryEntry) -> bool:
    """Whether the later entry changed what mine changed: its field, its whole record, or its record's position."""
    if later.project != mine.project:
        return False
    whole = (Action.ADD, Action.DELETE)
    if (later.kind == "project" and later.action in whole) or (mine.kind == "project" and mine.action in whole):
        return True  # a project added, removed or replaced whole: every record in it
    if later.kind != mine.kind:
        return False
    if KINDS[mine.kind].positional and later.action in whole and _position(later) <= _position(mine):
        return True  # a record added or deleted before it: every record after has moved
    if later.record != mine.record:
        return False
    return later.field == mine.field or later.action in whole or mine.action in whole


def _position(entry: HistoryEntry) -> int:
    record = entry.record or ""
    return int(record) if record.isascii() and record.isdigit() else 0


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


def added_by(entries: Sequence[HistoryEntry], project: str, kind: str, record: str) -> HistoryEntry | None:
    """The history entry of the latest add of this record, or None when the history does not hold it."""
    return next(
        (
            entry
            for entry in reversed(entries)
            if entry.action is Action.ADD and (entry.project, entry.kind, entry.record) == (project, kind, record)
        ),
        None,
    )
