"""The TinyDB store on disk: atomic saves, a cross-process lock, a revision counter and the history of edits."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import errno
import gc
import logging
import os
import re
import secrets
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import filelock
import orjson
from tinydb import TinyDB
from tinydb.middlewares import Middleware
from tinydb.storages import Storage
from tinydb.table import Document

from store import layout
from store.codec import decode_project, encode_project
from store.edits import AddProject, DuplicatePaymentError, Edit, RecordChange, RemoveProject, apply_edits
from store.errors import (
    NoSpaceError,
    ReadOnlyStoreError,
    StaleRevisionError,
    StoreError,
    TamperedHistoryError,
    ValidationError,
)
from store.history import (
    CHAIN,
    HISTORY,
    ChainReport,
    HistoryEntry,
    added_by,
    chain_end,
    check_author,
    check_history_table,
    check_states,
    decode_history,
    history_entries,
    project_digest,
    sealed,
    select,
    system_account,
    undo_plan,
    verify_chain,
)
from store.jsonkeys import check_unique_keys
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

STORE_ID = re.compile(r"[0-9a-f]{16}")
"""A store's id in its _meta record, given when it is made: its backups carry it, so a store made anew at the
same path never takes an earlier store's backups for its own. It becomes part of file names, hence so strict."""

ANY_STORE = "any"
"""In place of a store id: a store that cannot be read, whose backups are all those of its file name."""

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
        # Without blocking: opening a FIFO would wait for a writer forever; what is not a regular file is refused.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):  # a device never ends (/dev/zero fills the memory), a pipe may block
                raise StoreError(f"{path}: not a regular file (a device, a pipe or a socket); give drift a file")
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
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        json_error = error
    else:
        # orjson keeps the last of a key written twice: only text orjson did not write itself can hold one.
        if orjson.dumps(data) != raw and orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n" != raw:
            try:
                check_unique_keys(raw)
            except ValidationError as error:
                raise error.located(file=str(path)) from None
        return data
    # Only a file that failed to parse is checked as UTF-8, so the message can point at the bad byte.
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(f"{path}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})") from None
    raise StoreError(f"{path}: not valid JSON ({json_error})") from None


