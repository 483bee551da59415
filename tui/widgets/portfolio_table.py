"""A table that draws only the rows on screen, so sorting or filtering 10,000 projects repaints at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.moves import vim_moves

CellsOf = Callable[[str], Sequence[Text]]
"""Gives the cells of the row with this key; called only for rows being drawn."""


@dataclass(frozen=True)
class Column:
    """A column's header and fixed width in cells; right-aligned columns hold numbers."""

    label: str
    width: int
    right: bool = False


class PortfolioTable(ScrollView, can_focus=True):
    """Rows are keys (project codes); their cells are made on demand by cells_of, only for visible rows."""

    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "select", "key.open"),
        *vim_moves("move(1)", "move(-1)", "jump(0)", "jump(-1)"),
    ]

    COMPONENT_CLASSES = {"portfolio-table--header", "portfolio-table--cursor"}
    DEFAULT_CSS = """
    PortfolioTable { height: 1fr; }
    PortfolioTable > .portfolio-table--header { text-style: bold; background: $panel; }
    PortfolioTable > .portfolio-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    """

    @dataclass
    class Selected(Message):
        """Enter (or a click) on a row."""

        key: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[Column] = []
        self.keys: list[str] = []
        self.cells_of: CellsOf = lambda key: ()
        self.cursor = 0

    @property
    def row_count(self) -> int:
        return len(self.keys)

    @property
    def selected_key(self) -> str | None:
        return self.keys[self.cursor] if self.keys else None

    def show(self, columns: list[Column], keys: list[str], cells_of: CellsOf, keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on `keep` when it is still there."""
        self.columns, self.keys, self.cells_of = columns, keys, cells_of
        self.cursor = keys.index(keep) if keep in keys else min(self.cursor, max(len(keys) - 1, 0))
        width = sum(column.width + 2 for column in columns)
        self.virtual_size = Size(width, len(keys) + 1)
        self._scroll_cursor_into_view()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:  # the header stays put while the rows scroll under it
            style = self.get_component_rich_style("portfolio-table--header")
            return self._strip([Text(c.label) for c in self.columns], style, scroll_x, width)
        index = scroll_y + y - 1
        if index >= len(self.keys):
            return Strip.blank(width, self.rich_style)
        if index == self.cursor:  # the cursor's colours win over the cells', as in a DataTable: a light never sits
            # unreadable on the bar (red on Textual's orange accent, which is bright red in 16 colours)
            cursor = self.get_component_rich_style("portfolio-table--cursor")
            return self._strip(list(self.cells_of(self.keys[index])), cursor, scroll_x, width, over=True)
        return self._strip(list(self.cells_of(self.keys[index])), self.rich_style, scroll_x, width)

    def _strip(self, cells: list[Text], style: Style, scroll_x: int, width: int, *, over: bool = False) -> Strip:
        line = Text(" ", no_wrap=True)
        for column, cell in zip(self.columns, cells, strict=False):
            cell = cell.copy()
            cell.truncate(column.width, overflow="ellipsis")
            padding = " " * (column.width - cell.cell_len)
            line.append_text(Text(padding) + cell if column.right else cell + padding)
            line.append("  ")
        segments = list(
            Segment.apply_style(line.render(self.app.console), style=style, post_style=style if over else None)
        )
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, style)

    def _scroll_cursor_into_view(self) -> None:
        visible = max(self.scrollable_content_region.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def _move_to(self, row: int) -> None:
        if not self.keys:
            return
        self.cursor = max(0, min(row, len(self.keys) - 1))
        self._scroll_cursor_into_view()
        self.refresh()

    def action_move(self, step: int) -> None:
        self._move_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(self.scrollable_content_region.height - 2, 1))

    def action_jump(self, row: int) -> None:
        self._move_to(row if row >= 0 else len(self.keys) - 1)

    def action_select(self) -> None:
        if self.keys:
            self.post_message(self.Selected(self.keys[self.cursor]))

    def on_click(self, event: Click) -> None:
        row = self.scroll_offset.y + event.y - 1
        if event.y >= 1 and row < len(self.keys):
            if row == self.cursor and event.chain > 1:
                self.action_select()
            self._move_to(row)
