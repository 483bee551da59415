"""A table that fits any width without splitting a figure: its columns give way to whole words, else its rows stack."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

from msgspec import Struct
from msgspec.structs import replace
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from tui.linebreak import HEADING_UNIT, HeadingText, WrappedText, line_count, widest_unit
from tui.tsv import one_line

GAP = 2
"""Cells between two columns (Rich's padding of one on each side; none at the table's edges)."""


FREE_FLOOR = 8
"""The narrowest a column of free text folds to unless it says otherwise: four Chinese characters, "2023年度"."""

MOST_FOLDED_LINES = 3
"""The most lines one cell of free text folds to in columns; a name folded to more reads better stacked, whole
lines under its row's code (a 13-line row of 8-cell fragments is not a table one can scan)."""


class FitColumn(Struct, frozen=True):
    """A column and how its cells may break.

    whole: never broken (figures, dates, codes, lights: `589.20` is never `589` over `.20`, `+89` never `+…`);
    free: a person's free text (names, notes), folded anywhere when the width asks for it;
    neither: drift's own words ("finishing late"), wrapped between words and never inside one.
    """

    header: str
    justify: Literal["left", "right"] = "left"
    whole: bool = False
    free: bool = False
    floor: int | None = None
    """The narrowest the column may be even when its cells are narrower (free text folded to 2 cells is noise)."""
    names: bool = False
    """Its cells name their rows, as the first column's do: each is one line, its line breaks shown as escapes."""


def _narrowest(column: FitColumn, cells: Sequence[str]) -> int:
    """How narrow a column can be with nothing in it cut: its widest whole cell, or its longest word, the header's
    words included ("Allocated" never "Alloca" over "ted", "一级指标" never "一级指" over "标")."""
    heading = widest_unit(column.header, HEADING_UNIT)
    if column.free:
        return max(column.floor or FREE_FLOOR, heading)
    if column.whole:
        return max([column.floor or 1, heading, *map(cell_len, cells)])
    return max(column.floor or 1, heading, *(cell_len(word) for cell in cells for word in cell.split()))


def _widest(column: FitColumn, cells: Sequence[str]) -> int:
    """How wide a column is when nothing needs to break: its longest line, the header's too."""
    return max(cell_len(line) for text in (column.header, *cells) for line in text.split("\n"))


_AS_LINES_JUSTIFY = frozenset({None, "left", "right"})
"""How a cell may ask to be justified for _lines to justify it itself: as its column says, to the left or right."""


def _line_cells(cell: str) -> int | None:
    """The cells of a cell of one line without a tab, else None. As long as Rich measures it and, where that is
    less, as its characters one by one, as WrappedText wraps it (Rich counts 👨‍👩‍👧 as 2 cells, the characters of
    which the line breaks are made as 6; only a zero-width joiner or an emoji's variation selector makes the two
    differ)."""
    if "\n" in cell or "\t" in cell:
        return None
    whole = cell_len(cell)
    if cell.isascii() or ("\u200d" not in cell and "\ufe0f" not in cell):
        return whole
    return max(whole, sum(map(cell_len, cell)))


def _justified(cell: Text, width: int, *, right: bool) -> Text:
    """A styled cell of one line in its width, as Rich justifies it, ready to render (_spanned)."""
    shown = cell.copy()
    if right:
        shown.rstrip()
        shown.pad_left(width - shown.cell_len)
    else:
        shown.truncate(width, pad=True)
    return _spanned(shown)


def _spanned(text: Text) -> Text:
    """text with its own style made a span, as Rich's Text.join makes it: Text.render draws the spans alone."""
    line = Text(end="")
    line.append(text)
    return line


def _shown(column: FitColumn, cell: Text, *, name: bool) -> Text:
    """cell as the table shows it: a cell that may break wraps as Chinese is typeset (never a line of just "）" or
    one starting "、"); a row's name is one line, its line breaks shown as escapes as the TSV output shows them (a
    newline typed into a phase name would pass its second half off as a row of its own)."""
    if name and one_line(cell.plain) != cell.plain:
        cell = Text(one_line(cell.plain), style=cell.style)
    return cell if column.whole or type(cell) is WrappedText else WrappedText.of(cell)


