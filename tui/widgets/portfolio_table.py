"""A table that draws only the rows on screen, so sorting or filtering 10,000 projects repaints at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from msgspec import Struct
from rich.cells import get_character_cell_size
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


SEPARATOR = 2
"""Blank cells after each column (and one before the first)."""


class Column(Struct, frozen=True):
    """A column's header, its width in cells when whole, and how it gives way to a narrow terminal; right-aligned
    columns hold numbers."""

    label: str
    width: int
    right: bool = False
    least: int | None = None
    """The fewest cells it may be cut to, with …; None: never cut (a light's word, a figure, a code)."""
    flex: bool = False
    """The one column that takes the width left over (the name): whole where it can be, else cut, down to `least`,
    before a column that is never cut leaves the screen."""
    spare: bool = False
    """Comes on screen only whole and once the flex column is whole; else starts past the edge (→ scrolls to it).
    Spare columns come last."""


def fit(columns: Sequence[Column], available: int) -> list[int]:
    """Each column's width on a screen `available` cells wide. The columns before the spare ones come on screen whole
    and in order while they fit, the flex column (the name) giving way down to its least first; it shows as much as
    it would with all of them on screen, so a wider terminal never shows less of it. The spare columns follow, whole,
    once the name is whole. A column that does not fit starts at the screen's edge (→ scrolls to it), never across
    it: the blank before the edge goes to the name when it is whole, else to the column before the edge."""
    flex = next((n for n, column in enumerate(columns) if column.flex), None)
    if flex is None:
        return [column.width for column in columns]
    widths = [column.width for column in columns]
    core = next((n for n, column in enumerate(columns) if n > flex and column.spare), len(columns))
    whole = widths[flex]
    least = min(whole, columns[flex].least or whole)

    def room(shown: int, name: int) -> int:
        """The cells left with the first `shown` columns on screen and the name `name` cells wide."""
        return available - 1 - sum(width + SEPARATOR for width in widths[:shown]) + whole - name

    shown = next((n for n in range(core, flex + 1, -1) if room(n, least) >= 0), flex + 1)
    name = max(least, min(whole, room(core, 0)))
    left = room(shown, name)
    if shown == core and name == whole:
        while shown < len(columns) and left >= widths[shown] + SEPARATOR:
            left -= widths[shown] + SEPARATOR
            shown += 1
    widths[flex] = name
    if shown < len(columns) and left > 0:
        blank = flex if name == whole else next((n for n in range(shown - 1, -1, -1) if n != flex), flex)
        widths[blank] += left
    return widths


def cut(cell: Text, width: int) -> Text:
    """The cell in at most `width` cells: a cut one ends in … right after its last whole character (no blank where
    half of a Chinese character would go), padded after it."""
    if cell.cell_len <= width:
        return cell
    end, used = 0, 0
    while used + get_character_cell_size(cell.plain[end]) <= width - 1:
        used += get_character_cell_size(cell.plain[end])
        end += 1
    shown = cell[:end]
    shown.append("…")
    return shown


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
        self.widths: list[int] = []
        """Each column's width as fitted to the table's width (`fit`), again on every resize."""
        self.keys: list[str] = []
        self.cells_of: CellsOf = lambda key: ()
        self.cursor = 0

    @property
    def row_count(self) -> int:
        return len(self.keys)

    @property
    def selected_key(self) -> str | None:
        return self.keys[self.cursor] if self.keys else None

    def keys_in_view(self) -> list[str]:
        """The keys of the rows on screen."""
        top = self.scroll_offset.y
        return self.keys[top : top + max(self.scrollable_content_region.height - 1, 1)]  # under the header

    def show(self, columns: list[Column], keys: list[str], cells_of: CellsOf, keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on `keep` when it is still there."""
        self.columns, self.keys, self.cells_of = columns, keys, cells_of
        self.cursor = keys.index(keep) if keep in keys else min(self.cursor, max(len(keys) - 1, 0))
        self._fit()
        self._scroll_cursor_into_view()
        self.refresh()

    def _fit(self) -> None:
        self.widths = fit(self.columns, self.scrollable_content_region.width)
        self.virtual_size = Size(1 + sum(width + SEPARATOR for width in self.widths), len(self.keys) + 1)

    def on_resize(self) -> None:
        self._fit()
        self.refresh()

    def watch_show_vertical_scrollbar(self) -> None:
        """More rows than fit take a scrollbar's width from the columns: fit again."""
        self._fit()
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
        for column, cells_wide, cell in zip(self.columns, self.widths, cells, strict=False):
            cell = cut(cell, cells_wide)
            padding = " " * (cells_wide - cell.cell_len)
            line.append_text(Text(padding) + cell if column.right else cell + padding)
            line.append(" " * SEPARATOR)
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
