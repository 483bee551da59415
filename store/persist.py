"""The TinyDB store on disk: atomic saves, a cross-process lock, a revision counter and the history of edits."""

from __future__ import annotations

import contextlib
import datetime
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock
import orjson
from tinydb import TinyDB
from tinydb.middlewares import Middleware
from tinydb.storages import Storage
from tinydb.table import Document

from store.codec import decode_project, encode_project
from store.edits import Edit, apply_edits
from store.errors import ReadOnlyStoreError, StaleRevisionError, StoreError, ValidationError
from store.history import (
    HISTORY,
    HistoryEntry,
    check_author,
    check_history_table,
    decode_history,
    history_entries,
    select,
    undo_plan,
)
from store.migrations import SCHEMA_VERSION, check_version, migrate
from store.model import Portfolio, Project

META = "_meta"
PROJECTS = "projects"

_UMASK = os.umask(0)
os.umask(_UMASK)  # read once at import, while still single-threaded: os.umask can only be read by setting it


def read_json(path: Path) -> Any:
    """The parsed JSON document at path; StoreError says plainly what is wrong with the file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise StoreError(f"{path}: cannot read: {error.strerror}") from None
    if not raw.strip():
        raise StoreError(f"{path}: file is empty")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(f"{path}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise StoreError(f"{path}: not valid JSON ({error})") from None


def write_atomically(path: Path, payload: bytes) -> None:
    """Replace path with payload so that readers see the old file or the new one, never a mix.

    The temporary file lives in the same directory so os.replace is atomic; it is fsynced
    before the rename and the directory after it, so a crash cannot leave an empty store.
    An existing file's mode and group carry over; a new file follows the umask.
    """
    path = Path(os.path.realpath(path))  # a symlinked store keeps its link; the file it points to is replaced
    try:
        old = path.stat()
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise StoreError(f"cannot save {path}: {error.strerror}") from None
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if old is None:
            os.chmod(tmp, 0o666 & ~_UMASK)
        else:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            if old.st_gid != os.stat(tmp).st_gid:
                with contextlib.suppress(PermissionError):  # not in that group: the mode still carries over
                    os.chown(tmp, -1, old.st_gid)
        os.replace(tmp, path)
        tmp = None
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    except OSError as error:
        raise StoreError(f"cannot save {path}: {error.strerror or error}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class JSONFileStorage(Storage):
    """TinyDB storage that parses with orjson and replaces the file atomically on each write."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        return read_json(self.path) if self.path.exists() else None

    def write(self, data: dict[str, Any]) -> None:
        write_atomically(self.path, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")

    def close(self) -> None:
        pass


class Transaction(Middleware):
    """Reads the file once and holds writes until commit(), so one change is one atomic save.

    Unlike TinyDB's CachingMiddleware it never writes on close: a change that fails half-way
    leaves the file exactly as it was.
    """

    def __init__(self, storage_cls: type[Storage] = JSONFileStorage) -> None:
        super().__init__(storage_cls)
        self._data: dict[str, Any] | None = None
        self._dirty = False

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self._data = self.storage.read()
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


def decode_store(data: Any, file: Path) -> Portfolio:
    """A validated Portfolio from the store's JSON document; errors name the file and the field."""
    try:
        if not isinstance(data, dict):
            raise ValidationError("the store must be a JSON object of tables")
        meta = data.get(META)
        if not isinstance(meta, dict) or len(meta) != 1 or not isinstance(next(iter(meta.values())), dict):
            raise ValidationError("missing the schema and revision record", META)
        record = next(iter(meta.values()))
        version = check_version(record.get("schema"), f"{META}.schema")
        revision = record.get("revision")
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
            raise ValidationError(f"{revision!r} is not a revision number", f"{META}.revision")
        data = migrate(data, version)
        table = data.get(PROJECTS, {})
        if not isinstance(table, dict):
            raise ValidationError("must be a table of projects", PROJECTS)
        for doc_id in (*meta, *table):
            if not doc_id.isascii() or not doc_id.isdigit():
                raise ValidationError(
                    f"document id {doc_id!r} must be a whole number",
                    META if doc_id in meta else f"{PROJECTS}[{doc_id}]",
                )
        projects = decode_projects(((f"{PROJECTS}[{doc_id}]", doc) for doc_id, doc in table.items()))
        check_history_table(data.get(HISTORY, {}))  # stores from before the history table have none
    except ValidationError as error:
        raise error.located(file=str(file)) from None
    return Portfolio(projects=projects, revision=revision)


def decode_projects(docs: Iterable[tuple[str, Any]]) -> tuple[Project, ...]:
    """Projects decoded from (path, document) pairs, refusing a code that appears twice."""
    projects: list[Project] = []
    seen: set[str] = set()
    for where, doc in docs:
        try:
            project = decode_project(doc)
        except ValidationError as error:
            raise error.located(prefix=where) from None
        if project.code in seen:
            raise ValidationError(f"project code {project.code!r} appears twice", f"{where}.code")
        seen.add(project.code)
        projects.append(project)
    return tuple(projects)


class Store:
    """One store file: read without locking, written under a lock and only on the latest revision."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout

    def exists(self) -> bool:
        return self.path.is_file()

    def read_only_reason(self) -> str | None:
        """Why this user cannot save here, or None when saving is possible."""
        if self.path.exists() and not os.access(self.path, os.W_OK):
            return f"{self.path} is read-only for you"
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            return f"the folder {self.path.parent} is read-only for you"
        return None

    def load(self) -> Portfolio:
        """Every project in the store, validated."""
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a store file")
        if not self.path.exists():
            raise StoreError(f"{self.path}: no such store; create it with `drift init` or `drift import FILE`")
        return decode_store(read_json(self.path), self.path)

    def create(self, projects: Iterable[Project] = (), *, parents: bool = False) -> Portfolio:
        """A new store file holding these projects; refuses to overwrite an existing one.

        With parents, missing folders on the way are made, as for the default store.
        """
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a store file")
        if parents:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create the folder {self.path.parent}: {error.strerror or error}") from None
        elif not self.path.parent.is_dir():
            raise StoreError(f"{self.path}: the folder {self.path.parent} does not exist")
        with self._locked():
            if self.path.exists():
                raise StoreError(f"{self.path}: already exists")
            projects = tuple(projects)
            data = {
                META: {"1": {"schema": SCHEMA_VERSION, "revision": 1}},
                PROJECTS: {str(i): encode_project(p) for i, p in enumerate(projects, start=1)},
            }
            JSONFileStorage(self.path).write(data)
        return Portfolio(projects=projects, revision=1)

    def save(self, portfolio: Portfolio) -> Portfolio:
        """Write this portfolio if nobody saved since it was read; StaleRevisionError otherwise."""
        return self.update(lambda _: portfolio.projects, expected_revision=portfolio.revision)

    def update(
        self,
        change: Callable[[Portfolio], Iterable[Project]],
        *,
        expected_revision: int | None = None,
    ) -> Portfolio:
        """Apply change to the freshest data under the lock and save the result as the next revision.

        change gets the portfolio as it is on disk now and returns the projects to keep. With
        expected_revision, a store that moved on since then is refused instead of overwritten.
        """
        portfolio, _ = self._commit(
            lambda current, revision, history: (tuple(change(current)), ()), expected_revision=expected_revision
        )
        return portfolio

    def apply(self, edits: Iterable[Edit], *, by: str, at: datetime.datetime, note: str = "") -> Saved:
        """Make these edits on the freshest data and save them, with one history entry per changed field.

        Each edit is checked against the values it was based on, not against the revision: an edit
        of a record nobody else touched lands even when the store moved on. ConflictError, and nothing
        saved, when someone changed the same field since. Edits that change nothing save nothing.
        at is the caller's clock, with its time zone: the store never reads the clock.
        """
        edits = tuple(edits)
        check_author(by, at, note)

        def change(current: Portfolio, revision: int, history: Callable[[], tuple[HistoryEntry, ...]]):
            projects, changes = apply_edits(current.projects, edits)
            return projects, history_entries(changes, revision=revision, by=by, at=at, note=note)

        return Saved(*self._commit(change, history_only=True))

    def undo(self, *, by: str, at: datetime.datetime, note: str = "") -> Saved:
        """Revert by's last change not undone yet, as a new revision with its own history entries.

        ConflictError, and nothing saved, when a field it changed has changed again since.
        """
        check_author(by, at, note)

        def change(current: Portfolio, revision: int, history: Callable[[], tuple[HistoryEntry, ...]]):
            target, edits = undo_plan(history(), by)
            projects, changes = apply_edits(current.projects, edits)
            entries = history_entries(changes, revision=revision, by=by, at=at, note=note, undoes=target)
            return projects, entries

        return Saved(*self._commit(change, history_only=True))

    def history(
        self, project: str | None = None, since: datetime.date | datetime.datetime | None = None
    ) -> tuple[HistoryEntry, ...]:
        """The recorded changes, oldest first: of one project, from a day (or an instant) on."""
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a store file")
        if not self.path.exists():
            raise StoreError(f"{self.path}: no such store; create it with `drift init` or `drift import FILE`")
        data = read_json(self.path)
        table = data.get(HISTORY) if isinstance(data, dict) else None
        return select(decode_history(table, self.path), project=project, since=since)

    def _commit(
        self,
        change: Callable[
            [Portfolio, int, Callable[[], tuple[HistoryEntry, ...]]],
            tuple[Iterable[Project], tuple[HistoryEntry, ...]],
        ],
        *,
        expected_revision: int | None = None,
        history_only: bool = False,
    ) -> tuple[Portfolio, tuple[HistoryEntry, ...]]:
        """Under the lock, let change turn the freshest data into the next revision's projects and history.

        change gets the current portfolio, the revision it will produce and a reader of the history;
        projects and history entries are written in one atomic save. With history_only, a change that
        records no history entry changed nothing and saves nothing.
        """
        if reason := self.read_only_reason():
            raise ReadOnlyStoreError(f"cannot save: {reason}")
        with self._locked():
            self.load()  # the clear errors for a missing or corrupt file
            transaction = Transaction(JSONFileStorage)
            db = TinyDB(self.path, storage=transaction)
            data = transaction.read()
            current = decode_store(data, self.path)
            if expected_revision is not None and current.revision != expected_revision:
                raise StaleRevisionError(
                    f"{self.path}: changed by someone else since you read it "
                    f"(revision {current.revision}, yours {expected_revision}); reload and try again"
                )
            revision = current.revision + 1
            history = data.get(HISTORY)
            changed, entries = change(current, revision, lambda: decode_history(history, self.path))
            projects = tuple(changed)
            entries = tuple(entries)
            if history_only and not entries:
                return current, ()  # no field changed: a new revision would only make others reload
            codes = [p.code for p in projects]
            if len(set(codes)) != len(codes):
                raise ValidationError("a project code appears twice")
            _write_tables(db, current, projects, revision)
            if entries:
                db.table(HISTORY).insert_multiple(entry.to_json() for entry in entries)
            transaction.commit()
        return Portfolio(projects=projects, revision=revision), entries

    def _locked(self) -> _LockGuard:
        lock = filelock.FileLock(self.lock_path, timeout=self.lock_timeout, mode=0o666 & ~_UMASK)
        return _LockGuard(lock, self)


def _write_tables(db: TinyDB, current: Portfolio, projects: tuple[Project, ...], revision: int) -> None:
    """Record the new projects in TinyDB's tables, touching only the documents that changed."""
    table = db.table(PROJECTS)
    doc_ids = {doc["code"]: doc.doc_id for doc in table.all()}
    before = {p.code: p for p in current.projects}
    changed = {doc_ids[p.code]: encode_project(p) for p in projects if p.code in doc_ids and before[p.code] != p}
    next_id = max(doc_ids.values(), default=0) + 1
    added = {next_id + n: encode_project(p) for n, p in enumerate(p for p in projects if p.code not in doc_ids)}
    removed = [doc_ids[code] for code in doc_ids.keys() - {p.code for p in projects}]

    # TinyDB's update merges fields, so a changed project is removed and re-inserted whole
    # under its old document id: a field cleared in the edit must disappear from the file.
    if changed or removed:
        table.remove(doc_ids=[*changed, *removed])
    if changed or added:
        table.insert_multiple(Document(doc, doc_id=i) for i, doc in (changed | added).items())
    db.table(META).update({"schema": SCHEMA_VERSION, "revision": revision})


@dataclass(frozen=True)
class Saved:
    """What Store.apply or Store.undo saved: the portfolio as it is now and the history entries written."""

    portfolio: Portfolio
    entries: tuple[HistoryEntry, ...]

    @property
    def revision(self) -> int:
        return self.portfolio.revision

    def lines(self) -> list[str]:
        """One line per changed field: "payments P4 amount: — → 120.50"."""
        return [entry.describe() for entry in self.entries]


class _LockGuard:
    """Takes the store's lock, turning a timeout or a refusal into a clear StoreError."""

    def __init__(self, lock: filelock.BaseFileLock, store: Store) -> None:
        self.lock = lock
        self.store = store

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except filelock.Timeout:
            raise StoreError(
                f"{self.store.path}: another drift is saving (lock {self.store.lock_path} "
                f"held for over {self.store.lock_timeout:g}s); try again"
            ) from None
        except OSError as error:
            raise ReadOnlyStoreError(f"cannot lock {self.store.lock_path}: {error.strerror or error}") from None

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def replace_project(portfolio: Portfolio, project: Project) -> tuple[Project, ...]:
    """The portfolio's projects with the one of the same code replaced, or project appended."""
    out = [project if p.code == project.code else p for p in portfolio.projects]
    if portfolio.project(project.code) is None:
        out.append(project)
    return tuple(out)
