"""A yes-or-no question before a change that a single key would otherwise make: Enter confirms, Escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmDialog(ModalScreen[bool]):
    """Dismisses with True on Enter, False on Escape."""

    BINDINGS = [
        Binding("enter", "answer(True)", "key.confirm"),
        Binding("escape", "answer(False)", "key.back"),
    ]
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Static {
        width: 72; max-width: 100%; height: auto; border: round $accent; padding: 0 1; background: $surface;
    }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield Static(Text(self.question))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
