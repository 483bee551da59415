"""The portfolio: one row per project, filtered with / and sorted with s; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input

from drift.i18n import t
from store.model import Project
from tui.widgets.footer import LocalFooter

COLUMNS = ("code", "name", "department", "status_date")


class PortfolioScreen(Screen[None]):
    """Every project in the store at a glance."""

    BINDINGS = [
        Binding("slash", "filter", "key.filter"),
        Binding("s", "sort", "key.sort"),
        Binding("escape", "clear_filter", "key.back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(name="portfolio")
        self.filter_text = ""
        self.sort_column = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="", id="filter", classes="hidden")
        yield DataTable(id="projects", cursor_type="row", zebra_stripes=True)
        yield LocalFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#projects", DataTable).focus()

    def refresh_view(self) -> None:
        """Rebuild the table from the app's projects, the filter and the sort order."""
        lang = self.app.lang
        self.query_one("#filter", Input).placeholder = t("filter.placeholder", lang)
        table = self.query_one("#projects", DataTable)
        selected = self.selected_code
        table.clear(columns=True)
        for column in COLUMNS:
            table.add_column(t(f"col.{column}", lang), key=column)
        needle = self.filter_text.casefold()
        rows = [p for p in self.app.projects() if not needle or needle in _haystack(p)]
        rows.sort(key=lambda p: _sort_key(p, COLUMNS[self.sort_column]))
        for project in rows:
            status = project.status_date.isoformat() if project.status_date else "—"
            table.add_row(Text(project.code), Text(project.name), Text(project.department), status, key=project.code)
        if selected and selected in {p.code for p in rows}:
            table.move_cursor(row=table.get_row_index(selected))

    @property
    def selected_code(self) -> str | None:
        table = self.query_one("#projects", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_project(event.row_key.value)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.remove_class("hidden")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.refresh_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#projects", DataTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        box.add_class("hidden")
        self.query_one("#projects", DataTable).focus()

    def action_sort(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(COLUMNS)
        self.refresh_view()
        self.notify(t(f"col.{COLUMNS[self.sort_column]}", self.app.lang), title=t("key.sort", self.app.lang))


def _haystack(project: Project) -> str:
    return f"{project.code} {project.name} {project.department}".casefold()


def _sort_key(project: Project, column: str) -> str:
    value = getattr(project, column)
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")
