"""The store file's tables: TinyDB's adapter, decoding and validating them, and writing a save's projects and history."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, overload

import msgspec
import orjson
from msgspec import Struct, structs
from tinydb import TinyDB
from tinydb.middlewares import Middleware
from tinydb.storages import Storage
from tinydb.table import Document

from store import layout
from store.checked import CheckedSeals, checks_version
from store.codec import decode_project, encode_project
from store.errors import StoreError, ValidationError
from store.fileio import parse_json, read_json, write_atomically
from store.history import (
    CHAIN,
    HISTORY,
    ChainReport,
    HistoryEntry,
    chain_end,
    check_history_table,
    decode_history,
    project_digest,
    sealed,
    verify_chain,
)
from store.migrations import SCHEMA_VERSION, check_version, migrate
from store.model import Portfolio, Project

META = "_meta"
PROJECTS = "projects"

STORE_ID = re.compile(r"[0-9a-f]{16}")
"""A store's id in its _meta record, given when it is made: its backups carry it, so a store made anew at the
same path never takes an earlier store's backups for its own. It becomes part of file names, hence so strict."""

ANY_STORE = "any"
"""In place of a store id: a store that cannot be read, whose backups are all those of its file name."""


class JSONFileStorage(Storage):
    """TinyDB storage in drift's layout (store.layout): parsed with orjson, each write an atomic replace."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        return read_json(self.path) if self.path.exists() else None

    def write(self, data: dict[str, Any]) -> None:
        write_atomically(self.path, layout.dump(data))

    def close(self) -> None:
        pass


class Transaction(Middleware):
    """Holds TinyDB's writes until commit(), so one change is one atomic save.

    It starts from tables already read, in which the big tables' documents may be layout.Unparsed, the very
    bytes of the file: TinyDB moves documents between tables without looking inside, so a save parses and
    encodes only what changed. Unlike TinyDB's CachingMiddleware it never writes on close: a change that
    fails half-way leaves the file exactly as it was.
    """

    def __init__(self, storage_cls: type[Storage] = JSONFileStorage, *, tables: dict[str, Any]) -> None:
        super().__init__(storage_cls)
        self._data = tables
        self._dirty = False

    def read(self) -> dict[str, Any]:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self._dirty = True

    def commit(self) -> None:
        if self._dirty:
            self.storage.write(self._data)
            self._dirty = False

    def close(self) -> None:
        pass


class Contents(Struct, frozen=True):
    """Everything a store keeps, in the file store's tables: what `drift migrate` moves between back-ends whole."""

    meta: dict[str, Any]
    """The _meta record: schema, revision, store id and the history chain's last hash and number."""
    projects: dict[str, Any]
    """Each project's JSON form by its document id (a database's position), in the portfolio's order."""
    history: dict[str, Any]
    """Each history entry as written, by its number."""
    rules: bytes | None
    """The store's rules file as it is, or None when it has none."""


