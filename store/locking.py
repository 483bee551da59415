"""Saving safely: the store's cross-process lock with plain errors, and Ctrl+C held until a save is made."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import filelock

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
    """Takes the store's lock, turning a timeout or a refusal into a clear StoreError."""

    def __init__(self, lock: filelock.BaseFileLock, store: Lockable, mode: int) -> None:
        self.lock = lock
        self.store = store
        self.lock_mode = mode

    def __enter__(self) -> None:
        _check_lock_file(Path(self.lock.lock_file), self.lock_mode)
        try:
            self.lock.acquire()
        except filelock.Timeout:
            raise StoreError.said(
                "error.lock_held",
                path=self.store.path,
                lock=self.store.lock_path,
                seconds=f"{self.store.lock_timeout:g}",
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
