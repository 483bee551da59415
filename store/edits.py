"""Typed edits of a project — add, change or delete one record — each checked against the values it was based on."""

from __future__ import annotations

import collections
import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeGuard, cast

import msgspec
import orjson
from msgspec import Struct, structs
from pendulum import Date

from store import model
from store.codec import _encode as _encode_in_store_form
from store.codec import decode_project, encode_project
from store.errors import DriftError, ValidationError, Words
from store.model import Project

Json = Any
"""A value in the store's JSON form: text (money and dates too), a whole number, a list, an object or None."""

Values = tuple[tuple[str, Json], ...]
"""Field names and JSON values, in order; a tuple rather than a dict so that edits stay immutable."""


class Action(StrEnum):
    """What an edit does to its record."""

    ADD = "add"
    EDIT = "edit"
    DELETE = "delete"


class Duplicates(StrEnum):
    """What adding a payment does when the same payment (same_payment) is already recorded."""

    ALLOW = "allow"
    """Add it anyway: a second payment of the same amount, or an undo bringing a payment back."""
    REFUSE = "refuse"
    """DuplicatePaymentError: `drift pay` and the payment form, unless the person confirms."""
    SKIP = "skip"
    """Add nothing: a ledger exported again holds the rows already recorded."""


class RecordKind(Struct, frozen=True):
    """A kind of record edits can touch, and where it sits in a project's JSON form."""

    name: str
    """As on the command line and in the history: "payments", "phases", "project" …"""
    record_type: type
    path: tuple[str, ...]
    """Keys from the project's JSON form to the record (one of a kind) or to the list of records."""
    fields: tuple[str, ...]
    """The fields an edit may set; the key and the project code are never among them."""
    key: str | None = None
    """The field that names a record in its list ("id", "kind"); None when records are known by position."""
    id_prefix: str = ""
    """New records get the next id after the highest with this prefix: P1, P2 …"""
    many: bool = True
    """False for the project itself and its funding, which are one record each."""

    @property
    def positional(self) -> bool:
        """Records without ids (findings, compliance checks, recommendations) are named by their 1-based position."""
        return self.many and self.key is None

    def default(self, field: str) -> Json:
        """The JSON value a field has when the file leaves it out."""
        if self.record_type is str:
            return None
        default = dict(model.defaults(self.record_type)).get(field, msgspec.NODEFAULT)
        return None if default is msgspec.NODEFAULT else to_json(default)


def _fields_except(record_type: type[Struct], *left_out: str) -> tuple[str, ...]:
    return tuple(name for name in record_type.__struct_fields__ if name not in left_out)


KINDS: dict[str, RecordKind] = {
    kind.name: kind
    for kind in (
        RecordKind(
            "project",
            Project,
            (),
            fields=(
                "name",
                "department",
                "implementing_unit",
                "location",
                "status_date",
                "background",
                "overall_goal",
                "annual_goal",
                "progress_summary",
            ),
            many=False,
        ),
        RecordKind(
            "funding",
            model.Funding,
            ("funding",),
            # allocations only between left out (not stated) and [] (stated as none): see state_allocations
            fields=("annual_budget", "initial_budget", "total_budget", "carried_over", "allocations"),
            many=False,
        ),
        RecordKind("rules", model.RuleSettings, ("rules",), fields=_fields_except(model.RuleSettings), many=False),
        RecordKind(
            "sources", model.Source, ("funding", "sources"), fields=_fields_except(model.Source, "id"), key="id"
        ),
        RecordKind(
            "allocations",
            model.Allocation,
            ("funding", "allocations"),
            fields=_fields_except(model.Allocation, "id"),
            key="id",
            id_prefix="A",
        ),
        RecordKind(
            "payments",
            model.Payment,
            ("funding", "payments"),
            fields=_fields_except(model.Payment, "id"),
            key="id",
            id_prefix="P",
        ),
        RecordKind(
            "reported",
            model.ReportedFigure,
            ("funding", "reported"),
            fields=_fields_except(model.ReportedFigure, "id"),
            key="id",
            id_prefix="R",
        ),
        RecordKind("phases", model.Phase, ("phases",), fields=_fields_except(model.Phase, "id"), key="id"),
        RecordKind(
            "events", model.Event, ("events",), fields=_fields_except(model.Event, "id"), key="id", id_prefix="E"
        ),
        RecordKind(
            "indicators",
            model.Indicator,
            ("indicators",),
            fields=_fields_except(model.Indicator, "id"),
            key="id",
            id_prefix="I",
        ),
        RecordKind(
            "claims", model.Claim, ("claims",), fields=_fields_except(model.Claim, "id"), key="id", id_prefix="C"
        ),
        RecordKind("findings", model.Finding, ("findings",), fields=_fields_except(model.Finding)),
        RecordKind("compliance", model.ComplianceCheck, ("compliance",), fields=_fields_except(model.ComplianceCheck)),
        RecordKind("recommendations", str, ("recommendations",), fields=("text",)),
    )
}
"""Every kind of record an edit can touch, by name."""


