"""The as-of dialog: pick the date every figure is computed for."""

from __future__ import annotations

from pendulum import Date
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from drift.i18n import t, worded
from store.errors import ValidationError
from store.values import parse_date
from tui.colours import ERROR, styled
from tui.screens.dialog import BOX, Dialog


class AsOfDialog(Dialog[Date | bool | None]):
    """Returns the date typed, None for "each project's status date", or False when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "key.back")]
    DEFAULT_CSS = "#as-of > Label { width: 100%; }"  # the title wraps inside the box, never cut at its edge

    def __init__(self, current: Date | None, lang: str) -> None:
        super().__init__()
        self.current = current
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="as-of", classes=BOX):
            yield Label(t("asof.prompt", self.lang))
            yield Input(value=self.current.isoformat() if self.current else "", placeholder="2023-09-28", id="date")
            yield Static(id="as-of-error")

    def _parse(self, text: str) -> Date | None:
        return parse_date(text.strip()) if text.strip() else None

    def on_input_changed(self, event: Input.Changed) -> None:
        error = self.query_one("#as-of-error", Static)
        try:
            self._parse(event.value)
        except ValidationError as problem:
            error.update(styled(worded(problem, self.lang), ERROR))
        else:
            error.update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(self._parse(event.value))
        except ValidationError:
            self.app.bell()  # the error is already shown beside the field

    def action_cancel(self) -> None:
        self.dismiss(False)
