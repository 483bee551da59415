"""After a save conflict: theirs beside yours for each field, and the choice of keeping theirs or putting yours on top."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from drift.i18n import t
from store.edits import Conflict, show
from store.history import HistoryEntry
from tui.screens.dialog import BOX, Dialog

THEIRS = "theirs"
MINE = "mine"


class Clash(Struct, frozen=True):
    """One field someone else changed: its label, their value and who saved it when, and the value typed here."""

    label: str
    theirs: str
    by: str
    """ "bob, 2023-10-16 09:30", or "" when the history does not say."""
    yours: str


def who_changed(conflict: Conflict, entries: Sequence[HistoryEntry]) -> str:
    """Who last saved the field (or the record) of conflict, and when in local time; "" when the history is silent."""
    for entry in reversed(entries):  # the newest first
        if (entry.project, entry.kind, entry.record) != (conflict.project, conflict.kind, conflict.record):
            continue
        if conflict.field is None or entry.field == conflict.field:
            return f"{entry.who()}, {entry.at.astimezone():%Y-%m-%d %H:%M}"
    return ""


def clashes(
    conflicts: Sequence[Conflict], entries: Sequence[HistoryEntry], labels: dict[str, str], lang: str
) -> list[Clash]:
    """What the dialog shows of each conflict; labels names the form's fields in the dashboard's language.

    A field you left as it was only guarded the edit: yours says so, and saving yours on theirs keeps theirs there.
    """
    unchanged = t("conflict.unchanged", lang)
    return [
        Clash(
            labels.get(conflict.field or "", conflict.field or f"{conflict.kind} {conflict.record or ''}".strip()),
            show(conflict.theirs),
            who_changed(conflict, entries),
            unchanged if conflict.yours == conflict.based_on else show(conflict.yours),
        )
        for conflict in conflicts
    ]


class ConflictDialog(Dialog[str | None]):
    """Theirs beside yours; t keeps theirs, m saves yours on top of theirs, Escape goes back to the form."""

    BINDINGS = [
        Binding("t", "answer('theirs')", "key.keep_theirs"),
        Binding("m", "answer('mine')", "key.mine_on_theirs"),
        Binding("escape", "answer(None)", "key.back"),
    ]
    DEFAULT_CSS = """
    ConflictDialog > .dialog-box { width: 90; }
    ConflictDialog #conflict-keys { margin-top: 1; }
    """

    def __init__(self, rows: Sequence[Clash], lang: str, *, gone: bool = False) -> None:
        super().__init__()
        self.rows = rows
        self.lang = lang
        self.gone = gone
        """The record itself was removed: there is nothing to put yours on, only theirs to keep."""

    def compose(self) -> ComposeResult:
        lang = self.lang
        grid = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
        grid.add_column(t("conflict.field", lang), style="bold", overflow="fold", ratio=2)
        grid.add_column(t("conflict.theirs", lang), overflow="fold", ratio=3)
        grid.add_column(t("conflict.yours", lang), overflow="fold", ratio=3)
        for row in self.rows:
            theirs = Text(row.theirs)
            if row.by:
                theirs.append(f"\n({row.by})", style="dim")
            grid.add_row(Text(row.label), theirs, Text(row.yours))
        keys = "conflict.keys.gone" if self.gone else "conflict.keys"
        with VerticalScroll(classes=BOX):
            yield Static(Text(t("conflict.title", lang), style="bold"))
            yield Static(grid, id="conflict-table")
            yield Static(Text(t(keys, lang)), id="conflict-keys")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "answer" and parameters == (MINE,) and self.gone)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
