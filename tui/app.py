"""The Textual dashboard: reads the store off the UI thread, then shows the portfolio and projects."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive

from drift.i18n import MESSAGES, t
from store.errors import DriftError
from store.model import Portfolio, Project
from store.persist import Store
from tui.screens.help import HelpScreen
from tui.screens.portfolio import PortfolioScreen
from tui.screens.project import ProjectScreen
from tui.ui_text import UI_MESSAGES

MESSAGES.update(UI_MESSAGES)


class DriftApp(App[str]):
    """drift's dashboard over one store; the result is the reason when the store cannot be read."""

    CSS_PATH = "drift.tcss"
    BINDINGS = [
        Binding("q", "quit", "key.quit"),
        Binding("question_mark", "help", "key.help"),
        Binding("l", "toggle_language", "key.lang"),
    ]

    lang: reactive[str] = reactive("en")
    """The language of every label: zh or en."""

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
        self.set_reactive(DriftApp.lang, lang)
        self.portfolio = Portfolio()
        self.read_only_reason: str | None = None

    def on_mount(self) -> None:
        self.title = t("app.title", self.lang)
        self.sub_title = t("app.loading", self.lang, path=self.store.path)
        self.push_screen(PortfolioScreen())
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
        self.read_only_reason = message.read_only_reason
        self._update_subtitle()
        self.refresh_screens()
        if len(self.portfolio.projects) == 1:
            self.open_project(self.portfolio.projects[0].code)

    def on_drift_app_load_failed(self, message: LoadFailed) -> None:
        self.exit(result=message.reason, return_code=2)

    def projects(self) -> tuple[Project, ...]:
        return self.portfolio.projects

    def project(self, code: str) -> Project:
        project = self.portfolio.project(code)
        assert project is not None, code
        return project

    def open_project(self, code: str) -> None:
        self.push_screen(ProjectScreen(code))

    def refresh_screens(self) -> None:
        """Redraw every screen on the stack, e.g. after the language or the data changed."""
        for screen in self.screen_stack:
            if hasattr(screen, "refresh_view"):
                screen.refresh_view()
            screen.refresh_bindings()

    def _update_subtitle(self) -> None:
        summary = t("app.projects", self.lang, count=len(self.portfolio.projects), revision=self.portfolio.revision)
        if self.read_only_reason:
            summary += " · " + t("app.read_only", self.lang, reason=self.read_only_reason)
        self.sub_title = summary

    def watch_lang(self) -> None:
        self.title = t("app.title", self.lang)
        self._update_subtitle()
        self.refresh_screens()

    def action_toggle_language(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"

    def action_help(self) -> None:
        bindings = [
            (self.get_key_display(binding), t(binding.description, self.lang))
            for _, binding, _, _ in self.screen.active_bindings.values()
            if binding.description in MESSAGES
        ]
        self.push_screen(HelpScreen(bindings, self.lang))
