"""Reading and writing files: one handle per read, atomic replacement, plain errors, and stale temporary files."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import itertools
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from msgspec import Struct

from store.errors import ENGLISH, NoSpaceError, StoreError, ValidationError, Words
from store.jsonkeys import check_unique_keys

UMASK = os.umask(0)
os.umask(UMASK)  # read once at import, while still single-threaded: os.umask can only be read by setting it


def read_bytes(path: Path) -> bytes:
    """The file's bytes; StoreError says in one line why it cannot be read."""
    return read_file(path).raw


class FileRead(Struct, frozen=True):
    """A file's bytes and which file they came from, read through one handle so the two agree."""

    raw: bytes
    key: tuple[int, ...]
    """Device, inode, size, modification and change times: a save replaces the file, so any save changes it."""


def read_file(path: Path, first: Callable[[bytes], None] | None = None, first_bytes: int = 0) -> FileRead:
    """The file's bytes and identity; StoreError says in one line why it cannot be read.

    first, when given, sees the file's first first_bytes bytes before the rest is read, read through the same
    handle: a store of 100,000 projects takes half a second to read, and its first screen needs a hundred. What it
    raises is its own, not said as the file's.
    """
    with _read_said(path):
        # Without blocking: opening a FIFO would wait for a writer forever; what is not a regular file is refused.
        handle = open(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb")  # noqa: SIM115 - entered below
    with handle:
        with _read_said(path):
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):  # a device never ends (/dev/zero fills the memory), a pipe may block
                raise StoreError.said("error.not_regular", path=path)
            head = os.pread(handle.fileno(), first_bytes, 0) if first is not None else b""
        if first is not None:
            first(head)
        with _read_said(path):
            raw = handle.read()
    return FileRead(raw, _key(info))


@contextlib.contextmanager
def _read_said(path: Path) -> Iterator[None]:
    """A file that cannot be read, said in one line (StoreError)."""
    try:
        yield
    except FileNotFoundError:
        raise StoreError.said("error.no_such_file", path=path) from None
    except IsADirectoryError:
        raise StoreError.said("error.is_folder", path=path) from None
    except OSError as error:
        raise StoreError.said("error.cannot_read", path=path, problem=error.strerror) from None


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
        raise StoreError.said("error.empty_file", path=path)
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
        raise StoreError.said("error.not_utf8", path=path, byte=f"{raw[error.start]:02x}", offset=error.start) from None
    # The parser's words, by key where drift knows them, so that they can be said in the user's language too. The
    # brace is a value: a message without values is not formatted, so "}}" would be printed as written.
    known = (Words(key, {"brace": "'}'"}) for key in ENGLISH if key.startswith("error.json."))
    problem = next((words for words in known if str(words) == json_error.msg), json_error.msg)
    at = Words(
        "error.json_at",
        {"problem": problem, "line": json_error.lineno, "column": json_error.colno, "offset": json_error.pos},
    )
    raise StoreError.said("error.not_json", path=path, problem=at) from None


def write_atomically(path: Path, payload: bytes | Iterable[bytes | memoryview], *, follow_symlink: bool = True) -> None:
    """Replace path with payload (bytes, or pieces of it) so that readers see the old file or the new one, never a mix.

    The temporary file lives in the same directory so os.replace is atomic; it is fsynced
    before the rename and the directory after it, so a crash cannot leave an empty store.
    An existing file's mode and group carry over; a new file follows the umask. Without
    follow_symlink, a symlink at path is replaced itself (os.replace never follows one).
    """
    NextFile.write(path, payload, follow_symlink=follow_symlink).replace()


def write_all(fd: int, pieces: Iterable[bytes | memoryview]) -> None:
    """Every byte of pieces written to fd in their order, up to _PIECES_A_CALL pieces a call (writev): a store's
    20,000 lines written through a buffer, a call or two each, took three times as long."""
    batches = iter(pieces)
    while batch := [memoryview(piece).cast("B") for piece in itertools.islice(batches, _PIECES_A_CALL)]:
        first = 0
        while first < len(batch):
            done = os.writev(fd, batch[first:])
            if done == 0 and any(batch[first:]):  # never for a file; a loop forever were it to happen
                raise OSError(errno.EIO, "nothing could be written")
            while first < len(batch) and done >= len(batch[first]):  # a short write: on from the first byte not written
                done -= len(batch[first])
                first += 1
            if done:
                batch[first] = batch[first][done:]


_PIECES_A_CALL = 1024
"""How many pieces one writev takes: IOV_MAX on Linux and macOS."""


