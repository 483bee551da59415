"""Backups: the earlier revisions a save keeps beside the store, found, pruned, restored from and reported on."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct

from store.codec import encode_project
from store.edits import AddProject, Edit, RemoveProject
from store.errors import StoreError
from store.fileio import read_file_key
from store.model import Project
from store.tables import ANY_STORE

BACKUPS_VARIABLE = "DRIFT_BACKUPS"
"""The environment variable that says how many earlier revisions each save keeps; 0 turns backups off."""

DEFAULT_BACKUPS = 10
"""Backups kept when neither the Store nor $DRIFT_BACKUPS says otherwise."""


class Backup(Struct, frozen=True):
    """A copy of the store as it was at one revision, kept by the save that replaced it."""

    revision: int
    path: Path
    saved_ns: int
    """When that revision was saved (the file's modification time), in nanoseconds since the epoch."""
    size: int


def backup_folder_of(real: Path) -> Path:
    """The hidden folder beside the store's real file that holds its backups."""
    return real.with_name(f".{real.name}.bak")


def backups_to_keep(setting: int | None, environ: Mapping[str, str]) -> tuple[int, str | None]:
    """How many backups a save keeps (setting, else $DRIFT_BACKUPS of environ, else DEFAULT_BACKUPS), and what is
    wrong with $DRIFT_BACKUPS, or None."""
    if setting is not None:
        return max(0, setting), None
    text = environ.get(BACKUPS_VARIABLE, "").strip()
    if not text:
        return DEFAULT_BACKUPS, None
    if text.isascii() and text.isdigit():
        return int(text), None
    return DEFAULT_BACKUPS, (
        f"{BACKUPS_VARIABLE}={text!r} is not a number of backups to keep (0 for none); keeping {DEFAULT_BACKUPS}"
    )


def backups_in(folder: Path, name: str, store_id: str | None) -> tuple[Backup, ...]:
    """The backups in folder of the store file called name, named with this store id (None: without one;
    ANY_STORE: either way), the latest first."""
    try:
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            raise StoreError.said("error.backups_symlink", folder=folder)
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return ()
    except OSError as error:
        raise StoreError.said("error.cannot_read_backups", folder=folder, problem=error.strerror or error) from None
    ids = {None: "", ANY_STORE: r"(?:[0-9a-f]{16}\.)?"}.get(store_id, f"{store_id}\\.")
    pattern = re.compile(rf"{re.escape(name)}\.{ids}([0-9]+)")
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


def backup_links(folder: Path, info: os.stat_result) -> int:
    """How many names of the file info describes are drift's own backups: a save links the file it replaces into the
    folder."""
    if os.path.islink(folder):
        return 0  # not drift's: it keeps no backups through a symlink
    try:
        with os.scandir(folder) as entries:
            return sum(entry.inode() == info.st_ino for entry in entries if entry.is_file(follow_symlinks=False))
    except OSError:
        return 0


def back_up(real: Path, folder: Path, store_id: str, revision: int) -> Path:
    """Keep the store file real, about to be replaced, as the backup of its revision in folder; OSError when that
    fails."""
    target = folder / f"{real.name}.{store_id}.{revision}"
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
    return target


def prune_backups(folder: Path, name: str, keep: int, store_id: str | None, replacing: int) -> None:
    """Remove all but the keep latest revisions' backups of this store (named with store_id); OSError or StoreError
    when that fails.

    The backup of the revision being replaced is not counted: this save makes it (again, after a save
    killed once it was made), so it is the one more that keep leaves room for.
    """
    if os.path.islink(folder):
        return  # never deletes through it; the backup step says why it keeps nothing there
    for old in [b for b in backups_in(folder, name, store_id) if b.revision != replacing][keep:]:
        old.path.unlink(missing_ok=True)


def adopt_backups(folder: Path, name: str, store_id: str) -> None:
    """Name a store's backups from before store ids with the id it has just been given: they are its own."""
    for backup in backups_in(folder, name, None):
        os.replace(backup.path, backup.path.with_name(f"{name}.{store_id}.{backup.revision}"))


def backups_note(real: Path, folder: Path) -> str:
    """What the backups take, for a save refused for lack of space; "" when they take nothing."""
    try:
        store = os.stat(real)
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


def _size_text(size: int) -> str:
    """A size in bytes as people read it: 412 MB, 38 KB."""
    if size >= 1_000_000:
        return f"{size // 1_000_000} MB"
    return f"{size // 1000} KB" if size >= 1000 else f"{size} bytes"


def restoring_edits(current: tuple[Project, ...], restored: tuple[Project, ...]) -> list[Edit]:
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


def forget_backup_of_unreplaced_store(backup: Path | None, store: Path, key: tuple[int, ...]) -> None:
    """After a failed save, drop its backup if the store is still the file it read (key): it is no earlier revision.

    A hard link is that very file; a copy is known by the store's device and inode, unchanged since it was read.
    """
    if backup is None:
        return
    with contextlib.suppress(OSError):
        if read_file_key(store)[:2] == key[:2]:
            backup.unlink()