def decode_store(
    data: Any,
    file: Path,
    each: Callable[[Project], None] | None = None,
    *,
    sealed: bool = False,
    known: Sequence[Project | None] | None = None,
    only: Collection[str] | None = None,
    passed: Sequence[bool] | None = None,
) -> Portfolio:
    """A validated Portfolio from the store's tables; errors name the file and the field.

    The tables may be dicts or any Mapping (a split file's, read a line at a time); each, when given, sees every
    project as soon as it is decoded, so a big store can be shown while the rest is read. sealed: the projects
    table is byte for byte one this user's drift checked before (store.checked): built without the checks again.
    known: for each document, the project read before from the very same bytes, or None to read it now. only: of a
    sealed table split into lines, the ids of the project documents to build, the others left unread. passed: for
    each document, whether this user's drift checked its very bytes before (store.checked, the lines).
    """
    try:
        if not isinstance(data, Mapping):
            raise ValidationError.said("error.store_not_tables")
        meta = data.get(META)
        if not isinstance(meta, Mapping) or len(meta) != 1 or not isinstance(next(iter(meta.values())), dict):
            raise ValidationError.said("error.no_meta").located(prefix=META)
        record = next(iter(meta.values()))
        version = check_version(record.get("schema"), f"{META}.schema")
        revision = record.get("revision")
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
            raise ValidationError.said("error.revision_number", value=revision).located(prefix=f"{META}.revision")
        store_id = record.get("id")  # stores made before ids have none until their next save
        if store_id is not None and not (isinstance(store_id, str) and STORE_ID.fullmatch(store_id)):
            raise ValidationError.said("error.store_id", value=store_id).located(prefix=f"{META}.id")
        if version < SCHEMA_VERSION:
            # A table that is not one is named below, as at the current schema.
            known = passed = None  # read before as the same bytes, but of the schema they have: migrated, they differ
            data = migrate(
                {name: dict(table) if isinstance(table, Mapping) else table for name, table in data.items()}, version
            )
        table = data.get(PROJECTS, {})
        if not isinstance(table, Mapping):
            raise ValidationError.said("error.not_project_table").located(prefix=PROJECTS)
        for doc_id in meta:
            layout.check_document_id(doc_id, META)
        for doc_id in table:
            layout.check_document_id(doc_id, f"{PROJECTS}[{doc_id}]")
        docs: Iterable[tuple[str, Any]] = table.texts() if isinstance(table, layout.Table) else table.items()
        if only is not None and isinstance(table, layout.Table):  # sealed: the others were checked with them
            docs = [(doc_id, table.text(doc_id)) for doc_id in only]
        docs = ((f"{PROJECTS}[{doc_id}]", doc) for doc_id, doc in docs)
        projects = decode_projects(docs, each, sealed=sealed, known=known, passed=passed)
        history = data.get(HISTORY, {})  # stores from before the history table have none
        check_history_table(dict(history) if isinstance(history, layout.Table) else history)
        for name, other in data.items():  # a save writes every table back, as TinyDB's tables of documents
            if not isinstance(other, Mapping):
                raise ValidationError.said("error.not_document_table").located(prefix=name)
            if isinstance(other, layout.Table) and name not in (PROJECTS, HISTORY):
                dict(other)  # each line of the small tables read: orjson.JSONDecodeError for one that is not JSON
    except ValidationError as error:
        raise error.located(file=str(file)) from None
    return Portfolio(projects=projects, revision=revision)


class Decoded(NamedTuple):
    """A store file read: its validated Portfolio and its tables (split into lines, or parsed whole)."""

    portfolio: Portfolio
    tables: layout.Lines | dict[str, Any]
    by_digest: dict[bytes, Project]
    """Each project by the digest of its line, to be given back as known when the file is read again."""
    seal: str | None
    """The seal of its projects table (seal_of), every project in it valid; None for a file not in drift's layout or
    not of this schema."""
    digests: dict[str, bytes]
    """The digest of each project's line by document id; empty for a file not in drift's layout."""


class Opening(NamedTuple):
    """One of the first projects of a store file, read from the file's first bytes before the rest (decode_opening)."""

    doc_id: str
    digest: bytes
    """The digest of its line, as document_digests makes it."""
    project: Project


def decode_opening(head: bytes, count: int) -> list[Opening]:
    """Up to count of the first projects of a store file in drift's layout and schema, from its first bytes, each
    checked in full: whether the file is one this user's drift checked before is known only once it is read whole.

    Fewer, or none, when the head is not as drift writes a store, or a project in it is not valid: reading the whole
    file says what is wrong, where, as for any other project.
    """
    found = layout.opening(head, META, PROJECTS, count)
    if found is None:
        return []
    meta, documents = found
    try:
        if orjson.loads(meta).get("schema") != SCHEMA_VERSION:  # an older store is migrated first
            return []
    except (orjson.JSONDecodeError, AttributeError):
        return []
    opening: list[Opening] = []
    codes: set[str] = set()
    for doc_id, line in documents:
        try:
            project = decode_project(line)
        except ValidationError:
            break
        if project.code in codes:
            break
        codes.add(project.code)
        opening.append(Opening(doc_id, hashlib.sha256(line).digest(), project))
    return opening


