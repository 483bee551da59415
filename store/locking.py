"""Saving safely: the store's cross-process lock with plain errors, and Ctrl+C held until a save is made."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from store.errors import ReadOnlyStoreError, StoreError


class Lockable(Protocol):
    """What the lock's errors name: the store (store.persist.Store), its lock file and how long it waits."""

    path: Path
    lock_timeout: float

    @property
    def lock_path(self) -> Path: ...


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
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


class LockGuard:
    """Holds the store's lock, an exclusive flock on its lock file, from __enter__ to __exit__; a lock held by others
    for longer than the store's lock_timeout, or one that cannot be taken at all, is a clear StoreError."""

    def __init__(self, store: Lockable, mode: int) -> None:
        self.store = store
        self.lock_mode = mode
        self._fd: int | None = None

    def __enter__(self) -> LockGuard:
        deadline = time.monotonic() + self.store.lock_timeout
        while True:
            fd = _open_lock_file(self.store.lock_path, self.lock_mode)
            try:
                if _taken(fd, deadline) and _still_named(fd, self.store.lock_path):  # else: the new file, again
                    self._fd = fd
                    return self
            except OSError as error:
                os.close(fd)
                raise ReadOnlyStoreError.said(
                    "error.cannot_lock", lock=self.store.lock_path, problem=error.strerror or error
                ) from None
            os.close(fd)
            if time.monotonic() >= deadline:
                raise StoreError.said(
                    "error.lock_held",
                    path=self.store.path,
                    lock=self.store.lock_path,
                    seconds=f"{self.store.lock_timeout:g}",
                )

    def still_held(self) -> None:
        """Refuses to go on when the lock file was removed or replaced since the lock was taken: a save that began
        meanwhile found no lock held and may be saving too. Asked just before the store is replaced, which narrows the
        harm of a removed lock file to a save made in that very instant."""
        assert self._fd is not None, "not held"
        if not _still_named(self._fd, self.store.lock_path):
            raise StoreError.said("error.lock_lost", path=self.store.path, lock=self.store.lock_path)

    def __exit__(self, *exc: object) -> None:
        assert self._fd is not None, "not held"
        fd, self._fd = self._fd, None
        os.close(fd)  # closing the only descriptor of the lock file lets the lock go


_POLL_SECONDS = 0.005
"""How often a save waiting for the lock tries it again: often enough that saves one after another do not wait for
the clock (filelock's 50 ms did), rarely enough to cost nothing while they wait."""


def _taken(fd: int, deadline: float) -> bool:
    """Whether the exclusive lock on fd was taken before the deadline (a monotonic time)."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_SECONDS)


def _still_named(fd: int, lock: Path) -> bool:
    """Whether the file opened as fd is still the one named lock, not removed or replaced since: a lock on a file no
    longer named so is one that no other save will ever wait for."""
    try:
        return os.stat(lock, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _open_lock_file(lock: Path, mode: int) -> int:
    """The lock file opened (made with mode if it is not there), or why it cannot be, said at once: a lock that can
    never be taken is not waited for."""
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, mode)
    except IsADirectoryError:
        raise StoreError.said("error.lock_is_folder", lock=lock) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            problem = "it is a symlink, not a lock file; remove it to save again"
        elif error.errno == errno.ENXIO:  # what opening a socket says: "No such device or address"
            problem = "it is a socket, not a lock file; remove it to save again"
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
