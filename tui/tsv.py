"""One cell of tab-separated output, safe to print to a terminal and to open in a spreadsheet."""

from __future__ import annotations

import re

_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters (tab and line breaks among them) and the Unicode line and paragraph separators."""

_FORMULA_START = ("=", "+", "-", "@")
"""What a spreadsheet reads as the start of a formula when a cell begins with it."""


def tsv_cell(text: str) -> str:
    """text as one cell of a row: nothing in it splits the row, drives a terminal or is evaluated as a formula.

    Every character that would split a row or a cell, or drive a terminal, is shown as its escape (a tab as \\t,
    U+2028 as \\u2028); a leading =, +, - or @ goes behind an apostrophe, which spreadsheets themselves use to
    mark a cell as text.
    """
    cell = _BREAKS.sub(lambda match: repr(match.group())[1:-1], text)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