def kind_named(name: str) -> RecordKind:
    """The record kind of this name; ValidationError for a name drift does not know."""
    kind = KINDS.get(name)
    if kind is None:
        raise ValidationError(f"{name!r} is not a kind of record ({', '.join(KINDS)})")
    return kind


def to_json(value: Any) -> Json:
    """A field value in the store's JSON form, so that it compares equal to what the file holds.

    Takes model values (Decimal, Date, enums, records) and JSON values alike; refuses floats, which
    would lose cents.
    """
    if isinstance(value, float):
        raise TypeError(f"{value!r}: money and shares are Decimal or text, never float")
    if isinstance(value, datetime.date) and not isinstance(value, Date):  # the codec knows pendulum's dates only
        return value.isoformat()
    # The codec's own encoder, so that an edit's values are spelled exactly as the store spells them.
    return _encode_in_store_form(value)


def show(value: Json) -> str:
    """A JSON value as one short piece of text for people: — for none or empty, text as is, the rest as compact JSON."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # what JSON in drift's files cannot hold, such as a whole number past 64 bits: refused later
        return repr(value)


class FieldChange(Struct, frozen=True):
    """One field before and after, in JSON form; in an edit, old is the value the edit was based on."""

    field: str
    old: Json
    new: Json


class RecordChange(Struct, frozen=True):
    """What one edit did to one record: each field whose value changed, with its old and new value."""

    project: str
    action: Action
    kind: str
    record: str | None
    fields: tuple[FieldChange, ...]


class Conflict(Struct, frozen=True):
    """A field, or a whole record, someone else changed after this edit's values were read."""

    project: str
    action: Action
    """What this edit was doing: adding, editing or deleting the record."""
    kind: str
    record: str | None
    field: str | None
    """None when the whole record is concerned: it was deleted, or its id was taken."""
    based_on: Json
    """The value this edit read."""
    theirs: Json
    """The value in the store now; None for a record that is gone."""
    yours: Json
    """The value this edit wanted to write; None for a delete."""

    def __str__(self) -> str:
        return str(self.words())

    def words(self) -> Words:
        """The conflict in words, by message key."""
        where = f"{self.kind} {self.record}" if self.record is not None else self.kind
        theirs, yours, read = show(self.theirs), show(self.yours), show(self.based_on)
        if self.field is None:
            if self.action is Action.ADD:
                return Words("error.conflict.exists", {"where": where, "theirs": theirs, "yours": yours})
            if self.yours:
                return Words("error.conflict.deleted_yours", {"where": where, "yours": yours})
            return Words("error.conflict.deleted", {"where": where})
        values = {"where": where, "field": self.field, "theirs": theirs, "yours": yours, "read": read}
        if self.action is Action.DELETE:
            return Words("error.conflict.delete_field", values)
        return Words("error.conflict.field", values)


class ConflictError(DriftError):
    """Someone else changed the same field (or record) since this edit read it; nothing was saved."""

    def __init__(self, conflicts: Sequence[Conflict]) -> None:
        self.conflicts = tuple(conflicts)
        self.words = Words("error.conflict", {"details": tuple(conflict.words() for conflict in self.conflicts)})
        super().__init__(str(self.words))


class UnknownRecordError(DriftError):
    """An edit names a project or record that is not there."""


