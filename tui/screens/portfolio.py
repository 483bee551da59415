"""The portfolio: one row per project, filtered with / and sorted with s; Enter opens one."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from itertools import compress, repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from drift.analysis import ProjectAnalysis, analyse_project
from drift.dates import as_of_for
from drift.i18n import code_text, t
from drift.later import projects_text
from drift.numbers import money_text
from drift.portfolio import PortfolioRow, SortKey, roll_up, sort_rows
from drift.rules import Light
from store.model import Project
from tui.colours import WARNING, styled
from tui.screens.base import DriftScreen
from tui.widgets.footer import LocalFooter
from tui.widgets.portfolio_table import Column, PortfolioTable
from tui.widgets.report import CELL_CELLS, light_text

COLUMNS = ("light", "name", "slip", "paid", "risks", "flags", "code", "department")
"""What a supervisor scans first comes first; the code and department follow for lookup."""

LEAST = {"name": 16}
"""The column that may be cut with … (the name) and the fewest cells it keeps; every other column is as wide as its
widest cell and never cut on screen: a light's word, a figure, a code, a department. The name takes the width left over
(tui.widgets.portfolio_table.fit); the project screen shows it whole."""

SPARE = {"code", "department"}
"""For lookup: on screen only whole and once the name is whole, else past the right edge (→ scrolls to them)."""

RIGHT = {"slip", "paid", "risks", "flags"}

SORTED_BY = {
    SortKey.LIGHT: "light",
    SortKey.SLIP: "slip",
    SortKey.TRAIL: "paid",
    SortKey.RISKS: "risks",
    SortKey.FLAGS: "flags",
    SortKey.CODE: "code",
    SortKey.NAME: "name",
}
"""What s cycles through, in order, and the column each key sorts; every key puts the worst first."""

PREVIEW_PROJECTS = 100
"""Projects the export preview lists, the reddest first; s saves the whole export, every project in detail.

A Markdown viewer holding 10,000 projects' detail took gigabytes and froze the dashboard; 100 rows show at once.
"""


_NOT_ANALYSED = SimpleNamespace(later=0)
"""What a row not analysed yet says of records after the as-of date: nothing."""

_UNANALYSED = (1,) * 5
"""The widths of a row's light and figures before it is analysed: each is "…"."""


def _figure_texts(row: PortfolioRow) -> tuple[str, str, str, str]:
    """The cells of an analysed row's figures but the light: slip, paid against time, indicator risks, flags."""
    slip = row.schedule_slip_days
    return (
        "—" if slip is None else f"{slip:+d}",
        f"{money_text(row.paid_pct_of_budget)}% / {row.time_pct}%",
        str(row.indicator_risks),
        str(row.flag_count),
    )


