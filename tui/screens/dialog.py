"""The one look of drift's dialogs: centred over the screen, a rounded box on the surface colour."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

from tui.widgets.footer import LocalFooter

ResultType = TypeVar("ResultType")

BOX = "dialog-box"
"""The class of a dialog's one box; its own CSS gives only its size, or what sets it apart (a warning's border)."""


class Dialog(ModalScreen[ResultType]):
    """A modal dialog; every dialog of drift is one, so they look alike and a change of look is made here once.

    Each has its own footer: the screen's under it names keys the dialog does not answer to (a form's `p Pay`), and
    `?`, which a modal screen would not pass on to the app, lists the dialog's keys (Ctrl+S, y/n …).
    """

    BINDINGS = [Binding("question_mark", "app.help", "key.help")]

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > .dialog-box {
        height: auto; max-width: 100%; max-height: 100%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    """

    def on_mount(self) -> None:
        self.mount(LocalFooter())