class DuplicatePaymentError(DriftError):
    """The same payment is already recorded; nothing was saved."""

    def __init__(
        self, project: str, record: str, fields: Mapping[str, Json], by: str = "", at: datetime.datetime | None = None
    ) -> None:
        self.project = project
        self.record = record
        """The id of the payment already recorded."""
        self.fields = dict(fields)
        self.by = by
        """Who recorded it, when the history says so."""
        self.at = at
        self.words = self._words()
        super().__init__(str(self.words))

    def recorded(self, by: str, at: datetime.datetime) -> DuplicatePaymentError:
        """The same error, saying who recorded the payment and when."""
        return DuplicatePaymentError(self.project, self.record, self.fields, by, at)

    def _words(self) -> Words:
        voucher = self.fields.get("voucher")
        values = {
            "record": self.record,
            "project": self.project,
            **{name: show(self.fields.get(name)) for name in ("date", "source", "amount")},
            "voucher": Words("error.voucher", {"voucher": voucher}) if voucher else Words("error.no_voucher"),
        }
        if self.by and self.at is not None:
            return Words("error.duplicate_recorded", {**values, "by": self.by, "at": f"{self.at:%Y-%m-%d %H:%M}"})
        return Words("error.duplicate", values)


def same_payment(fields: Mapping[str, Json]) -> tuple[Json, ...]:
    """What makes two payments (in JSON form) one: the same date, source, amount as a value (120 = 120.00) and voucher."""
    date, source, raw = (fields.get(name) for name in ("date", "source", "amount"))
    voucher = fields.get("voucher") or ""  # left out of the file when empty
    try:
        amount: Json = Decimal(cast(str, raw))
        hash(amount)
    except (InvalidOperation, TypeError, ValueError):
        amount = show(raw)  # not money: the record's own check refuses it, with its path, once the batch is decoded
    # Anything but text is compared by its JSON spelling, so that a bad value is refused there, not here.
    return (show(date), show(source), amount, voucher if isinstance(voucher, str) else show(voucher))


class Edit(Struct, frozen=True):
    """One change to the store, carrying the values it was based on so it can be checked on fresher data."""

    # Not an abc.ABC: a Struct's metaclass cannot be combined with ABCMeta. Each kind of edit overrides perform_on,
    # or perform for a RecordEdit.

    project: str
    """The code of the project the edit touches."""

    def perform_on(self, projects: tuple[Project, ...]) -> tuple[tuple[Project, ...], RecordChange]:
        """The portfolio's projects after this edit, and what changed."""
        raise NotImplementedError


class RecordEdit(Edit, frozen=True):
    """An edit of one record inside one project."""

    def apply(self, project: Project) -> Project:
        """The project with this edit made and every rule checked; ConflictError when it changed underneath."""
        return self.perform(project)[0]

    def perform(self, project: Project) -> tuple[Project, RecordChange]:
        """The project after this edit and what changed; ValidationError with the field's path, or ConflictError."""
        raise NotImplementedError

    def perform_on(self, projects: tuple[Project, ...]) -> tuple[tuple[Project, ...], RecordChange]:
        index = next((i for i, p in enumerate(projects) if p.code == self.project), None)
        if index is None:
            raise UnknownRecordError.said("error.no_project", code=self.project)
        result, change = self.perform(projects[index])
        return (*projects[:index], result, *projects[index + 1 :]), change


class AddRecord(RecordEdit, frozen=True):
    """Add a record to a list: a payment, an allocation, an event, a finding …

    Without record, a keyed record gets the next free id and a positional one goes last; adds never
    conflict. With record (undoing a delete), the id must be free and a position is kept.
    """

    project: str
    kind: str
    values: Values
    record: str | None = None
    duplicates: Duplicates = Duplicates.ALLOW
    """For a payment: what to do when the same payment (same_payment) was already recorded."""

    def perform(self, project: Project) -> tuple[Project, RecordChange]:
        result, (change,) = _add_all(project, [self])
        return result, change

    def _place(self, kind: RecordKind, records: list[Any], code: str, last: dict[str, int]) -> tuple[str, int]:
        """The new record's id and index in records; last holds each kind's highest id number given so far."""
        if kind.positional:
            position = int(self.record) if self.record and self.record.isdigit() else len(records) + 1
            position = max(1, min(position, len(records) + 1))
            return str(position), position - 1
        if self.record is None:
            if not kind.id_prefix:
                raise ValidationError(f"a new {kind.name} record needs an id")
            return _next_id(kind, records, last), len(records)
        taken = _index(kind, records, self.record)
        if taken is not None:
            theirs = _as_fields(kind, records[taken])
            raise ConflictError(
                [Conflict(code, Action.ADD, kind.name, self.record, None, None, theirs, dict(self.values))]
            )
        return self.record, len(records)


