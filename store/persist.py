"""The store: one file read without locking, saved under a lock on the latest revision, with backups and history."""

from __future__ import annotations

import datetime
import errno
import logging
import os
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import orjson
from msgspec import Struct, structs
from tinydb import TinyDB

from store import layout
from store.backups import (
    Backup,
    adopt_backups,
    back_up,
    backup_folder_of,
    backup_links,
    backups_in,
    backups_note,
    backups_to_keep,
    forget_backup_of_unreplaced_store,
    prune_backups,
    restoring_edits,
)
from store.checked import CheckedSeals
from store.codec import encode_project
from store.collector import collector_paused
from store.edits import DuplicatePaymentError, Edit, RecordChange, RecordEdit, apply_edits
from store.errors import (
    DriftError,
    NoSpaceError,
    NoStoreError,
    ReadOnlyStoreError,
    StaleRevisionError,
    StoreError,
    TamperedHistoryError,
    ValidationError,
    Words,
)
from store.fileio import (
    UMASK,
    FileRead,
    NextFile,
    free_waiting_files,
    parse_json,
    read_bytes,
    read_file,
    read_file_key,
    read_json,
    remove_stale_temp_files,
    write_atomically,
)
from store.history import (
    HISTORY,
    ChainReport,
    HistoryEntry,
    added_by,
    check_author,
    check_states,
    decode_history,
    history_entries,
    select,
    system_account,
    undo_plan,
)
from store.locking import LockGuard, interrupts_held
from store.migrations import SCHEMA_VERSION
from store.model import Listed, Portfolio, Project, RuleSettings
from store.rulesfile import StoreRules, read_rules_text, read_store_rules, rules_path
from store.tables import (
    ANY_STORE,
    META,
    PROJECTS,
    Contents,
    JSONFileStorage,
    OneRead,
    Opening,
    Transaction,
    decode_file,
    decode_one,
    decode_opening,
    decode_store,
    document_digests,
    document_ids,
    history_table,
    meta_revision,
    meta_store_id,
    seal_of,
    sealed_projects,
    tinydb_tables,
    verify_store_history,
    with_states,
    write_history,
    write_tables,
)

OPENING_PROJECTS = 100
"""How many projects a read shows before the rest of the file is read: more rows than any terminal has."""
OPENING_BYTES = 4 << 20
"""The first bytes read for them: a hundred projects as long as the seed project's (21 KB) and room to spare."""

log = logging.getLogger(__name__)
"""Where a backup that could not be made is reported; the command line prints it as one warning line."""


