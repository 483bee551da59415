"""One project: a headline that is always visible, and a tab per view."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane

from drift.i18n import t
from store.model import Project
from tui.widgets.footer import LocalFooter
from tui.widgets.overview import findings, overview

VIEWS = ("overview", "schedule", "budget", "indicators", "findings")
"""The project's views, in tab order; keys 1–5 select them."""


class ProjectScreen(Screen[None]):
    """Everything about one project as of the app's as-of date."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back"),
        *(Binding(str(n), f"show_view('{view}')", f"tab.{view}", show=False) for n, view in enumerate(VIEWS, 1)),
    ]

    def __init__(self, code: str) -> None:
        super().__init__(name=f"project:{code}")
        self.code = code

    @property
    def project(self) -> Project:
        return self.app.project(self.code)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="headline")
        with TabbedContent(initial="schedule", id="views"):
            for view in VIEWS:
                with TabPane(view, id=view), VerticalScroll():
                    yield Static(id=f"{view}-body")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.refresh_view()

    def action_show_view(self, view: str) -> None:
        self.query_one(TabbedContent).active = view

    @property
    def active_view(self) -> str:
        return self.query_one(TabbedContent).active

    def refresh_view(self) -> None:
        """Redraw every view from the app's current data, language and as-of date."""
        lang = self.app.lang
        project = self.project
        self.title = project.name
        tabs = self.query_one(TabbedContent)
        for view in VIEWS:
            tabs.get_tab(view).label = t(f"tab.{view}", lang)
        self.query_one("#headline", Static).update(Text(project.name, style="bold"))
        self.query_one("#overview-body", Static).update(overview(project, lang))
        self.query_one("#findings-body", Static).update(findings(project, lang))
