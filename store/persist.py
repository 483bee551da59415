"""The TinyDB store on disk: atomic saves, a cross-process lock, a revision counter and the history of edits."""

from __future__ import annotations

import contextlib
import datetime
import errno
import gc
import logging
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock
import orjson
from tinydb import TinyDB
from tinydb.middlewares import Middleware
from tinydb.storages import Storage
from tinydb.table import Document

from store import layout
from store.codec import decode_project, encode_project
from store.edits import AddProject, Edit, RemoveProject, apply_edits
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

BACKUPS_VARIABLE = "DRIFT_BACKUPS"
"""The environment variable that says how many earlier revisions each save keeps; 0 turns backups off."""

DEFAULT_BACKUPS = 10
"""Backups kept when neither the Store nor $DRIFT_BACKUPS says otherwise."""

log = logging.getLogger(__name__)
"""Where a backup that could not be made is reported; the command line prints it as one warning line."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes; StoreError says in one line why it cannot be read."""
    return read_file(path).raw


@dataclass(frozen=True)
class FileRead:
    """A file's bytes and which file they came from, read through one handle so the two agree."""

    raw: bytes
    key: tuple[int, ...]
    """Device, inode, size, modification and change times: a save replaces the file, so any save changes it."""


def read_file(path: Path) -> FileRead:
    """The file's bytes and identity; StoreError says in one line why it cannot be read."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            raw = handle.read()
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise StoreError(f"{path}: cannot read: {error.strerror}") from None
    return FileRead(raw, _key(info))


def read_file_key(path: Path) -> tuple[int, ...]:
    """The identity FileRead.key gives the file at path now."""
    return _key(os.stat(path))


def _key(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def read_json(path: Path) -> Any:
    """The parsed JSON document at path; StoreError says plainly what is wrong with the file."""
    return parse_json(read_bytes(path), path)


def parse_json(raw: bytes, path: Path) -> Any:
    """The parsed JSON document of a file's bytes; StoreError says plainly what is wrong with them."""
    if not raw or raw.isspace():  # not raw.strip(): that would copy a 100 MB store
        raise StoreError(f"{path}: file is empty")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        json_error = error
    # Only a file that failed to parse is checked as UTF-8, so the message can point at the bad byte.
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(f"{path}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})") from None
    raise StoreError(f"{path}: not valid JSON ({json_error})") from None


