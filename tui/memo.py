"""Each project's headline, remembered per user by its line's digest, as-of date and rules: analysed once, not again."""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import threading
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import orjson
import pendulum
from msgspec import Struct
from pendulum import Date

import drift
from drift.analysis import analyse_project
from drift.dates import as_of_for
from drift.flags import Flag
from drift.portfolio import Headline, PortfolioRow, headline
from drift.rules import DEFAULT_RULES, Rules, rules_for
from store.backend import Backend
from store.checked import checks_version
from store.model import Project, RuleSettings
from store.private import read_private, write_private
from store.rulesfile import user_folder

FOLDER = "headlines"
"""Under the user's cache folder ($XDG_CACHE_HOME/drift): a file per store, named by the store's real path."""
KEPT_FILES = 16
"""How many stores' headlines are kept, the most recently used: a user works on a few stores."""
KEPT_VARIANTS = 4
"""How many headlines of one project line are kept, the most recently shown first: its status date's and a few
other as-of dates or rules, so that going back and forth between two dates analyses nothing."""
LIMIT = 256 << 20
"""The largest file believed: about four times the headlines of 100,000 projects; a bigger one is not read."""
MAGIC = b"drift-headlines 1\n"
PART_LINES = 25
"""Lines pickled together: a few milliseconds of work each, written and read one after another."""

SETTLED = b"settled"
"""Beside a line's headlines, what they depend on in its project (Settled): so that a headline is found without
building the project. Not a variant_key, which is 16 bytes."""

Found = TypeVar("Found", Headline, PortfolioRow)
"""What is looked for: a project's whole headline, or its row alone."""
Kept = dict[bytes, dict[bytes, bytes]]
"""Headlines by the digest of their project's line, then by their as-of date and rules (variant_key)."""
_ROW_FIELDS = PortfolioRow.__struct_fields__
_FLAG_FIELDS = Flag.__struct_fields__


def _field_types(cls: type[Struct]) -> tuple[Any, ...]:
    """What isinstance takes for each field of a record, in order: `int | None` as (int, NoneType)."""
    hints = typing.get_type_hints(cls)

    def checkable(hint: Any) -> Any:
        if isinstance(hint, types.UnionType):
            return tuple(typing.get_origin(arg) or arg for arg in typing.get_args(hint))
        return typing.get_origin(hint) or hint

    return tuple(checkable(hints[name]) for name in cls.__struct_fields__)


_ROW_TYPES = _field_types(PortfolioRow)
_FLAG_TYPES = _field_types(Flag)


def _code_version() -> bytes:
    """A digest of the code a headline is made and kept by: the store's rules as its seals know them
    (store.checked.checks_version, with Python's and msgspec's versions), every module of drift as imported, this
    one, orjson's version and pendulum's install. A headline made by other code is not this code's, so a rule
    changed is a project analysed again, with nobody to remember to say so."""
    digest = hashlib.blake2b(checks_version() + b"orjson " + orjson.__version__.encode(), digest_size=16)
    try:
        installed = os.stat(pendulum.__file__)  # an upgraded pendulum is installed anew: its dates may count anew
        digest.update(b"pendulum %d %d" % (installed.st_size, installed.st_mtime_ns))
        sources = [path for folder in drift.__path__ for path in sorted(Path(folder).rglob("*.py"))]
        for source in [*sources, Path(__file__)]:
            digest.update(os.fsencode(source.name) + b"\0" + source.read_bytes())
    except OSError:  # no sources to read (a build of bytecode only): nothing remembered is believed
        return os.urandom(16)
    return digest.digest()


CODE_VERSION = _code_version()
"""Now, not at the first read: a drift upgraded under a running one must not lend it its digest."""


