"""The help screen: every key of the screen underneath, in the current language."""

from __future__ import annotations

from rich.cells import cell_len
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

    DEFAULT_CSS = """
    HelpScreen > .dialog-box { max-height: 90%; }
    HelpScreen #help-keys { height: auto; }
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
        box = VerticalScroll(id="help", classes=BOX)
        # As wide as the longest key and description with the table's padding (2 each side of each column), the
        # box's (1 each side), its border and a scrollbar: left to "auto", the scrollbar covered the words; left to
        # the table, the box came out empty.
        keys = max((cell_len(key) for key, _ in self.bindings), default=0)
        words = max((cell_len(text) for _, text in self.bindings), default=0)
        box.styles.width = keys + words + 8 + 2 + 2 + 2
        with box:
            yield Static(table, id="help-keys")
