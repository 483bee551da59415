"""One cell of tab-separated output, safe to print to a terminal and to open in a spreadsheet."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_BREAKS = re.compile(r"[\\\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters (tab and line breaks among them), the Unicode line and paragraph separators, and the
backslash that starts the escapes written for them (so a typed `\\t` reads back as itself, not as a tab)."""

_FORMULA_START = ("=", "+", "-", "@")
"""What a spreadsheet reads as the start of a formula when a cell begins with it."""


def one_line(text: str) -> str:
    """text with every character that would break its line or drive a terminal shown as its escape: a tab as \\t,
    a newline as \\n, U+2028 as \\u2028, and a backslash as \\\\ so that the escapes read back unambiguously."""
    return _BREAKS.sub(lambda match: repr(match.group())[1:-1], text)


def tsv_lines(rows: Iterable[Sequence[str]]) -> list[str]:
    """Rows of cells as tab-separated lines, each cell as tsv_cell makes it; looked at all at once for what needs
    escaping, since at 100,000 rows a look at each cell is most of `drift list`'s time."""
    rows = list(rows)
    every_cell = _APART + _APART.join(cell for row in rows for cell in row)
    if _BREAKS.search(every_cell) is not None:
        return ["\t".join(map(tsv_cell, row)) for row in rows]
    if _A_FORMULA.search(every_cell) is not None:
        return ["\t".join(["'" + cell if cell.startswith(_FORMULA_START) else cell for cell in row]) for row in rows]
    return ["\t".join(row) for row in rows]


_APART = "\ue000"
"""What keeps cells apart while they are looked at together: a private-use character, which _BREAKS does not match."""
_A_FORMULA = re.compile(_APART + "[" + re.escape("".join(_FORMULA_START)) + "]")
"""A cell that begins as a formula would (_FORMULA_START), among cells looked at together, each after _APART."""


def tsv_cell(text: str) -> str:
    """text as one cell of a row: nothing in it splits the row, drives a terminal or is evaluated as a formula.

    The characters that would split a row or a cell are escaped (one_line); a leading =, +, - or @ goes behind an
    apostrophe, which spreadsheets themselves use to mark a cell as text.
    """
    cell = one_line(text)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