def decode_file(
    raw: bytes,
    file: Path,
    each: Callable[[Project], None] | None = None,
    known: Mapping[bytes, Project] | None = None,
    checked: CheckedSeals | None = None,
    digest_of: dict[str, tuple[bytes, Project]] | None = None,
    opening: Sequence[Opening] = (),
) -> Decoded:
    """A store file's validated Portfolio and its tables.

    A file in drift's layout is read a document at a time, so a 100 MB store never sits in memory parsed
    whole. Any other valid JSON (written by hand, or by an older drift) is parsed whole. known: projects read
    before, by the digest of the line they were read from; a line of the same bytes is not read again. checked:
    the seals this user's drift found valid before; a projects table of one of those is built without the checks.
    digest_of: filled with the digest of each project's line, and the project, by its code, before each sees it.
    opening: the first projects of these bytes as decode_opening read them, which each has seen already.
    """
    lines = layout.split(raw)
    if lines is not None:
        tables = lines.parsed()
        try:
            projects: Mapping[str, Any] = tables.get(PROJECTS, {})
            digests = document_digests(projects)
            # Only a store of this schema: a migrated one is remembered as read, not as its projects are checked.
            seal = seal_of(projects, digests) if _meta_record(lines).get("schema") == SCHEMA_VERSION else None
            sealed = checked is not None and seal is not None and checked.holds(seal)
            # Not sealed, some lines may still be ones this user's drift checked: a colleague's save changes a few.
            lines_checked = checked.lines() if checked is not None and seal is not None and not sealed else None
            passed = [digest in lines_checked for digest in digests] if lines_checked else None
            had = [known.get(digest) for digest in digests] if known else None
            if opening:
                had = _known_from_the_opening(file, opening, list(zip(projects, digests, strict=True)), had)
                each = _past_the_opening(file, opening, each)
            if digest_of is not None:
                each = _noting(each, iter(digests), digest_of)
            portfolio = decode_store(tables, file, each, sealed=sealed, known=had, passed=passed)
            # Only of this schema: bytes read as an older schema's, migrated, are not what this schema's checks passed.
            by_digest = dict(zip(digests, portfolio.projects, strict=True)) if seal is not None else {}
            return Decoded(portfolio, lines, by_digest, seal, dict(zip(projects, digests, strict=True)))
        except (orjson.JSONDecodeError, ValidationError):
            # A line that is not one whole document (joined or cut by hand) can make the split see other tables
            # than the file holds: only parsing whole says whether, and what, is wrong with it.
            each = None
    if digest_of is not None:
        digest_of.clear()  # what the split or the opening saw names no line of a file parsed whole
    data = parse_json(raw, file)
    portfolio = decode_store(data, file, _past_the_opening(file, opening, each) if opening else each)
    if len(portfolio.projects) < len(opening):  # projects shown that the file, read whole, does not hold
        raise StoreError.said("error.changed_while_read", path=file)
    return Decoded(portfolio, data, {}, None, {})


class OneRead(NamedTuple):
    """A store file whose projects table this user's drift checked before, one project of it built from its line."""

    portfolio: Portfolio
    """The project asked for alone, or no project when the store has none of that code."""
    total: int
    """How many projects the store holds."""
    lines: layout.Lines
    doc_id: str | None
    """The document id of the project built."""
    digests: dict[str, bytes]
    """The digest of each project line, by document id."""


def decode_one(raw: bytes, file: Path, code: str | None, checked: CheckedSeals) -> OneRead | None:
    """The project of this code (None: the store's only one) built from its line alone, the file's other tables
    checked as decode_file checks them; None when the projects table is not one this user's drift checked before,
    which decode_file then reads whole (and says what is wrong with it)."""
    sealed = _sealed(raw, file, checked)
    if sealed is None:
        return None
    lines, projects, digests = sealed
    only = next(iter(projects)) if len(projects) == 1 else None
    doc_id = only if code is None else _document_of(projects, code)
    try:
        portfolio = decode_store(lines.parsed(), file, sealed=True, only=() if doc_id is None else (doc_id,))
    except (orjson.JSONDecodeError, ValidationError):
        return None
    return OneRead(portfolio, len(projects), lines, doc_id, dict(zip(projects, digests, strict=True)))


class BuiltWhenAsked(Sequence[Project]):
    """Projects each built whenever it is asked for and kept by nobody, with the digest of each one's stored text in
    their order (what names its remembered analysis): a command that needs some of them builds only those."""

    digests: list[bytes]

    @overload
    def __getitem__(self, index: int) -> Project: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Project]: ...
    def __getitem__(self, index: int | slice) -> Project | Sequence[Project]:
        if isinstance(index, slice):
            return [self._built(n) for n in range(len(self))[index]]
        return self._built(index)

    def _built(self, index: int) -> Project:
        raise NotImplementedError


