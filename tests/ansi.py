"""What a terminal shows of printed text: the text without its escape sequences (colour, weight, reverse video)."""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def without_escapes(text: str) -> str:
    """text as a terminal shows it, for measuring its lines and reading its cells."""
    return _ESCAPE.sub("", text)
