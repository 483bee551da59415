"""The Textual dashboard: reads the store off the UI thread and shows its projects."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header

from store.errors import DriftError
from store.model import Portfolio
from store.persist import Store
from drift.i18n import t


class DriftApp(App[None]):
    """drift's dashboard over one store."""

    CSS_PATH = "drift.tcss"
    BINDINGS = [Binding("q", "quit", "Quit")]
    """Every action has a key, shown in the Footer."""

    @dataclass
    class Loaded(Message):
        """The store was read and validated in a worker thread."""

        portfolio: Portfolio
        read_only_reason: str | None

    @dataclass
    class LoadFailed(Message):
        """The store could not be read; the app exits with the one-line reason."""

        reason: str

    def __init__(self, store: Store, *, lang: str = "en") -> None:
        super().__init__()
        self.store = store
        self.lang = lang
        self.portfolio: Portfolio | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="projects", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("app.title", self.lang)
        self.sub_title = t("app.loading", self.lang, path=self.store.path)
        table = self.query_one("#projects", DataTable)
        for key in ("col.code", "col.name", "col.department", "col.status_date"):
            table.add_column(t(key, self.lang), key=key)
        self.load_store()

    @work(thread=True, exclusive=True)
    def load_store(self) -> None:
        """Parse and validate the store away from the UI thread: a big store must not freeze the screen."""
        try:
            portfolio = self.store.load()
        except DriftError as error:
            self.post_message(self.LoadFailed(str(error)))
            return
        self.post_message(self.Loaded(portfolio, self.store.read_only_reason()))

    def on_drift_app_loaded(self, message: Loaded) -> None:
        self.portfolio = message.portfolio
        table = self.query_one("#projects", DataTable)
        table.clear()
        for project in message.portfolio.projects:
            status = project.status_date.isoformat() if project.status_date else "—"
            table.add_row(Text(project.code), Text(project.name), Text(project.department), status, key=project.code)
        summary = t(
            "app.projects", self.lang, count=len(message.portfolio.projects), revision=message.portfolio.revision
        )
        if message.read_only_reason:
            summary += " · " + t("app.read_only", self.lang, reason=message.read_only_reason)
        self.sub_title = summary

    def on_drift_app_load_failed(self, message: LoadFailed) -> None:
        self.exit(return_code=2, message=f"drift: {message.reason}")