def write_atomically(path: Path, payload: bytes | Iterable[bytes | memoryview]) -> None:
    """Replace path with payload (bytes, or pieces of it) so that readers see the old file or the new one, never a mix.

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
            if isinstance(payload, bytes):
                handle.write(payload)
            else:
                handle.writelines(payload)
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


def decode_store(data: Any, file: Path, each: Callable[[Project], None] | None = None) -> Portfolio:
    """A validated Portfolio from the store's tables; errors name the file and the field.

    The tables may be dicts or any Mapping (a split file's, parsing as it goes); each, when given, sees every
    project as soon as it is decoded, so a big store can be shown while the rest is read.
    """
    try:
        if not isinstance(data, Mapping):
            raise ValidationError("the store must be a JSON object of tables")
        meta = data.get(META)
        if not isinstance(meta, Mapping) or len(meta) != 1 or not isinstance(next(iter(meta.values())), dict):
            raise ValidationError("missing the schema and revision record", META)
        record = next(iter(meta.values()))
        version = check_version(record.get("schema"), f"{META}.schema")
        revision = record.get("revision")
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
            raise ValidationError(f"{revision!r} is not a revision number", f"{META}.revision")
        if version < SCHEMA_VERSION:
            data = migrate({name: dict(table) for name, table in data.items()}, version)
        table = data.get(PROJECTS, {})
        if not isinstance(table, Mapping):
            raise ValidationError("must be a table of projects", PROJECTS)
        for doc_id in (*meta, *table):
            if not doc_id.isascii() or not doc_id.isdigit():
                raise ValidationError(
                    f"document id {doc_id!r} must be a whole number",
                    META if doc_id in meta else f"{PROJECTS}[{doc_id}]",
                )
        projects = decode_projects(((f"{PROJECTS}[{doc_id}]", doc) for doc_id, doc in table.items()), each)
        history = data.get(HISTORY, {})  # stores from before the history table have none
        check_history_table(dict(history) if isinstance(history, layout.Table) else history)
    except ValidationError as error:
        raise error.located(file=str(file)) from None
    return Portfolio(projects=projects, revision=revision)


def decode_file(
    raw: bytes, file: Path, each: Callable[[Project], None] | None = None
) -> tuple[Portfolio, layout.Lines | dict[str, Any]]:
    """A store file's validated Portfolio, and its tables: split into lines, or parsed whole.

    A file in drift's layout is read a document at a time, so a 100 MB store never sits in memory parsed
    whole. Any other valid JSON (written by hand, or by an older drift) is parsed whole.
    """
    lines = layout.split(raw)
    if lines is not None:
        try:
            return decode_store(lines.parsed(), file, each), lines
        except orjson.JSONDecodeError:
            each = None  # a line that is not one whole document: parsed whole, the file says what is wrong
    data = parse_json(raw, file)
    return decode_store(data, file, each), data


def tinydb_tables(tables: layout.Lines | dict[str, Any]) -> dict[str, Any]:
    """The tables for TinyDB: projects and history kept as the bytes read when the file is in drift's layout."""
    return tables.for_tinydb(kept=(PROJECTS, HISTORY)) if isinstance(tables, layout.Lines) else tables


def decode_projects(
    docs: Iterable[tuple[str, Any]], each: Callable[[Project], None] | None = None
) -> tuple[Project, ...]:
    """Projects decoded from (path, document) pairs, refusing a code that appears twice; each sees every one."""
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
        if each is not None:
            each(project)
    return tuple(projects)


class Store:
    """One store file: read without locking, written under a lock and only on the latest revision.

    Each save first keeps the file it replaces in a hidden folder beside it (.store.json.bak/store.json.REVISION),
    the last keep_backups of them; a backup that cannot be made is reported, and the save goes ahead.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, lock_timeout: float = 10.0, keep_backups: int | None = None
    ) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self.keep_backups = keep_backups
        """How many earlier revisions to keep; None reads $DRIFT_BACKUPS at each save, else DEFAULT_BACKUPS."""
        self.backup_problem: str | None = None
        """Why the last save made no backup (or kept too many), or None when all went well."""
        self.saved_revision: int | None = None
        """The revision this object last saved, set the instant the save is done: what `drift`'s exit status says."""
        self._reported: set[str] = set()
        self._known: _Known | None = None

    def exists(self) -> bool:
        return os.path.isfile(self.path)  # False, not PermissionError, behind a folder this user may not enter

    def read_only_reason(self) -> str | None:
        """Why this user cannot save here, or None when saving is possible."""
        if os.path.exists(self.path) and not os.access(self.path, os.W_OK):
            return f"{self.path} is read-only for you"
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            return f"the folder {self.path.parent} is read-only for you"
        return None

    def load(self, each: Callable[[Project], None] | None = None) -> Portfolio:
        """Every project in the store, validated; each, when given, sees every project as soon as it is read."""
        self._check_store_file()
        file = read_file(self.path)
        with _collector_paused():
            portfolio, tables = decode_file(file.raw, self.path, each)
        self._known = _Known(file.key, portfolio, _doc_ids(tables, portfolio), isinstance(tables, layout.Lines))
        return portfolio

    def _check_store_file(self) -> None:
        """The clear errors for a store path that is a folder, is missing, or lies behind a folder one may not enter."""
        try:
            info = self.path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise StoreError(
                f"{self.path}: no such store; create it with `drift init` or `drift import FILE`"
            ) from None
        except OSError as error:  # Path.is_dir() and .exists() raise PermissionError here: a traceback, not a line
            raise StoreError(f"{self.path}: cannot read: {error.strerror or error}") from None
        if stat.S_ISDIR(info.st_mode):
            raise StoreError(f"{self.path}: is a directory, not a store file")

    def create(self, projects: Iterable[Project] = (), *, parents: bool = False) -> Portfolio:
        """A new store file holding these projects; refuses to overwrite an existing one.

        With parents, missing folders on the way are made, as for the default store.
        """
        if os.path.isdir(self.path):
            raise StoreError(f"{self.path}: is a directory, not a store file")
        if parents:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create the folder {self.path.parent}: {error.strerror or error}") from None
        elif not os.path.isdir(self.path.parent):
            raise StoreError(f"{self.path}: the folder {self.path.parent} does not exist")
        with self._locked():
            if os.path.exists(self.path):
                raise StoreError(f"{self.path}: already exists")
            projects = tuple(projects)
            data = {
                META: {"1": {"schema": SCHEMA_VERSION, "revision": 1}},
                PROJECTS: {str(i): encode_project(p) for i, p in enumerate(projects, start=1)},
            }
            with _interrupts_held():
                JSONFileStorage(self.path).write(data)
                self.saved_revision = 1
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

    def restore(self, revision: int, *, by: str, at: datetime.datetime, note: str = "") -> Saved:
        """Make the projects of the backup of this revision the store's again, saved as a new revision.

        The backup must validate. The history is not rolled back: the restore is added to it, as the
        removal of each project it replaces and the addition of the backup's version, so `undo` reverts it.
        """
        check_author(by, at, note)
        source = self.backup_path(revision)

        def change(current: Portfolio, new_revision: int, history: Callable[[], tuple[HistoryEntry, ...]]):
            restored = decode_store(read_json(source), source)  # read under the lock: rotation cannot remove it now
            _, changes = apply_edits(current.projects, _restoring(current.projects, restored.projects))
            return restored.projects, history_entries(changes, revision=new_revision, by=by, at=at, note=note)

        return Saved(*self._commit(change, history_only=True))

    def backup_folder(self) -> Path:
        """The hidden folder beside the store file (beside the file a symlink points to) that holds its backups."""
        real = Path(os.path.realpath(self.path))
        return real.with_name(f".{real.name}.bak")

    def backups(self) -> tuple[Backup, ...]:
        """The backups kept of earlier revisions, the most recently saved first."""
        folder = self.backup_folder()
        name = re.compile(re.escape(Path(os.path.realpath(self.path)).name) + r"\.([0-9]+)")
        found = []
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return ()
        except OSError as error:
            raise StoreError(f"cannot read the backups in {folder}: {error.strerror or error}") from None
        for entry in entries:
            match = name.fullmatch(entry.name)
            if match and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):  # pruned by a save meanwhile
                    info = entry.stat(follow_symlinks=False)
                    found.append(Backup(int(match.group(1)), Path(entry.path), info.st_mtime_ns, info.st_size))
        # By the time each was saved, not by number: a store made anew starts again at revision 1.
        return tuple(sorted(found, key=lambda backup: (backup.saved_ns, backup.revision), reverse=True))

    def backup_path(self, revision: int) -> Path:
        """The backup of this revision; StoreError listing the revisions kept when there is none."""
        for backup in self.backups():
            if backup.revision == revision:
                return backup.path
        kept = ", ".join(str(backup.revision) for backup in sorted(self.backups(), key=lambda b: b.revision))
        raise StoreError(f"no backup of revision {revision} in {self.backup_folder()} (kept: {kept or 'none yet'})")

    def history(
        self, project: str | None = None, since: datetime.date | datetime.datetime | None = None
    ) -> tuple[HistoryEntry, ...]:
        """The recorded changes, oldest first: of one project, from a day (or an instant) on."""
        self._check_store_file()
        raw = read_bytes(self.path)
        lines = layout.split(raw)
        try:
            table = _history_table(lines) if lines else None
        except orjson.JSONDecodeError:
            lines = None  # a line that is not one whole document: parsed whole, the file says what is wrong
        if lines is None:
            data = parse_json(raw, self.path)
            table = _history_table(data) if isinstance(data, dict) else None
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
            self._check_store_file()  # the clear errors for a missing store or a folder in its place
            file = read_file(self.path)
            known = self._known
            current = None
            if known is not None and known.key == file.key:
                # The very file this Store read or wrote last, validated then: its projects need no second look.
                tables = layout.split(file.raw) if known.split else parse_json(file.raw, self.path)
                if tables is not None and _revision(tables) == known.portfolio.revision:
                    current, doc_ids = known.portfolio, known.doc_ids
            if current is None:
                with _collector_paused():
                    current, tables = decode_file(file.raw, self.path)
                doc_ids = _doc_ids(tables, current)
            if expected_revision is not None and current.revision != expected_revision:
                raise StaleRevisionError(
                    f"{self.path}: changed by someone else since you read it "
                    f"(revision {current.revision}, yours {expected_revision}); reload and try again"
                )
            revision = current.revision + 1
            changed, entries = change(current, revision, lambda: decode_history(_history_table(tables), self.path))
            projects = tuple(changed)
            entries = tuple(entries)
            if history_only and not entries:
                return current, ()  # no field changed: a new revision would only make others reload
            codes = [p.code for p in projects]
            if len(set(codes)) != len(codes):
                raise ValidationError("a project code appears twice")
            transaction = Transaction(JSONFileStorage, tables=tinydb_tables(tables))
            db = TinyDB(self.path, storage=transaction)
            doc_ids = _write_tables(db, current, projects, revision, doc_ids)
            if entries:
                db.table(HISTORY).insert_multiple(entry.to_json() for entry in entries)
            _remove_stale_temp_files(self.path)
            self.backup_problem = None
            keep = self._backups_to_keep()
            backup = self._back_up(current.revision) if keep else None
            try:
                with _interrupts_held():
                    transaction.commit()
                    self.saved_revision = revision
            except BaseException:
                _forget_backup_of_unreplaced_store(backup, self.path)
                raise
            saved = Portfolio(projects=projects, revision=revision)
            try:
                self._known = _Known(read_file_key(self.path), saved, doc_ids, split=True)
            except OSError:  # saved, but not to be recognised: the next save reads the file in full
                self._known = None
            if keep:
                self._prune_backups(keep)
        return saved, entries

    def _backups_to_keep(self) -> int:
        if self.keep_backups is not None:
            return max(0, self.keep_backups)
        text = os.environ.get(BACKUPS_VARIABLE, "").strip()
        if not text:
            return DEFAULT_BACKUPS
        if text.isascii() and text.isdigit():
            return int(text)
        self._report_backup_problem(
            f"{BACKUPS_VARIABLE}={text!r} is not a number of backups to keep (0 for none); keeping {DEFAULT_BACKUPS}"
        )
        return DEFAULT_BACKUPS

    def _back_up(self, revision: int) -> Path | None:
        """Keep the file about to be replaced as the backup of its revision; None when that failed.

        A failed backup never stops the save: the save itself is atomic and every change is in the
        history, while refusing work because the safety net is torn would leave people no way forward.
        """
        real = Path(os.path.realpath(self.path))
        folder = self.backup_folder()
        target = folder / f"{real.name}.{revision}"
        try:
            kept = real.stat()
            _make_backup_folder(folder, kept)
            partial = folder / f".{target.name}.tmp"
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()  # left by a drift killed while backing up; the lock says nobody else is at it
            try:
                # A second name for the very file the save is about to replace: no bytes copied, and the
                # mode and group are the store's own. The save then puts a new file in its place.
                os.link(real, partial)
            except OSError:  # hard links refused (fs.protected_hardlinks, a file system without them): copy
                _copy_with_mode_and_group(real, partial, kept)
            os.replace(partial, target)
        except OSError as error:
            self._report_backup_problem(
                f"{self.path}: revision {revision} was not backed up to {folder} ({error.strerror or error}); "
                "the save went ahead"
            )
            return None
        return target

    def _prune_backups(self, keep: int) -> None:
        """Remove all but the keep most recent backups, once the save that made a new one has succeeded."""
        try:
            for old in self.backups()[keep:]:
                old.path.unlink(missing_ok=True)
        except (OSError, StoreError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            self._report_backup_problem(f"cannot remove old backups in {self.backup_folder()}: {reason}")

    def _report_backup_problem(self, problem: str) -> None:
        self.backup_problem = problem
        if problem not in self._reported:  # a dashboard saving all day says it once, not at every save
            self._reported.add(problem)
            log.warning(problem)

    def _locked(self) -> _LockGuard:
        lock = filelock.FileLock(self.lock_path, timeout=self.lock_timeout, mode=0o666 & ~_UMASK)
        return _LockGuard(lock, self)


def _write_tables(
    db: TinyDB, current: Portfolio, projects: tuple[Project, ...], revision: int, doc_ids: dict[str, int]
) -> dict[str, int]:
    """Record the new projects in TinyDB's tables, touching only the documents that changed; their new doc ids."""
    table = db.table(PROJECTS)
    before = {p.code: p for p in current.projects}
    # `is` first: an edit hands back the untouched projects themselves, and comparing 10,000 deeply is slow.
    changed = {
        doc_ids[p.code]: encode_project(p)
        for p in projects
        if p.code in doc_ids and before[p.code] is not p and before[p.code] != p
    }
    next_id = max(doc_ids.values(), default=0) + 1
    new = [p.code for p in projects if p.code not in doc_ids]
    added = {next_id + n: encode_project(p) for n, p in enumerate(p for p in projects if p.code not in doc_ids)}
    removed = [doc_ids[code] for code in doc_ids.keys() - {p.code for p in projects}]
    for doc in (changed | added).values():  # nothing invalid is written, whoever built the project
        try:
            decode_project(doc)
        except ValidationError as error:
            raise error.located(prefix=f"projects[{doc.get('code')}]") from None

    # TinyDB's update merges fields, so a changed project is removed and re-inserted whole
    # under its old document id: a field cleared in the edit must disappear from the file.
    if changed or removed:
        table.remove(doc_ids=[*changed, *removed])
    if changed or added:
        table.insert_multiple(Document(doc, doc_id=i) for i, doc in (changed | added).items())
    db.table(META).update({"schema": SCHEMA_VERSION, "revision": revision})
    kept = {p.code for p in projects}
    return {code: i for code, i in doc_ids.items() if code in kept} | dict(zip(new, added, strict=True))


@dataclass(frozen=True)
class _Known:
    """The file a Store last read or wrote, and what it holds, so its next save need not read it all again."""

    key: tuple[int, ...]
    portfolio: Portfolio
    doc_ids: dict[str, int]
    """Each project's TinyDB document id, by code."""
    split: bool
    """Whether it was read a document per line (store.layout), as every file drift writes can be."""


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep Python's cycle collector off while a store is decoded, and away from what was decoded after.

    Decoded records hold no reference cycles, yet each collection walks every object read so far: at 10,000
    projects that is a quarter of the load, and a pause of 0.3 s whenever it strikes a dashboard. What was read
    is frozen (gc.freeze): no later collection walks it again; plain reference counting still frees it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _doc_ids(tables: layout.Lines | dict[str, Any], portfolio: Portfolio) -> dict[str, int]:
    """Each project's document id: decoding keeps the file's order, so the nth id is the nth project's."""
    ids = tables.tables.get(PROJECTS, {}) if isinstance(tables, layout.Lines) else tables.get(PROJECTS, {})
    return {project.code: int(doc_id) for doc_id, project in zip(ids, portfolio.projects, strict=True)}


def _revision(tables: layout.Lines | dict[str, Any]) -> Any:
    """The revision the file's meta record says, or None when it has none."""
    meta = (tables.parsed() if isinstance(tables, layout.Lines) else tables).get(META)
    record = next(iter(meta.values()), None) if isinstance(meta, Mapping) and len(meta) == 1 else None
    return record.get("revision") if isinstance(record, dict) else None


def _history_table(tables: layout.Lines | dict[str, Any]) -> Any:
    """The history table parsed, or None for a store from before there was one."""
    if isinstance(tables, layout.Lines):
        return dict(tables.parsed()[HISTORY]) if HISTORY in tables.tables else None
    return tables.get(HISTORY)


@dataclass(frozen=True)
class Backup:
    """A copy of the store as it was at one revision, kept by the save that replaced it."""

    revision: int
    path: Path
    saved_ns: int
    """When that revision was saved (the file's modification time), in nanoseconds since the epoch."""
    size: int


def _restoring(current: tuple[Project, ...], restored: tuple[Project, ...]) -> list[Edit]:
    """The edits that turn the current projects into the restored ones: remove each that differs, add it back."""
    now = {p.code: p for p in current}
    then = {p.code: p for p in restored}

    def fields(project: Project) -> tuple[tuple[str, Any], ...]:
        return tuple((name, value) for name, value in encode_project(project).items() if name != "code")

    removals: list[Edit] = [RemoveProject(p.code, fields(p)) for p in current if then.get(p.code) != p]
    additions: list[Edit] = [AddProject(p.code, fields(p)) for p in restored if now.get(p.code) != p]
    return removals + additions


def _make_backup_folder(folder: Path, store: os.stat_result) -> None:
    """The backup folder, made as private as the store: readable and writable by whoever may read and write it."""
    if folder.is_dir():
        return
    if folder.exists() or folder.is_symlink():
        raise NotADirectoryError(errno.ENOTDIR, f"{folder.name} is there but is not a folder")
    os.mkdir(folder, 0o700)
    mode = 0o700
    for read, write, search in ((stat.S_IRGRP, stat.S_IWGRP, stat.S_IXGRP), (stat.S_IROTH, stat.S_IWOTH, stat.S_IXOTH)):
        if store.st_mode & read:
            mode |= read | search
        if store.st_mode & write:
            mode |= write | search
    if os.stat(folder).st_gid != store.st_gid:
        with contextlib.suppress(PermissionError):  # not in that group: the mode still carries over
            os.chown(folder, -1, store.st_gid)
    mode |= os.stat(folder.parent).st_mode & stat.S_ISGID  # a shared folder's setgid carries on to new files
    os.chmod(folder, mode)


def _copy_with_mode_and_group(source: Path, target: Path, store: os.stat_result) -> None:
    shutil.copy2(source, target)  # mode and modification time too: backups are ordered by when they were saved
    if os.stat(target).st_gid != store.st_gid:
        with contextlib.suppress(PermissionError):
            os.chown(target, -1, store.st_gid)
            os.chmod(target, stat.S_IMODE(store.st_mode))  # chown clears setgid-like bits; put the mode back


def _forget_backup_of_unreplaced_store(backup: Path | None, store: Path) -> None:
    """After a failed save, drop the backup if the store is still that very file: it is no earlier revision."""
    if backup is None:
        return
    with contextlib.suppress(OSError):
        if os.path.samefile(backup, store):
            backup.unlink()


def _remove_stale_temp_files(path: Path) -> None:
    """Remove the temporary files of saves that were killed half-way (SIGKILL, power loss).

    Called under the store's lock: only a saver holding it writes these, so any found now is an orphan.
    """
    real = Path(os.path.realpath(path))
    orphan = re.compile(re.escape(f".{real.name}.") + r"[a-z0-9_]{8}\.tmp")  # tempfile.mkstemp's names
    with contextlib.suppress(OSError):
        for entry in os.scandir(real.parent):
            if orphan.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl+C waits until the block is done, so that a save and the record that it was made are never separated.

    A signal blocked in the main thread stays pending and is raised as KeyboardInterrupt just after the block.
    """
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


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
