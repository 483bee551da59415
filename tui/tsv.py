"""tsv_cell: one cell of drift's tab-separated output (`drift check`, `drift log`), safe to open in a spreadsheet."""

from __future__ import annotations

import re

_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters and the Unicode line and paragraph separators, which split lines in editors and parsers."""

_FORMULA_START = ("=", "+", "-", "@")

_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?")


def tsv_cell(text: str) -> str:
    """text as one cell: on one line, and never a formula when a spreadsheet opens the file.

    Tab, newline, the other control characters and U+2028/U+2029 are written as escapes (\\t, \\n, \\u2028), so a
    cell never splits a row. A cell that begins with =, +, - or @ gets a leading ' (OWASP's advice on CSV
    injection): Excel and LibreOffice read it as text instead of evaluating it. A signed number such as -5.00 or
    +74.25% is left as it is: spreadsheets read it as a number, which it is, and it stays summable.
    """
    cell = _BREAKS.sub(lambda match: repr(match.group())[1:-1], text)
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell
