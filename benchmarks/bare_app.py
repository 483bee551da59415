"""The start-up floor: a bare Textual app (Header, a one-row DataTable, Footer) that quits after its first paint.

Run as a script (`python benchmarks/bare_app.py`) so that it imports nothing of drift. It exits exactly the way
`drift --exit-after-paint` does: App.call_after_refresh(App.exit), which Textual runs once the screen has been
composed and written to the terminal.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

MARKER = "bare-first-paint"
"""Text in the one row, so the runner can check that the row reached the terminal before the app quit."""


class BareApp(App[None]):
    """What every Textual dashboard costs before it holds any data."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("code", "name")
        table.add_row("BARE-1", MARKER)
        self.call_after_refresh(self.exit)


if __name__ == "__main__":
    BareApp().run()
