"""Each project's headline, remembered per user by its line's digest, as-of date and rules: analysed once, not again."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import threading
from pathlib import Path

import pendulum
from pendulum import Date

from drift.analysis import analyse_project
from drift.portfolio import Headline, headline
from drift.rules import Rules
from store.model import Project
from store.persist import Store
from store.private import read_private, write_private
from store.rulesfile import user_folder

FOLDER = "headlines"
"""Under the user's cache folder ($XDG_CACHE_HOME/drift): a file per store, named by the store's real path."""
KEPT_FILES = 16
"""How many stores' headlines are kept, the most recently used: a user works on a few stores."""
LIMIT = 1 << 30
"""The most of a file that is read: far beyond the headlines of 100,000 projects (about 60 MB)."""
MAGIC = b"drift-headlines 1\n"
_PACKAGES = ("drift", "store")
"""The code a headline is made by: the analysis, the model and how it is read."""


def _code_version() -> bytes:
    """A digest of every module of drift/ and store/, Python's version and pendulum's install: a headline made by other
    code is not this code's, so a rule changed is a project analysed again, with nobody to remember to say so."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    root = Path(__file__).resolve().parent.parent
    try:
        installed = os.stat(pendulum.__file__)  # an upgraded pendulum is installed anew: its dates may count anew
        digest.update(b"pendulum %d %d" % (installed.st_size, installed.st_mtime_ns))
        for package in _PACKAGES:
            for source in sorted((root / package).rglob("*.py")):
                digest.update(source.relative_to(root).as_posix().encode() + b"\0" + source.read_bytes())
    except OSError:  # no sources to read (a build of bytecode only): nothing remembered is believed
        return os.urandom(16)
    return digest.digest()


CODE_VERSION = _code_version()
"""Now, not at the first read: a drift upgraded under a running one must not lend it its digest."""


class Headlines:
    """The headlines (drift.portfolio.Headline) of a store's projects, each analysed only when its line, its as-of
    date, its rules or drift's code changed since this user's drift last showed it.

    Kept in the user's cache folder as drift's own pickle, believed only in a folder and a file the user alone can
    write (store.private) and only whole (its checksum): what the user alone can write is as trusted as the code
    the user runs. A headline is found by the digest of the line the project was read from (Store.line_digest), so
    a changed byte is a new analysis; a store not in drift's layout is analysed every time.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        cache = user_folder(store.environ, "XDG_CACHE_HOME", ".cache")
        self.folder = None if cache is None else cache / FOLDER
        self.name = hashlib.blake2b(os.fsencode(store.real_path), digest_size=16).hexdigest()
        self._held: dict[bytes, Headline] | None = None
        self._used: dict[bytes, Headline] = {}
        self._fresh = 0
        self._rules_said: dict[int, tuple[Rules, bytes]] = {}
        self._lock = threading.Lock()  # the dashboard's workers ask from threads of their own

    def of(self, project: Project, as_of: Date, rules: Rules) -> Headline:
        """project's headline as of as_of under rules: the one remembered, else its analysis."""
        digest = self.store.line_digest(project)
        if digest is None:
            return headline(analyse_project(project, as_of, rules))
        said = b"%s %s %s" % (digest, as_of.isoformat().encode(), self._said(rules))
        key = hashlib.blake2b(said, digest_size=16).digest()
        found = self._remembered().get(key)
        if found is None:
            found = headline(analyse_project(project, as_of, rules))
            self._fresh += 1
        self._used[key] = found
        return found

    def _said(self, rules: Rules) -> bytes:
        """rules written out: every threshold; most projects share one Rules, written once."""
        said = self._rules_said.get(id(rules))
        if said is None or said[0] is not rules:
            said = self._rules_said[id(rules)] = (rules, repr(rules).encode())
        return said[1]

    def save(self) -> None:
        """Write the headlines asked for of this object, when any was analysed anew since the last save: the file
        holds what was last shown, so it never grows past what a view of the store asks for."""
        with self._lock:
            if self.folder is None or not self._fresh:
                return
            self._fresh = 0
            data = pickle.dumps(self._used, protocol=pickle.HIGHEST_PROTOCOL)
        checksum = hashlib.blake2b(CODE_VERSION + data, digest_size=16).digest()
        if write_private(self.folder, self.name, MAGIC + checksum + data):
            _forget_old_files(self.folder)

    def _remembered(self) -> dict[bytes, Headline]:
        if self._held is None:
            with self._lock:
                if self._held is None:
                    self._held = self._read()
        return self._held

    def _read(self) -> dict[bytes, Headline]:
        data = None if self.folder is None else read_private(self.folder, self.name, LIMIT)
        if not data or not data.startswith(MAGIC):
            return {}
        checksum, body = data[len(MAGIC) : len(MAGIC) + 16], data[len(MAGIC) + 16 :]
        if hashlib.blake2b(CODE_VERSION + body, digest_size=16).digest() != checksum:
            return {}  # another drift's, or cut short: analysed again
        try:
            held = pickle.loads(body)  # written by this code, in a file only this user can write
        except Exception:  # whatever the bytes, what they cost is an analysis
            return {}
        return held if isinstance(held, dict) else {}


def _forget_old_files(folder: Path, keep: int = KEPT_FILES) -> None:
    """Remove all but the keep most recently written headline files: stores long unused cost no space."""
    try:
        files = [entry for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
        files.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime, reverse=True)
        for entry in files[keep:]:
            os.unlink(entry.path)
    except OSError:
        pass
