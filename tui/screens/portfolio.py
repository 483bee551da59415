"""The portfolio: one row per project, filtered with / and sorted with s; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input

from drift.i18n import t
from drift.numbers import money_text
from drift.portfolio import PortfolioRow, SortKey, portfolio_row, sort_rows
from store.model import Project
from tui.widgets.footer import LocalFooter
from tui.widgets.report import light_text

COLUMNS = ("light", "name", "slip", "paid", "risks", "flags", "code", "department")
"""What a supervisor scans first comes first; the code and department follow for lookup."""

WIDTHS = {"name": 26, "department": 20}
"""Long Chinese names are cut with … here; the project screen shows them whole."""

SORT_KEYS = (SortKey.LIGHT, SortKey.SLIP, SortKey.TRAIL, SortKey.RISKS, SortKey.FLAGS, SortKey.CODE, SortKey.NAME)
"""What s cycles through; every key puts the worst first."""


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
        self.sort_key = SortKey.LIGHT

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="", id="filter", classes="hidden")
        yield DataTable(id="projects", cursor_type="row", zebra_stripes=True)
        yield LocalFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#projects", DataTable).focus()

    def visible_projects(self) -> list[Project]:
        """The projects that pass the filter, in the chosen order (worst first)."""
        needle = self.filter_text.casefold()
        projects = {p.code: p for p in self.app.projects() if not needle or needle in _haystack(p)}
        rows = [self._row(p) for p in projects.values()]
        if all(row is not None for row in rows):
            return [projects[row.code] for row in sort_rows(rows, self.sort_key)]
        return list(projects.values())  # not analysed yet: store order

    def _row(self, project: Project) -> PortfolioRow | None:
        analysis = self.app.analysis(project.code)
        return portfolio_row(analysis) if analysis else None

    def refresh_view(self) -> None:
        """Rebuild the table from the app's projects, the filter and the sort order."""
        lang = self.app.lang
        self.query_one("#filter", Input).placeholder = t("filter.placeholder", lang)
        table = self.query_one("#projects", DataTable)
        selected = self.selected_code
        table.clear(columns=True)
        for column in COLUMNS:
            label = t(f"pf.{column}", lang) + (" ▼" if _sorts(column, self.sort_key) else "")
            table.add_column(label, key=column, width=WIDTHS.get(column))
        for project in self.visible_projects():
            table.add_row(*self._cells(project, lang), key=project.code)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))

    def _cells(self, project: Project, lang: str) -> tuple[Text, ...]:
        analysis = self.app.analysis(project.code)
        name = Text(project.name, overflow="ellipsis", no_wrap=True)
        department = Text(project.department, overflow="ellipsis", no_wrap=True)
        if analysis is None:
            return (Text("…"), name, *(Text("…"),) * 4, Text(project.code), department)
        time = analysis.budget.time.percent
        slip = analysis.schedule.completion_slip_days
        return (
            light_text(analysis.light, lang),
            name,
            Text("—" if slip is None else f"{slip:+d}", justify="right"),
            Text(f"{money_text(analysis.budget.total.paid_pct_of_budget)}% / {time}%", justify="right"),
            Text(str(analysis.indicators.at_risk), justify="right"),
            Text(str(len(analysis.flags)), justify="right"),
            Text(project.code),
            department,
        )

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
        self.sort_key = SORT_KEYS[(SORT_KEYS.index(self.sort_key) + 1) % len(SORT_KEYS)]
        self.refresh_view()


def _sorts(column: str, key: SortKey) -> bool:
    return {
        "light": SortKey.LIGHT,
        "slip": SortKey.SLIP,
        "paid": SortKey.TRAIL,
        "risks": SortKey.RISKS,
        "flags": SortKey.FLAGS,
        "code": SortKey.CODE,
        "name": SortKey.NAME,
    }.get(column) is key


def _haystack(project: Project) -> str:
    return f"{project.code} {project.name} {project.department}".casefold()