class EditRecord(RecordEdit, frozen=True):
    """Set fields of one record; each change's old value must still be the stored one.

    A change whose old and new value are equal only guards: the field must still hold that value.
    Records known by position are guarded whole, so an edit never lands on a neighbour that moved up.
    """

    project: str
    kind: str
    record: str | None
    changes: tuple[FieldChange, ...]

    def perform(self, project: Project) -> tuple[Project, RecordChange]:
        kind = kind_named(self.kind)
        _check_fields(kind, {change.field: change.new for change in self.changes})
        doc = encode_project(project)
        fields = _fields_at(kind, doc, self.record)
        if fields is None:
            wanted = {change.field: change.new for change in self.changes if change.old != change.new}
            raise ConflictError([Conflict(project.code, Action.EDIT, kind.name, self.record, None, None, None, wanted)])
        conflicts = [
            Conflict(project.code, Action.EDIT, kind.name, self.record, c.field, c.old, current, c.new)
            for c in self.changes
            if (current := fields.get(c.field, kind.default(c.field))) != c.old
        ]
        if conflicts:
            raise ConflictError(conflicts)
        before = dict(fields)
        for change in self.changes:
            fields[change.field] = change.new
        _put_fields(kind, doc, self.record, fields)
        result = _decoded(doc, project.code)
        after = _fields_at(kind, encode_project(result), self.record) or {}
        changed = tuple(
            FieldChange(c.field, before.get(c.field, kind.default(c.field)), after.get(c.field, kind.default(c.field)))
            for c in self.changes
        )
        changed = tuple(c for c in changed if c.old != c.new)
        return result, RecordChange(project.code, Action.EDIT, kind.name, self.record, changed)


class DeleteRecord(RecordEdit, frozen=True):
    """Delete one record; refused when someone changed it since old, its every stored field, was read."""

    project: str
    kind: str
    record: str
    old: Values

    def perform(self, project: Project) -> tuple[Project, RecordChange]:
        kind = kind_named(self.kind)
        if not kind.many:
            raise ValidationError(f"a {kind.name} record cannot be deleted")
        doc = encode_project(project)
        records = _list_in(doc, kind)
        index = _index(kind, records, self.record)
        old = dict(self.old)
        if index is None:
            raise ConflictError([Conflict(project.code, Action.DELETE, kind.name, self.record, None, old, None, None)])
        current = _as_fields(kind, records[index])
        if current != old:
            raise ConflictError(_differences(project.code, kind, self.record, old, current))
        del records[index]
        result = _decoded(doc, project.code)
        changes = tuple(FieldChange(name, value, None) for name, value in current.items() if name != kind.key)
        return result, RecordChange(project.code, Action.DELETE, kind.name, self.record, changes)


class AddProject(Edit, frozen=True):
    """Add a new project; its code must not be in the store yet."""

    project: str
    values: Values
    """The project's JSON form without its code: name, budget_year, funding …"""

    def perform_on(self, projects: tuple[Project, ...]) -> tuple[tuple[Project, ...], RecordChange]:
        result, (change,) = _add_projects(projects, [self])
        return result, change


class RemoveProject(Edit, frozen=True):
    """Remove a whole project, as undoing `drift new` does; refused when anyone changed it since."""

    project: str
    old: Values

    def perform_on(self, projects: tuple[Project, ...]) -> tuple[tuple[Project, ...], RecordChange]:
        kind = KINDS["project"]
        found = next((p for p in projects if p.code == self.project), None)
        old = dict(self.old)
        if found is None:
            raise ConflictError([Conflict(self.project, Action.DELETE, kind.name, None, None, old, None, None)])
        current = {k: v for k, v in encode_project(found).items() if k != "code"}
        if current != old:
            raise ConflictError(_differences(self.project, kind, None, old, current))
        changes = tuple(FieldChange(name, value, None) for name, value in current.items())
        remaining = tuple(p for p in projects if p.code != self.project)
        return remaining, RecordChange(self.project, Action.DELETE, "project", None, changes)


