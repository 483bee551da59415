"""Files in the user's cache folder that only the user can write: what drift remembers, read and written only so."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def read_private(folder: Path, name: str, limit: int) -> bytes | None:
    """folder/name whole; None when it or its folder is missing, unreadable, a symlink, not the user's alone, or
    larger than limit bytes: what someone else could have written is never believed, nor read at any size."""
    try:
        fd_folder = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            if not _private(os.fstat(fd_folder), stat.S_ISDIR):
                return None
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=fd_folder)
        finally:
            os.close(fd_folder)
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(fd)
            if not _private(info, stat.S_ISREG) or info.st_size > limit:
                return None
            data = file.read(limit + 1)
            return data if len(data) <= limit else None
    except (OSError, MemoryError):
        return None


def write_private(folder: Path, name: str, data: bytes) -> bool:
    """Replace folder/name with data in one step, made 0600 in a folder made 0700; False when it cannot be written,
    which costs only what it would have remembered."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.lstat(folder), stat.S_ISDIR):
            return False  # it would never be believed: a symlink, or others may write there
        _remove_left_over(folder, name)
        fd, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=folder)  # made 0600
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(temporary, folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return False
    return True


LEFT_OVER_SECONDS = 600
"""How old a temporary file of write_private must be to count as left by a drift killed while it wrote: a write
takes milliseconds, and another drift's may be under way."""


def _remove_left_over(folder: Path, name: str) -> None:
    """The temporary files of folder/name that a drift killed while writing it left behind (a memory of 100,000
    projects' lines is 3.2 MB), removed."""
    stale = time.time() - LEFT_OVER_SECONDS
    for left in folder.glob(f".{glob.escape(name)}.*"):
        with contextlib.suppress(OSError):
            if left.lstat().st_mtime < stale:
                left.unlink()


def _private(info: os.stat_result, kind: Callable[[int], bool]) -> bool:
    """Whether a file is of this kind (stat.S_ISDIR, S_ISREG), the user's, and writable by no one else."""
    return kind(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022
