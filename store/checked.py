"""What this user's drift has checked already: the seals of projects tables, kept in a file only this user can write."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from store import codec, jsonkeys, model, schema, typed, values
from store.rulesfile import user_folder

REMEMBERED = 64
"""How many seals are kept, the newest last: a user works on a few stores, each sealed anew by every save."""
_MOST = REMEMBERED * 40
"""Bytes read of the file at most: a seal is 32 hex digits and a newline."""
RULE_MODULES = (model, values, typed, schema, codec, jsonkeys)
"""The modules whose code decides whether a project document is valid."""


@functools.cache
def checks_version() -> bytes:
    """A digest of the code of every rule a project document passes: a seal made by other code is not this one's,
    so a rule changed is a rule applied again, with nobody to remember to say so."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        for module in RULE_MODULES:
            digest.update(Path(module.__file__ or "").read_bytes())
    except OSError:  # no sources to read (a build of bytecode only): nothing remembered is believed
        return os.urandom(16)
    return digest.digest()


class CheckedSeals:
    """The seals (store.tables.seal_of) of the projects tables this user's drift read and found valid, or wrote.

    A seal here lets a read of those very bytes skip the checks. It is kept in the user's cache folder, never in the
    store: a seal in a shared file would let anyone who can write the file say "checked" of what was not. A file
    another account could have written is not believed; a file that cannot be read or written costs only the
    shortcut.
    """

    def __init__(self, environ: Mapping[str, str]) -> None:
        folder = user_folder(environ, "XDG_CACHE_HOME", ".cache")
        self.path = None if folder is None else folder / "checked"

    def holds(self, seal: str) -> bool:
        return seal in self._read()

    def add(self, seal: str) -> None:
        if self.path is None:
            return
        kept = [known for known in self._read() if known != seal][-(REMEMBERED - 1) :]
        seals = [*kept, seal]
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".checked.", dir=self.path.parent)  # made 0600
            try:
                with os.fdopen(fd, "w", encoding="ascii") as file:
                    file.write("".join(f"{known}\n" for known in seals))
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise

    def _read(self) -> list[str]:
        if self.path is None:
            return []
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return []
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
                return []  # a file others could have written says nothing of what this user checked
            return file.read(_MOST).decode("ascii", "replace").split()