def apply_edits(
    projects: Iterable[Project], edits: Iterable[Edit]
) -> tuple[tuple[Project, ...], tuple[RecordChange, ...]]:
    """The projects after every edit in turn, and what each changed; the first error stops them all."""
    current = tuple(projects)
    changes: list[RecordChange] = []
    pending = collections.deque(edits)
    while pending:
        edit = pending.popleft()
        if isinstance(edit, AddProject | RemoveProject):
            # A run of whole projects (an import) is added or removed in one pass, not a copy of the portfolio each.
            whole: list[Any] = [edit]
            while pending and type(pending[0]) is type(edit):
                whole.append(pending.popleft())
            current, done = _add_projects(current, whole) if isinstance(edit, AddProject) else _remove(current, whole)
            changes += done
        elif _appends(edit):
            # A run of new records for one project (a ledger import) is validated once, not once per record.
            run = [edit]
            while pending and _appends(pending[0]) and pending[0].project == edit.project:
                run.append(cast(AddRecord, pending.popleft()))
            index = next((i for i, p in enumerate(current) if p.code == edit.project), None)
            if index is None:
                raise UnknownRecordError.said("error.no_project", code=edit.project)
            result, added = _add_all(current[index], run)
            current = (*current[:index], result, *current[index + 1 :])
            changes += added
        else:
            current, change = edit.perform_on(current)
            changes.append(change)
    return current, tuple(changes)


def _add_projects(
    projects: tuple[Project, ...], adds: Sequence[AddProject]
) -> tuple[tuple[Project, ...], list[RecordChange]]:
    """The projects with these new ones after them, and what each added; refused when a code is taken."""
    codes = {p.code for p in projects}
    added: list[Project] = []
    changes = []
    for add in adds:
        if add.project in codes:
            raise ValidationError.said("error.project_exists", code=add.project).located(prefix="code")
        if not add.project.strip():
            raise ValidationError.said("error.project_needs_code").located(prefix="code")
        result = _decoded({"code": add.project, **dict(add.values)}, add.project)
        stored = encode_project(result)
        fields = tuple(FieldChange(name, None, value) for name, value in stored.items() if name != "code")
        codes.add(add.project)
        added.append(result)
        changes.append(RecordChange(add.project, Action.ADD, "project", None, fields))
    return (*projects, *added), changes


def _remove(
    projects: tuple[Project, ...], removes: Sequence[RemoveProject]
) -> tuple[tuple[Project, ...], list[RecordChange]]:
    """The projects without these, each checked against the values its removal was based on, and what each removed."""
    found = {p.code: p for p in projects}
    changes = []
    for remove in removes:
        project = found.pop(remove.project, None)
        changes.append(remove.perform_on(() if project is None else (project,))[1])
    gone = {remove.project for remove in removes}
    return tuple(p for p in projects if p.code not in gone), changes


def project_values(project: Project) -> Values:
    """A project's JSON form without its code, as AddProject and RemoveProject carry it."""
    return tuple((name, value) for name, value in encode_project(project).items() if name != "code")


def _appends(edit: Edit) -> TypeGuard[AddRecord]:
    return isinstance(edit, AddRecord) and edit.record is None


def _add_all(project: Project, adds: Sequence[AddRecord]) -> tuple[Project, list[RecordChange]]:
    """The project with these records added in turn, decoded and checked once, and what each added.

    A payment skipped as already recorded adds nothing: its change names the payment it matched, with no field.
    """
    doc = encode_project(project)
    placed: list[tuple[RecordKind, str]] = []
    # The payments there before these adds, not those they make: rows of one ledger may repeat.
    checked = any(add.duplicates is not Duplicates.ALLOW and add.kind == "payments" for add in adds)
    recorded = _recorded_payments(_list_in(doc, KINDS["payments"])) if checked else {}
    skipped: dict[int, RecordChange] = {}
    last: dict[str, int] = {}
    for add in adds:
        kind = kind_named(add.kind)
        if not kind.many:
            raise ValidationError(f"a {kind.name} record cannot be added; edit its fields instead")
        _check_fields(kind, dict(add.values))
        records = _list_in(doc, kind, create=True)
        if add.duplicates is not Duplicates.ALLOW and kind.name == "payments":
            same = recorded.get(same_payment(dict(add.values)))
            if same and add.duplicates is Duplicates.REFUSE:
                existing = records[cast(int, _index(kind, records, same[0]))]
                raise DuplicatePaymentError(project.code, same[0], _as_fields(kind, existing))
            if same:
                skipped[len(placed) + len(skipped)] = RecordChange(project.code, Action.ADD, kind.name, same.pop(0), ())
                continue
        record_id, index = add._place(kind, records, project.code, last)
        fields = dict(add.values)
        if kind.key is not None:
            fields = {kind.key: record_id, **fields}
        records.insert(index, _as_item(kind, fields))
        placed.append((kind, record_id))
    result = _decoded(doc, project.code)
    stored_doc = encode_project(result)
    kinds = {kind.name: kind for kind, _ in placed if not kind.positional}
    keyed = {  # each kind's records by id, read once for all the adds
        name: {item.get(kind.key): item for item in _list_in(stored_doc, kind)} for name, kind in kinds.items()
    }
    added = iter(placed)
    changes = []
    for n in range(len(adds)):
        if n in skipped:
            changes.append(skipped[n])
            continue
        kind, record_id = next(added)
        item = keyed[kind.name].get(record_id) if kind.name in keyed else None
        stored = _as_fields(kind, item) if item is not None else _fields_at(kind, stored_doc, record_id) or {}
        given = tuple(FieldChange(name, None, value) for name, value in stored.items() if name != kind.key)
        changes.append(RecordChange(project.code, Action.ADD, kind.name, record_id, given))
    return result, changes