class FittedTable:
    """Rows under columns as wide as the width allows, nothing cut: a column never narrower than its widest figure or
    word, the free text giving way first; where even that does not fit, each row as a block of "header  value" lines.
    """

    def __init__(self, title: Text | None, columns: Sequence[FitColumn], rows: Sequence[Sequence[Text]]) -> None:
        self.title = title
        self.columns = tuple(columns)
        self.rows = [
            tuple(
                _shown(column, cell, name=index == 0 or column.names)
                for index, (column, cell) in enumerate(zip(self.columns, row, strict=True))
            )
            for row in rows
        ]
        cells = [[row[index].plain for row in self.rows] for index in range(len(self.columns))]
        self.narrowest = [_narrowest(column, shown) for column, shown in zip(self.columns, cells, strict=True)]
        self.widest = [
            max(low, _widest(column, shown))
            for column, shown, low in zip(self.columns, cells, self.narrowest, strict=True)
        ]
        self.widest_cells = [
            max(low, _widest(replace(column, header=""), shown))
            for column, shown, low in zip(self.columns, cells, self.narrowest, strict=True)
        ]
        """How wide each column is when only its heading breaks: a heading wider than its figures folds first."""

    def layout(self, width: int) -> tuple[list[int], int] | None:
        """Each column's width and the gap between columns within width; None when the columns cannot all be whole.

        Nothing folds while a gap of one cell holds every cell on one line ("中央补助资金" is not "中央补助资" over
        "金" for a second blank). Then, folding, the usual gap, else one cell (which may keep a name within three
        lines): a heading wider than its column's cells folds first (one more line of headings, not of every row),
        then the widest column gives way, one cell at a time, so a long name folds before a column of figures loses
        room. A free-text cell folded to more than MOST_FOLDED_LINES lines at either gap makes it None
        too: the rows read better stacked.
        """
        for gap in (GAP, 1):
            if sum(self.widest) + gap * (len(self.columns) - 1) <= width:
                return list(self.widest), gap
        for gap in (GAP, 1):
            room = width - gap * (len(self.columns) - 1)
            if sum(self.narrowest) > room:
                continue
            widths = list(self.widest)
            for floors in (self.widest_cells, self.narrowest):
                while sum(widths) > room and (wider := [n for n, low in enumerate(floors) if widths[n] > low]):
                    widths[max(wider, key=lambda n: widths[n])] -= 1
            if self._folds_little(widths):
                return widths, gap
        return None

    def _folds_little(self, widths: Sequence[int]) -> bool:
        """Whether no cell of free text folds to more than MOST_FOLDED_LINES lines in columns this wide."""
        return all(
            line_count(row[index].plain, width) <= MOST_FOLDED_LINES
            for index, (column, width) in enumerate(zip(self.columns, widths, strict=True))
            if column.free
            for row in self.rows
        )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = sum(self.widest) + GAP * (len(self.columns) - 1)
        narrowest = min(widest, sum(self.narrowest) + len(self.columns) - 1)  # with the gap of one cell
        return Measurement(narrowest, widest).with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        layout = self.layout(options.max_width)
        if layout is None:
            yield from self._stacked(console, options.max_width)
        else:
            yield self._table(*layout, rows=False)  # the title and headings, as Rich draws them
            yield from _lines(console, self.rows, self.columns, *layout)

    def _stacked(self, console: Console, width: int) -> RenderResult:
        """Each row as a block: its name, then a "header value" line for each other column, indented; drawn as
        rich_stacked in the tests draws it with Rich's grids, without their cost per row."""
        if self.title is not None:
            yield self.title
        label_width, value_width = self.stacked_widths(width)
        columns = (FitColumn(""), FitColumn(""))
        for row in self.rows:
            # A row under the one above it (an indicator under its level-1 heading) has no name of its own.
            if row[0].plain:
                yield row[0]
            pairs = [(Text(column.header), cell) for column, cell in zip(self.columns[1:], row[1:], strict=True)]
            yield from _lines(console, pairs, columns, (label_width, value_width), 1, indent=" " * GAP)

    def stacked_widths(self, width: int) -> tuple[int, int]:
        """The widths of the labels and of the values of the rows stacked in width, indented by GAP, one cell apart:
        the labels fold before a figure does, getting what the widest whole value leaves of the line."""
        labels = max((cell_len(column.header) for column in self.columns[1:]), default=0)
        whole = max((low for column, low in zip(self.columns, self.narrowest, strict=True) if column.whole), default=0)
        label_width = max(1, min(labels, width - 2 * GAP - whole))
        return label_width, max(1, width - GAP - label_width - 1)

    def _table(self, widths: Sequence[int], gap: int, *, rows: bool = True) -> Table:
        table = Table(
            title=self.title,
            title_justify="left",
            title_style="bold",
            header_style="bold",
            box=None,
            pad_edge=False,
            padding=(0, gap // 2, 0, gap - gap // 2),
        )
        for column, width in zip(self.columns, widths, strict=True):
            table.add_column(
                # A header wraps between its words, whatever its cells do (a Chinese word stays whole).
                HeadingText(column.header, no_wrap=False, overflow="fold"),
                justify=column.justify,
                width=width,
                no_wrap=column.whole,
                overflow="fold",
            )
        for row in self.rows if rows else ():
            table.add_row(*row)
        return table


def _lines(
    console: Console,
    rows: Sequence[Sequence[Text]],
    columns: Sequence[FitColumn],
    widths: Sequence[int],
    gap: int,
    *,
    indent: str = "",
) -> Iterator[Segment]:
    """rows as Rich's Table draws them (FittedTable._table), without its cost per cell, which at 10,000 projects was
    most of `drift status`: a cell of one line that fits is justified in its width as rich.containers.Lines.justify
    does it, and drawn once for all the cells alike; a cell that folds is wrapped as Rich's table wraps it; the gaps
    are plain, and what has no style is one segment. indent: before every line, as rich.padding.Padding puts it."""
    last = len(widths) - 1
    before, after = " " * (gap - gap // 2), " " * (gap // 2)  # Rich's padding, none at the table's edges
    pads = [(before if index else indent, after if index < last else "") for index in range(len(widths))]
    drawn: dict[tuple[object, ...], list[Segment]] = {}
    for row in rows:
        folded = [
            None
            if cell.justify in _AS_LINES_JUSTIFY and (cells := _line_cells(cell.plain)) is not None and cells <= width
            else _folded(console, cell, width, column)
            for cell, width, column in zip(row, widths, columns, strict=True)
        ]
        height = max((len(lines) for lines in folded if lines is not None), default=1)
        for line in range(height):
            plain = ""
            for cell, width, column, lines, (left, right) in zip(row, widths, columns, folded, pads, strict=True):
                plain += left
                if lines is not None or line:
                    shown = lines[line] if lines is not None and line < len(lines) else None
                    if shown is None:
                        plain += " " * width
                    else:
                        yield Segment(plain)
                        yield from shown
                        plain = ""
                elif cell.style or cell.spans:
                    if plain:
                        yield Segment(plain)
                    yield from _styled(console, cell, width, column, drawn)
                    plain = ""
                elif (cell.justify or column.justify) == "right":
                    text = cell.plain.rstrip()
                    plain += " " * (width - cell_len(text)) + text
                else:
                    plain += cell.plain + " " * (width - cell.cell_len)
                plain += right
            yield Segment(plain + "\n")


def _styled(
    console: Console, cell: Text, width: int, column: FitColumn, drawn: dict[tuple[object, ...], list[Segment]]
) -> list[Segment]:
    """A styled cell of one line justified in its width, drawn once for all the cells alike (a light's word)."""
    right = (cell.justify or column.justify) == "right"
    key = (cell.plain, cell.style, tuple(cell.spans), width, right)
    if key not in drawn:
        drawn[key] = list(_justified(cell, width, right=right).render(console))
    return drawn[key]


def _folded(console: Console, cell: Text, width: int, column: FitColumn) -> list[list[Segment]]:
    """A cell's lines in its width, as Rich's Table draws them (Console.render_lines of Text.__rich_console__), each
    line drawn alone: joined and split again, they cost a quarter of a millisecond a name."""
    lines = cell.wrap(
        console,
        width,
        justify=cell.justify or column.justify,
        overflow=cell.overflow or "fold",
        tab_size=(console.tab_size if cell.tab_size is None else cell.tab_size) or 8,
        no_wrap=column.whole if cell.no_wrap is None else cell.no_wrap,
    )
    return [Segment.adjust_line_length(list(_spanned(line).render(console)), width) for line in lines]