class SealedProjects(BuiltWhenAsked):
    """The projects of a file this user's drift checked before, each built from its line."""

    def __init__(self, projects: layout.Table, digests: list[bytes]) -> None:
        self._texts = [text for _, text in projects.texts()]
        self.digests = digests

    def __len__(self) -> int:
        return len(self._texts)

    def _built(self, index: int) -> Project:
        return decode_project(self._texts[index], checked_before=True)


def sealed_projects(raw: bytes, file: Path, checked: CheckedSeals) -> SealedProjects | None:
    """Every project of a file this user's drift checked before, built when asked for (SealedProjects), the other
    tables checked as decode_file checks them; None for any other file, which decode_file reads whole."""
    sealed = _sealed(raw, file, checked)
    if sealed is None:
        return None
    lines, projects, digests = sealed
    try:
        decode_store(lines.parsed(), file, sealed=True, only=())
    except (orjson.JSONDecodeError, ValidationError):
        return None
    return SealedProjects(projects, digests)


def _sealed(raw: bytes, file: Path, checked: CheckedSeals) -> tuple[layout.Lines, layout.Table, list[bytes]] | None:
    """A file in drift's layout and schema whose projects table this user's drift checked before: its lines, its
    projects table and the digest of each project line; None for any other file."""
    lines = layout.split(raw)
    if lines is None:
        return None
    tables = lines.parsed()
    projects = tables.get(PROJECTS)
    try:
        if _meta_record(lines).get("schema") != SCHEMA_VERSION or not isinstance(projects, layout.Table):
            return None
        digests = document_digests(projects)
        if not checked.holds(seal_of(projects, digests)):
            return None
    except (orjson.JSONDecodeError, ValidationError):
        return None
    return lines, projects, digests


class _Code(msgspec.Struct):
    code: str


_CODE = msgspec.json.Decoder(_Code)


def _document_of(projects: layout.Table, code: str) -> str | None:
    """The id of the document of the project of this code in a sealed table, where codes are unique."""
    written = b'{"code":' + orjson.dumps(code)  # as encode_project writes a project: its code first
    for doc_id, text in projects.texts():
        if text[: len(written)] == written:
            return doc_id
    # Written otherwise (its keys in another order, a character escaped): each line's code read for what it says.
    return next((doc_id for doc_id, text in projects.texts() if _CODE.decode(text).code == code), None)


def _known_from_the_opening(
    file: Path, opening: Sequence[Opening], documents: list[tuple[str, bytes]], known: list[Project | None] | None
) -> list[Project | None]:
    """known for a split file whose first projects decode_opening read: those are not read again. They are the
    file's first documents, of the very same lines (the head is the start of the same bytes), or the file was written
    in place meanwhile and the read is refused."""
    if [(doc_id, digest) for doc_id, digest, _ in opening] != documents[: len(opening)]:
        raise StoreError.said("error.changed_while_read", path=file)
    had: list[Project | None] = list(known) if known else [None] * len(documents)
    had[: len(opening)] = [project for *_, project in opening]
    return had


def _past_the_opening(
    file: Path, opening: Sequence[Opening], each: Callable[[Project], None] | None
) -> Callable[[Project], None]:
    """each for a read whose first projects each has seen (decode_opening): not shown them twice, and the read refused
    when the file read whole does not begin with those very projects (it was written in place meanwhile)."""
    shown = iter(opening)

    def after(project: Project) -> None:
        first = next(shown, None)
        if first is None:
            if each is not None:
                each(project)
        elif first.project is not project and first.project != project:
            raise StoreError.said("error.changed_while_read", path=file)

    return after


def _noting(
    each: Callable[[Project], None] | None, digests: Iterator[bytes], digest_of: dict[str, tuple[bytes, Project]]
) -> Callable[[Project], None]:
    """each, after noting the project's digest in digest_of: the projects come in the order of their digests."""

    def noting(project: Project) -> None:
        digest_of[project.code] = (next(digests), project)
        if each is not None:
            each(project)

    return noting


def document_digests(projects: Mapping[str, Any], read: Mapping[str, bytes] | None = None) -> list[bytes]:
    """The digest of each document of a projects table, in its order: of its line as layout.dump writes it.

    read: the digests of the lines read, by document id, for the documents a save leaves as read (layout.Unparsed).
    """
    texts = projects.texts() if isinstance(projects, layout.Table) else projects.items()
    return [
        read[doc_id]
        if read and isinstance(doc, layout.Unparsed) and doc_id in read
        else hashlib.sha256(  # current CPUs have instructions for SHA-256: twice BLAKE2b's speed on 75 MB here
            doc if isinstance(doc, memoryview) else doc.view if isinstance(doc, layout.Unparsed) else orjson.dumps(doc)
        ).digest()
        for doc_id, doc in texts
    ]