def _recorded_payments(records: list[Any]) -> dict[tuple[Json, ...], list[str]]:
    """The ids of the payments there, by what makes them the same payment, in the order they are listed."""
    found: dict[tuple[Json, ...], list[str]] = {}
    for item in records:
        found.setdefault(same_payment(item), []).append(item["id"])
    return found


# Builders: edits from what a person typed, based on the project as they see it.


def add_payment(
    project: str,
    *,
    date: Any,
    amount: Any,
    source: Any = model.WHOLE_PROJECT,
    voucher: str = "",
    note: str = "",
    duplicates: Duplicates = Duplicates.REFUSE,
) -> AddRecord:
    """A new payment (支出); its id is given when it is saved. The same payment recorded again is refused by default."""
    add = _add(project, "payments", date=date, source=source, amount=amount, voucher=voucher, note=note)
    return structs.replace(add, duplicates=duplicates)


def add_allocation(
    project: str, *, date: Any, amount: Any, source: Any = model.WHOLE_PROJECT, document: str = "", note: str = ""
) -> AddRecord:
    """A new allocation (下达) with its notice's number; its id is given when it is saved."""
    return _add(project, "allocations", date=date, source=source, amount=amount, document=document, note=note)


def add_reported_figure(
    project: str,
    *,
    date: Any,
    source: Any = model.WHOLE_PROJECT,
    allocated: Any = None,
    paid: Any = None,
    reference: str = "",
    note: str = "",
) -> AddRecord:
    """A cumulative figure a report states as of date, for a source or the whole project; its id is given when saved."""
    if allocated is None and paid is None:
        raise ValidationError.said("error.figure_empty")
    values = {"allocated": allocated, "paid": paid}
    return _add(
        project,
        "reported",
        date=date,
        source=source,
        **{name: value for name, value in values.items() if value is not None},
        reference=reference,
        note=note,
    )


def add_source(
    project: Project, *, kind: Any, name: str = "", annual_budget: Any = None, forecast: Any = None, source_id: str = ""
) -> AddRecord:
    """A new funding source; known by source_id, else by its kind (kind-2 … when the kind is already listed)."""
    kind = to_json(kind)
    taken = {source.id for source in project.funding.sources}
    if not source_id:
        source_id = next(
            candidate for n in range(1, len(taken) + 2) if (candidate := kind if n == 1 else f"{kind}-{n}") not in taken
        )
    elif source_id in taken:
        raise ValidationError.said("error.source_exists", source=source_id, code=project.code).located(
            prefix="funding.sources"
        )
    values = {"annual_budget": annual_budget, "forecast": forecast}
    add = _add(
        project.code,
        "sources",
        kind=kind,
        name=name or SOURCE_NAMES.get(kind, kind),
        **{n: v for n, v in values.items() if v is not None},
    )
    return structs.replace(add, record=source_id)


def state_allocations(project: Project, *, stated: bool) -> EditRecord:
    """Record that the report states no allocation was made ([]), or that it does not state its allocations (left out).

    Refused while allocations are recorded: they already state them, and this must never delete them.
    """
    if project.funding.allocations:
        count = len(project.funding.allocations)
        raise ValidationError.said("error.allocations_recorded", count=count).located(prefix="funding.allocations")
    return edit_record(project, "funding", None, allocations=[] if stated else None)


def add_event(
    project: str,
    *,
    date: Any,
    name: str,
    document: str = "",
    title: str = "",
    issuer: str = "",
    phase: str = "",
    marks: Any = model.EventMark.END,
) -> AddRecord:
    """A new milestone event, optionally marking the start or end of a phase."""
    return _add(
        project,
        "events",
        date=date,
        name=name,
        document=document,
        title=title,
        issuer=issuer,
        phase=phase,
        marks=marks if phase else model.EventMark.END,
    )


