"""One project: a headline that is always visible, and a tab per view."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, Input, Static, TabbedContent, TabPane

from drift.analysis import ProjectAnalysis
from drift.i18n import plain, t, worded
from drift.later import CLAIMS, SCHEDULE
from store.edits import Edit, state_allocations
from store.errors import DriftError
from tui.screens.base import DriftScreen
from tui.widgets.budget import budget_view
from tui.widgets.footer import LocalFooter
from tui.widgets.gantt import Gantt, ScheduleScroll, bars, legend
from tui.widgets.moves import ViewScroll
from tui.widgets.overview import findings, overview
from tui.widgets.report import (
    claims_table,
    completion_line,
    flag_list,
    headline,
    history_table,
    indicator_counts,
    later_lines,
)
from tui.widgets.search import SearchBar, ViewBody

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from store.history import HistoryEntry
    from store.model import Project
    from tui.screens.forms import EditForm
    from tui.widgets.indicators import IndicatorGrid

# The forms, the export preview, drift.markdown and the indicator grid (a DataTable) are imported where they are
# first used: opening a project must not wait for them.

VIEWS = ("overview", "schedule", "budget", "indicators", "findings", "history")
"""The project's views, in tab order; keys 1–6 select them."""

SEARCHABLE = ("overview", "findings", "history")
"""The views of text that / searches. Not Budget, whose n states allocations; its tables and the others' are lists
the cursor keys walk."""

EDITS = {
    "add_payment": "budget",
    "add_allocation": "budget",
    "add_reported_figure": "budget",
    "edit_reported_figure": "budget",
    "record": ("schedule", "indicators"),
    "add_claim": "findings",
}
"""Edit keys that belong to one view: shown only there, so the footer stays short."""


Action = TypeVar("Action", bound=Callable[..., None])


def writable(action: Action) -> Action:
    """An edit key's action: on a read-only store it says why in one line, rather than doing nothing unseen."""

    @functools.wraps(action)
    def guarded(screen: ProjectScreen, *args: object) -> None:
        reason = screen.app.read_only_reason
        if reason is not None:
            screen.notify(
                t("app.read_only", screen.app.lang, reason=plain(worded(reason, screen.app.lang))), severity="warning"
            )
            return
        action(screen, *args)

    return cast(Action, guarded)


