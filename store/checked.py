"""What this user's drift has checked already: seals of projects tables and digests of project lines, in files only this
user can write."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import msgspec

from store.migrations import SCHEMA_VERSION
from store.private import read_private, write_private
from store.rulesfile import user_folder

REMEMBERED = 64
"""How many seals are kept, the newest last: a user works on a few stores, each sealed anew by every save."""
HEADER = "drift-checked 1\n"
"""The first line of the file: a file of the user's that drift did not write (an export moved there) says nothing."""
_SEAL = re.compile(r"[0-9a-f]{32}")
LINES_REMEMBERED = 150_000
"""How many project lines are remembered checked, the newest kept: a store of 100,000 projects and others beside it,
in a file of 4.8 MB that a read of a store changed by a colleague reads in some 30 ms."""
DIGEST_SIZE = 32
"""The size of a line's digest (store.tables.document_digests: SHA-256)."""
RULE_FILES = (
    *("model.py", "values.py", "typed.py", "schema.py", "codec.py"),
    *("jsonkeys.py", "layout.py", "tables.py", "migrations.py"),
)
"""The modules of store/ whose code decides whether a store's projects are valid."""


@functools.cache
def checks_version() -> bytes:
    """A digest of the code of every rule a project passes, msgspec's and Python's versions with it: a seal made by
    other code is not this one's, so a rule changed is a rule applied again, with nobody to remember to say so."""
    digest = hashlib.blake2b(f"{sys.version} msgspec {msgspec.__version__}".encode(), digest_size=16)
    try:
        for name in RULE_FILES:
            digest.update(Path(__file__).with_name(name).read_bytes())
    except OSError:  # no sources to read (a build of bytecode only): nothing remembered is believed
        return os.urandom(16)
    return digest.digest()


checks_version()  # now, not at the first read: a drift upgraded under a running one must not lend it its digest


class CheckedSeals:
    """The seals (store.tables.seal_of) of the projects tables this user's drift read and found valid, or wrote, and
    the digests of their lines (store.tables.document_digests).

    A seal here lets a read of those very bytes skip the checks; a line here, that line's (after a colleague's save,
    the lines they did not change). Both are kept in the user's cache folder, never in the store: a seal in a shared
    file would let anyone who can write the file say "checked" of what was not. A file is believed only in a folder
    of the user's that no one else may write, as drift writes it; one that cannot be read or written costs only the
    shortcut.
    """

    def __init__(self, environ: Mapping[str, str]) -> None:
        self.folder = user_folder(environ, "XDG_CACHE_HOME", ".cache")

    @property
    def path(self) -> Path | None:
        return None if self.folder is None else self.folder / "checked"

    def lines(self) -> frozenset[bytes]:
        """The digests of the project lines this user's drift found valid, under these checks and this schema: a line
        of those very bytes is built without its checks again, wherever it stands. What spans lines (a code used
        twice) is still checked across them all."""
        return frozenset(self._read_lines())

    def add_lines(self, digests: Iterable[bytes]) -> None:
        """Remember these lines as checked (digests of lines every check passed), as the newest: the file holds the
        newest LINES_REMEMBERED, those of the store read last among them."""
        if self.folder is None:
            return
        new = dict.fromkeys(digests)
        older = self._read_lines()
        newest = [*(digest for digest in older if digest not in new), *new][-LINES_REMEMBERED:]
        write_private(self.folder, "checked-lines", _LINES_HEADER + b"".join(newest))

    def _read_lines(self) -> list[bytes]:
        """The digests in the lines file, oldest first; none when it is not the user's alone or not of these checks."""
        data = None if self.folder is None else read_private(self.folder, "checked-lines", _LINES_LIMIT)
        if data is None or not data.startswith(_LINES_HEADER) or (len(data) - len(_LINES_HEADER)) % DIGEST_SIZE:
            return []
        return [data[at : at + DIGEST_SIZE] for at in range(len(_LINES_HEADER), len(data), DIGEST_SIZE)]

    def holds(self, seal: str) -> bool:
        return seal in self._read()

    def add(self, seal: str) -> None:
        """Remember seal; a seal remembered already is left where it is, the file untouched."""
        if self.folder is None:
            return
        known = self._read()
        if seal in known:
            return
        kept = known[-(REMEMBERED - 1) :]
        write_private(self.folder, "checked", (HEADER + "".join(f"{each}\n" for each in [*kept, seal])).encode())

    def _read(self) -> list[str]:
        """The seals in the file; none when it or its folder is not the user's alone, or not as drift writes it."""
        data = None if self.folder is None else read_private(self.folder, "checked", len(HEADER) + REMEMBERED * 33)
        text = (data or b"").decode("ascii", "replace")
        if not text.startswith(HEADER):
            return []
        return [line for line in text[len(HEADER) :].splitlines() if _SEAL.fullmatch(line)]


_LINES_HEADER = b"drift-checked-lines 1 %s schema %d\n" % (checks_version().hex().encode(), SCHEMA_VERSION)
"""The first line of the lines file, naming the checks and the schema its lines passed: other code's say nothing."""
_LINES_LIMIT = len(_LINES_HEADER) + LINES_REMEMBERED * DIGEST_SIZE