def add_finding(project: str, *, problem: str, cause: str = "", recommendation: str = "") -> AddRecord:
    """A new finding: the problem, its cause and the recommendation made for it."""
    return _add(project, "findings", problem=problem, cause=cause, recommendation=recommendation)


def add_claim(
    project: str,
    *,
    kind: Any,
    value: str,
    date: Any,
    subject: str = "",
    reference: str = "",
    tolerance: Any = None,
) -> AddRecord:
    """A new claim the report makes about itself (drift/claims.py holds it against the records)."""
    return _add(
        project,
        "claims",
        kind=kind,
        value=value,
        date=date,
        subject=subject,
        reference=reference,
        tolerance=tolerance,
    )


def add_compliance(project: str, *, item: str, status: str = "", risk: str = "") -> AddRecord:
    """A new compliance check (延伸监控)."""
    return _add(project, "compliance", item=item, status=status, risk=risk)


def add_recommendation(project: str, text: str) -> AddRecord:
    """A new recommendation not tied to a finding."""
    return AddRecord(project, "recommendations", (("text", to_json(text)),))


def edit_record(project: Project, kind: str, record: str | None = None, /, **values: Any) -> EditRecord:
    """An edit of these fields, based on their values in project as the person saw it.

    Fields given with their current value are left out; an edit left with nothing to change saves
    nothing. UnknownRecordError when the record is not in project.
    """
    spec = kind_named(kind)
    _check_fields(spec, values)
    fields = _fields_at(spec, encode_project(project), record)
    if fields is None:
        raise _unknown(spec, project, record)
    changes = [
        FieldChange(name, old, new)
        for name, value in values.items()
        if (old := fields.get(name, spec.default(name))) != (new := to_json(value))
    ]
    if spec.positional and changes:
        touched = {change.field for change in changes}
        changes += [FieldChange(name, value, value) for name, value in fields.items() if name not in touched]
    return EditRecord(project.code, kind, record, tuple(changes))


def delete_record(project: Project, kind: str, record: str) -> DeleteRecord:
    """A delete of this record, based on all its fields as the person saw them."""
    spec = kind_named(kind)
    fields = _fields_at(spec, encode_project(project), record) if spec.many else None
    if fields is None:
        raise _unknown(spec, project, record)
    return DeleteRecord(project.code, kind, record, tuple(fields.items()))


def new_project(
    code: str,
    *,
    name: str,
    budget_year: int,
    annual_budget: Any = None,
    sources: Iterable[tuple[Any, Any]] = (),
    **fields: Any,
) -> AddProject:
    """A new project with the required fields, funding sources as (kind, annual budget) and any other fields.

    Each source is known by its kind, and by kind-2, kind-3 … when the project has several of one kind."""
    funding: dict[str, Json] = {} if annual_budget is None else {"annual_budget": to_json(annual_budget)}
    listed: list[Json] = []
    for kind, amount in sources:
        kind = to_json(kind)
        same = sum(1 for item in listed if isinstance(item, dict) and item["kind"] == kind)
        source_id = kind if not same else f"{kind}-{same + 1}"
        listed.append(
            {"id": source_id, "kind": kind, "name": SOURCE_NAMES.get(kind, kind), "annual_budget": to_json(amount)}
        )
    if listed:
        funding["sources"] = listed
    values = {"name": to_json(name), "budget_year": budget_year, "funding": funding}
    values |= {key: to_json(value) for key, value in fields.items()}
    return AddProject(code, tuple(values.items()))


SOURCE_NAMES = {
    "central": "中央补助资金",
    "provincial": "省级补助资金",
    "municipal": "市级财政资金",
    "county": "县级财政资金",
    "local": "县级财政资金",
    "special_bonds": "专项债券资金",
    "social_capital": "社会资本",
    "self_raised": "单位自筹资金",
    "other": "其他资金",
}
"""The name a source gets when none is given: what reports usually call money of its kind."""


# The project's JSON form: where records sit and how they are read and written.


def _add(project: str, kind: str, /, **values: Any) -> AddRecord:
    spec = KINDS[kind]
    stored = {name: to_json(value) for name, value in values.items()}
    # Defaults are left out, as the store leaves them out, so the new record's history lists what was given.
    return AddRecord(project, kind, tuple((k, v) for k, v in stored.items() if v != spec.default(k)))