def _widths(texts: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(min(_cells(text), CELL_CELLS) for text in texts)


def _cells(text: str) -> int:
    """The cells text takes on screen: its length when it is printable ASCII (every figure, most codes), as counted
    in C; rich's cell_len for the rest (CJK names take two cells a character)."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


class PortfolioScreen(DriftScreen):
    """Every project in the store at a glance."""

    BINDINGS = [
        Binding("slash", "filter", "key.filter"),
        Binding("s", "sort", "key.sort"),
        Binding("e", "export", "key.export"),
        Binding("escape", "clear_filter", "key.clear_filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(name="portfolio")
        self.filter_text = ""
        self.sort_key = SortKey.LIGHT
        self.export_waiting = False
        """e was pressed before every project was read and analysed: the export opens once they are."""
        self._widths: dict[str, tuple[Project, PortfolioRow | None, tuple[int, ...]]] = {}
        """The widths of each project's cells in COLUMNS' order, with the project and the row measured (`_widest`)."""
        self._unchecked: set[str] | None = None
        """The projects whose widths may be out of date (rows_changed) since `_widest` last measured; None: any."""
        self._measured_lang = ""
        self._lights: dict[tuple[Light, int], int] = {}
        """The width of each kind of light cell: its light and how many parts are unknown."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="headline")  # the date chosen with a, and how many projects the filter leaves
        # The filter box is there from the start, hidden: / only shows and focuses it, at once, so what is typed right
        # after / in one read (typeahead over SSH) goes into it rather than to the table while it would be mounted.
        # Not select_on_focus: the focus arrives after the typeahead, and would select it for the next key to replace.
        yield Input(
            placeholder=t("filter.placeholder", self.app.lang), id="filter", classes="hidden", select_on_focus=False
        )
        yield PortfolioTable(id="projects")
        yield Static(id="portfolio-later")  # shown only when some project has records after its as-of date
        yield LocalFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one(PortfolioTable).focus()

    def visible_codes(self) -> list[str]:
        """The codes that pass the filter, in the chosen order (worst first); until every row is analysed, in their
        places as last shown (DriftApp.places), else in the store's order."""
        app = self.app
        needle = self.filter_text.casefold()
        codes = (
            [code for code, text in app.search_index.items() if needle in text] if needle else list(app.search_index)
        )
        return self._ordered(codes)

    def shown_order(self) -> tuple[list[str], list[str]]:
        """The codes of the rows in view, and of every project in the order shown, whatever the filter."""
        return self.query_one(PortfolioTable).keys_in_view(), self._ordered(list(self.app.search_index))

    def _ordered(self, codes: list[str]) -> list[str]:
        app = self.app
        rows = app.rows
        if len(rows) < len(app.search_index):
            places = app.places
            return sorted(codes, key=lambda code: places.get(code, len(places))) if places else codes
        return list(map(attrgetter("code"), sort_rows(map(rows.__getitem__, codes), self.sort_key)))  # in C, per row

    def refresh_view(self) -> None:
        """Redraw from the app's projects, the filter and the sort order; only visible rows are drawn."""
        lang = self.app.lang
        for box in self.query("#filter").results(Input):
            box.placeholder = t("filter.placeholder", lang)
        table = next(iter(self.query(PortfolioTable)), None)
        if table is None:  # taken down as the app closes, with a worker's rows still arriving: nothing to draw
            return
        sorted_column = SORTED_BY[self.sort_key]
        columns = []
        codes = self.visible_codes()
        widths = self._widest(codes)
        for name in COLUMNS:
            label = t(f"pf.{name}", lang) + (" ▼" if name == sorted_column else "")
            width = max(widths[name], cell_len(label))
            least = LEAST.get(name)
            columns.append(
                Column(
                    label,
                    width,
                    right=name in RIGHT,
                    least=None if least is None else min(least, width),
                    flex=name == "name",
                    spare=name in SPARE,
                )
            )
        # While a big store is read, a cursor nobody has moved stays on the first row, so the worst
        # projects stay in view as they arrive instead of following whichever project came first.
        keep = None if not self.app.loaded and table.cursor == 0 else table.selected_key
        table.show(columns, codes, self._cells, keep=keep)
        self._show_headline(len(codes), lang)
        self._show_later(codes, lang)
        if self.export_waiting and self._all_analysed():
            self.action_export()

    def _show_headline(self, shown: int, lang: str) -> None:
        """Above the table, when the figures are not each project's own: while the rows are analysed anew, how many
        are done; the date chosen with a; while a filter is on, how many projects it leaves. Hidden otherwise."""
        parts = []
        app = self.app
        if app.loaded and len(app.rows) < len(app.search_index):  # first: it must not wrap away
            parts.append(t("pf.analysing", lang, done=len(app.rows), count=len(app.search_index)))
        if app.as_of is not None:
            parts.append(t("pf.as_of", lang, date=app.as_of.isoformat()))
        if self.filter_text:
            parts.append(t("pf.shown", lang, shown=shown, count=len(self.app.search_index)))
        box = self.query_one("#headline", Static)
        box.update(Text(" · ".join(parts)))
        box.display = bool(parts)

    def _show_later(self, codes: list[str], lang: str) -> None:
        """Under the table, the projects shown that have records after their as-of date; hidden when none has."""
        rows = self.app.rows
        # In C, per row: at each batch of rows taken in, 10,000 of them. A row not analysed yet counts none.
        later_counts = map(attrgetter("later"), map(rows.get, codes, repeat(_NOT_ANALYSED)))
        later = projects_text(list(compress(codes, later_counts)), lang)
        box = self.query_one("#portfolio-later", Static)
        box.update(styled(later, WARNING))
        box.display = bool(later)

    def rows_changed(self, codes: Collection[str] | None) -> None:
        """The app's rows or projects of these codes (None: any) changed: their widths are measured at the next draw."""
        if codes is None or self._unchecked is None:
            self._unchecked = None
        else:
            self._unchecked.update(codes)

    def _widest(self, codes: list[str]) -> dict[str, int]:
        """The widest cell of each column among the rows shown (a name or department at most CELL_CELLS), and the
        light column never narrower than every light's word in the language.

        Every refresh (each key of a filter, each batch of rows analysed) measures, so each project's widths are kept
        and measured again only when the app says its row or project changed (rows_changed) and it is not the same
        objects: a key of the filter measures nothing, a batch of rows only those rows, and rows analysed anew
        (another as-of date) only their figures. At 10,000 rows, checking every row at every key took 10–30 ms.
        """
        app = self.app
        if self._measured_lang != app.lang:  # a light's word and a made code's mark are in the language
            self._widths, self._measured_lang, self._lights, self._unchecked = {}, app.lang, {}, None
        kept_widths, project_of, row_of = self._widths, app.project, app.rows.get
        unchecked = app.search_index.keys() if self._unchecked is None else self._unchecked & app.search_index.keys()
        for code in [*unchecked, *(code for code in codes if code not in kept_widths)]:
            project, row = project_of(code), row_of(code)
            kept = kept_widths.get(code)
            if kept is None or kept[0] is not project or kept[1] is not row:
                kept_widths[code] = (project, row, self._measured(code, project, row, kept))
        self._unchecked = set()
        every_light = max(self._light_cell(light, ()).cell_len for light in Light)
        shown = map(itemgetter(2), map(kept_widths.__getitem__, codes))  # in C: no Python step per row
        light, name, slip, paid, risks, flags, shown_code, department = map(
            max, zip((every_light, 0, 0, 0, 0, 0, 0, 0), *shown, strict=True)
        )
        return dict(zip(COLUMNS, (light, name, slip, paid, risks, flags, shown_code, department), strict=True))

    def _measured(
        self, code: str, project: Project, row: PortfolioRow | None, before: tuple[Any, ...] | None
    ) -> tuple[int, ...]:
        """The widths of a project's cells in COLUMNS' order; its own (name, code, department) taken from before
        when that measured the same project: another as-of date changes only the figures."""
        if before is not None and before[0] is project:
            _, name, *_, shown_code, department = before[2]
        else:
            name, shown_code, department = _widths(self._own_texts(code, project))
        if row is None:
            light, slip, paid, risks, flags = _UNANALYSED
        else:
            kind = (row.light, len(row.unknown))
            if kind not in self._lights:
                self._lights[kind] = self._light_cell(row.light, row.unknown).cell_len
            light, (slip, paid, risks, flags) = self._lights[kind], _widths(_figure_texts(row))
        return (light, name, slip, paid, risks, flags, shown_code, department)

    def _texts(self, code: str) -> tuple[str, ...]:
        """Each cell's text but the light's, in the order of COLUMNS: "…" for the figures until analysed."""
        project = self.app.project(code)
        row = self.app.rows.get(code)
        name, shown_code, department = self._own_texts(code, project)
        slip, paid, risks, flags = ("…",) * 4 if row is None else _figure_texts(row)
        return (name, slip, paid, risks, flags, shown_code, department)

    def _own_texts(self, code: str, project: Project) -> tuple[str, str, str]:
        """The cells of what the project says of itself: its name, its code as shown, its department."""
        return (project.name, code_text(code, project.code_made, self.app.lang), project.department)

    def _cells(self, code: str) -> tuple[Text, ...]:
        row = self.app.rows.get(code)
        light = Text("…") if row is None else self._light_cell(row.light, row.unknown)
        return (light, *(Text(text) for text in self._texts(code)))

    def _light_cell(self, overall: Light, unknown: tuple[str, ...]) -> Text:
        """The light, and how many parts are unknown ("green · 2 unknown"): a row must not read as known green."""
        light = light_text(overall, self.app.lang)
        if not unknown or overall is Light.UNKNOWN:  # "— unknown" says it all
            return light
        return Text.assemble(light, " · ", t("light.unknown_count", self.app.lang, count=len(unknown)))

    @property
    def selected_code(self) -> str | None:
        return self.query_one(PortfolioTable).selected_key

    def on_portfolio_table_selected(self, event: PortfolioTable.Selected) -> None:
        self.app.open_project(event.key)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.remove_class("hidden")
        self.set_focus(box)  # at once: Widget.focus would wait until the keys already read were handled
        self.refresh_bindings()

    def on_key(self, event: events.Key) -> None:
        """/ and what is typed right after it in one read (typeahead over SSH) all reach the table before its binding
        would run: the filter opens at once, and the characters the table had queued before the filter took the focus
        come up from it unused and go into the filter. Once the table has the focus again, its keys are its own."""
        box = self.query_one("#filter", Input)
        if event.key == "slash" and box.has_class("hidden"):
            self.action_filter()
        elif event.is_printable and event.character and self.focused is box:
            box.insert_text_at_cursor(event.character)
        else:
            return
        event.stop()
        event.prevent_default()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.refresh_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.query_one(PortfolioTable))

    def _filter_open(self) -> bool:
        return any(not box.has_class("hidden") for box in self.query("#filter").results(Input))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape clears the filter: offered (help, palette) only while the filter box is open; else it does nothing."""
        return self._filter_open() if action == "clear_filter" else True

    def action_clear_filter(self) -> None:
        for box in self.query("#filter").results(Input):
            if box.value:
                box.value = ""
            box.add_class("hidden")
        self.query_one(PortfolioTable).focus()
        self.refresh_bindings()

    def _all_analysed(self) -> bool:
        return self.app.loaded and len(self.app.rows) >= len(self.app.projects())

    def action_export(self) -> None:
        """The portfolio as Markdown: a preview of the summary, and the whole export (every project) to save."""
        app = self.app
        if not self._all_analysed():
            self.export_waiting = True
            self.notify(t("export.waiting", app.lang, count=len(app.projects())))
            return
        self.export_waiting = False
        self.notify(t("app.computing", app.lang))
        rows = sort_rows(sort_rows((app.rows[code] for code in self.visible_codes()), SortKey.SLIP), SortKey.LIGHT)
        self._export([app.project(row.code) for row in rows], app.lang)  # worst first, as the export lists them

    @work(thread=True, exclusive=True, group="export", description="export the portfolio")
    def _export(self, projects: list[Project], lang: str) -> None:
        """Render the preview away from the UI thread, and hand the export screen the means to write the rest."""
        from drift.markdown import portfolio_pieces
        from tui.screens.export import Cancelled, ExportScreen  # the Markdown viewer is slow to import: on use

        app = self.app
        as_of = app.as_of

        def analyser(cancelled: Callable[[], bool]) -> Callable[[int], ProjectAnalysis]:
            def analysis_of(n: int) -> ProjectAnalysis:
                if cancelled():  # q, Escape or a new export: stop now, not after 10,000 projects
                    raise Cancelled
                return analyse_project(projects[n], as_of_for(projects[n], as_of), app.rules_of(projects[n]))

            return analysis_of

        def rows_of(count: int, analysis_of: Callable[[int], ProjectAnalysis]) -> list[PortfolioRow]:
            return roll_up(analysis_of(n) for n in range(count))  # as of the date now, whatever is shown

        def everything(cancelled: Callable[[], bool]) -> Iterator[str]:
            analysis_of = analyser(cancelled)
            yield from portfolio_pieces(rows_of(len(projects), analysis_of), lang, analysis_of)

        worker = get_current_worker()
        shown = min(len(projects), PREVIEW_PROJECTS)
        try:
            summary = "".join(portfolio_pieces(rows_of(shown, analyser(lambda: worker.is_cancelled)), lang))
        except Cancelled:
            return
        note = t("export.preview_note", lang, shown=shown, count=len(projects))
        preview = f"{note}\n\n{summary}"
        app.call_from_thread(
            app.push_screen, ExportScreen(preview, Path("portfolio.md"), lang, app.store, everything=everything)
        )

    def action_sort(self) -> None:
        keys = list(SORTED_BY)
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.refresh_view()
