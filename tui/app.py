"""The Textual dashboard: reads and analyses the store off the UI thread, then shows the portfolio and projects."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pendulum import Date
from rich.cells import cell_len, set_cell_size
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, get_current_worker

from drift.analysis import ProjectAnalysis, analyse_project
from drift.budget import new_overspends
from drift.claims import verdict_lines
from drift.dates import as_of_for
from drift.flags import describe
from drift.i18n import MESSAGES, plain, t, worded
from drift.portfolio import PortfolioRow
from drift.rules import NO_SETTINGS, Light, Rules, rules_for
from store.backend import Backend
from store.edits import Action, Edit, UnknownRecordError
from store.errors import DriftError, Words
from store.files import is_sample
from store.history import HistoryEntry, declared_name
from store.model import Portfolio, Project, RuleSettings
from store.persist import OPENING_PROJECTS, Snapshot
from store.persist import Saved as StoreSaved
from tui import colours
from tui.context import now
from tui.history_text import entry_line
from tui.live import GONE, WATCH_SECONDS, Saves, what_changed
from tui.memo import Headlines
from tui.palette import JumpProvider, key_commands, textual_commands
from tui.preferences import remember
from tui.screens.as_of import AsOfDialog
from tui.screens.help import HelpScreen
from tui.screens.portfolio import PortfolioScreen
from tui.screens.project import ProjectScreen

ANALYSES_KEPT = 64
"""Full analyses kept for projects opened lately; the portfolio itself needs only the headline rows."""

BATCH_SECONDS = 0.3
"""How often, at most, a big store's loading and analysis report progress: the portfolio fills in while the rest is
read."""
BATCH_SPACING = 10
"""A batch waits at least this many times as long as the screen took to take in the last one: redrawing grows with
the rows shown (90 ms at 8,000 rows here), and every 0.3 s it took a third of the time 10,000 projects took to load."""
BATCH_SECONDS_MOST = 3.0
"""The longest a batch waits: one slow redraw (a project of 9,000 payments open) must not stall the progress shown."""

SMALL_STORE_BYTES = 64 * 1024
"""A store this small (a few projects) is read in milliseconds on the UI thread: a worker would only add its start."""

FIRST_BATCH = OPENING_PROJECTS
"""Projects read before the first are shown: more rows than any terminal has, so the first screen is full; as many as
a store shows from its first bytes (store.persist.OPENING_PROJECTS), so none waits for the rest to be read."""
FIRST_SCREEN_WAIT = 1.0
"""The longest the reading waits for its first batch to be drawn: reading and the screen share one interpreter, and
a first screen drawn while 100,000 projects are read took a quarter of a second longer."""


def search_index_of(projects: Collection[Project]) -> dict[str, str]:
    """Code, name and department of each project, folded once so filtering is a substring test."""
    return {p.code: f"{p.code} {p.name} {p.department}".casefold() for p in projects}


class _Cancelled(Exception):
    """Stops reading the store when the app closes while it is being read."""


TOAST_CELLS = 160
"""The most a toast line shows of a change: a 600-character note would fill half the screen and push its title off."""


def clipped(text: str, cells: int = TOAST_CELLS) -> str:
    """text cut to cells terminal cells, with "…" where it was cut."""
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, cells - 1) + "…"


class DriftApp(App[str]):
    """drift's dashboard over one store; the result is the reason when the store cannot be read."""

    CSS_PATH = "drift.tcss"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS = [
        Binding("q", "quit", "key.quit"),
        Binding("question_mark", "help", "key.help"),
        Binding("a", "as_of", "key.as_of"),
        Binding("l", "toggle_language", "key.lang"),
        Binding("R", "reload", "key.reload", show=False),
    ]
    """R reloads: lazygit's key for it; r records on the project screen, and g (hledger-ui's) goes to the first row."""

    lang: reactive[str] = reactive("en")
    """The language of every label: zh or en."""

    @dataclass
    class Arrived(Message):
        """A batch of projects was read from the store, and analysed, while the rest is still being read."""

        projects: tuple[Project, ...]
        search_index: dict[str, str]
        analysed: DriftApp.Analysed
        drawn: threading.Event | None = None
        """Set once the batch is on the screen: the first batch's, which the reading waits for (FIRST_SCREEN_WAIT)."""

    @dataclass
    class Loaded(Message):
        """The store was read and validated in a worker thread."""

        portfolio: Portfolio
        read_only_reason: Words | None
        search_index: dict[str, str]
        key: tuple[int, ...]
        """The identity of the file read (Store.file_key): the watcher's starting point."""

    @dataclass
    class HistoryLoaded(Message):
        """One project's change history, read in a worker thread."""

        code: str
        entries: tuple[HistoryEntry, ...]

    @dataclass
    class Saved(Message):
        """An edit or an undo was saved, in a worker thread; the data on screen is replaced by the store's."""

        saved: StoreSaved
        search_index: dict[str, str]
        base_revision: int
        removed_by: dict[str, str]
        """Who removed each project shown before that the store no longer has ("" when nobody is recorded)."""
        others: tuple[HistoryEntry, ...] = ()
        """Colleagues' saves this one landed on, not shown yet: what they changed is said too."""
        undid: tuple[int, str] | None = None
        """For an undo: the revision it reverted and who saved that one (on a shared login, maybe a colleague)."""

    @dataclass
    class Removed(Message):
        """A save was refused because someone else removed its project: the store as it is now, read again."""

        portfolio: Portfolio
        search_index: dict[str, str]
        removed_by: dict[str, str]
        key: tuple[int, ...]

    @dataclass
    class Reloaded(Message):
        """The store file changed (a colleague saved) or R was pressed: the store as read again, off the UI thread."""

        snapshot: Snapshot
        search_index: dict[str, str]
        base_revision: int
        """The revision shown when the reload began."""
        entries: tuple[HistoryEntry, ...]
        """The history entries of the revisions after base_revision: what the message says changed."""
        changed: set[str] | None
        """The projects the history says changed, or None when it does not account for every revision."""
        removed_by: dict[str, str]
        mark: int
        """Our saves started before the reload began (Saves.mark): a reload overlapping one of ours is dropped."""
        forced: bool

    @dataclass
    class ReloadFailed(Message):
        """The changed store file could not be read (half-copied by hand, or gone): the screen keeps what it has."""

        reason: str
        key: tuple[int, ...] | None
        forced: bool

    @dataclass
    class SaveFailed(Message):
        """An undo or a save outside a form was refused: a conflict, a lock, a read-only store."""

        reason: str

    @dataclass
    class LoadFailed(Message):
        """The store could not be read; the app exits with the one-line reason."""

        reason: str

    @dataclass
    class Analysed(Message):
        """A batch of projects was analysed as of the chosen date, in a worker thread.

        Only the headline figures travel: a full analysis is computed again when its project is opened,
        so 10,000 of them never sit in memory at once.
        """

        rows: dict[str, PortfolioRow]
        as_of: Date | None

    def __init__(
        self,
        store: Backend,
        *,
        lang: str = "en",
        as_of: Date | None = None,
        user: str | None = None,
        exit_after: str | None = None,
        preferences: Path | None = None,
        theme: str = "",
        notices: Sequence[str] = (),
        default_store: bool = False,
        watch: bool = True,
    ) -> None:
        super().__init__()
        self.default_store = default_store
        """No store was named: when it holds the bundled sample, the dashboard says that this is what it shows."""
        self.preferences = preferences
        """The user's config file (tui.preferences), where a theme chosen in the palette is remembered; None: nowhere."""
        self.theme_in_file = theme
        """The theme the config file names ("" for none): the one to start with, and what is written there."""
        self.notices = list(notices)
        """Lines to show once the dashboard is up: what was wrong in the config file."""
        colours.use_in(self)
        self.store = store
        self.headlines = Headlines(store)
        """Each project's headline as this user's drift last showed it, so an unchanged project is not analysed."""
        self.user = user if user is not None else declared_name(os.environ)
        """Who edits made here are declared by: $USER, else $LOGNAME, else the login name."""
        self.exit_after = exit_after
        """For the benchmark: "paint" quits once the first screenful of analysed projects (or the one project)
        has been painted, "load" once the whole store has been read, analysed and painted."""
        self.set_reactive(DriftApp.lang, lang)
        self.as_of = as_of
        """The date every figure is computed for; None means each project's own status date."""
        self.portfolio = Portfolio()
        self.analyses: dict[str, ProjectAnalysis] = {}
        """Full analyses of the projects opened lately, as of self.as_of."""
        self.rows: dict[str, PortfolioRow] = {}
        """Each project's headline row, for sorting the portfolio."""
        self.places: dict[str, int] = {}
        """Each project's place in the portfolio as shown when every row was last analysed anew (analyse_anew): the
        rows keep their places until all are analysed again, instead of jumping to the store's order and back."""
        self.search_index: dict[str, str] = {}
        """Code, name and department of each project, folded for case-free filtering."""
        self.store_rules: RuleSettings = NO_SETTINGS
        """The store's rules file as read with the store: what each project's own rules are laid over."""
        self.read_only_reason: Words | None = None
        self.loaded = False
        """Whether the whole store has been read: until then the projects shown are the first ones, not all."""
        self.watching = watch
        """Whether the store file is looked at every WATCH_SECONDS for colleagues' saves; R reloads either way."""
        self.shown_key: tuple[int, ...] | None = None
        """The identity of the file the data on screen was read from or saved to: another one means a change."""
        self.saves = Saves()
        self._looking: Worker[None] | None = None
        self._taking_in = 0.0
        """How long the UI thread took to take in the last batch of rows: what spaces the next ones (batch_due)."""
        self._unreadable: tuple[int, ...] | None = None
        """The changed file last found unreadable: said once, not at every look."""

    def on_mount(self) -> None:
        self._use_theme()
        for notice in self.notices:
            self.notify(notice, severity="warning", markup=False, timeout=10)
        self.title = t("app.title", self.lang)
        self._update_subtitle()
        self.push_screen(PortfolioScreen())
        if self._is_small_store():  # read at once, sparing a thread's start and the hand-over of its results
            self._read_store(cancelled=lambda: False, in_thread=False)
        else:
            self.load_store()

    def _use_theme(self) -> None:
        """Start with the config file's theme, and remember there each theme chosen from now on (in the palette)."""
        if self.theme_in_file in self.available_themes:
            self.theme = self.theme_in_file
        elif self.theme_in_file:
            self.notices.append(t("prefs.bad_theme", self.lang, path=self.preferences, value=self.theme_in_file))
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        if self.preferences is None or theme.name == self.theme_in_file:
            return
        try:
            remember(self.preferences, "theme", theme.name)
        except (OSError, ValueError) as error:  # the theme still changes; only the file does not
            problem = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            reason = t("prefs.not_remembered", self.lang, path=self.preferences, problem=problem)
            self.notify(plain(reason), severity="warning", markup=False, timeout=10)
            return
        self.theme_in_file = theme.name

    def _is_small_store(self) -> bool:
        size = self.store.size()  # None (unknown, or a database): the worker reads it and says what is wrong
        return size is not None and size <= SMALL_STORE_BYTES

    @work(thread=True, exclusive=True, group="load", description="read the store")
    def load_store(self) -> None:
        """Read, validate and analyse the store away from the UI thread, showing projects as they are read."""
        worker = get_current_worker()
        self._read_store(cancelled=lambda: worker.is_cancelled, in_thread=True)

    def _read_store(self, cancelled: Callable[[], bool], *, in_thread: bool) -> None:
        """Read, validate and analyse the store, posting batches of projects as they are read, then the whole.

        in_thread: read by a worker, which waits for the first batch to be drawn before it reads on. Read on the UI
        thread (a small store), it must not wait: the draw it would wait for could only come once it stops waiting.
        """
        as_of = self.as_of
        batch: list[Project] = []
        rows: dict[str, PortfolioRow] = {}
        sent = time.monotonic()
        first = True

        def send(more: bool = True) -> None:
            nonlocal batch, rows, sent, first
            if batch:
                analysed = self.Analysed(rows, as_of)
                drawn = threading.Event() if first and more and in_thread else None
                self.post_message(self.Arrived(tuple(batch), search_index_of(batch), analysed, drawn))
                if drawn is not None:  # the rest of the reading would take the screen's turns until it is drawn
                    drawn.wait(FIRST_SCREEN_WAIT)
            batch, rows, sent, first = [], {}, time.monotonic(), False

        def each(project: Project) -> None:
            if cancelled():  # the app is closing: it would wait for the whole store to be read
                raise _Cancelled
            batch.append(project)
            rows[project.code] = self.headline_row(project, as_of)
            if len(batch) >= FIRST_BATCH if first else self.batch_due(sent):
                send()

        try:
            self.store_rules = self.store.rules()  # first: a bad rules file is the reason, before any figure is shown
            snapshot = self.store.read(each)
        except DriftError as error:
            self.post_message(self.LoadFailed(worded(error, self.lang)))
            return
        except _Cancelled:
            return
        send(more=False)  # the last batch: nothing left to read, nothing to wait for
        self.headlines.save()
        portfolio = snapshot.portfolio
        reason = self.store.read_only_reason()
        self.post_message(self.Loaded(portfolio, reason, search_index_of(portfolio.projects), snapshot.key))

    def analyse_anew(self) -> None:
        """Analyse every project again (the as-of date changed, or colleagues saved): the rows in view first, shown at
        once, then the rest in the order shown, each row keeping its place until all are analysed."""
        screen = next((screen for screen in self.screen_stack if isinstance(screen, PortfolioScreen)), None)
        in_view, order = screen.shown_order() if screen is not None and screen.is_mounted else ([], [])
        self.places = {code: place for place, code in enumerate(order)}
        self.analyses, self.rows = {}, {}
        self.refresh_screens()
        self.analyse(self.portfolio, self.as_of, first=in_view)

    @work(thread=True, exclusive=True, group="analyse", description="analyse the portfolio")
    def analyse(self, portfolio: Portfolio, as_of: Date | None, first: Sequence[str] = ()) -> None:
        """Analyse every project off the UI thread, sending results in batches so a big store fills in as it goes:
        the projects of first (the rows in view) sent as soon as they are analysed, then the rest in their places
        (self.places)."""
        worker = get_current_worker()
        places = self.places
        ordered = sorted(portfolio.projects, key=lambda project: places.get(project.code, len(places)))
        in_view = set(first)
        projects = [p for p in ordered if p.code in in_view] + [p for p in ordered if p.code not in in_view]
        rows: dict[str, PortfolioRow] = {}
        sent = time.monotonic()
        for done, project in enumerate(projects, start=1):
            if worker.is_cancelled:  # the date changed again; a newer worker has taken over
                return
            rows[project.code] = self.headline_row(project, as_of)
            if done == len(in_view) or self.batch_due(sent):
                self.post_message(self.Analysed(rows, as_of))
                rows, sent = {}, time.monotonic()
        self.post_message(self.Analysed(rows, as_of))
        self.headlines.save()

    @work(thread=True, group="analyse-some", description="analyse edited projects")
    def analyse_some(self, projects: list[Project], as_of: Date | None) -> None:
        """Re-analyse just the projects an edit touched."""
        rows: dict[str, PortfolioRow] = {}
        for project in projects:
            rows[project.code] = self.headline_row(project, as_of)
        self.post_message(self.Analysed(rows, as_of))
        self.headlines.save()

    def batch_due(self, sent: float) -> bool:
        """Whether a worker's next batch of rows is due, the last sent at sent (time.monotonic)."""
        spacing = min(max(BATCH_SECONDS, BATCH_SPACING * self._taking_in), BATCH_SECONDS_MOST)
        return time.monotonic() - sent > spacing

    def on_drift_app_arrived(self, message: Arrived) -> None:
        self.portfolio = Portfolio(self.portfolio.projects + message.projects)
        self.search_index.update(message.search_index)
        self._update_subtitle()
        self.on_drift_app_analysed(message.analysed)
        if message.drawn is not None:
            self.call_after_refresh(message.drawn.set)
        if self.exit_after == "paint" and len(self.portfolio.projects) >= FIRST_BATCH:
            self._exit_once_painted()

    def on_drift_app_loaded(self, message: Loaded) -> None:
        self.loaded = True
        self.shown_key = message.key
        if self.watching:
            self.set_interval(WATCH_SECONDS, self._look_at_store, name="watch the store")
        self.portfolio = message.portfolio
        self.read_only_reason = message.read_only_reason
        self.search_index = message.search_index
        self._update_subtitle()
        missing = [p for p in self.portfolio.projects if p.code not in self.rows]  # the date changed meanwhile
        if missing:
            self.analyse(Portfolio(tuple(missing)), self.as_of)
        self.refresh_screens(bindings=True)  # the edit keys work from now on, unless the store is read-only
        if self.default_store and is_sample(self.portfolio.projects):
            self.notify(t("app.sample", self.lang, path=self.store.path), markup=False, timeout=10)
        if len(self.portfolio.projects) == 1 and len(self.screen_stack) == 2:  # the portfolio alone
            self.open_project(self.portfolio.projects[0].code)
        if self.exit_after and not missing:
            self._exit_once_painted()

    def on_drift_app_load_failed(self, message: LoadFailed) -> None:
        self.exit(result=message.reason, return_code=2)

    def on_drift_app_analysed(self, message: Analysed) -> None:
        if message.as_of != self.as_of:
            return  # computed for a date the user has since changed
        started = time.perf_counter()
        # Sent before a colleague's save was shown, a row may be of a project the save removed: it must not count.
        rows = {code: row for code, row in message.rows.items() if code in self.search_index}
        for code in rows:
            self.analyses.pop(code, None)  # recomputed when next shown
        self.rows.update(rows)
        self.refresh_screens(changed=rows.keys())
        self._taking_in = time.perf_counter() - started

    def _exit_once_painted(self) -> None:
        """Quit after the screen shows what just changed: for the benchmark's first-paint and load timings.

        A widget tells its screen it needs repainting through a message of its own, which may come after the
        first refresh; the second refresh is the one that draws it.
        """
        self.call_after_refresh(self.call_after_refresh, self.exit)

    @property
    def editable(self) -> bool:
        return self.loaded and self.read_only_reason is None

    def save_edits(self, edits: Sequence[Edit]) -> None:
        """Save edits as this user, now; runs in a worker thread and reports back with a Saved message.

        Raises DriftError (a conflict, a lock held too long, a refused write) for the caller to show.
        """
        base = self.portfolio.revision
        with self.saves.saving():  # until its Saved is posted: a reload meanwhile would announce our own change
            try:
                saved = self.store.apply(edits, by=self.user, at=now())
            except UnknownRecordError:
                self._look_for_removed_projects()
                raise
            self._post_saved(saved, base)

    def _post_saved(self, saved: StoreSaved, base: int) -> None:
        """Bring a save to the screen, with the colleagues' saves it landed on; in the saving thread."""
        others: tuple[HistoryEntry, ...] = ()
        undone = saved.entries[0].undoes if saved.entries else None
        undid = None
        if saved.revision > base + 1 or undone is not None:
            with contextlib.suppress(DriftError):  # the save stands; only the line about theirs would be missing
                history = self.store.history()
                others = tuple(e for e in history if base < e.revision < saved.revision)
                undid = next(((undone, e.by) for e in history if e.revision == undone), None)
        index = search_index_of(saved.portfolio.projects)
        self.post_message(self.Saved(saved, index, base, self._removals(saved), others, undid))

    def latest(self, code: str) -> tuple[Project | None, tuple[HistoryEntry, ...]]:
        """The project as the store holds it now (None once removed) and its history, read in the calling thread:
        a form's, after a conflict."""
        return self.store.load().project(code), self.store.history(project=code)

    def _look_for_removed_projects(self) -> None:
        """After a save refused for a missing record: if whole projects are gone, say so with the store as it is."""
        try:
            snapshot = self.store.read()
        except DriftError:
            return  # the refusal the form shows is all there is to say
        portfolio = snapshot.portfolio
        removed_by = self._removals(StoreSaved(portfolio, (), key=snapshot.key))
        if removed_by:
            self.post_message(self.Removed(portfolio, search_index_of(portfolio.projects), removed_by, snapshot.key))

    def _removals(self, saved: StoreSaved) -> dict[str, str]:
        """Who removed each project the app holds that the saved store no longer has; read off the UI thread."""
        if not self._gone(saved.portfolio):
            return {}
        try:
            entries = self.store.history()
        except DriftError:
            entries = ()
        return self._removed_by(saved.portfolio, entries)

    def _gone(self, portfolio: Portfolio) -> set[str]:
        return {p.code for p in self.portfolio.projects} - {p.code for p in portfolio.projects}

    def _removed_by(self, portfolio: Portfolio, entries: Iterable[HistoryEntry]) -> dict[str, str]:
        """Who removed each project the app holds that portfolio no longer has, by the history ("" when not said)."""
        gone = self._gone(portfolio)
        removed_by = dict.fromkeys(gone, "")
        for entry in entries:  # oldest first: the last removal of a project is the one that counts
            if entry.project in gone and entry.kind == "project" and entry.action is Action.DELETE:
                removed_by[entry.project] = entry.by
        return removed_by

    @work(thread=True, exclusive=True, group="save", description="undo")
    def undo(self) -> None:
        """Revert this user's last change, away from the UI thread."""
        base = self.portfolio.revision
        with self.saves.saving():
            try:
                saved = self.store.undo(by=self.user, at=now())
            except DriftError as error:
                self.post_message(self.SaveFailed(worded(error, self.lang)))
                return
            self._post_saved(saved, base)

    def on_drift_app_saved(self, message: Saved) -> None:
        saved = message.saved
        if message.others and message.base_revision == self.portfolio.revision:  # theirs first, as saved first
            theirs = what_changed(message.others, message.base_revision, saved.revision - 1, self.lang)
            self.notify(clipped(theirs), markup=False, timeout=8)
        lines = [entry_line(entry, self.lang) for entry in saved.entries]
        summary = t("app.saved", self.lang, revision=saved.revision, count=len(lines))
        if message.undid is not None:  # which change went, and whose: `u` on a shared login may revert a colleague's
            target, by = message.undid
            summary = t("app.undid", self.lang, target=target, by=by, revision=saved.revision)
        shown = [clipped(line) for line in lines[:8]] + (["…"] if len(lines) > 8 else [])
        self.notify("\n".join(shown), title=summary, markup=False)  # the whole of each change: History (6), drift log
        for problem in self._overspends(saved):
            self.notify(t("form.saved_overspent", self.lang, problem=problem), severity="warning", markup=False)
        for light, line in self._claim_verdicts(saved):
            self.notify(
                clipped(plain(line)), severity="information" if light is Light.GREEN else "warning", markup=False
            )
        if self.store.backup_problem:  # the save went through; only its safety copy did not
            self.notify(plain(self.store.backup_problem), severity="warning", markup=False, timeout=10)
        only_ours = message.base_revision + 1 == saved.revision
        changed = {entry.project for entry in saved.entries} if only_ours else None
        if saved.key is not None:
            self.shown_key = saved.key
        self._take(saved.portfolio, message.search_index, changed, message.removed_by)

    def _claim_verdicts(self, saved: StoreSaved) -> list[tuple[Light, str]]:
        """What the records give for each claim this save added or changed, as the command line says it."""
        lines: list[tuple[Light, str]] = []
        for code in sorted({entry.project for entry in saved.entries if entry.kind == "claims"}):
            after = saved.portfolio.project(code)
            if after is not None:
                lines.extend(verdict_lines(after, saved.records("claims", code), self.rules_of(after), self.lang))
        return lines

    def _overspends(self, saved: StoreSaved) -> list[str]:
        """The overspends this save made or changed, in words; read before the app takes the saved portfolio."""
        problems: list[str] = []
        for code in sorted({entry.project for entry in saved.entries}):
            after = saved.portfolio.project(code)
            if after is not None:
                found = new_overspends(self.portfolio.project(code), after)
                problems.extend(describe(item, self.lang) for item in found)
        return problems

    def on_drift_app_removed(self, message: Removed) -> None:
        self.shown_key = message.key
        self._take(message.portfolio, message.search_index, None, message.removed_by)

    def _look_at_store(self) -> None:
        """Every WATCH_SECONDS: has the store file changed? Asked off the UI thread (a stat can hang on NFS)."""
        if self._looking is None or self._looking.is_finished:
            self._looking = self.reload_store(forced=False)

    def action_reload(self) -> None:
        """R: read the store again now, whether or not the file looks changed and whether or not watching is on."""
        if self.loaded:  # before, the first reading is still under way
            self.reload_store(forced=True)

    @work(thread=True, group="reload", description="read the store again")
    def reload_store(self, forced: bool) -> None:
        """When the store file is another than the one shown (or when forced): read it, with what changed since."""
        # A file deleted or out of reach has no key: GONE stands for it, so that it is said once, like an unreadable one,
        # and a file put back (a key again) is read as usual.
        key = self.store.file_key() or GONE
        if not forced and key in (self.shown_key, self._unreadable):
            return
        mark = self.saves.mark()
        if mark is None:  # our own save is under way: its result comes with it, and the next look sees any other
            return
        base = self.portfolio.revision
        try:
            snapshot = self.store.read()  # the normal read: a save replaces the file whole, never half-written
            new = snapshot.portfolio.revision
            entries = self.store.history() if new != base or self._gone(snapshot.portfolio) else ()
        except DriftError as error:
            self.post_message(self.ReloadFailed(worded(error, self.lang), key, forced))
            return
        between = [entry for entry in entries if base < entry.revision <= new]
        covered = {entry.revision for entry in between} == set(range(base + 1, new + 1))
        changed = {entry.project for entry in between} if covered and new > base else None
        portfolio = snapshot.portfolio
        removed_by = self._removed_by(portfolio, entries)
        index = search_index_of(portfolio.projects)
        self.post_message(self.Reloaded(snapshot, index, base, tuple(between), changed, removed_by, mark, forced))

    def on_drift_app_reloaded(self, message: Reloaded) -> None:
        if self.saves.overlapped(message.mark):
            return  # one of our saves ran meanwhile: it brought its own data; the next look finds anyone else's
        portfolio = message.snapshot.portfolio
        self.shown_key, self._unreadable = message.snapshot.key, None
        # Compared whole only at the same revision (rare: R, or our own save seen once saved): a symlink pointed at
        # another year's store, or a file put back by hand, may carry the same number.
        if portfolio.revision == self.portfolio.revision and portfolio == self.portfolio:
            if message.forced:
                self.notify(t("live.unchanged", self.lang, revision=portfolio.revision), markup=False)
            return
        summary = what_changed(message.entries, message.base_revision, portfolio.revision, self.lang)
        changed = message.changed if message.base_revision == self.portfolio.revision else None
        self.notify(clipped(summary), markup=False, timeout=8)  # names and ids: never markup
        self._take(portfolio, message.search_index, changed, message.removed_by)

    def on_drift_app_reload_failed(self, message: ReloadFailed) -> None:
        if message.key == self._unreadable and not message.forced:
            return
        self._unreadable = message.key
        reason = clipped(plain(message.reason))  # store errors name files
        revision = self.portfolio.revision
        self.notify(t("live.failed", self.lang, revision=revision, reason=reason), severity="warning", markup=False)

    def _take(
        self,
        portfolio: Portfolio,
        search_index: dict[str, str],
        changed: set[str] | None,
        removed_by: dict[str, str],
    ) -> None:
        """Show the store as saved: re-analyse the projects changed (all when None) and leave any removed one."""
        old = self.portfolio
        self.portfolio, self.search_index = portfolio, search_index
        self._update_subtitle()
        for code in {p.code for p in old.projects} - {p.code for p in self.portfolio.projects}:
            self.analyses.pop(code, None)
            self.rows.pop(code, None)
        self._leave_removed(removed_by)
        if changed is not None:  # only our change landed: re-analyse what it touched
            self.analyse_some([p for p in portfolio.projects if p.code in changed], self.as_of)
            self.refresh_screens(changed)
        else:  # colleagues saved in between: everything may have moved
            self.analyse_anew()

    def _leave_removed(self, removed_by: dict[str, str]) -> None:
        """Back to the portfolio when a project on the screen stack was removed, saying which and by whom."""
        shown = {screen.code for screen in self.screen_stack if isinstance(screen, ProjectScreen)}
        for code in sorted(shown & removed_by.keys()):
            by = removed_by[code]
            reason = t("app.removed_by", self.lang, code=code, by=by) if by else t("app.removed", self.lang, code=code)
            self.notify(reason, severity="warning", markup=False, timeout=10)
        if shown & removed_by.keys():
            from tui.screens.forms import EditForm  # loaded once a form was opened; first paint does not wait for it

            while not isinstance(self.screen, PortfolioScreen):  # the project's forms and dialogs go with it
                if isinstance(self.screen, EditForm) and (typed := self.screen.typed()):  # said, to type elsewhere
                    lost = t("app.form_lost", self.lang, form=self.screen.title_text(), typed="; ".join(typed))
                    self.notify(clipped(lost, 4 * TOAST_CELLS), severity="warning", markup=False, timeout=30)
                self.pop_screen()

    def on_drift_app_history_loaded(self, message: HistoryLoaded) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ProjectScreen) and screen.code == message.code:
                screen.show_history(message.entries)

    def on_drift_app_save_failed(self, message: SaveFailed) -> None:
        self.notify(plain(message.reason), severity="error", markup=False, timeout=10)  # store errors name files

    def projects(self) -> tuple[Project, ...]:
        return self.portfolio.projects

    def project(self, code: str) -> Project:
        project = self.portfolio.project(code)
        assert project is not None, code
        return project

    def headline_row(self, project: Project, as_of: Date | None) -> PortfolioRow:
        """project's headline row as of as_of (None: its status date), remembered or analysed (tui.memo)."""
        return self.headlines.row_of(project, as_of_for(project, as_of), self.rules_of(project))

    def rules_of(self, project: Project) -> Rules:
        """The rules project is analysed under: its own settings over the store's (drift.rules.rules_for)."""
        return rules_for(project, self.store_rules)

    def analysis(self, code: str) -> ProjectAnalysis:
        """The project's full analysis as of the current date, computed when first asked (a millisecond)."""
        analysis = self.analyses.get(code)
        if analysis is None:
            project = self.project(code)
            analysis = analyse_project(project, as_of_for(project, self.as_of), self.rules_of(project))
            if len(self.analyses) >= ANALYSES_KEPT:
                self.analyses.pop(next(iter(self.analyses)))
            self.analyses[code] = analysis
        return analysis

    @work(thread=True, exclusive=True, group="history", description="read the history")
    def load_history(self, code: str) -> None:
        """Read one project's change history off the UI thread."""
        try:
            entries = self.store.history(project=code)
        except DriftError as error:
            self.post_message(self.SaveFailed(worded(error, self.lang)))
            return
        self.post_message(self.HistoryLoaded(code, entries))

    def open_project(self, code: str, view: str | None = None) -> None:
        """Show a project, on top of the portfolio, on one of its views: its Overview unless another is named."""
        while isinstance(self.screen, ProjectScreen):
            self.pop_screen()
        self.push_screen(ProjectScreen(code, view or "overview"))

    def refresh_screens(self, changed: Collection[str] | None = None, *, bindings: bool = False) -> None:
        """Redraw the screens on the stack after the language, the data or the date changed.

        With `changed`, only the portfolio and the screens of those projects are redrawn. Footers are
        rebuilt only when asked (language or read-only changed): rebuilding them is the costly part.
        """
        for screen in self.screen_stack:
            if isinstance(screen, PortfolioScreen):
                screen.rows_changed(changed)
            code = getattr(screen, "code", None)
            if changed is not None and code is not None and code not in changed:
                continue
            if hasattr(screen, "refresh_view") and screen.is_mounted:
                screen.refresh_view()
            if bindings:
                screen.refresh_bindings()

    def _update_subtitle(self) -> None:
        if not self.loaded:
            count, path = len(self.portfolio.projects), self.store.path
            self.sub_title = (
                t("app.reading", self.lang, count=count, path=path) if count else t("app.loading", self.lang, path=path)
            )
            return
        summary = t("app.projects", self.lang, count=len(self.portfolio.projects), revision=self.portfolio.revision)
        if self.read_only_reason:
            summary += " · " + t("app.read_only", self.lang, reason=plain(worded(self.read_only_reason, self.lang)))
        self.sub_title = summary

    def watch_lang(self) -> None:
        self.title = t("app.title", self.lang)
        self._update_subtitle()
        self.refresh_screens(bindings=True)

    def action_toggle_language(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"

    def action_as_of(self) -> None:
        def chosen(result: Date | bool | None) -> None:
            if isinstance(result, bool):  # cancelled
                return
            self.as_of = result
            self.analyse_anew()

        self.push_screen(AsOfDialog(self.as_of, self.lang), chosen)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's actions in the dashboard's language: help, then every key of the screen as a command
        (tui.palette.key_commands), then Textual's own it keeps, without its "Keys" panel (bindings by their ids, in
        English) whose place the help screen takes."""
        yield SystemCommand(t("key.help", self.lang), t("palette.help", self.lang), self.action_help)
        yield from key_commands(screen, self.lang)
        yield from textual_commands(iter(super().get_system_commands(screen)), self.lang)

    def action_command_palette(self) -> None:
        """Textual's palette, its prompt in the dashboard's language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder", self.lang), id="--command-palette"))

    def action_help(self) -> None:
        """Every key the screen answers to now, hidden or not: what the footer has no room for is here."""
        active = self.screen.active_bindings
        bindings = [
            (self.get_key_display(binding), t(binding.description, self.lang))
            for _, binding, _, _ in active.values()
            if binding.description in MESSAGES
        ]
        if self.COMMAND_PALETTE_BINDING in active:  # Textual's own binding, described in English only
            palette = active[self.COMMAND_PALETTE_BINDING].binding
            bindings.append((self.get_key_display(palette), t("key.palette", self.lang)))
        self.push_screen(HelpScreen(bindings, self.lang))