def write_atomically(path: Path, payload: bytes | Iterable[bytes | memoryview], *, follow_symlink: bool = True) -> None:
    """Replace path with payload (bytes, or pieces of it) so that readers see the old file or the new one, never a mix.

    The temporary file lives in the same directory so os.replace is atomic; it is fsynced
    before the rename and the directory after it, so a crash cannot leave an empty store.
    An existing file's mode and group carry over; a new file follows the umask. Without
    follow_symlink, a symlink at path is replaced itself (os.replace never follows one).
    """
    if follow_symlink:
        path = Path(os.path.realpath(path))  # a symlinked store keeps its link; the file it points to is replaced
    try:
        old = path.stat(follow_symlinks=follow_symlink)
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
        kind = NoSpaceError if error.errno in (errno.ENOSPC, errno.EDQUOT) else StoreError
        raise kind(f"cannot save {path}: {error.strerror or error}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


EXPORT_REFUSALS = ("store", "another_store", "lock", "backup", "symlink", "not_regular")
"""Why Store.export_refusal refuses a path: the store file, its lock, among its backups, a symlink, no regular file."""


def write_export_file(path: Path, payload: bytes | Iterable[bytes], store: Store | None) -> None:
    """Write an export as a new file or in place of a regular file, atomically, never through a symlink.

    Refuses (StoreError) what export_refusal refuses, checked again just before writing; a symlink
    planted after that is replaced by the rename, not followed.
    """
    if refusal := export_refusal(path, store):
        raise StoreError(f"{path}: not written: {refusal}")
    write_atomically(path, payload, follow_symlink=False)


def export_refusal(target: Path, store: Store | None) -> str | None:
    """Why target may not be written as an export (one of EXPORT_REFUSALS), or None when it may.

    The one rule for every export, the command line's and the dashboard's. Paths are compared as real
    paths and files by inode, so `./store.json`, `../x/store.json`, a linked folder or a hard link to the
    store, its lock or a backup are all recognised; nothing is written inside the backup folder.
    """
    try:
        info: os.stat_result | None = os.lstat(target)
    except OSError:
        info = None  # nothing there yet (or an unreachable folder, which the write reports)
    if info is not None and stat.S_ISLNK(info.st_mode):
        return "symlink"
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        return "not_regular"  # a folder has a message of its own
    real = Path(os.path.realpath(target))
    if store is None:
        return _another_stores_file(real, info)
    folder = store.backup_folder()
    if real == store.real_path:
        return "store"
    if real == store.lock_path:
        return "lock"
    if folder in (real, real.parent):
        return "backup"
    if info is None:
        return _another_stores_file(real, info)
    for kind, path in (("store", store.real_path), ("lock", store.lock_path)):
        with contextlib.suppress(OSError):
            if os.path.samestat(info, os.stat(path)):
                return kind
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        if any(os.path.samestat(info, entry.stat(follow_symlinks=False)) for entry in entries):
            return "backup"
    return _another_stores_file(real, info)


def _another_stores_file(real: Path, info: os.stat_result | None) -> str | None:
    """Why real is some drift store's own file (another_store, lock or backup), or None.

    Not only the store named: a colleague's store beside it, its lock or its backups must not be replaced either.
    """
    if re.fullmatch(r"\..+\.bak", real.parent.name):
        return "backup"
    if real.name.endswith(".lock") and os.path.isfile(real.with_name(real.name.removesuffix(".lock"))):
        return "lock"
    if info is not None and stat.S_ISREG(info.st_mode):
        with contextlib.suppress(OSError), open(real, "rb") as handle:
            if f'"{META}"'.encode() in handle.read(4096):  # a drift store opens with its _meta table
                return "another_store"
    return None


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
        store_id = record.get("id")  # stores made before ids have none until their next save
        if store_id is not None and not (isinstance(store_id, str) and STORE_ID.fullmatch(store_id)):
            raise ValidationError(f"{store_id!r} is not a store id (16 hex digits)", f"{META}.id")
        if version < SCHEMA_VERSION:
            data = migrate({name: dict(table) for name, table in data.items()}, version)
        table = data.get(PROJECTS, {})
        if not isinstance(table, Mapping):
            raise ValidationError("must be a table of projects", PROJECTS)
        for doc_id in meta:
            layout.check_document_id(doc_id, META)
        for doc_id in table:
            layout.check_document_id(doc_id, f"{PROJECTS}[{doc_id}]")
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
        tables = lines.parsed()
        try:
            portfolio = decode_store(tables, file, each)
            for name in tables.keys() - {PROJECTS, HISTORY}:  # the small tables decode_store does not read whole
                dict(tables[name])
            return portfolio, lines
        except (orjson.JSONDecodeError, ValidationError):
            # A line that is not one whole document (joined or cut by hand) can make the split see other tables
            # than the file holds: only parsing whole says whether, and what, is wrong with it.
            each = None
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

    Each save first keeps the file it replaces in a hidden folder beside it (.store.json.bak/store.json.ID.REVISION,
    ID being the store's own, from its _meta record), the latest keep_backups revisions of them; a backup that
    cannot be made is reported, and the save goes ahead.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, lock_timeout: float = 10.0, keep_backups: int | None = None
    ) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.keep_backups = keep_backups
        """How many earlier revisions to keep; None reads $DRIFT_BACKUPS at each save, else DEFAULT_BACKUPS."""
        self.backup_problem: str | None = None
        """Why the last save made no backup (or kept too many), or None when all went well."""
        self.saved_revision: int | None = None
        """The revision this object last saved, set the instant the save is done: what `drift`'s exit status says."""
        self._reported: set[str] = set()
        self._known: _Known | None = None
        self._pinned: Path | None = None

    @property
    def real_path(self) -> Path:
        """The file the path names, through every symlink: its lock, temporary files and backups are beside it.

        While a save runs, the file it resolved at its start, so that every step of it concerns the same file.
        """
        return self._pinned or Path(os.path.realpath(self.path))

    @property
    def lock_path(self) -> Path:
        """The lock of the real file, so that writers through a symlink, `..` or another folder's link share it."""
        real = self.real_path
        return real.with_name(real.name + ".lock")

    def exists(self) -> bool:
        return os.path.isfile(self.path)  # False, not PermissionError, behind a folder this user may not enter

    def read_only_reason(self) -> str | None:
        """Why this user cannot save here, or None when saving is possible."""
        if os.path.exists(self.path) and not os.access(self.path, os.W_OK):
            return f"{self.path} is read-only for you"
        folder = self.real_path.parent  # where the new file and the lock are made, behind any symlink
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"the folder {folder} is read-only for you"
        return None

    def load(self, each: Callable[[Project], None] | None = None) -> Portfolio:
        """Every project in the store, validated; each, when given, sees every project as soon as it is read."""
        self._check_store_file()
        file = read_file(self.path)
        with _collector_paused():
            portfolio, tables = decode_file(file.raw, self.path, each)
        self._known = _Known(
            file.key, portfolio, _doc_ids(tables, portfolio), isinstance(tables, layout.Lines), _store_id(tables)
        )
        return portfolio

    def _check_store_file(self) -> None:
        """The clear errors for a store path that is missing, not a regular file, has a second name, or is unreachable.

        Checked on reading as well as saving: once a save replaces the file under one hard link, the other name
        keeps the old file, and whoever reads through it sees old data without being told.
        """
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
        if not stat.S_ISREG(info.st_mode):  # a device never ends, a FIFO blocks the reader
            raise StoreError(f"{self.path}: not a regular file (a device, a pipe or a socket), so not a store")
        # /proc/self/fd/N of a file replaced since: it reads the old file, and a save would go to one nobody sees.
        if info.st_nlink == 0 or not os.path.exists(self.real_path):
            raise StoreError(
                f"{self.path}: names a file that was deleted or replaced since; name the store by its path"
            )
        if info.st_nlink > 1 and (names := info.st_nlink - self._backup_links(info)) > 1:
            raise StoreError(
                f"{self.path}: the store file has {names} hard links; a save would leave the other names on the old "
                "data: remove the other name (or make it a symlink)"
            )

    def _backup_links(self, info: os.stat_result) -> int:
        """How many names of this file are drift's own backups: a save links the file it replaces into the folder."""
        folder = self.backup_folder()
        if os.path.islink(folder):
            return 0  # not drift's: it keeps no backups through a symlink
        try:
            with os.scandir(folder) as entries:
                return sum(entry.inode() == info.st_ino for entry in entries if entry.is_file(follow_symlinks=False))
        except OSError:
            return 0

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
                META: {"1": {"schema": SCHEMA_VERSION, "revision": 1, "id": secrets.token_hex(8)}},
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

        made: list[RecordChange] = []

        def change(current: Portfolio, revision: int, history: HistoryReader) -> Changed:
            try:
                projects, changes = apply_edits(current.projects, edits)
            except DuplicatePaymentError as error:  # say who recorded the payment already there, and when
                entry = added_by(history(), error.project, "payments", error.record)
                raise (error if entry is None else error.recorded(entry.by, entry.at)) from None
            made[:] = changes
            return projects, history_entries(changes, revision=revision, by=by, at=at, note=note)

        return Saved(*self._commit(change, history_only=True), changes=tuple(made))

    def undo(self, *, by: str, at: datetime.datetime, note: str = "", revision: int | None = None) -> Saved:
        """Revert this process's account's change of this revision, or its last one not undone yet, as a new revision.

        Its history entries are declared by by: on whose behalf the account undoes it, not as whom. Decided on the
        history read under the lock: ChangedSinceError, and nothing saved, when a later revision touched what it
        changed; ConflictError when the store no longer holds what the change left; TamperedHistoryError when the
        history's hash chain is broken, as undo writes back the values it holds.
        """
        check_author(by, at, note)

        def change(current: Portfolio, new_revision: int, history: HistoryReader) -> Changed:
            try:  # the values undo writes back come from the history: never from one changed by hand
                entries = history(verified=True)
            except TamperedHistoryError as error:
                raise TamperedHistoryError(f"{error}; nothing was undone, as undo takes its values from it") from None
            target, edits = undo_plan(entries, system_account(), revision)
            projects, changes = apply_edits(current.projects, edits)
            entries = history_entries(changes, revision=new_revision, by=by, at=at, note=note, undoes=target)
            return projects, entries

        return Saved(*self._commit(change, history_only=True))

    def restore(self, revision: int, *, by: str, at: datetime.datetime, note: str = "") -> Saved:
        """Make the projects of the backup of this revision the store's again, saved as a new revision.

        The backup must validate. The history is not rolled back: the restore is added to it, as the
        removal of each project it replaces and the addition of the backup's version, so `undo` reverts it.
        """
        check_author(by, at, note)
        source = self.backup_path(revision)

        def change(current: Portfolio, new_revision: int, history: HistoryReader) -> Changed:
            restored = decode_store(read_json(source), source)  # read under the lock: rotation cannot remove it now
            _, changes = apply_edits(current.projects, _restoring(current.projects, restored.projects))
            return restored.projects, history_entries(changes, revision=new_revision, by=by, at=at, note=note)

        return Saved(*self._commit(change, history_only=True))

    def backup_folder(self) -> Path:
        """The hidden folder beside the store file (beside the file a symlink points to) that holds its backups."""
        real = self.real_path
        return real.with_name(f".{real.name}.bak")

    def backups(self) -> tuple[Backup, ...]:
        """This store's backups of earlier revisions, the latest revision first.

        This store's: those carrying its id, or for a store from before ids those named without one. A store that
        cannot be read has no id to go by: then every backup of its name, the most recently saved first.
        """
        return self._backups_of(self._current_id())

    def _current_id(self) -> str | None:
        """The id the store file holds now: None for a store from before ids, ANY_STORE when it cannot be read."""
        try:
            file = read_file(self.path)
        except StoreError:
            return ANY_STORE
        known = self._known
        if known is not None and known.key == file.key:
            return known.store_id
        try:
            tables = layout.split(file.raw) or parse_json(file.raw, self.path)
            return _store_id(tables)
        except (StoreError, orjson.JSONDecodeError):
            return ANY_STORE

    def _backups_of(self, store_id: str | None) -> tuple[Backup, ...]:
        """The backups named with this store id (None: without one; ANY_STORE: either way)."""
        folder = self.backup_folder()
        try:
            if stat.S_ISLNK(os.lstat(folder).st_mode):
                raise StoreError(f"{folder} is a symlink; drift keeps and reads no backups through one: remove it")
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return ()
        except OSError as error:
            raise StoreError(f"cannot read the backups in {folder}: {error.strerror or error}") from None
        name = re.escape(self.real_path.name)
        ids = {None: "", ANY_STORE: r"(?:[0-9a-f]{16}\.)?"}.get(store_id, f"{store_id}\\.")
        pattern = re.compile(rf"{name}\.{ids}([0-9]+)")
        found = []
        for entry in entries:
            match = pattern.fullmatch(entry.name)
            if match and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):  # pruned by a save meanwhile
                    info = entry.stat(follow_symlinks=False)
                    found.append(Backup(int(match.group(1)), Path(entry.path), info.st_mtime_ns, info.st_size))
        if store_id == ANY_STORE:  # revisions of different stores do not compare: by when each was saved
            return tuple(sorted(found, key=lambda backup: (backup.saved_ns, backup.revision), reverse=True))
        # By revision, not by time: a clock set back after a save must not make the newest backups look oldest.
        return tuple(sorted(found, key=lambda backup: backup.revision, reverse=True))

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
        except (orjson.JSONDecodeError, ValidationError):
            lines = None  # a line that is not one whole document: parsed whole, the file says what is wrong
        if lines is None:
            data = parse_json(raw, self.path)
            table = _history_table(data) if isinstance(data, dict) else None
        return select(decode_history(table, self.path), project=project, since=since)

    def verify_history(self, anchor: str | None = None) -> ChainReport:
        """Check the history's hash chain; TamperedHistoryError names the first entry changed, removed or forged,
        or says that no entry has the anchor, a hash noted outside the store earlier.

        Only asked for (drift validate, drift log --verify): every load checking 10,000s of hashes would cost all.
        """
        self._check_store_file()
        portfolio, tables = decode_file(read_bytes(self.path), self.path)  # every project valid, keys once each
        parsed = tables.parsed() if isinstance(tables, layout.Lines) else tables
        report = verify_store_history(parsed, self.path, anchor)
        entries = decode_history(_history_table(tables), self.path)
        docs = {project.code: encode_project(project) for project in portfolio.projects}
        held = check_states(entries, docs, self.path)
        return dataclasses.replace(report, projects=(held, len(docs)))

    def _commit(
        self,
        change: Callable[[Portfolio, int, HistoryReader], Changed],
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
        # The file is resolved once: its lock, what is read, the backup and the write all belong to that one file,
        # even when a symlink on the way is pointed elsewhere meanwhile (the year's store switched at year end).
        self._pinned = Path(os.path.realpath(self.path))
        try:
            with self._locked():
                if Path(os.path.realpath(self.path)) != self._pinned:
                    raise StoreError(
                        f"{self.path} was pointed at another file while this save waited for the lock; "
                        "nothing was saved; try again"
                    )
                return self._commit_locked(self._pinned, change, expected_revision, history_only)
        finally:
            self._pinned = None

    def _commit_locked(
        self,
        real: Path,
        change: Callable[[Portfolio, int, HistoryReader], Changed],
        expected_revision: int | None,
        history_only: bool,
    ) -> tuple[Portfolio, tuple[HistoryEntry, ...]]:
        """_commit's work under the lock of real, the store's file resolved once."""
        self._check_store_file()  # the clear errors for a missing store or a folder in its place
        file = read_file(real)
        known = self._known
        current: Portfolio | None = None
        tables: layout.Lines | dict[str, Any] | None = None
        if known is not None and known.key == file.key:
            # The very file this Store read or wrote last, validated then: its projects need no second look.
            known_tables = layout.split(file.raw) if known.split else parse_json(file.raw, self.path)
            if known_tables is not None and _revision(known_tables) == known.portfolio.revision:
                current, doc_ids, tables = known.portfolio, known.doc_ids, known_tables
        if current is None or tables is None:
            with _collector_paused():
                current, tables = decode_file(file.raw, self.path)
            doc_ids = _doc_ids(tables, current)
        store_id = _store_id(tables)
        adopting = store_id is None  # a store from before ids gets one now, and its backups with it
        store_id = store_id or secrets.token_hex(8)
        if expected_revision is not None and current.revision != expected_revision:
            raise StaleRevisionError(
                f"{self.path}: changed by someone else since you read it "
                f"(revision {current.revision}, yours {expected_revision}); reload and try again"
            )
        revision = current.revision + 1

        def history(*, verified: bool = False) -> tuple[HistoryEntry, ...]:
            if verified:
                verify_store_history(tables.parsed() if isinstance(tables, layout.Lines) else tables, self.path)
            return decode_history(_history_table(tables), self.path)

        changed, entries = change(current, revision, history)
        projects = tuple(changed)
        entries = tuple(entries)
        if history_only and not entries:
            return current, ()  # no field changed: a new revision would only make others reload
        codes = [p.code for p in projects]
        if len(set(codes)) != len(codes):
            raise ValidationError("a project code appears twice")
        transaction = Transaction(JSONFileStorage, tables=tinydb_tables(tables))
        db = TinyDB(real, storage=transaction)
        doc_ids, written = _write_tables(db, current, projects, revision, doc_ids, store_id)
        if entries:
            entries = _write_history(db, tables, _with_states(entries, projects, written))
        _remove_stale_temp_files(real, self.backup_folder())
        self.backup_problem = None
        keep = self._backups_to_keep()
        if keep:  # before the save, not after: backups filling the disk are freed by lowering DRIFT_BACKUPS
            self._prune_backups(keep - 1, None if adopting else store_id, replacing=current.revision)
        backup = self._back_up(current.revision, store_id) if keep else None
        try:
            with _interrupts_held():  # Ctrl+C waits until the save is known to be made
                try:
                    transaction.commit()
                except NoSpaceError:
                    if backup is None or os.path.samefile(backup, real):
                        raise  # a hard link costs no space: removing it would free nothing
                    # A copy (where hard links are refused) took the room the save needed: the save comes first.
                    _forget_backup_of_unreplaced_store(backup, real, file.key)
                    backup = None
                    self._report_not_backed_up(current.revision, os.strerror(errno.ENOSPC))
                    transaction.commit()
                self.saved_revision = revision
        except NoSpaceError as error:
            _forget_backup_of_unreplaced_store(backup, real, file.key)
            raise NoSpaceError(f"{error}{self._backups_note()}") from None
        except BaseException:
            _forget_backup_of_unreplaced_store(backup, real, file.key)
            raise
        saved = Portfolio(projects=projects, revision=revision)
        try:
            self._known = _Known(read_file_key(real), saved, doc_ids, split=True, store_id=store_id)
        except OSError:  # saved, but not to be recognised: the next save reads the file in full
            self._known = None
        if adopting:
            self._adopt_backups(store_id)
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

    def _back_up(self, revision: int, store_id: str) -> Path | None:
        """Keep the file about to be replaced as the backup of its revision; None when that failed.

        A failed backup never stops the save: the save itself is atomic and every change is in the
        history, while refusing work because the safety net is torn would leave people no way forward.
        """
        real = self.real_path
        folder = self.backup_folder()
        target = folder / f"{real.name}.{store_id}.{revision}"
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
            with contextlib.suppress(FileNotFoundError):
                # rename(2) does nothing when both names are already one file (a save killed after its backup
                # step linked the same revision): the partial name would stay behind.
                partial.unlink()
        except OSError as error:
            self._report_not_backed_up(revision, error.strerror or str(error))
            return None
        return target

    def _report_not_backed_up(self, revision: int, reason: str) -> None:
        self._report_backup_problem(
            f"{self.path}: revision {revision} was not backed up to {self.backup_folder()} ({reason}); "
            "the save went ahead"
        )

    def _prune_backups(self, keep: int, store_id: str | None, replacing: int) -> None:
        """Remove all but the keep latest revisions' backups of this store (named with store_id).

        The backup of the revision being replaced is not counted: this save makes it (again, after a save
        killed once it was made), so it is the one more that keep leaves room for.
        """
        if os.path.islink(self.backup_folder()):
            return  # never deletes through it; the backup step says why it keeps nothing there
        try:
            for old in [b for b in self._backups_of(store_id) if b.revision != replacing][keep:]:
                old.path.unlink(missing_ok=True)
        except (OSError, StoreError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            self._report_backup_problem(f"cannot remove old backups in {self.backup_folder()}: {reason}")

    def _adopt_backups(self, store_id: str) -> None:
        """Name a store's backups from before store ids with the id it has just been given: they are its own."""
        try:
            for backup in self._backups_of(None):
                os.replace(backup.path, backup.path.with_name(f"{self.real_path.name}.{store_id}.{backup.revision}"))
        except (OSError, StoreError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            self._report_backup_problem(f"cannot name the backups in {self.backup_folder()} for this store: {reason}")

    def _backups_note(self) -> str:
        """What the backups take, for a save refused for lack of space; "" when they take nothing."""
        folder = self.backup_folder()
        try:
            store = os.stat(self.real_path)
            if stat.S_ISLNK(os.lstat(folder).st_mode):
                return ""
            with os.scandir(folder) as entries:
                infos = [entry.stat(follow_symlinks=False) for entry in entries if entry.is_file(follow_symlinks=False)]
        except OSError:
            return ""
        size = sum(info.st_size for info in infos if not os.path.samestat(info, store))  # a link to it costs nothing
        if not size:
            return ""
        return f" (backups in {folder} take {_size_text(size)}; lower {BACKUPS_VARIABLE} or remove old ones)"

    def _report_backup_problem(self, problem: str) -> None:
        self.backup_problem = problem
        if problem not in self._reported:  # a dashboard saving all day says it once, not at every save
            self._reported.add(problem)
            log.warning(problem)

    def _locked(self) -> _LockGuard:
        mode = 0o666 & ~_UMASK
        return _LockGuard(filelock.FileLock(self.lock_path, timeout=self.lock_timeout, mode=mode), self, mode)


def _write_tables(
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

    # TinyDB's update merges fields, so a changed project is removed and re-inserted whole
    # under its old document id: a field cleared in the edit must disappear from the file.
    if changed or removed:
        table.remove(doc_ids=[*changed, *removed])
    if changed or added:
        table.insert_multiple(Document(doc, doc_id=i) for i, doc in (changed | added).items())
    db.table(META).update({"schema": SCHEMA_VERSION, "revision": revision, "id": store_id})
    kept = {p.code for p in projects}
    return {code: i for code, i in doc_ids.items() if code in kept} | dict(zip(new, added, strict=True)), written


def _write_history(
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
        previous = chain_end(_history_table(tables) or {})
    last = chain.get("last") if isinstance(chain, dict) else None
    ids = tables.tables.get(HISTORY, {}) if isinstance(tables, layout.Lines) else tables.get(HISTORY) or {}
    # After the last entry drift wrote, even when it is gone; after every entry there, as TinyDB would number them.
    first = max(last if isinstance(last, int) else 0, max(map(int, ids), default=0)) + 1
    written = sealed(entries, previous)
    db.table(HISTORY).insert_multiple(Document(entry.to_json(), doc_id=first + n) for n, entry in enumerate(written))
    meta.update({CHAIN: {"head": written[-1].hash, "last": first + len(written) - 1}})
    return written


def _with_states(
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
    return tuple(dataclasses.replace(entry, state=states.get(entry.project)) for entry in entries)


def verify_store_history(tables: Mapping[str, Any], file: Path, anchor: str | None = None) -> ChainReport:
    """Verify the history of a store's tables (see history.verify_chain), every entry decoded and valid first."""
    record = _meta_record(tables)
    revision = record.get("revision")
    if isinstance(revision, bool) or not isinstance(revision, int):
        raise ValidationError("missing the schema and revision record", META, str(file))
    history = tables.get(HISTORY) or {}
    table = dict(history) if isinstance(history, layout.Table) else history
    decode_history(table, file)
    return verify_chain(table, record.get(CHAIN), revision, file, anchor)


class HistoryReader(Protocol):
    """What a change made under the lock reads the history with; verified checks its hash chain first."""

    def __call__(self, *, verified: bool = False) -> tuple[HistoryEntry, ...]: ...


Changed = tuple[Iterable[Project], tuple[HistoryEntry, ...]]
"""What a change made under the lock returns: the projects to save and the history entries that say why."""


@dataclass(frozen=True)
class _Known:
    """The file a Store last read or wrote, and what it holds, so its next save need not read it all again."""

    key: tuple[int, ...]
    portfolio: Portfolio
    doc_ids: dict[str, int]
    """Each project's TinyDB document id, by code."""
    split: bool
    """Whether it was read a document per line (store.layout), as every file drift writes can be."""
    store_id: str | None
    """The id in its _meta record; None for a store from before ids."""


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


def _meta_record(tables: layout.Lines | Mapping[str, Any]) -> dict[str, Any]:
    """The file's meta record, or {} when it has none."""
    meta = (tables.parsed() if isinstance(tables, layout.Lines) else tables).get(META)
    record = next(iter(meta.values()), None) if isinstance(meta, Mapping) and len(meta) == 1 else None
    return record if isinstance(record, dict) else {}


def _revision(tables: layout.Lines | dict[str, Any]) -> Any:
    """The revision the file's meta record says, or None when it has none."""
    return _meta_record(tables).get("revision")


def _store_id(tables: layout.Lines | dict[str, Any]) -> str | None:
    """The store id the meta record holds: None when it holds none, ANY_STORE when it is not an id."""
    store_id = _meta_record(tables).get("id")
    if store_id is None:
        return None
    return store_id if isinstance(store_id, str) and STORE_ID.fullmatch(store_id) else ANY_STORE


def _size_text(size: int) -> str:
    """A size in bytes as people read it: 412 MB, 38 KB."""
    if size >= 1_000_000:
        return f"{size // 1_000_000} MB"
    return f"{size // 1000} KB" if size >= 1000 else f"{size} bytes"


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
    if folder.is_symlink():  # the backups would land wherever it points, and pruning would delete there
        raise OSError(errno.ELOOP, f"{folder.name} is a symlink; drift keeps no backups through one")
    if folder.is_dir():
        return
    if folder.exists():
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


def _forget_backup_of_unreplaced_store(backup: Path | None, store: Path, key: tuple[int, ...]) -> None:
    """After a failed save, drop its backup if the store is still the file it read (key): it is no earlier revision.

    A hard link is that very file; a copy is known by the store's device and inode, unchanged since it was read.
    """
    if backup is None:
        return
    with contextlib.suppress(OSError):
        if read_file_key(store)[:2] == key[:2]:
            backup.unlink()


def _remove_stale_temp_files(path: Path, backups: Path) -> None:
    """Remove the temporary files of saves that were killed half-way (SIGKILL, power loss), the backups' too.

    Called under the store's lock: only a saver holding it writes these, so any found now is an orphan.
    """
    real = Path(os.path.realpath(path))
    orphan = re.compile(re.escape(f".{real.name}.") + r"[a-z0-9_]{8}\.tmp")  # tempfile.mkstemp's names
    partial = re.compile(re.escape(f".{real.name}.") + r"(?:[0-9a-f]{16}\.)?[0-9]+\.tmp")  # Store._back_up's
    for folder, name in ((real.parent, orphan), (backups, partial)):
        if folder == backups and os.path.islink(backups):
            continue
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if name.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
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
    changes: tuple[RecordChange, ...] = ()
    """What each edit given to Store.apply did, in order: a payment skipped as already recorded changed no field."""

    @property
    def revision(self) -> int:
        return self.portfolio.revision

    def lines(self) -> list[str]:
        """One line per changed field: "payments P4 amount: — → 120.50"."""
        return [entry.describe() for entry in self.entries]


class _LockGuard:
    """Takes the store's lock, turning a timeout or a refusal into a clear StoreError."""

    def __init__(self, lock: filelock.BaseFileLock, store: Store, mode: int) -> None:
        self.lock = lock
        self.store = store
        self.lock_mode = mode

    def __enter__(self) -> None:
        _check_lock_file(Path(self.lock.lock_file), self.lock_mode)
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


def _check_lock_file(lock: Path, mode: int) -> None:
    """Open (or create) the lock file once, so that a lock that can never be taken says why at once.

    Some filelock versions retry a lock file they cannot open until the timeout, then report a held lock:
    ten seconds later, and the wrong reason.
    """
    try:
        os.close(os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, mode))
    except IsADirectoryError:
        raise StoreError(f"{lock} is a folder, not a lock file; remove it to save again") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            problem = "it is a symlink, not a lock file; remove it to save again"
        elif error.errno == errno.EROFS:
            problem = f"the folder {lock.parent} is on a read-only file system"
        elif error.errno in (errno.EACCES, errno.EPERM):
            there = os.path.lexists(lock)
            problem = "you may not write it" if there else f"the folder {lock.parent} is read-only for you"
        else:
            problem = error.strerror or str(error)
        raise ReadOnlyStoreError(
            f"cannot {'open' if os.path.lexists(lock) else 'create'} the lock {lock}: {problem}"
        ) from None


def replace_project(portfolio: Portfolio, project: Project) -> tuple[Project, ...]:
    """The portfolio's projects with the one of the same code replaced, or project appended."""
    out = [project if p.code == project.code else p for p in portfolio.projects]
    if portfolio.project(project.code) is None:
        out.append(project)
    return tuple(out)
