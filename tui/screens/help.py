"""The help screen: every key of the screen underneath, in the current language."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from drift.i18n import t
from tui.screens.dialog import BOX, Dialog


class HelpScreen(Dialog[None]):
    """Lists the keys of the screen it was opened from; any of Escape, q or ? closes it."""

    # The box is as wide as its keys need, up to the screen: with its width left to the table it came out empty.
    DEFAULT_CSS = """
    HelpScreen > .dialog-box { width: auto; min-width: 30; max-height: 90%; }
    HelpScreen #help-keys { width: auto; height: auto; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "key.close")]

    def __init__(self, bindings: list[tuple[str, str]], lang: str) -> None:
        super().__init__()
        self.bindings = bindings
        self.lang = lang

    def compose(self) -> ComposeResult:
        table = Table(title=t("help.title", self.lang), box=None, padding=(0, 2), show_header=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, description in self.bindings:
            table.add_row(Text(key), Text(description))
        with VerticalScroll(id="help", classes=BOX):
            yield Static(table, id="help-keys")
