"""One project: a headline that is always visible, and a tab per view."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from drift.analysis import ProjectAnalysis
from drift.i18n import t
from drift.markdown import export_filename, project_markdown
from store.history import HistoryEntry
from tui.screens.forms import (
    AllocationForm,
    EditForm,
    IndicatorForm,
    PaymentForm,
    PhaseActualsForm,
    PhasePicker,
    StatusDateForm,
)
from tui.widgets.budget import budget_view
from tui.widgets.footer import LocalFooter
from tui.widgets.gantt import Gantt, bars, legend
from tui.widgets.indicators import IndicatorDetail, IndicatorGrid
from tui.widgets.overview import findings, overview
from tui.widgets.report import completion_line, flag_list, headline, history_table, indicator_counts

VIEWS = ("overview", "schedule", "budget", "indicators", "findings", "history")
"""The project's views, in tab order; keys 1–6 select them."""

EDITS = {"add_payment": "budget", "add_allocation": "budget", "record": ("schedule", "indicators")}
"""Edit keys that belong to one view: shown only there, so the footer stays short."""


class ProjectScreen(Screen[None]):
    """Everything about one project as of the app's as-of date."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back"),
        *(Binding(str(n), f"show_view('{view}')", f"tab.{view}", show=False) for n, view in enumerate(VIEWS, 1)),
        Binding("e", "export", "key.export"),
        Binding("p", "add_payment", "key.pay"),
        Binding("g", "add_allocation", "key.allocate"),
        Binding("r", "record", "key.record"),
        Binding("d", "status_date", "key.status_date"),
        Binding("u", "undo", "key.undo"),
    ]

    def __init__(self, code: str, view: str = "schedule") -> None:
        super().__init__(name=f"project:{code}")
        self.code = code
        self.initial_view = view

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="headline")
        with TabbedContent(initial=self.initial_view, id="views"):
            with TabPane("overview", id="overview"), VerticalScroll():
                yield Static(id="overview-body")
            with TabPane("schedule", id="schedule"), VerticalScroll():
                yield Gantt()
                yield Static(id="schedule-notes")
            with TabPane("budget", id="budget"), VerticalScroll():
                yield Static(id="budget-body")
            with TabPane("indicators", id="indicators"):
                yield IndicatorGrid()
                yield Static(id="indicator-counts")
            with TabPane("findings", id="findings"), VerticalScroll():
                yield Static(id="findings-body")
            with TabPane("history", id="history"), VerticalScroll():
                yield Static(id="history-body")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.refresh_view()

    def action_show_view(self, view: str) -> None:
        self.query_one(TabbedContent).active = view

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # Keys should act on the view just shown: arrows scroll it, Enter opens an indicator.
        pane = event.pane
        target = pane.query_one(IndicatorGrid) if pane.id == "indicators" else pane.query_one(VerticalScroll)
        target.focus()
        if pane.id == "history":
            self.app.load_history(self.code)
        self.refresh_bindings()  # the edit keys depend on the view

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Edit keys show on their view only, and greyed out when the store is read-only."""
        views = EDITS.get(action)
        if views is not None and self.active_view not in views:
            return False
        if action in (*EDITS, "status_date", "undo") and not self.app.editable:
            return None
        return True

    # Editing: each form saves through the app, off the UI thread, and stays open on a refusal.

    def _open_form(self, form: EditForm) -> None:
        form.saver = lambda edit: self.app.save_edits([edit])
        self.app.push_screen(form)

    def action_add_payment(self) -> None:
        self._open_form(PaymentForm(self.app.project(self.code)))

    def action_add_allocation(self) -> None:
        self._open_form(AllocationForm(self.app.project(self.code)))

    def action_status_date(self) -> None:
        self._open_form(StatusDateForm(self.app.project(self.code)))

    def action_record(self) -> None:
        project = self.app.project(self.code)
        if self.active_view == "indicators":
            grid = self.query_one(IndicatorGrid)
            if grid.row_count:
                key = grid.coordinate_to_cell_key(grid.cursor_coordinate).row_key.value
                self._open_form(IndicatorForm(project, key))
            return

        def picked(phase: str | None) -> None:
            if phase is not None:
                self._open_form(PhaseActualsForm(self.app.project(self.code), phase))

        self.app.push_screen(PhasePicker(project), picked)

    def action_undo(self) -> None:
        self.app.undo()

    def action_export(self) -> None:
        from tui.screens.export import ExportScreen  # Textual's Markdown viewer is slow to import; load it on use

        analysis = self.app.analysis(self.code)
        markdown = project_markdown(analysis, self.app.lang)
        path = Path(export_filename(self.code, analysis.as_of))
        self.app.push_screen(ExportScreen(markdown, path, self.app.lang))

    def show_history(self, entries: tuple[HistoryEntry, ...]) -> None:
        self.query_one("#history-body", Static).update(history_table(entries, self.app.lang))

    @property
    def active_view(self) -> str:
        return self.query_one(TabbedContent).active

    def refresh_view(self) -> None:
        """Redraw every view from the app's current analysis, language and as-of date."""
        lang = self.app.lang
        project = self.app.project(self.code)
        self.title = project.name
        tabs = self.query_one(TabbedContent)
        for view in VIEWS:
            tabs.get_tab(view).label = t(f"tab.{view}", lang)
        self.query_one("#overview-body", Static).update(overview(project, lang))
        if self.active_view == "history":
            self.app.load_history(self.code)
        analysis = self.app.analysis(self.code)
        self.query_one("#headline", Static).update(headline(analysis, lang))
        self.query_one(Gantt).show(bars(analysis.schedule, lang), analysis.as_of, lang)
        self.query_one("#schedule-notes", Static).update(_schedule_notes(analysis, lang))
        self.query_one("#budget-body", Static).update(budget_view(analysis, lang))
        self.query_one(IndicatorGrid).show(analysis.indicators, lang)
        self.query_one("#indicator-counts", Static).update(indicator_counts(analysis, lang))
        self.query_one("#findings-body", Static).update(
            Group(flag_list(analysis, lang), Text(), findings(project, lang))
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        grid = self.query_one(IndicatorGrid)
        if event.data_table is grid:
            self.app.push_screen(IndicatorDetail(grid.evaluations[event.row_key.value], self.app.lang))


def _schedule_notes(analysis: ProjectAnalysis, lang: str) -> Group:
    milestones = Table(title=Text(t("ov.events", lang)), title_justify="left", title_style="bold", box=None)
    for key in ("date", "event", "document", "phase", "slip"):
        milestones.add_column(t(f"ms.{key}", lang), overflow="fold", justify="right" if key == "slip" else "left")
    for check in analysis.schedule.milestones:
        event = check.event
        phase = next((p.name for p in analysis.project.phases if p.id == event.phase), "")
        milestones.add_row(
            Text(event.date.isoformat()),
            Text(event.name),
            Text(event.document),
            Text(phase),
            Text(f"{check.slip_days:+d}"),
        )
    return Group(
        legend(analysis.as_of, lang),
        completion_line(analysis, lang),
        Text(),
        flag_list(analysis, lang, prefix="schedule."),
        Text(),
        milestones,
    )
