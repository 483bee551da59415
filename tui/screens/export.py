"""The export screen: the Markdown snapshot as it will render, saved to a file or copied to the clipboard, or the
official forms saved as Excel."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, MarkdownViewer, Static
from textual.worker import get_current_worker

from drift.i18n import t, worded
from store.backend import Backend
from store.errors import DriftError
from tui.export_files import ExportError, check_target, write_export
from tui.screens.dialog import BOX, Dialog
from tui.widgets.footer import LocalFooter


class Cancelled(Exception):
    """Stops writing an export when its screen or the app closes."""


class SavePathDialog(Dialog[Path | None]):
    """Asks where to save, prefilled with a suggestion; returns the path, or None when cancelled."""

    DEFAULT_CSS = """
    SavePathDialog > .dialog-box { width: 80%; max-width: 100; padding: 1 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "export.cancel")]

    def __init__(self, suggested_path: Path, lang: str, prompt: str = "export.save_prompt") -> None:
        super().__init__()
        self.suggested_path = suggested_path
        self.lang = lang
        self.prompt = prompt
        """The message key of the question: which kind of file is asked for."""

    def compose(self) -> ComposeResult:
        with Vertical(classes=BOX):
            yield Label(t(self.prompt, self.lang))
            yield Input(value=str(self.suggested_path), id="save-path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            self.app.bell()  # nowhere to save to; the field stays open for another try
            return
        self.dismiss(Path(typed).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)


class OverwriteDialog(Dialog[bool]):
    """Asks before replacing a file that exists; y or the button overwrites, n, Escape or the other button keeps it."""

    DEFAULT_CSS = """
    OverwriteDialog > .dialog-box { width: 80%; max-width: 100; padding: 1 2; border: round $warning; }
    OverwriteDialog Horizontal { height: auto; margin-top: 1; }
    OverwriteDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "export.yes"),
        Binding("n,escape", "answer(False)", "export.no"),
    ]

    def __init__(self, path: Path, lang: str) -> None:
        super().__init__()
        self.path = path
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes=BOX):
            yield Static(Text(t("export.overwrite", self.lang, path=self.path)))
            with Horizontal():
                yield Button(t("export.yes", self.lang), id="overwrite", variant="warning")
                yield Button(t("export.no", self.lang), id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()  # Enter on a reflex keeps the file

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "overwrite")

    def action_answer(self, overwrite: bool) -> None:
        self.dismiss(overwrite)


Content = Callable[[Callable[[], bool]], str | bytes | Iterable[str]]
"""What a save writes, made in the worker thread (the argument says whether to stop): Markdown, its pieces, or a
workbook's bytes."""


class ExportScreen(ModalScreen[None]):
    """Shows Markdown as it will render; s saves it (asking where, and before overwriting), c copies it, x saves the
    official forms as Excel where the screen was given them, Escape closes."""

    DEFAULT_CSS = """
    ExportScreen { background: $background 60%; }
    ExportScreen > MarkdownViewer { border: round $accent; background: $surface; height: 1fr; }
    """
    BINDINGS = [
        Binding("s", "save", "export.save"),
        Binding("c", "copy", "export.copy"),
        Binding("x", "save_workbook", "export.save_xlsx"),
        Binding("t", "toggle_contents", "export.contents"),
        Binding("escape", "close", "export.close"),
        # A modal screen does not pass keys on to the app: the two no footer leaves out, bound here.
        Binding("question_mark", "app.help", "key.help"),
        Binding("q", "app.quit", "key.quit"),
    ]

    @dataclass
    class Saved(Message):
        """The Markdown was written to path, in a worker thread."""

        path: Path

    @dataclass
    class SaveFailed(Message):
        """Writing failed; reason is the one-line error."""

        reason: str

    def __init__(
        self,
        markdown: str,
        suggested_path: Path,
        lang: str,
        store: Backend | None = None,
        *,
        everything: Callable[[Callable[[], bool]], Iterable[str]] | None = None,
        workbook: Callable[[], bytes] | None = None,
    ) -> None:
        super().__init__()
        self.markdown = markdown
        """What the screen shows and c copies."""
        self.suggested_path = suggested_path
        self.typed: dict[str, Path] = {}
        """The path last typed for each kind of save (Markdown, Excel): what the next ask of that kind offers."""
        self.lang = lang
        self.store = store
        """The store on screen: an export never goes over it, its lock or its backups."""
        self.everything = everything
        """When the screen shows only a preview: the whole export, in pieces made while they are written (the
        argument says whether to stop); s saves it. None: s saves the markdown shown."""
        self.workbook = workbook
        """The official forms as an .xlsx file, made when x saves them; None: there is no x."""

    def compose(self) -> ComposeResult:
        # Nothing in an export is a link (user text is escaped), so there is nothing to open.
        yield MarkdownViewer(self.markdown, show_table_of_contents=False, open_links=False)
        yield LocalFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.workbook is not None if action == "save_workbook" else True

    def action_save(self) -> None:
        if self.everything is None:
            self._ask_and_save(self.suggested_path, "export.save_prompt", lambda cancelled: self.markdown)
        else:
            self._ask_and_save(self.suggested_path, "export.save_prompt", self.everything, slow=True)

    def action_save_workbook(self) -> None:
        workbook = self.workbook
        if workbook is None:
            return
        suggested = self.suggested_path.with_suffix(".xlsx")
        self._ask_and_save(suggested, "export.save_xlsx_prompt", lambda cancelled: workbook())

    def _ask_and_save(self, suggested: Path, prompt: str, content: Content, *, slow: bool = False) -> None:
        """Ask where, refuse what no export may replace, ask before overwriting, then write content there."""

        def confirmed(overwrite: bool | None, path: Path) -> None:
            if overwrite:
                self.save_to(path, content)

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            self.typed[prompt] = path  # offered again after a refusal or a failure, not the suggestion
            try:
                check_target(path, self.lang, self.store)  # before "Overwrite it?": a refusal asks nothing
            except ExportError as error:
                self.on_export_screen_save_failed(self.SaveFailed(worded(error, self.lang)))
                return
            if slow:
                self.notify(t("form.saving", self.lang))  # the whole portfolio takes a while
            if path.exists() and not path.is_dir():
                self.app.push_screen(OverwriteDialog(path, self.lang), lambda answer: confirmed(answer, path))
            else:
                self.save_to(path, content)  # a folder or a missing parent is refused by write_export, in one line

        self.app.push_screen(SavePathDialog(self.typed.get(prompt, suggested), self.lang, prompt), chosen)

    @work(thread=True, exclusive=True, group="export-save")
    def save_to(self, path: Path, content: Content) -> None:
        """Write off the UI thread: a slow or network disk, or 10,000 projects, must not freeze the screen."""
        worker = get_current_worker()
        try:
            write_export(path, content(lambda: worker.is_cancelled), self.lang, self.store)
        except DriftError as error:
            self.post_message(self.SaveFailed(worded(error, self.lang)))
            return
        except Cancelled:  # nothing is left behind: the export is written beside its target and renamed at the end
            return
        self.post_message(self.Saved(path))

    def on_export_screen_saved(self, message: Saved) -> None:
        self.notify(t("export.saved", self.lang, path=message.path), markup=False)  # a path may hold [brackets]

    def on_export_screen_save_failed(self, message: SaveFailed) -> None:
        self.notify(t("export.save_failed", self.lang, reason=message.reason), severity="error", markup=False)

    def action_copy(self) -> None:
        # Textual sends the text as an OSC 52 escape: it works over SSH, and inside tmux with `set -g set-clipboard on`.
        self.app.copy_to_clipboard(self.markdown)
        self.notify(t("export.copied", self.lang, count=len(self.markdown)))

    def action_toggle_contents(self) -> None:
        viewer = self.query_one(MarkdownViewer)
        viewer.show_table_of_contents = not viewer.show_table_of_contents

    def action_close(self) -> None:
        self.dismiss(None)