class ProjectScreen(DriftScreen):
    """Everything about one project as of the app's as-of date."""

    BINDINGS = [
        Binding("escape", "clear_search", "key.clear_search"),  # before back: Escape first ends a search
        Binding("escape", "app.pop_screen", "key.back"),
        *(Binding(str(n), f"show_view('{view}')", f"tab.{view}", show=False) for n, view in enumerate(VIEWS, 1)),
        Binding("e", "export", "key.export"),
        Binding("p", "add_payment", "key.pay"),
        Binding("A", "add_allocation", "key.allocate"),  # g and G move to the first and last line, as in every list
        Binding("r", "record", "key.record"),
        Binding("c", "add_claim", "key.claim"),
        Binding("f", "add_reported_figure", "key.reported"),
        Binding("F", "edit_reported_figure", "key.reported_edit", show=False),  # the footer is full at 80 columns
        Binding("d", "status_date", "key.status_date"),
        Binding("n", "state_allocations(True)", "key.allocations_none"),
        Binding("n", "state_allocations(False)", "key.allocations_not_stated"),
        Binding("u", "undo", "key.undo"),
        Binding("slash", "search", "key.search"),
        Binding("n", "next_match(1)", "key.next_match"),  # after n's Budget meanings: search is not on Budget
        Binding("N", "next_match(-1)", "key.previous_match"),
        Binding("enter", "next_match(1)", "key.next_match", show=False),
    ]

    AUTO_FOCUS = "TabPane > VerticalScroll, #indicator-grid"
    """The view shown, so its keys work at once (the tabs would take the focus only to lose it)."""

    def __init__(self, code: str, view: str = "overview") -> None:
        super().__init__(name=f"project:{code}")
        self.code = code
        self.initial_view = view
        self.built: set[str] = set()
        """The views whose widgets exist: each is built when first shown, so opening a project mounts one view."""
        self.allocations_state: tuple[bool, bool] | None = None
        """Whether the project's allocations were stated, and recorded, when the keys were last checked: n offers
        "none" or "not stated" by these."""
        self.search_view = ""
        """The view / was last pressed on: showing another one ends the search."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="headline")
        with TabbedContent(initial=self.initial_view, id="views"):
            for view in VIEWS:
                with TabPane(view, id=view):
                    if view == self.initial_view:
                        yield from view_widgets(view)
                        self.built.add(view)
        yield SearchBar()
        yield LocalFooter()

    def on_mount(self) -> None:
        self.refresh_view()

    def action_show_view(self, view: str) -> None:
        tabs = next(iter(self.query(TabbedContent)), None)
        if tabs is not None and tabs.query(ContentSwitcher):
            tabs.active = view
        else:  # a key pressed while the screen is still being built: show the view once it is
            self.call_after_refresh(self.action_show_view, view)

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id != self.search_view:  # a search belongs to the view it was made in
            self.action_clear_search()
        pane = event.pane
        view = pane.id or ""  # every pane is made with its view's name as id
        if view not in self.built:
            await pane.mount_all(view_widgets(view))
            self.built.add(view)  # only now: refresh_view must not draw into widgets still being mounted
            self._show(view, self.app.project(self.code), self.app.lang)
        # Keys should act on the view just shown: arrows scroll it, Enter opens an indicator.
        target = pane.query_one("#indicator-grid") if pane.id == "indicators" else pane.query_one(VerticalScroll)
        if self._searching() is None:  # / pressed right after the view's key keeps the focus in the search field
            target.focus()
        if pane.id == "history":
            self.app.load_history(self.code)
        self.refresh_bindings()  # the edit keys depend on the view

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Edit keys show on their view only, greyed out until the store has been read."""
        views = EDITS.get(action)
        if views is not None and self.active_view not in views:
            return False
        if action == "state_allocations" and not self._may_state_allocations(*parameters):
            return False
        if action == "search":
            return self.active_view in SEARCHABLE
        if action in ("next_match", "clear_search"):
            return self._searching() is not None
        if action in (*EDITS, "status_date", "undo", "state_allocations") and not self.app.loaded:
            return None  # greyed out while the store is read: a read-only store's keys say why when pressed
        return True

    def _may_state_allocations(self, stated: object) -> bool:
        """n on the Budget view of a project without allocations: "stated: none" when they are not stated, and
        back to "not stated" when they are stated as none. Recorded allocations state them already."""
        project = self.app.portfolio.project(self.code)  # None once a colleague removed it: the screen is leaving
        if self.active_view != "budget" or project is None:
            return False
        allocations = project.funding.allocations
        return allocations is None if stated else allocations == ()

    # Editing: each form saves through the app, off the UI thread, and stays open on a refusal.

    def _open_form(self, form: EditForm) -> None:
        form.saver = lambda edits: self.app.save_edits(edits)
        form.latest = lambda: self.app.latest(self.code)
        self.app.push_screen(form)

    @writable
    def action_add_payment(self) -> None:
        from tui.screens.forms import PaymentForm

        self._open_form(PaymentForm(self.app.project(self.code)))

    @writable
    def action_add_allocation(self) -> None:
        from tui.screens.forms import AllocationForm

        self._open_form(AllocationForm(self.app.project(self.code)))

    @writable
    def action_add_claim(self) -> None:
        from tui.screens.forms import ClaimForm

        self._open_form(ClaimForm(self.app.project(self.code)))

    @writable
    def action_add_reported_figure(self) -> None:
        from tui.screens.forms import ReportedFigureForm

        self._open_form(ReportedFigureForm(self.app.project(self.code)))

    @writable
    def action_edit_reported_figure(self) -> None:
        """A reported figure to change: picked from the project's, then its form, filled in."""
        from drift.budget import source_names
        from tui.screens.forms import Picker, ReportedFigureForm

        project = self.app.project(self.code)
        if not project.funding.reported:
            self.app.bell()
            return
        names = source_names(project, self.app.lang)
        choices = [
            (f"{figure.id}  {figure.date}  {names.get(figure.source, figure.source)}", figure.id)
            for figure in project.funding.reported
        ]

        def picked(record: str | None) -> None:
            if record is not None:
                self._open_form(ReportedFigureForm(self.app.project(self.code), record))

        self.app.push_screen(Picker(choices), picked)

    @writable
    def action_status_date(self) -> None:
        from tui.screens.forms import StatusDateForm

        self._open_form(StatusDateForm(self.app.project(self.code)))

    @writable
    def action_record(self) -> None:
        from tui.screens.forms import IndicatorForm, PhaseActualsForm, Picker

        project = self.app.project(self.code)
        if self.active_view == "indicators":
            grid = self._indicator_grid()
            if grid.row_count:
                key = grid.coordinate_to_cell_key(grid.cursor_coordinate).row_key.value
                self._open_form(IndicatorForm(project, key or "", self.app.rules_of(project)))
            return

        def picked(phase: str | None) -> None:
            if phase is not None:
                self._open_form(PhaseActualsForm(self.app.project(self.code), phase))

        self.app.push_screen(Picker([(phase.name, phase.id) for phase in project.phases]), picked)

    @writable
    def action_state_allocations(self, stated: bool) -> None:
        """After a confirmation, record that the report states no allocation ([]), or that it does not state them."""
        from tui.screens.confirm import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                edit = state_allocations(self.app.project(self.code), stated=stated)
            except DriftError as error:  # allocations were recorded since the question was asked
                self.app.notify(plain(str(error)), severity="error", markup=False)
                return
            self._save_edits([edit])

        question = t("confirm.allocations_none" if stated else "confirm.allocations_not_stated", self.app.lang)
        self.app.push_screen(ConfirmDialog(question), confirmed)

    @work(thread=True, group="project-save", description="save")
    def _save_edits(self, edits: list[Edit]) -> None:
        """Save an edit made without a form off the UI thread; a refusal is shown as a notification."""
        try:
            self.app.save_edits(edits)
        except DriftError as error:
            self.app.post_message(self.app.SaveFailed(str(error)))

    @writable
    def action_undo(self) -> None:
        self.app.undo()

    def action_export(self) -> None:
        from drift.markdown import export_filename, project_markdown
        from tui.screens.export import ExportScreen  # Textual's Markdown viewer is slow to import; load it on use
        from tui.xlsx import forms_workbook  # and openpyxl is not needed before an export

        analysis, lang = self.app.analysis(self.code), self.app.lang
        markdown = project_markdown(analysis, lang)
        path = Path(export_filename(self.code, analysis.as_of))
        screen = ExportScreen(markdown, path, lang, self.app.store, workbook=lambda: forms_workbook([analysis], lang))
        self.app.push_screen(screen)

    def show_history(self, entries: tuple[HistoryEntry, ...]) -> None:
        if "history" in self.built:  # the history is read only for the view, so it has been built
            self.query_one("#history-body", ViewBody).show(history_table(entries, self.app.lang))

    # Searching a view's text: / to type, Enter or n/N to move between matches, Escape to end.

    def _searching(self) -> ViewBody | None:
        """The view body being searched, while the search bar is open."""
        if not self.query_one(SearchBar).has_class("-shown") or self.active_view not in self.built:
            return None
        return self.query_one(f"#{self.active_view}-body", ViewBody)

    def action_search(self) -> None:
        self.search_view = self.active_view
        bar = self.query_one(SearchBar)
        bar.add_class("-shown")
        self.query_one("#search", Input).focus()
        self.refresh_bindings()

    def action_next_match(self, by: int) -> None:
        body = self._searching()
        if body is not None:
            body.step(by)

    def action_clear_search(self) -> None:
        bar = self.query_one(SearchBar)
        if not bar.has_class("-shown"):
            return
        body = self._searching()
        bar.remove_class("-shown")
        self.query_one("#search", Input).value = ""
        if body is not None:
            body.search("")
            if isinstance(body.parent, Widget):
                body.parent.focus()
        self.refresh_bindings()

    def on_input_changed(self, event: Input.Changed) -> None:
        body = self._searching()
        if event.input.id == "search" and body is not None:
            body.search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: back to the view, at the current match, where Enter, n and N move on."""
        body = self._searching()
        if event.input.id == "search" and body is not None and isinstance(body.parent, Widget):
            body.parent.focus()
            self.refresh_bindings()

    def on_view_body_matched(self, event: ViewBody.Matched) -> None:
        self.query_one(SearchBar).say(event.current, event.total, self.app.lang)
        scroll = event.body.parent
        if event.line is not None and isinstance(scroll, ViewScroll):
            height = scroll.scrollable_content_region.height
            if not scroll.scroll_y <= event.line < scroll.scroll_y + height:  # keep the match in view, a third down
                scroll.scroll_to(y=max(event.line - height // 3, 0), animate=False)

    @property
    def active_view(self) -> str:
        return self.query_one(TabbedContent).active

    def refresh_view(self) -> None:
        """Redraw the headline and every view built so far from the app's current analysis, language and as-of date."""
        lang = self.app.lang
        project = self.app.project(self.code)
        self.title = project.name
        tabs = self.query_one(TabbedContent)
        for view in VIEWS:
            tabs.get_tab(view).label = t(f"tab.{view}", lang)
        if self.active_view == "history":
            self.app.load_history(self.code)
        self.query_one("#headline", Static).update(headline(self.app.analysis(self.code), lang))
        allocations = project.funding.allocations
        state = (allocations is not None, bool(allocations))
        if state != self.allocations_state:  # n says "none" or "not stated" by what they are now
            self.allocations_state = state
            self.refresh_bindings()
        for view in VIEWS:
            if view in self.built:
                self._show(view, project, lang)

    def _show(self, view: str, project: Project, lang: str) -> None:
        """Draw one built view; the history view is drawn by show_history once the history has been read."""
        if view == "overview":
            self.query_one("#overview-body", ViewBody).show(overview(project, lang))
            return
        analysis = self.app.analysis(self.code)
        if view == "schedule":
            self.query_one(Gantt).show(bars(analysis.schedule, lang), analysis.as_of, lang)
            self.query_one("#schedule-notes", Static).update(_schedule_notes(analysis, lang))
        elif view == "budget":
            self.query_one("#budget-body", Static).update(budget_view(analysis, lang))
        elif view == "indicators":
            self._indicator_grid().show(analysis, lang)
            self.query_one("#indicator-counts", Static).update(indicator_counts(analysis, lang))
        elif view == "findings":
            self.query_one("#findings-body", ViewBody).show(
                Group(
                    flag_list(analysis, lang),
                    Text(),
                    claims_table(analysis, lang),
                    *later_lines(analysis, lang, CLAIMS),
                    Text(),
                    findings(project, lang),
                )
            )

    def _indicator_grid(self) -> IndicatorGrid:
        return cast("IndicatorGrid", self.query_one("#indicator-grid"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from tui.widgets.indicators import IndicatorDetail

        grid = self._indicator_grid()
        if event.data_table is grid:
            key = event.row_key.value or ""
            self.app.push_screen(IndicatorDetail(grid.evaluations[key], grid.scores.get(key), self.app.lang))


def view_widgets(view: str) -> list[Widget]:
    """The empty widgets of one view, for _show to fill."""
    if view == "schedule":
        return [ScheduleScroll(Gantt(), Static(id="schedule-notes"))]
    if view == "indicators":
        from tui.widgets.indicators import IndicatorGrid

        return [IndicatorGrid(), Static(id="indicator-counts")]
    return [ViewScroll(ViewBody(id=f"{view}-body") if view in SEARCHABLE else Static(id=f"{view}-body"))]


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
        *later_lines(analysis, lang, SCHEDULE),
        Text(),
        flag_list(analysis, lang, prefix="schedule."),
        Text(),
        milestones,
    )