class Headlines:
    """The headlines (drift.portfolio.Headline) of a store's projects, each analysed only when its line, its as-of
    date, its rules or drift's code changed since this user's drift last showed it.

    Kept in the user's cache folder as drift's own pickle, believed only in a folder and a file the user alone can
    write (store.private), and only whole (its checksum): what the user alone can write is as trusted as the code
    the user runs. A headline is found by the digest of the line the project was read from (Store.line_digest), so
    a changed byte is a new analysis; a store not in drift's layout is analysed every time. Safe to use from several
    threads, as the dashboard's workers do.
    """

    def __init__(self, store: Backend) -> None:
        self.store = store
        cache = user_folder(store.environ, "XDG_CACHE_HOME", ".cache")
        self.folder = None if cache is None else cache / FOLDER
        self.name = hashlib.blake2b(store.identity, digest_size=16).hexdigest()
        self._held: Kept | None = None
        self._used: Kept = {}
        self._fresh = 0
        self._lock = threading.Lock()
        self._saving = threading.Lock()

    def of(self, project: Project, as_of: Date, rules: Rules, digest: bytes | None = None) -> Headline:
        """project's headline as of as_of under rules: the one remembered, else its analysis. digest: of the line
        project was built from, when the store does not know it (Store.line_digest)."""
        return self._of(project, as_of, rules, digest, _unpacked, _whole)

    def row_of(self, project: Project, as_of: Date, rules: Rules, digest: bytes | None = None) -> PortfolioRow:
        """The row of project's headline (of), its flags left as they were kept: a list of projects shows no flag."""
        return self._of(project, as_of, rules, digest, _unpacked_row, _row)

    def remembered(self, digest: bytes, chosen: Date | None, store_rules: RuleSettings) -> Headline | None:
        """The headline of the project of this line as of chosen, else its own as-of date, under its rules over
        store_rules, when one is remembered: found without the project built, from what was kept of it (SETTLED)."""
        return self._remembered_by_line(digest, chosen, store_rules, _unpacked)

    def remembered_row(self, digest: bytes, chosen: Date | None, store_rules: RuleSettings) -> PortfolioRow | None:
        """The row of the headline remembered (remembered), its flags left as they were kept."""
        return self._remembered_by_line(digest, chosen, store_rules, _unpacked_row)

    def _of(
        self,
        project: Project,
        as_of: Date,
        rules: Rules,
        digest: bytes | None,
        unpacked: Callable[[bytes], Found | None],
        part: Callable[[Headline], Found],
    ) -> Found:
        digest = digest or self.store.line_digest(project)
        if digest is None:
            return part(headline(analyse_project(project, as_of, rules)))
        variant = variant_key(as_of, rules)
        variants = self._remembered().get(digest, {})
        kept = variants.get(variant)
        found = None if kept is None else unpacked(kept)
        settled = pickle.dumps((project.status_date, project.rules), protocol=pickle.HIGHEST_PROTOCOL)
        fresh = kept is None or found is None or variants.get(SETTLED) != settled  # what was kept is made right
        if kept is None or found is None:
            analysed = headline(analyse_project(project, as_of, rules))
            found, kept = part(analysed), _packed(analysed)
        with self._lock:
            used = self._used.setdefault(digest, {})
            used[variant], used[SETTLED] = kept, settled
            self._fresh += fresh
        return found

    def _remembered_by_line(
        self, digest: bytes, chosen: Date | None, store_rules: RuleSettings, unpacked: Callable[[bytes], Found | None]
    ) -> Found | None:
        variants = self._remembered().get(digest)
        settled = None if variants is None else _settled(variants.get(SETTLED))
        if variants is None or settled is None:
            return None
        try:
            variant = variant_key(as_of_for(settled, chosen), rules_for(settled, store_rules))
        except Exception:  # rules of the right type but not of a shape drift makes: what they cost is the build
            return None
        kept = variants.get(variant)
        found = None if kept is None else unpacked(kept)
        if kept is None or found is None:
            return None
        with self._lock:
            used = self._used.setdefault(digest, {})
            used[variant], used[SETTLED] = kept, variants[SETTLED]
        return found

    def save(self) -> None:
        """Write what was shown, when anything was analysed anew since the last save: for each line the store now
        holds, the headlines shown last, then those remembered before, KEPT_VARIANTS at most; nothing of a line
        that is gone."""
        with self._saving:  # one save at a time, so the last written holds what every other one did
            with self._lock:
                if self.folder is None or not self._fresh:
                    return
                self._fresh = 0
                held, used = self._held or {}, self._used
                kept = {
                    digest: _latest({**held.get(digest, {}), **used.get(digest, {})}, used.get(digest, {}))
                    for digest in self.store.line_digests()
                    if digest in used or digest in held
                }
                self._held, self._used = kept, {}
            data = b"".join(_pickled_in_parts(kept))
            checksum = hashlib.blake2b(CODE_VERSION + data, digest_size=16).digest()
            if write_private(self.folder, self.name, MAGIC + checksum + data):
                _forget_old_files(self.folder)

    def _remembered(self) -> Kept:
        if self._held is None:
            held = self._read()  # outside the lock: the other workers go on meanwhile
            with self._lock:
                if self._held is None:
                    self._held = held
        return self._held

    def _read(self) -> Kept:
        data = None if self.folder is None else read_private(self.folder, self.name, LIMIT)
        if not data or not data.startswith(MAGIC):
            return {}
        checksum, body = data[len(MAGIC) : len(MAGIC) + 16], data[len(MAGIC) + 16 :]
        if hashlib.blake2b(CODE_VERSION + body, digest_size=16).digest() != checksum:
            return {}  # another drift's, or cut short: analysed again
        held: Kept = {}
        stream = io.BytesIO(body)
        try:
            while stream.tell() < len(body):
                part = pickle.load(stream)  # written by this code, in a file only this user can write
                held.update((digest, variants) for digest, variants in part.items() if isinstance(variants, dict))
        except Exception:  # whatever the bytes, what they cost is an analysis
            return {}
        return held