def seal_of(projects: Mapping[str, Any], digests: list[bytes]) -> str:
    """The seal of a projects table: its documents' ids and the digests of their lines (document_digests), under
    the schema and the code of the checks (checked.checks_version). A changed byte, a line moved, an id changed or
    a rule changed gives another seal."""
    seal = hashlib.blake2b(key=checks_version() + b"schema %d" % SCHEMA_VERSION, digest_size=16)
    for doc_id, digest in zip(projects, digests, strict=True):
        seal.update(b"%s:%s\n" % (doc_id.encode(), digest))
    return seal.hexdigest()


def tinydb_tables(tables: layout.Lines | dict[str, Any]) -> dict[str, Any]:
    """The tables for TinyDB: projects and history kept as the bytes read when the file is in drift's layout."""
    return tables.for_tinydb(kept=(PROJECTS, HISTORY)) if isinstance(tables, layout.Lines) else tables


def decode_projects(
    docs: Iterable[tuple[str, Any]],
    each: Callable[[Project], None] | None = None,
    *,
    sealed: bool = False,
    known: Sequence[Project | None] | None = None,
    passed: Sequence[bool] | None = None,
) -> tuple[Project, ...]:
    """Projects decoded from (path, document) pairs, refusing a code that appears twice; each sees every one.

    A document is its JSON text or its parsed form; sealed: the texts are ones checked before (store.checked); known:
    for each document, the project read from the same bytes before, or None; passed: for each document, whether its
    text is one checked before.
    """
    projects: list[Project] = []
    seen: set[str] = set()
    for n, (where, doc) in enumerate(docs):
        try:
            checked_before = sealed or (passed is not None and passed[n])
            project = (known[n] if known else None) or decode_project(doc, checked_before=checked_before)
        except ValidationError as error:
            raise error.located(prefix=where) from None
        if project.code in seen:
            raise ValidationError.said("error.code_twice", code=project.code).located(prefix=f"{where}.code")
        seen.add(project.code)
        projects.append(project)
        if each is not None:
            each(project)
    return tuple(projects)


def write_tables(
    db: TinyDB,
    current: Portfolio,
    projects: tuple[Project, ...],
    revision: int,
    doc_ids: dict[str, int],
    store_id: str,
) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
    """Record the new projects in TinyDB's tables, touching only the documents that changed.

    Returns every project's doc id, and the JSON form of each project written, by code.
    """
    table = db.table(PROJECTS)
    before = {p.code: p for p in current.projects}
    # `is` first: an edit hands back the untouched projects themselves, and comparing 10,000 deeply is slow.
    written = {
        p.code: encode_project(p)
        for p in projects
        if p.code not in doc_ids or (before[p.code] is not p and before[p.code] != p)
    }
    changed = {doc_ids[code]: doc for code, doc in written.items() if code in doc_ids}
    next_id = max(doc_ids.values(), default=0) + 1
    new = [p.code for p in projects if p.code not in doc_ids]
    added = {next_id + n: written[code] for n, code in enumerate(new)}
    removed = [doc_ids[code] for code in doc_ids.keys() - {p.code for p in projects}]
    for doc in (changed | added).values():  # nothing invalid is written, whoever built the project
        try:
            decode_project(doc)
        except ValidationError as error:
            raise error.located(prefix=f"projects[{doc.get('code')}]") from None

    # A changed project is put whole in place of its document (TinyDB's update merges fields: a field cleared in the
    # edit must disappear from the file), where it stands: an edit does not move a project in the store's order.
    if changed:
        tables = db.storage.read()
        assert tables is not None
        tables[PROJECTS].update((str(doc_id), doc) for doc_id, doc in changed.items())
        db.storage.write(tables)
    if removed:
        table.remove(doc_ids=removed)
    if added:
        table.insert_multiple(Document(doc, doc_id=i) for i, doc in added.items())
    db.table(META).update({"schema": SCHEMA_VERSION, "revision": revision, "id": store_id})
    kept = {p.code for p in projects}
    return {code: i for code, i in doc_ids.items() if code in kept} | dict(zip(new, added, strict=True)), written


