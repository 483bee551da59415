"""What every store does, the JSON file's and PostgreSQL's alike, and the one place a location picks its back-end."""

from __future__ import annotations

import datetime
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from msgspec import structs

from store.backups import Backup
from store.collector import collector_paused
from store.edits import Edit
from store.errors import StoreError, Words
from store.history import ChainReport, HistoryEntry
from store.locations import is_database
from store.model import Listed, Portfolio, Project, RuleSettings
from store.persist import Found, Saved, Snapshot, Store
from store.rulesfile import StoreRules
from store.tables import Contents


class Backend(Protocol):
    """A store as the command line and the dashboard use it; neither knows which back-end it talks to."""

    @property
    def path(self) -> Path | str:
        """What messages name the store by: its file's path, or its database's URL without the password."""

    environ: Mapping[str, str]
    backup_problem: str | None
    saved_revision: int | None

    @property
    def identity(self) -> bytes:
        """What names the store in the user's memory of analyses: its real file, or its database."""

    def size(self) -> int | None:
        """How many bytes a read takes, when known without asking a server."""

    def exists(self) -> bool: ...
    def read_only_reason(self) -> Words | None: ...
    def load(self, each: Callable[[Project], None] | None = None) -> Portfolio: ...
    def read(self, each: Callable[[Project], None] | None = None) -> Snapshot: ...
    def one(self, code: str | None) -> Found: ...
    def projects(self) -> Sequence[Project]: ...
    def listed(self) -> Iterator[Listed]: ...
    def line_digest(self, project: Project) -> bytes | None: ...
    def line_digests(self) -> set[bytes]: ...
    def file_key(self) -> tuple[int, ...] | None: ...
    def rules(self) -> RuleSettings: ...
    def rule_files(self) -> StoreRules: ...
    def create(self, projects: Iterable[Project] = (), *, parents: bool = False) -> Portfolio: ...
    def apply(self, edits: Iterable[Edit], *, by: str, at: datetime.datetime, note: str = "") -> Saved: ...
    def undo(self, *, by: str, at: datetime.datetime, note: str = "", revision: int | None = None) -> Saved: ...
    def restore(self, revision: int, *, by: str, at: datetime.datetime, note: str = "") -> Saved: ...
    def backups(self) -> tuple[Backup, ...]: ...
    def backup_path(self, revision: int) -> Path: ...
    def backup_folder(self) -> Path: ...
    def history(
        self, project: str | None = None, since: datetime.date | datetime.datetime | None = None
    ) -> tuple[HistoryEntry, ...]: ...
    def verify_history(self, anchor: str | None = None) -> ChainReport: ...
    def contents(self) -> Contents: ...
    def receive(self, contents: Contents) -> None: ...


def open_store(location: str | os.PathLike[str], *, environ: Mapping[str, str] | None = None) -> Backend:
    """The store at location: a PostgreSQL database for a postgresql:// URL, else the JSON file at that path."""
    if is_database(location):
        with collector_paused():  # psycopg only for those who name a database; a tenth of a second to load
            from store.postgres import PostgresStore

        return PostgresStore(str(location), environ=environ)
    return Store(location, environ=environ)


def move(source: Backend, target: Backend) -> Contents:
    """Make target, a store not made yet, hold everything source holds, history and rules included, and check that it
    does: read back, it must be what was read. The source is left as it was."""
    contents = source.contents()
    if "id" not in contents.meta:  # a store from before ids gets one, as its next save would give it
        contents = structs.replace(contents, meta={**contents.meta, "id": secrets.token_hex(8)})
    target.receive(contents)
    if target.contents() != contents:
        raise StoreError.said("error.copy_differs", path=target.path)
    return contents