class NextFile:
    """A file's next content, written and fsynced beside it but not in its place yet: replace() puts it there
    atomically, discard() drops it. See write_atomically, which is write() then replace().

    Written with waiting=True, it may wait outside the store's lock for its turn, as the next store written before
    the lock is taken: its name sets it apart from a temporary file of a save made under the lock, and it holds a
    lock on itself, so that a saver clearing up after killed saves (remove_stale_temp_files) knows it is not one.
    """

    def __init__(self, path: Path, temp: str, handle: int | None) -> None:
        self.path = path
        self.temp: str | None = temp
        self._handle = handle
        self.size = 0
        """How many bytes were written."""

    @classmethod
    def write(
        cls,
        path: Path,
        payload: bytes | Iterable[bytes | memoryview],
        *,
        follow_symlink: bool = True,
        waiting: bool = False,
    ) -> NextFile:
        if follow_symlink:
            path = Path(os.path.realpath(path))  # a symlinked store keeps its link; the file it points to is replaced
        try:
            old = path.stat(follow_symlinks=follow_symlink)
        except FileNotFoundError:
            old = None
        except OSError as error:
            raise StoreError.said("error.cannot_save", path=path, problem=error.strerror or error) from None
        written = None
        try:
            written = cls._made(path, waiting)
            assert written._handle is not None
            write_all(written._handle, [payload] if isinstance(payload, bytes) else payload)
            os.fsync(written._handle)
            written.size = os.fstat(written._handle).st_size
            assert written.temp is not None
            if old is None:
                os.chmod(written.temp, 0o666 & ~UMASK)
            else:
                os.chmod(written.temp, stat.S_IMODE(old.st_mode))
                if old.st_gid != os.stat(written.temp).st_gid:
                    with contextlib.suppress(PermissionError):  # not in that group: the mode still carries over
                        os.chown(written.temp, -1, old.st_gid)
        except OSError as error:
            if written is not None:
                written.discard()
            raise _save_error(path, error) from None
        except BaseException:
            if written is not None:
                written.discard()
            raise
        return written

    @classmethod
    def _made(cls, path: Path, waiting: bool) -> NextFile:
        """A new empty temporary file beside path; locked when waiting, and made again in the instant a saver
        clearing up took it for an orphan before it was locked."""
        while True:
            prefix = f".{path.name}.{NEXT}" if waiting else f".{path.name}."
            fd, temp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
            if not waiting:
                return cls(path, temp, fd)
            fcntl.flock(fd, fcntl.LOCK_EX)
            with contextlib.suppress(FileNotFoundError):
                if os.stat(temp).st_ino == os.fstat(fd).st_ino:
                    return cls(path, temp, fd)
            os.close(fd)

    def intact(self) -> bool:
        """Whether the file is still there, whole (free_waiting_files empties and removes a waiting one)."""
        assert self._handle is not None, "replaced or discarded already"
        info = os.fstat(self._handle)
        return info.st_nlink > 0 and info.st_size == self.size

    def replace(self) -> None:
        """Put the file in its place and make that durable (the folder fsynced)."""
        assert self.temp is not None, "replaced or discarded already"
        try:
            os.replace(self.temp, self.path)
            self.temp = None
            directory = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as error:
            raise _save_error(self.path, error) from None
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the file unless it was put in its place, and let go of it."""
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            self.temp = None
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None


NEXT = "next."
"""What the name of a NextFile waiting for the store's lock starts with, after the store's name."""


def _save_error(path: Path, error: OSError) -> StoreError:
    kind = NoSpaceError if error.errno in (errno.ENOSPC, errno.EDQUOT) else StoreError
    return kind(f"cannot save {path}: {error.strerror or error}")


def remove_stale_temp_files(path: Path, backups: Path) -> None:
    """Remove the temporary files of saves that were killed half-way (SIGKILL, power loss), the backups' too.

    Called under the store's lock: only a saver holding it writes these, so any found now is an orphan.
    """
    real = Path(os.path.realpath(path))
    orphan = re.compile(re.escape(f".{real.name}.") + r"[a-z0-9_]{8}\.tmp")  # tempfile.mkstemp's names
    partial = re.compile(re.escape(f".{real.name}.") + r"(?:[0-9a-f]{16}\.)?[0-9]+\.tmp")  # backups.back_up's
    waiting = _waiting_files(real)
    for folder, name in ((real.parent, orphan), (backups, partial), (real.parent, waiting)):
        if folder == backups and os.path.islink(backups):
            continue
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if name.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    if name is waiting:
                        _removed_unless_locked(entry.path)  # else a save on its way, waiting for the lock
                        continue
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _removed_unless_locked(path: str) -> None:
    """Remove the file unless another process holds its lock (a NextFile of a save alive): removed while this one
    holds it, so that a writer cannot take it for its own in between (NextFile._made looks again once it has it)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.unlink(path)
        finally:
            os.close(fd)  # the lock goes with it


def free_waiting_files(path: Path) -> bool:
    """Empty and remove the next files that saves waiting for the store's lock wrote, to give their room to the save
    holding it; whether there was any. Called under the store's lock only: each such file was made from the file
    that save replaces, and its owner writes it again under the lock (NextFile.intact). Removed, not only emptied:
    a file still being written would fill again past the cut, to its full size, with zeros before it."""
    real = Path(os.path.realpath(path))
    waiting = _waiting_files(real)
    freed = False
    with contextlib.suppress(OSError):
        for entry in os.scandir(real.parent):
            if waiting.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.truncate(entry.path, 0)  # its owner holds it open: removing it alone would free nothing
                    os.unlink(entry.path)
                    freed = True
    return freed


def _waiting_files(real: Path) -> re.Pattern[str]:
    """The names of the NextFiles of saves of the store at real waiting for its lock."""
    return re.compile(re.escape(f".{real.name}.{NEXT}") + r"[a-z0-9_]{8}\.tmp")