def _latest(variants: dict[bytes, bytes], used: dict[bytes, bytes]) -> dict[bytes, bytes]:
    """What is kept of a line: what was kept of its project (SETTLED), and its headlines shown last, then those
    remembered before, KEPT_VARIANTS at most."""
    shown = [key for key in used if key != SETTLED]
    before = [key for key in variants if key != SETTLED and key not in used]
    kept = {key: variants[key] for key in [*shown, *before][:KEPT_VARIANTS]}
    return kept | ({SETTLED: variants[SETTLED]} if SETTLED in variants else {})


def _pickled_in_parts(kept: Kept) -> Iterator[bytes]:
    """kept as pickles of PART_LINES lines each: no one call holds the interpreter long enough to stall the
    dashboard's screen, which a single pickle of 10,000 headlines did for a third of a second."""
    digests = list(kept)
    for start in range(0, len(digests), PART_LINES):
        part = {digest: kept[digest] for digest in digests[start : start + PART_LINES]}
        yield pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)


def variant_key(as_of: Date, rules: Rules) -> bytes:
    """What besides its line a headline depends on: the as-of date and every threshold of the rules."""
    return hashlib.blake2b(b"%s %s" % (as_of.isoformat().encode(), _written(rules)), digest_size=16).digest()


def _written(rules: Rules) -> bytes:
    """Every threshold of rules, written out as it is shown: rules that are equal may be written differently (40 and
    40.0 are equal decimals, and a flag says each as it is), so only the default rules are written once."""
    return _DEFAULT_WRITTEN if rules is DEFAULT_RULES else repr(rules).encode()


_DEFAULT_WRITTEN = repr(DEFAULT_RULES).encode()


def _packed(found: Headline) -> bytes:
    """A headline as kept: a pickle of the row's fields and of a pickle of each flag's, in their order. Bytes, not
    the objects: 10,000 headlines as objects are a million more for the dashboard's garbage collector to walk, in
    pauses the screen feels. The flags in a pickle of their own, unpickled only when asked for: a list of projects
    shows none, and at 10,000 projects they were most of the time of `drift status` (their dates are pendulum's,
    made in Python)."""
    row, flags = found
    flag_fields = tuple(tuple(getattr(item, name) for name in _FLAG_FIELDS) for item in flags)
    fields = (
        tuple(getattr(row, name) for name in _ROW_FIELDS),
        pickle.dumps(flag_fields, protocol=pickle.HIGHEST_PROTOCOL),
    )
    return pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL)


def _unpacked(packed: bytes) -> Headline | None:
    """The headline kept, or None when it is not one: whatever the file holds costs at most an analysis."""
    try:
        row, flags = pickle.loads(packed)  # written by this code, in a file only this user can write
        flags = pickle.loads(flags)
        if not _shaped(row, _ROW_TYPES) or not all(_shaped(item, _FLAG_TYPES) for item in flags):
            return None  # a field missing (as unknown, it would read as nothing unknown) or of another type
        return Headline(PortfolioRow(*row), tuple(Flag(*item) for item in flags))
    except Exception:  # whatever the bytes, what they cost is an analysis
        return None


def _unpacked_row(packed: bytes) -> PortfolioRow | None:
    """The row of the headline kept, or None when it is not one (_unpacked), its flags left in their pickle."""
    try:
        row, flags = pickle.loads(packed)  # written by this code, in a file only this user can write
    except Exception:  # whatever the bytes, what they cost is an analysis
        return None
    return PortfolioRow(*row) if _shaped(row, _ROW_TYPES) and isinstance(flags, bytes) else None


def _whole(found: Headline) -> Headline:
    return found


def _row(found: Headline) -> PortfolioRow:
    return found.row


def _shaped(values: Any, kinds: tuple[Any, ...]) -> bool:
    """Whether values is a tuple of one value of each kind, in order."""
    return (
        isinstance(values, tuple)
        and len(values) == len(kinds)
        and all(isinstance(value, kind) for value, kind in zip(values, kinds, strict=True))
    )


class Settled(NamedTuple):
    """What a line's headlines depend on in its project: its status date (the as-of date when none is chosen) and
    its own rules (over the store's)."""

    status_date: Date | None
    rules: RuleSettings


@functools.lru_cache(maxsize=4096)
def _settled(packed: bytes | None) -> Settled | None:
    """What was kept of a project (SETTLED), or None when nothing is, or not in that shape. Unpickled once for the
    projects alike: a portfolio's status dates and rules are few."""
    if packed is None:
        return None
    try:
        status_date, rules = pickle.loads(packed)  # written by this code, in a file only this user can write
    except Exception:  # whatever the bytes, what they cost is an analysis
        return None
    if not isinstance(rules, RuleSettings) or not (status_date is None or isinstance(status_date, Date)):
        return None
    return Settled(status_date, rules)


def _forget_old_files(folder: Path, keep: int = KEPT_FILES) -> None:
    """Remove all but the keep most recently written headline files: stores long unused cost no space."""
    try:
        files = [entry for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
        files.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime, reverse=True)
        for entry in files[keep:]:
            os.unlink(entry.path)
    except OSError:
        pass