class Store:
    """One store file: read without locking, written under a lock and only on the latest revision.

    Each save first keeps the file it replaces in a hidden folder beside it (.store.json.bak/store.json.ID.REVISION,
    ID being the store's own, from its _meta record), the latest keep_backups revisions of them; a backup that
    cannot be made is reported, and the save goes ahead.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float = 10.0,
        keep_backups: int | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.keep_backups = keep_backups
        """How many earlier revisions to keep; None reads $DRIFT_BACKUPS at each save, else DEFAULT_BACKUPS."""
        self.environ: Mapping[str, str] = os.environ if environ is None else environ
        """Where $DRIFT_BACKUPS, the user's rules ($XDG_CONFIG_HOME, $HOME) and what the user's drift checked before
        ($XDG_CACHE_HOME) are found: the environment a program was given (`drift` passes main()'s)."""
        self.checked = CheckedSeals(self.environ)
        self.backup_problem: str | None = None
        """Why the last save made no backup (or kept too many), or None when all went well."""
        self.saved_revision: int | None = None
        """The revision this object last saved, set the instant the save is done: what `drift`'s exit status says."""
        self._reported: set[str] = set()
        self._known: _Known | None = None
        self._one: _OneKnown | None = None
        self._line_digests: dict[str, tuple[bytes, Project]] = {}
        self._digests: frozenset[bytes] = frozenset()
        """The digest of every project line of the file as this Store last read or wrote it."""
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

    @property
    def identity(self) -> bytes:
        """What names this store in the user's memory of analyses (tui.memo): its real file."""
        return os.fsencode(self.real_path)

    def size(self) -> int | None:
        """The store file's size, None when it cannot be looked at."""
        try:
            return os.path.getsize(self.path)
        except OSError:
            return None

    def exists(self) -> bool:
        return os.path.isfile(self.path)  # False, not PermissionError, behind a folder this user may not enter

    def read_only_reason(self) -> Words | None:
        """Why this user cannot save here, or None when saving is possible."""
        if os.path.exists(self.path) and not os.access(self.path, os.W_OK):
            return Words("error.read_only_file", {"path": self.path})
        folder = self.real_path.parent  # where the new file and the lock are made, behind any symlink
        if not os.access(folder, os.W_OK | os.X_OK):
            return Words("error.read_only_folder", {"folder": folder})
        return None

    def load(self, each: Callable[[Project], None] | None = None) -> Portfolio:
        """Every project in the store, validated; each, when given, sees every project as soon as it is read."""
        return self.read(each).portfolio

    def read(self, each: Callable[[Project], None] | None = None) -> Snapshot:
        """As load, with the identity of the file read: what a watcher compares file_key() against.

        each sees the first projects as soon as the file's first bytes are read (decode_opening), checked in full,
        unless this Store has read the file before (then it reads again only the lines that changed)."""
        self._check_store_file()
        if each is None or self._known_documents():
            return self._read(read_file(self.path), each)
        opening: list[Opening] = []
        self._line_digests = {}

        def show(head: bytes) -> None:
            with collector_paused():
                opening.extend(decode_opening(head, OPENING_PROJECTS))
            for _, digest, project in opening:
                self._line_digests[project.code] = (digest, project)
                each(project)

        return self._read(read_file(self.path, show, OPENING_BYTES), each, opening)

    def _read(
        self, file: FileRead, each: Callable[[Project], None] | None = None, opening: Sequence[Opening] = ()
    ) -> Snapshot:
        if not opening:
            self._line_digests = {}  # filled as the projects are read, so that each may ask for a project's
        self._one = None
        with collector_paused():
            read = decode_file(
                file.raw, self.path, each, self._known_documents(), self.checked, self._line_digests, opening
            )
        if read.seal is not None and not self.checked.holds(read.seal):  # checked now, not built as checked before
            self.checked.add(read.seal)
            self.checked.add_lines(read.by_digest)  # the lines a colleague's save will leave as they are
        self._digests = frozenset(read.by_digest)
        portfolio, tables = read.portfolio, read.tables
        self._known = _Known(
            file.key,
            portfolio,
            document_ids(tables, portfolio),
            isinstance(tables, layout.Lines),
            meta_store_id(tables),
            read.by_digest,
        )
        return Snapshot(portfolio, file.key)

    def one(self, code: str | None) -> Found:
        """The project of this code (None: the store's only one), validated, and how many projects the store holds.

        Built from its line alone when the file is one this user's drift checked before (store.checked), else read
        with every other as load() reads them. A save of that project that follows (apply) reads and writes no
        more than it needs, and writes the next file before it takes the lock, which it holds only to put it there.
        """
        self._check_store_file()
        file = read_file(self.path)
        read = decode_one(file.raw, self.path, code, self.checked)
        if read is None:
            portfolio = self._read(file).portfolio
            only = portfolio.projects[0] if len(portfolio.projects) == 1 else None
            return Found(only if code is None else portfolio.project(code), len(portfolio.projects))
        self._known = None
        self._one = _OneKnown(file.key, read)
        self._line_digests = {}
        self._digests = frozenset(read.digests.values())
        if read.doc_id is None:
            return Found(None, read.total)
        (project,) = read.portfolio.projects
        self._line_digests = {project.code: (read.digests[read.doc_id], project)}
        return Found(project, read.total)

    def listed(self) -> Iterator[Listed]:
        """What `drift list` shows of every project."""
        return map(Listed.of, self.load().projects)

    def projects(self) -> Sequence[Project]:
        """Every project, validated: where this user's drift checked the file before, each built from its line when
        asked for (store.tables.SealedProjects, whose digests name the lines), else all read now as load() reads
        them. For a command that may need few of them built, such as one that shows what it remembers."""
        self._check_store_file()
        file = read_file(self.path)
        lazy = sealed_projects(file.raw, self.path, self.checked)
        if lazy is None:
            return self._read(file).portfolio.projects
        self._known, self._one, self._line_digests = None, None, {}
        self._digests = frozenset(lazy.digests)
        return lazy

    def line_digest(self, project: Project) -> bytes | None:
        """The digest of the line this very project was last read from or written as (store.tables.document_digests):
        what names its bytes. None when not known: a store not in drift's layout, a project since read anew."""
        noted = self._line_digests.get(project.code)
        return noted[0] if noted is not None and noted[1] is project else None

    def line_digests(self) -> set[bytes]:
        """The digest of every project line as this Store last read or wrote the file."""
        return set(self._digests)

    def _known_documents(self) -> dict[bytes, Project] | None:
        """The projects this Store last read or wrote, by the digest of their lines: read again only if changed."""
        return None if self._known is None else self._known.by_digest

    def file_key(self) -> tuple[int, ...] | None:
        """The identity of the store's file now, through any symlink (device, inode, size, times), or None when it
        cannot be looked at. Every save replaces the file, so a key that differs from the one read means a change;
        a stat is cheap enough to ask every half second, also over NFS, where no change notification crosses hosts.
        """
        try:
            return read_file_key(self.path)
        except OSError:
            return None

    def _check_store_file(self) -> None:
        """The clear errors for a store path that is missing, not a regular file, has a second name, or is unreachable.

        Checked on reading as well as saving: once a save replaces the file under one hard link, the other name
        keeps the old file, and whoever reads through it sees old data without being told.
        """
        try:
            info = self.path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise NoStoreError.said("error.no_such_store", path=self.path) from None
        except OSError as error:  # Path.is_dir() and .exists() raise PermissionError here: a traceback, not a line
            raise StoreError.said("error.cannot_read", path=self.path, problem=error.strerror or error) from None
        if stat.S_ISDIR(info.st_mode):
            raise StoreError.said("error.is_directory", path=self.path)
        if not stat.S_ISREG(info.st_mode):  # a device never ends, a FIFO blocks the reader
            raise StoreError.said("error.not_regular_store", path=self.path)
        # /proc/self/fd/N of a file replaced since: it reads the old file, and a save would go to one nobody sees.
        if info.st_nlink == 0 or not os.path.exists(self.real_path):
            raise StoreError(
                f"{self.path}: names a file that was deleted or replaced since; name the store by its path"
            )
        if info.st_nlink > 1 and (names := info.st_nlink - backup_links(self.backup_folder(), info)) > 1:
            raise StoreError(
                f"{self.path}: the store file has {names} hard links; a save would leave the other names on the old "
                "data: remove the other name (or make it a symlink)"
            )

    def create(self, projects: Iterable[Project] = (), *, parents: bool = False) -> Portfolio:
        """A new store file holding these projects; refuses to overwrite an existing one.

        With parents, missing folders on the way are made, as for the default store.
        """
        self._check_new_file(parents=parents)
        with self._locked():
            if os.path.exists(self.path):
                raise StoreError.said("error.exists", path=self.path)
            projects = tuple(projects)
            data = {
                META: {"1": {"schema": SCHEMA_VERSION, "revision": 1, "id": secrets.token_hex(8)}},
                PROJECTS: {str(i): encode_project(p) for i, p in enumerate(projects, start=1)},
            }
            with interrupts_held():
                JSONFileStorage(self.path).write(data)
                self.saved_revision = 1
        return Portfolio(projects=projects, revision=1)

    def contents(self) -> Contents:
        """Everything the store keeps, every project validated: what `drift migrate` moves to another back-end."""
        self._check_store_file()
        read = decode_file(read_bytes(self.path), self.path)
        tables = read.tables.parsed() if isinstance(read.tables, layout.Lines) else read.tables
        (meta,) = tables[META].values()
        rules: bytes | None
        try:
            rules = self.rules_path().read_bytes()
        except FileNotFoundError:
            rules = None
        else:  # moved only as rules the store can read, as it reads them
            read_rules_text(rules, str(self.rules_path()))
        return Contents(dict(meta), dict(tables.get(PROJECTS) or {}), dict(tables.get(HISTORY) or {}), rules)

    def receive(self, contents: Contents) -> None:
        """A new store file holding what another store kept (contents()), and its rules file beside it; refuses to
        overwrite either."""
        self._check_new_file(parents=False)
        data = {META: {"1": contents.meta}, PROJECTS: contents.projects} | (
            {HISTORY: contents.history} if contents.history else {}
        )
        with self._locked():
            if os.path.exists(self.path):
                raise StoreError.said("error.exists", path=self.path)
            rules = self.rules_path()
            if rules.exists():  # the new store would follow rules that are not the moved store's
                raise StoreError.said("error.exists", path=rules)
            if contents.rules is not None:
                write_atomically(rules, contents.rules)
            with interrupts_held():
                JSONFileStorage(self.path).write(data)
                self.saved_revision = contents.meta["revision"]

    def _check_new_file(self, *, parents: bool) -> None:
        """The clear errors for a new store's path: a folder there, or no folder to put it in (made with parents)."""
        if os.path.isdir(self.path):
            raise StoreError.said("error.is_directory", path=self.path)
        if parents:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError.said(
                    "error.cannot_create_folder", folder=self.path.parent, problem=error.strerror or error
                ) from None
        elif not os.path.isdir(self.path.parent):
            raise StoreError.said("error.no_folder", path=self.path, folder=self.path.parent)

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
        portfolio, _, _ = self._commit(
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

        portfolio, entries, key = self._commit(change, history_only=True, project=_one_project(edits))
        return Saved(portfolio, entries, tuple(made), key)

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

        portfolio, entries, key = self._commit(change, history_only=True)
        return Saved(portfolio, entries, key=key)

    def restore(self, revision: int, *, by: str, at: datetime.datetime, note: str = "") -> Saved:
        """Make the projects of the backup of this revision the store's again, saved as a new revision.

        The backup must validate. The history is not rolled back: the restore is added to it, as the
        removal of each project it replaces and the addition of the backup's version, so `undo` reverts it.
        """
        check_author(by, at, note)
        source = self.backup_path(revision)

        def change(current: Portfolio, new_revision: int, history: HistoryReader) -> Changed:
            restored = decode_store(read_json(source), source)  # read under the lock: rotation cannot remove it now
            _, changes = apply_edits(current.projects, restoring_edits(current.projects, restored.projects))
            return restored.projects, history_entries(changes, revision=new_revision, by=by, at=at, note=note)

        portfolio, entries, key = self._commit(change, history_only=True)
        return Saved(portfolio, entries, key=key)

    def rules_path(self) -> Path:
        """The store's rules file, beside its real file: every name of one store finds the same rules."""
        return rules_path(self.real_path)

    def rules(self) -> RuleSettings:
        """The settings this store's projects are analysed under, below their own: the store's rules file, and the
        user's config ($XDG_CONFIG_HOME/drift/rules.toml) for what it leaves out. Every command, the dashboard and
        the exports take them here; a bad file raises ValidationError naming it."""
        return self.rule_files().settings

    def rule_files(self) -> StoreRules:
        """The two files rules() merges, each with its path and what it states: where each setting comes from."""
        return read_store_rules(self.real_path, self.environ)

    def backup_folder(self) -> Path:
        """The hidden folder beside the store file (beside the file a symlink points to) that holds its backups."""
        return backup_folder_of(self.real_path)

    def backups(self) -> tuple[Backup, ...]:
        """This store's backups of earlier revisions, the latest revision first.

        This store's: those carrying its id, or for a store from before ids those named without one. A store that
        cannot be read has no id to go by: then every backup of its name, the most recently saved first.
        """
        return backups_in(self.backup_folder(), self.real_path.name, self._current_id())

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
            return meta_store_id(tables)
        except (StoreError, orjson.JSONDecodeError):
            return ANY_STORE

    def backup_path(self, revision: int) -> Path:
        """The backup of this revision; StoreError listing the revisions kept when there is none."""
        for backup in self.backups():
            if backup.revision == revision:
                return backup.path
        kept = ", ".join(str(backup.revision) for backup in sorted(self.backups(), key=lambda b: b.revision))
        listed = kept or Words("error.none_yet")
        raise StoreError.said("error.no_backup", revision=revision, folder=self.backup_folder(), kept=listed)

    def history(
        self, project: str | None = None, since: datetime.date | datetime.datetime | None = None
    ) -> tuple[HistoryEntry, ...]:
        """The recorded changes, oldest first: of one project, from a day (or an instant) on."""
        self._check_store_file()
        raw = read_bytes(self.path)
        lines = layout.split(raw)
        try:
            table = history_table(lines) if lines else None
        except (orjson.JSONDecodeError, ValidationError):
            lines = None  # a line that is not one whole document: parsed whole, the file says what is wrong
        if lines is None:
            data = parse_json(raw, self.path)
            table = history_table(data) if isinstance(data, dict) else None
        return select(decode_history(table, self.path), project=project, since=since)

    def verify_history(self, anchor: str | None = None) -> ChainReport:
        """Check the history's hash chain; TamperedHistoryError names the first entry changed, removed or forged,
        or says that no entry has the anchor, a hash noted outside the store earlier.

        Only asked for (drift validate, drift log --verify): every load checking 10,000s of hashes would cost all.
        """
        self._check_store_file()
        # Every project checked, whatever this user's drift checked before: validate is the second look.
        read = decode_file(read_bytes(self.path), self.path)
        portfolio, tables = read.portfolio, read.tables
        parsed = tables.parsed() if isinstance(tables, layout.Lines) else tables
        report = verify_store_history(parsed, self.path, anchor)
        entries = decode_history(history_table(tables), self.path)
        docs = {project.code: encode_project(project) for project in portfolio.projects}
        held = check_states(entries, docs, self.path)
        return structs.replace(report, projects=(held, len(docs)))

    def _commit(
        self,
        change: Callable[[Portfolio, int, HistoryReader], Changed],
        *,
        expected_revision: int | None = None,
        history_only: bool = False,
        project: str | None = None,
    ) -> Committed:
        """Under the lock, let change turn the freshest data into the next revision's projects and history.

        change gets the current portfolio, the revision it will produce and a reader of the history;
        projects and history entries are written in one atomic save. With history_only, a change that
        records no history entry changed nothing and saves nothing. project: the code of the one project change
        touches, when it touches one only and no other project's code, which it may then be given alone.
        """
        if reason := self.read_only_reason():
            raise ReadOnlyStoreError.said("error.read_only_save", reason=reason)
        # The file is resolved once: its lock, what is read, the backup and the write all belong to that one file,
        # even when a symlink on the way is pointed elsewhere meanwhile (the year's store switched at year end).
        self._pinned = real = Path(os.path.realpath(self.path))
        # Only for a caller that read the store a project at a time (one()): the others are given all projects.
        one = self._one if project is not None and history_only else None
        alone = one is not None
        self._one = None
        prepared: _Prepared | Committed | None = None
        try:
            if one is not None and _holds(one.read, project):
                # Made before the lock is taken, from the file one() read: under the lock, only put in place.
                try:
                    prepared = self._next_revision(one.read, change, one.key)
                except DriftError:
                    if read_file_key(real) == one.key:  # refused on the file as it is: said as it is
                        raise
                    # Refused on a file saved over since, perhaps for what changed: tried again on the new one.
                else:
                    prepared = self._written_early(real, prepared)
            with self._locked() as lock:
                if Path(os.path.realpath(self.path)) != real:
                    raise StoreError(
                        f"{self.path} was pointed at another file while this save waited for the lock; "
                        "nothing was saved; try again"
                    )
                if alone:
                    self._check_store_file()
                if one is not None and prepared is not None and read_file_key(real) == one.key:
                    return self._put_in_place(real, prepared, lock)  # nobody saved since: it is the next revision
                if isinstance(prepared, _Prepared) and prepared.file is not None:
                    prepared.file.discard()
                if alone:  # read again under the lock, still a project at a time
                    file = read_file(real)
                    read = decode_one(file.raw, self.path, project, self.checked)
                    if read is not None and _holds(read, project):
                        prepared = self._next_revision(read, change, file.key)
                        return self._put_in_place(real, prepared, lock)
                return self._commit_locked(real, change, expected_revision, history_only, lock)
        finally:
            if isinstance(prepared, _Prepared) and prepared.file is not None:
                prepared.file.discard()  # nothing left to do once it is in place
            self._pinned = None

    def _next_revision(
        self, read: OneRead, change: Callable[[Portfolio, int, HistoryReader], Changed], key: tuple[int, ...]
    ) -> _Prepared | Committed:
        """The next revision of a file read a project at a time (decode_one), its tables made but not written; what
        the save leaves when change changed nothing. key: the identity of the file read."""
        lines = read.lines
        current = read.portfolio
        (before,) = current.projects
        revision = current.revision + 1

        def history(*, verified: bool = False) -> tuple[HistoryEntry, ...]:
            if verified:
                verify_store_history(lines.parsed(), self.path)
            return decode_history(history_table(lines), self.path)

        changed, entries = change(current, revision, history)
        projects, entries = tuple(changed), tuple(entries)
        if not entries:
            return current, (), key
        if [p.code for p in projects] != [before.code]:
            raise ValueError("a change of one project must leave that project, under its code")
        store_id = meta_store_id(lines)
        assert store_id is not None and store_id != ANY_STORE, "_holds() lets only a store with its id through"
        assert read.doc_id is not None
        transaction = Transaction(JSONFileStorage, tables=tinydb_tables(lines))
        db = TinyDB(self.real_path, storage=transaction)
        _, written = write_tables(db, current, projects, revision, {before.code: int(read.doc_id)}, store_id)
        entries = write_history(db, lines, with_states(entries, projects, written))
        tables = transaction.read()
        digests = document_digests(tables[PROJECTS], read=read.digests)
        saved = Portfolio(projects, revision)
        return _Prepared(current.revision, saved, entries, store_id, tables, digests, read.doc_id)

    def _written_early(self, real: Path, prepared: _Prepared | Committed) -> _Prepared | Committed:
        """The next file written before the lock is taken, to wait for it; as it was when that cannot be done (the
        disk full, a name too long for the mark of a waiting file): then it is written under the lock."""
        if not isinstance(prepared, _Prepared) or not _room_to_wait(real):
            return prepared
        try:
            return structs.replace(prepared, file=NextFile.write(real, layout.dump(prepared.tables), waiting=True))
        except StoreError:
            return prepared

    def _put_in_place(self, real: Path, prepared: _Prepared | Committed, lock: LockGuard) -> Committed:
        """Under the lock, on the very file the save was prepared from: its backup kept, the new file written if it
        is not yet, and put in place (a save that changed nothing is what it leaves)."""
        if not isinstance(prepared, _Prepared):
            return prepared
        remove_stale_temp_files(real, self.backup_folder())
        keep = self._prune_before_save(prepared.store_id, prepared.replacing)
        next_file = prepared.file
        if next_file is None or not next_file.intact():  # its room taken back while it waited (free_waiting_files)
            if next_file is not None:
                next_file.discard()
            next_file = self._write_next(real, prepared.tables)
            prepared = structs.replace(prepared, file=next_file)
        replaced = read_file_key(real)
        backup = self._back_up(prepared.replacing, prepared.store_id) if keep else None
        try:
            with interrupts_held():  # Ctrl+C waits until the save is known to be made
                lock.still_held()
                next_file.replace()
                self.saved_revision = prepared.saved.revision
        except BaseException:
            forget_backup_of_unreplaced_store(backup, real, replaced)
            raise
        written = prepared.tables[PROJECTS]  # in the order of the file, as the digests are
        self.checked.add(seal_of(written, prepared.digests))  # now, so that a save waiting for the lock finds it
        (project,) = prepared.saved.projects
        self._line_digests = {project.code: (prepared.digests[list(written).index(prepared.doc_id)], project)}
        self._digests = frozenset(prepared.digests)
        try:
            key: tuple[int, ...] | None = read_file_key(real)
        except OSError:
            key = None
        return prepared.saved, prepared.entries, key

    def _write_next(self, real: Path, tables: dict[str, Any]) -> NextFile:
        """Under the lock, the next file written beside the store; when the disk is full, the room of the files of
        saves waiting for the lock is taken back first (they were made from a file this save replaces)."""
        for _ in range(ROOM_TRIES - 1):
            try:
                return NextFile.write(real, layout.dump(tables))
            except NoSpaceError:
                if not free_waiting_files(real):
                    break
                time.sleep(0.02)  # a save still writing its file as it waits stops at the full disk, or is emptied
        try:
            return NextFile.write(real, layout.dump(tables))
        except NoSpaceError as error:
            raise NoSpaceError(f"{error}{backups_note(self.real_path, self.backup_folder())}") from None

    def _commit_locked(
        self,
        real: Path,
        change: Callable[[Portfolio, int, HistoryReader], Changed],
        expected_revision: int | None,
        history_only: bool,
        lock: LockGuard,
    ) -> Committed:
        """_commit's work under the lock of real, the store's file resolved once."""
        self._check_store_file()  # the clear errors for a missing store or a folder in its place
        file = read_file(real)
        known = self._known
        current: Portfolio | None = None
        tables: layout.Lines | dict[str, Any] | None = None
        digests_read: dict[str, bytes] | None = None
        """The digest of each project line as read, by document id, when every one was checked: what is written is
        remembered as checked only then."""
        if known is not None and known.key == file.key:
            # The very file this Store read or wrote last, validated then: its projects need no second look.
            known_tables = layout.split(file.raw) if known.split else parse_json(file.raw, self.path)
            if known_tables is not None and meta_revision(known_tables) == known.portfolio.revision:
                if isinstance(known_tables, layout.Lines):
                    # Its key is taken after a save's rename: a line written into it just then has the key too,
                    # so every line must be one this Store read or wrote, or the file is read as another's.
                    lines: Mapping[str, Any] = known_tables.parsed().get(PROJECTS, {})
                    digests = document_digests(lines)
                    if all(digest in known.by_digest for digest in digests):
                        digests_read = dict(zip(lines, digests, strict=True))
                        current, doc_ids, tables = known.portfolio, known.doc_ids, known_tables
                else:
                    current, doc_ids, tables = known.portfolio, known.doc_ids, known_tables
        if current is None or tables is None:
            # Another save came first: only the projects it changed are read again, the rest are the ones read.
            with collector_paused():
                read = decode_file(file.raw, self.path, known=self._known_documents(), checked=self.checked)
            current, tables = read.portfolio, read.tables
            digests_read = read.digests if read.seal is not None else None
            doc_ids = document_ids(tables, current)
        store_id = meta_store_id(tables)
        adopting = store_id is None  # a store from before ids gets one now, and its backups with it
        store_id = store_id or secrets.token_hex(8)
        if expected_revision is not None and current.revision != expected_revision:
            raise StaleRevisionError.said(
                "error.stale", path=self.path, revision=current.revision, yours=expected_revision
            )
        revision = current.revision + 1

        def history(*, verified: bool = False) -> tuple[HistoryEntry, ...]:
            if verified:
                verify_store_history(tables.parsed() if isinstance(tables, layout.Lines) else tables, self.path)
            return decode_history(history_table(tables), self.path)

        changed, entries = change(current, revision, history)
        projects = tuple(changed)
        entries = tuple(entries)
        if history_only and not entries:
            return current, (), file.key  # no field changed: a new revision would only make others reload
        codes = [p.code for p in projects]
        if len(set(codes)) != len(codes):
            raise ValidationError("a project code appears twice")
        transaction = Transaction(JSONFileStorage, tables=tinydb_tables(tables))
        db = TinyDB(real, storage=transaction)
        doc_ids, written = write_tables(db, current, projects, revision, doc_ids, store_id)
        if entries:
            entries = write_history(db, tables, with_states(entries, projects, written))
        written_tables = transaction.read()
        digests = document_digests(written_tables[PROJECTS], read=digests_read)
        remove_stale_temp_files(real, self.backup_folder())
        keep = self._prune_before_save(None if adopting else store_id, current.revision)
        backup = self._back_up(current.revision, store_id) if keep else None
        try:
            with interrupts_held():  # Ctrl+C waits until the save is known to be made
                lock.still_held()
                try:
                    transaction.commit()
                except NoSpaceError:
                    if backup is None or os.path.samefile(backup, real):
                        raise  # a hard link costs no space: removing it would free nothing
                    # A copy (where hard links are refused) took the room the save needed: the save comes first.
                    forget_backup_of_unreplaced_store(backup, real, file.key)
                    backup = None
                    self._report_not_backed_up(current.revision, os.strerror(errno.ENOSPC))
                    transaction.commit()
                self.saved_revision = revision
        except NoSpaceError as error:
            forget_backup_of_unreplaced_store(backup, real, file.key)
            raise NoSpaceError(f"{error}{backups_note(self.real_path, self.backup_folder())}") from None
        except BaseException:
            forget_backup_of_unreplaced_store(backup, real, file.key)
            raise
        saved = Portfolio(projects=projects, revision=revision)
        key: tuple[int, ...] | None = None
        try:
            key = read_file_key(real)
        except OSError:  # saved, but not to be recognised: the next save reads the file in full
            self._known = None
            self._line_digests = {}
            self._digests = frozenset()
        else:
            by_code = {project.code: project for project in projects}
            code_of = {doc_id: code for code, doc_id in doc_ids.items()}
            written_ids = written_tables[PROJECTS]  # in the order of the file, as digests are
            by_digest = {
                digest: by_code[code_of[int(doc_id)]] for doc_id, digest in zip(written_ids, digests, strict=True)
            }
            if digests_read is not None:  # every project written was checked: read so, or encoded by write_tables
                self.checked.add(seal_of(written_ids, digests))
            self._known = _Known(key, saved, doc_ids, split=True, store_id=store_id, by_digest=by_digest)
            self._line_digests = {project.code: (digest, project) for digest, project in by_digest.items()}
            self._digests = frozenset(by_digest)
        if adopting:
            self._adopt_backups(store_id)
        return saved, entries, key

    def _prune_before_save(self, store_id: str | None, replacing: int) -> int:
        """Under the lock, before a save writes anything: all but the backups to keep removed, so that backups filling
        the disk are freed by lowering DRIFT_BACKUPS; how many revisions are kept (0: no backup is made)."""
        self.backup_problem = None
        keep = self._backups_to_keep()
        if keep:
            self._prune_backups(keep - 1, store_id, replacing=replacing)
        return keep

    def _backups_to_keep(self) -> int:
        keep, problem = backups_to_keep(self.keep_backups, self.environ)
        if problem:
            self._report_backup_problem(problem)
        return keep

    def _back_up(self, revision: int, store_id: str) -> Path | None:
        """Keep the file about to be replaced as the backup of its revision; None when that failed.

        A failed backup never stops the save: the save itself is atomic and every change is in the
        history, while refusing work because the safety net is torn would leave people no way forward.
        """
        try:
            return back_up(self.real_path, self.backup_folder(), store_id, revision)
        except OSError as error:
            self._report_not_backed_up(revision, error.strerror or str(error))
            return None

    def _report_not_backed_up(self, revision: int, reason: str) -> None:
        self._report_backup_problem(
            f"{self.path}: revision {revision} was not backed up to {self.backup_folder()} ({reason}); "
            "the save went ahead"
        )

    def _prune_backups(self, keep: int, store_id: str | None, replacing: int) -> None:
        """Remove all but the keep latest revisions' backups of this store (see backups.prune_backups)."""
        try:
            prune_backups(self.backup_folder(), self.real_path.name, keep, store_id, replacing)
        except (OSError, StoreError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            self._report_backup_problem(f"cannot remove old backups in {self.backup_folder()}: {reason}")

    def _adopt_backups(self, store_id: str) -> None:
        """Name a store's backups from before store ids with the id it has just been given: they are its own."""
        try:
            adopt_backups(self.backup_folder(), self.real_path.name, store_id)
        except (OSError, StoreError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            self._report_backup_problem(f"cannot name the backups in {self.backup_folder()} for this store: {reason}")

    def _report_backup_problem(self, problem: str) -> None:
        self.backup_problem = problem
        if problem not in self._reported:  # a dashboard saving all day says it once, not at every save
            self._reported.add(problem)
            log.warning(problem)

    def _locked(self) -> LockGuard:
        return LockGuard(self, 0o666 & ~UMASK)


class HistoryReader(Protocol):
    """What a change made under the lock reads the history with; verified checks its hash chain first."""

    def __call__(self, *, verified: bool = False) -> tuple[HistoryEntry, ...]: ...


Changed = tuple[Iterable[Project], tuple[HistoryEntry, ...]]
"""What a change made under the lock returns: the projects to save and the history entries that say why."""

Committed = tuple[Portfolio, tuple[HistoryEntry, ...], tuple[int, ...] | None]
"""What a save leaves: the portfolio, the history entries written and the identity of the file (None if unknown)."""


ROOM_TRIES = 10
"""How many times a save holding the lock on a full disk empties the files of the saves waiting behind it."""


def _room_to_wait(real: Path) -> bool:
    """Whether the disk has room for a next file written to wait for the lock and, beside it, for the one the save
    holding the lock writes: on a disk with less, a save writes its file under the lock only."""
    try:
        return shutil.disk_usage(real.parent).free > 3 * real.stat().st_size
    except OSError:
        return False


def _one_project(edits: tuple[Edit, ...]) -> str | None:
    """The code of the one project these edits change records of, or None when they add, remove or span projects."""
    codes = {edit.project for edit in edits if isinstance(edit, RecordEdit)}
    return codes.pop() if len(codes) == 1 and all(isinstance(edit, RecordEdit) for edit in edits) else None


def _holds(read: OneRead, code: str | None) -> bool:
    """Whether a file read a project at a time (decode_one) holds the project of this code, its store with an id."""
    store_id = meta_store_id(read.lines)
    built = read.portfolio.projects
    return len(built) == 1 and built[0].code == code and store_id is not None and store_id != ANY_STORE


class Found(NamedTuple):
    """What Store.one finds: the project (None when the store has none of that code, or not only one) and how many
    projects the store holds."""

    project: Project | None
    total: int


class _OneKnown(Struct, frozen=True):
    """A file Store.one read a project at a time, and its identity when read."""

    key: tuple[int, ...]
    read: OneRead


class _Prepared(Struct, frozen=True):
    """A save of one project made before the lock: its tables, and the next file when it is written already."""

    replacing: int
    """The revision of the file it replaces."""
    saved: Portfolio
    """The project saved alone, at the new revision."""
    entries: tuple[HistoryEntry, ...]
    store_id: str
    tables: dict[str, Any]
    """The tables to write."""
    digests: list[bytes]
    """The digest of each project line written, in the order of the file."""
    doc_id: str
    """The project's document id."""
    file: NextFile | None = None
    """The next file, written and waiting to be put in place; None until it is written."""


class Snapshot(Struct, frozen=True):
    """The store as read once: its projects and the identity of the file they came from (FileRead.key)."""

    portfolio: Portfolio
    key: tuple[int, ...]


class _Known(Struct, frozen=True):
    """The file a Store last read or wrote, and what it holds, so its next save need not read it all again."""

    key: tuple[int, ...]
    portfolio: Portfolio
    doc_ids: dict[str, int]
    """Each project's TinyDB document id, by code."""
    split: bool
    """Whether it was read a document per line (store.layout), as every file drift writes can be."""
    store_id: str | None
    """The id in its _meta record; None for a store from before ids."""
    by_digest: dict[bytes, Project]
    """Each project by the digest of the line it was read from or written as (store.tables.document_digests)."""


class Saved(Struct, frozen=True):
    """What Store.apply or Store.undo saved: the portfolio as it is now and the history entries written."""

    portfolio: Portfolio
    """Every project as saved; only the project edited when the store was read a project at a time (Store.one)."""
    entries: tuple[HistoryEntry, ...]
    changes: tuple[RecordChange, ...] = ()
    """What each edit given to Store.apply did, in order: a payment skipped as already recorded changed no field."""
    key: tuple[int, ...] | None = None
    """The identity of the file as this save left it (Store.file_key), None when unknown: a watcher that sees this
    key knows the change is the one it made."""

    @property
    def revision(self) -> int:
        return self.portfolio.revision

    def records(self, kind: str, project: str) -> set[str]:
        """The ids of the records of this kind that this save changed in project (deleted ones included)."""
        return {e.record for e in self.entries if e.kind == kind and e.project == project and e.record is not None}
