"""Line breaks in Chinese text for the terminal: between any two Chinese characters, never inside a number."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text

_UNIT = re.compile(r"[0-9]{4}年[0-9]{1,2}月(?:[0-9]{1,2}日)?|[万亿]元|[!-~]+|\S")
"""What a line may not break inside: a date (2023年7月1日), the unit of money (万元), a run of ASCII (589.20,
2023-07-01, +89, 74.25%, --project), else one character.
Rich breaks only at spaces, so a Chinese sentence, which has none, is folded at the last cell, wherever it falls."""

NO_LINE_START = frozenset("，。；：、？！）》」』】〉〕”’…—·%‰,.;:?!)]}")
"""Closing punctuation (禁则, kinsoku): it stays on the line of what it closes."""

NO_LINE_END = frozenset("（《「『【〈〔“‘([{")
"""Opening punctuation: it goes to the line of what it opens."""

_OPENING = re.escape("".join(sorted(NO_LINE_END)))
HEADING_UNIT = re.compile(f"[{_OPENING}]?[^\\s{_OPENING}]+")
"""What a column heading may not break inside: a word, a run of Chinese ("一级指标" never "一级指" over "标"); it
breaks only at a space or before an opening bracket ("年度预算" over "(万元)")."""


class _Piece(NamedTuple):
    start: int
    visible_end: int
    end: int
    """Where the piece's trailing spaces end."""
    width: int
    """Cells up to visible_end: what must fit on the line; the trailing spaces may hang past its end."""


@functools.lru_cache(maxsize=1 << 14)
def _pieces(text: str, unit: re.Pattern[str] = _UNIT) -> tuple[_Piece, ...]:
    """The units of text with the punctuation that may not be parted from them, each with its trailing spaces.
    Remembered: a table measures a name's lines at each width it tries, then wraps it (10,000 names at 80 columns)."""
    glued: list[list[int]] = []
    opening = False
    for match in unit.finditer(text):
        start, end = match.span()
        # Closing punctuation right after what it closes; a separating · even after a space ("万元 · 已过").
        closing = text[start] in NO_LINE_START and bool(glued) and (glued[-1][1] == start or text[start] == "·")
        if glued and (opening or closing):
            glued[-1][1] = end
        else:
            glued.append([start, end])
        opening = end - start == 1 and text[start] in NO_LINE_END
    ends = [start for start, _ in glued[1:]] + [len(text)] if glued else []
    return tuple(
        _Piece(start, stop, end, cell_len(text[start:stop])) for (start, stop), end in zip(glued, ends, strict=True)
    )


def break_offsets(text: str, width: int, *, fold: bool = True, unit: re.Pattern[str] = _UNIT) -> list[int]:
    """Where the lines of text (one line, no newline) start after the first, to fit width cells.

    A break falls between pieces only: after spaces, or between two Chinese characters; a piece wider than the
    whole line is the one thing cut, at the last cell that fits, or (fold=False) left whole on its own line for the
    caller to cut with an ellipsis, as Rich does.
    """
    offsets: list[int] = []
    pieces = _pieces(text, unit)
    used = cell_len(text[: pieces[0].start]) if pieces else 0
    for piece in pieces:
        if used and used + piece.width > width:
            offsets.append(piece.start)
            used = 0
        too_wide = fold and used + piece.width > width
        used = _folded(text, piece, width, used, offsets) if too_wide else used + piece.width
        used += cell_len(text[piece.visible_end : piece.end])
    return offsets


def _folded(text: str, piece: _Piece, width: int, used: int, offsets: list[int]) -> int:
    """Cuts a piece wider than the line at the last cell that fits, as often as it takes; the cells its last line
    uses."""
    for position in range(piece.start, piece.visible_end):
        cells = cell_len(text[position])
        if used and used + cells > width:
            offsets.append(position)
            used = 0
        used += cells
    return used


def widest_unit(text: str, unit: re.Pattern[str] = _UNIT) -> int:
    """The cells of the widest piece of text that no line break may part: how narrow it can be with nothing cut."""
    return max((piece.width for line in text.split("\n") for piece in _pieces(line, unit)), default=0)


def line_count(text: str, width: int) -> int:
    """How many lines text takes when wrapped to width cells as WrappedText wraps it."""
    return sum(len(break_offsets(line, width)) + 1 for line in text.split("\n"))


class WrappedText(Text):
    """Rich text that wraps as Chinese is typeset (break_offsets); the same as Text for text with spaces only."""

    unit: re.Pattern[str] = _UNIT
    """What a line may not break inside."""

    @classmethod
    def of(cls, text: Text) -> WrappedText:
        """text, styles and all, wrapping as Chinese is typeset."""
        wrapped = cls(
            text.plain,
            style=text.style,
            justify=text.justify,
            overflow=text.overflow,
            no_wrap=text.no_wrap,
            end=text.end,
        )
        wrapped.copy_styles(text)
        return wrapped

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        if no_wrap or self.no_wrap or overflow == "ignore":
            return super().wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap)
        wrap_justify = justify or self.justify or "default"
        wrap_overflow = overflow or self.overflow or "fold"
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            parts = line.divide(break_offsets(line.plain, width, fold=wrap_overflow == "fold", unit=self.unit))
            for part in parts:
                part.rstrip_end(width)
            parts.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
            for part in parts:
                part.truncate(width, overflow=wrap_overflow)
            lines.extend(parts)
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.plain.split("\n")), default=0)
        return Measurement(min(widest_unit(self.plain, self.unit), widest), widest)


class HeadingText(WrappedText):
    """A column heading: it wraps at a space or before an opening bracket, never inside a word or a Chinese one."""

    unit = HEADING_UNIT
