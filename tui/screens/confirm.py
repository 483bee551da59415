"""A yes-or-no question before a change that a single key would otherwise make: Enter confirms, Escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.screens.dialog import BOX, Dialog


class ConfirmDialog(Dialog[bool]):
    """Dismisses with True on Enter, False on Escape."""

    BINDINGS = [
        Binding("enter", "answer(True)", "key.confirm"),
        Binding("escape", "answer(False)", "key.back"),
    ]
    DEFAULT_CSS = "ConfirmDialog > .dialog-box { width: 72; }"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield Static(Text(self.question), classes=BOX)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
