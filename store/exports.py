"""Where an export may be written: the one rule refusing a store's own files, symlinks and what is not a file."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from store.backend import Backend
from store.errors import StoreError
from store.fileio import write_atomically
from store.persist import Store
from store.tables import META

EXPORT_REFUSALS = ("store", "another_store", "lock", "backup", "symlink", "not_regular")
"""Why export_refusal refuses a path: the store file, its lock, among its backups, a symlink, no regular file."""


def write_export_file(path: Path, payload: bytes | Iterable[bytes], store: Backend | None) -> None:
    """Write an export as a new file or in place of a regular file, atomically, never through a symlink.

    Refuses (StoreError) what export_refusal refuses, checked again just before writing; a symlink
    planted after that is replaced by the rename, not followed.
    """
    if refusal := export_refusal(path, store):
        raise StoreError(f"{path}: not written: {refusal}")
    write_atomically(path, payload, follow_symlink=False)


def export_refusal(target: Path, store: Backend | None) -> str | None:
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
    if not isinstance(store, Store):  # none, or one in a database: no file here is its own
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
