"""What every subcommand is given: the store's path, the language, the consoles and the environment."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pendulum
from msgspec import Struct, field
from rich.console import Console

from drift.i18n import t
from store.backend import Backend, open_store
from store.files import load_sample
from store.history import declared_name
from store.locations import shown_location
from tui.preferences import Preferences


def now() -> pendulum.DateTime:
    """The only clock drift's edits read, the command line's and the dashboard's alike: now, to the second, local."""
    return pendulum.now().replace(microsecond=0)


EXIT_OK = 0
EXIT_BAD_INPUT = 2
"""Bad input, a bad store or a refused write: one line on stderr, nothing changed."""
EXIT_INTERRUPTED = 130
"""Ended by Ctrl+C before anything was saved, as shells give it (128 + SIGINT)."""


class Context(Struct):
    """What every subcommand needs: where the store is, the language and the consoles."""

    store_path: Path | str
    """The store file, or the URL of a PostgreSQL store (store.locations.is_database)."""
    store_is_default: bool
    lang: str
    out: Console
    err: Console
    environ: Mapping[str, str] = field(default_factory=dict)
    """The environment main() was given, for $USER, $DRIFT_BACKUPS and the like."""
    stores: list[Backend] = field(default_factory=list)
    """Every Store handed out, to ask at the end whether one of them saved."""
    preferences: Preferences = field(default_factory=lambda: Preferences(None))
    """The config file as main() read it, once: its theme and its problems for the dashboard."""

    @property
    def store_name(self) -> Path | str:
        """The store as messages name it: its path, or its URL without the password."""
        return shown_location(self.store_path)

    @property
    def user(self) -> str:
        """Who changes are declared by when --by is not given: $USER, else $LOGNAME, else the login name."""
        return declared_name(self.environ)

    def open_store(self) -> Backend:
        """The store at store_path, as it is; every command opens it here so that main() learns of any save."""
        store = open_store(self.store_path, environ=self.environ)  # $DRIFT_BACKUPS as main() was given it
        self.stores.append(store)
        return store

    @property
    def saved_revision(self) -> int | None:
        """The revision this command saved, or None when it saved nothing."""
        return max((s.saved_revision for s in self.stores if s.saved_revision is not None), default=None)

    def store(self) -> Backend:
        """The store, created from the bundled sample when it is the default one and missing."""
        store = self.open_store()
        if self.store_is_default and not store.exists():
            store.create(load_sample(), parents=True)
            self.err.print(t("cli.created_default", self.lang, path=self.store_name))
        return store