def _check_fields(kind: RecordKind, values: Mapping[str, Any]) -> None:
    for name in values:
        if name not in kind.fields:
            raise ValidationError.said("error.no_such_field", kind=kind.name, name=name, fields=", ".join(kind.fields))


def _list_in(doc: dict[str, Any], kind: RecordKind, *, create: bool = False) -> list[Any]:
    node = doc
    for step in kind.path[:-1]:
        node = node[step]
    records: list[Any] = node.setdefault(kind.path[-1], []) if create else node.get(kind.path[-1], [])
    if kind.record_type is model.Source:  # a source's id is left out of the file where it is its kind
        for item in records:
            if isinstance(item, dict):
                item.setdefault("id", item.get("kind"))
    return records


def _index(kind: RecordKind, records: list[Any], record: str | None) -> int | None:
    if record is None:
        return None
    if kind.positional:
        position = int(record) if record.isascii() and record.isdigit() else 0
        return position - 1 if 1 <= position <= len(records) else None
    return next((i for i, item in enumerate(records) if item.get(kind.key) == record), None)


def _as_fields(kind: RecordKind, item: Any) -> dict[str, Json]:
    return {"text": item} if kind.record_type is str else dict(item)


def _as_item(kind: RecordKind, fields: dict[str, Json]) -> Any:
    return fields.get("text") if kind.record_type is str else fields


def _fields_at(kind: RecordKind, doc: dict[str, Any], record: str | None) -> dict[str, Json] | None:
    """A copy of the record's fields as stored (defaults left out), or None when it is not there."""
    if not kind.many:
        node = doc
        for step in kind.path:
            node = node.get(step, {})  # a record left out of the file holds only defaults (a project's rules)
        return dict(node)
    records = _list_in(doc, kind)
    index = _index(kind, records, record)
    return None if index is None else _as_fields(kind, records[index])


def _put_fields(kind: RecordKind, doc: dict[str, Any], record: str | None, fields: dict[str, Json]) -> None:
    if not kind.many:
        node = doc
        for step in kind.path:
            node = node.setdefault(step, {})
        node.clear()
        node.update(fields)
        return
    records = _list_in(doc, kind)
    index = _index(kind, records, record)
    assert index is not None
    records[index] = _as_item(kind, fields)


def _next_id(kind: RecordKind, records: list[Any], last: dict[str, int]) -> str:
    """The id after the highest of the kind's records; the list is read once, then last counts on (a ledger of
    thousands of rows must not read it once per row)."""
    prefix = kind.id_prefix
    if kind.name in last:
        last[kind.name] += 1
        return f"{prefix}{last[kind.name]}"
    numbers = [
        int(item[kind.key][len(prefix) :])
        for item in records
        if isinstance(item.get(kind.key), str)
        and item[kind.key].startswith(prefix)
        and item[kind.key][len(prefix) :].isascii()
        and item[kind.key][len(prefix) :].isdigit()
    ]
    last[kind.name] = max(numbers, default=0) + 1
    return f"{prefix}{last[kind.name]}"


def _decoded(doc: dict[str, Any], code: str) -> Project:
    try:
        return decode_project(doc)
    except ValidationError as error:
        raise error.located(prefix=f"projects[{code}]") from None


def _differences(
    code: str, kind: RecordKind, record: str | None, old: dict[str, Json], current: dict[str, Json]
) -> list[Conflict]:
    """The fields of a record to be deleted that someone changed since it was read."""
    names = [*old, *(name for name in current if name not in old)]
    return [
        Conflict(code, Action.DELETE, kind.name, record, name, old.get(name), current.get(name), None)
        for name in names
        if old.get(name) != current.get(name)
    ]


def _unknown(kind: RecordKind, project: Project, record: str | None) -> UnknownRecordError:
    records = _list_in(encode_project(project), kind) if kind.many else []
    if kind.positional:
        known = [str(n) for n in range(1, len(records) + 1)]
    else:
        known = [str(item.get(kind.key)) for item in records]
    listed = ", ".join(known[:12]) + (" …" if len(known) > 12 else "") if known else Words("error.none_yet")
    kind_words = Words(f"kind.{kind.name}")
    return UnknownRecordError.said("error.no_record", kind=kind_words, record=record, code=project.code, listed=listed)