def write_history(
    db: TinyDB, tables: layout.Lines | dict[str, Any], entries: tuple[HistoryEntry, ...]
) -> tuple[HistoryEntry, ...]:
    """Append the entries to the history, chained to the last one written, and record the new last one in _meta.

    The last hash and number come from _meta, so a save hashes only its own entries, and entries removed from the
    end of the history by hand stay missing: the next entries continue from where drift left off, not from them.
    """
    meta = db.table(META)
    (record,) = meta.all()
    chain = record.get(CHAIN)
    if isinstance(chain, dict) and isinstance(chain.get("head"), str):
        previous = chain["head"]
    else:  # the first save of a history written before the chain: it seals the entries already there
        previous = chain_end(history_table(tables) or {})
    last = chain.get("last") if isinstance(chain, dict) else None
    ids = tables.tables.get(HISTORY, {}) if isinstance(tables, layout.Lines) else tables.get(HISTORY) or {}
    # After the last entry drift wrote, even when it is gone; after every entry there, as TinyDB would number them.
    first = max(last if isinstance(last, int) else 0, max(map(int, ids), default=0)) + 1
    written = sealed(entries, previous)
    db.table(HISTORY).insert_multiple(Document(entry.to_json(), doc_id=first + n) for n, entry in enumerate(written))
    meta.update({CHAIN: {"head": written[-1].hash, "last": first + len(written) - 1}})
    return written


def with_states(
    entries: tuple[HistoryEntry, ...], projects: tuple[Project, ...], written: dict[str, dict[str, Any]]
) -> tuple[HistoryEntry, ...]:
    """The entries, each with the state its save leaves its project in, from the JSON form the save wrote (encoded
    here only for a project put back exactly as it was); a removed project has none."""
    touched = {entry.project for entry in entries}
    states = {
        p.code: project_digest(written[p.code] if p.code in written else encode_project(p))
        for p in projects
        if p.code in touched
    }
    return tuple(structs.replace(entry, state=states.get(entry.project)) for entry in entries)


def verify_store_history(tables: Mapping[str, Any], file: Path | str, anchor: str | None = None) -> ChainReport:
    """Verify the history of a store's tables (see history.verify_chain), every entry decoded and valid first."""
    record = _meta_record(tables)
    revision = record.get("revision")
    if isinstance(revision, bool) or not isinstance(revision, int):
        raise ValidationError.said("error.no_meta").located(file=str(file), prefix=META)
    history = tables.get(HISTORY) or {}
    table = dict(history) if isinstance(history, layout.Table) else history
    decode_history(table, file)
    return verify_chain(table, record.get(CHAIN), revision, file, anchor)


def document_ids(tables: layout.Lines | dict[str, Any], portfolio: Portfolio) -> dict[str, int]:
    """Each project's document id: decoding keeps the file's order, so the nth id is the nth project's."""
    ids = tables.tables.get(PROJECTS, {}) if isinstance(tables, layout.Lines) else tables.get(PROJECTS, {})
    return {project.code: int(doc_id) for doc_id, project in zip(ids, portfolio.projects, strict=True)}


def _meta_record(tables: layout.Lines | Mapping[str, Any]) -> dict[str, Any]:
    """The file's meta record, or {} when it has none."""
    meta = (tables.parsed() if isinstance(tables, layout.Lines) else tables).get(META)
    record = next(iter(meta.values()), None) if isinstance(meta, Mapping) and len(meta) == 1 else None
    return record if isinstance(record, dict) else {}


def meta_revision(tables: layout.Lines | dict[str, Any]) -> Any:
    """The revision the file's meta record says, or None when it has none."""
    return _meta_record(tables).get("revision")


def meta_store_id(tables: layout.Lines | dict[str, Any]) -> str | None:
    """The store id the meta record holds: None when it holds none, ANY_STORE when it is not an id."""
    store_id = _meta_record(tables).get("id")
    if store_id is None:
        return None
    return store_id if isinstance(store_id, str) and STORE_ID.fullmatch(store_id) else ANY_STORE


def history_table(tables: layout.Lines | dict[str, Any]) -> Any:
    """The history table parsed, or None for a store from before there was one."""
    if isinstance(tables, layout.Lines):
        return dict(tables.parsed()[HISTORY]) if HISTORY in tables.tables else None
    return tables.get(HISTORY)
