"""Escaping for Markdown: everything a person typed goes through one of these before it reaches the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
"""Entities, not backslashes, for the HTML characters: a renderer with raw HTML on still shows them as text."""

_HTML_OPENING = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?[0-9A-Za-z]+;)")
"""Without entities, the only < and & Markdown reads as HTML: a tag, a comment, or an entity (&amp;, &#60;)."""

_QUOTE_MARKER = re.compile(r"^>")
"""A > opening a line starts a block quote."""

_ENTITIES_WANTED: ContextVar[bool] = ContextVar("entities_wanted", default=True)


@contextmanager
def for_word_processors() -> Iterator[None]:
    """Escaping for Markdown pasted into WPS or Word, where an entity shows as "&lt;": within the block, < & > stay
    as typed, and only where Markdown would read them as HTML or a quote do they get a backslash instead."""
    token = _ENTITIES_WANTED.set(False)
    try:
        yield
    finally:
        _ENTITIES_WANTED.reset(token)


_MAY_NEED_ESCAPE = re.compile(r"[\t\r\n<>&\\`*_\[\]|~$@#.:]|^\s*[-+=0-9]")
"""Any character one of the rules below could act on; text without one is returned as it is."""

_BACKSLASHED = re.compile(r"([\\`*_\[\]|~$@])")
"""Inline syntax anywhere in a line: code, emphasis, links and images, table cells, strikethrough, math, e-mail."""

_HASH_OPENING_OR_CLOSING = re.compile(r"(?:(?<=\s)|^)#")
"""A # at the start of a line opens a heading and a run of # after a space closes one."""

_BLOCK_MARKER = re.compile(r"^(?:([-+])(?=\s|$)|([-=])(?=[-=\s]*$)|([0-9]{1,9})([.)])(?=\s|$))")
"""What turns a line into a list item ("- ", "1. "), a setext underline ("===") or a thematic break ("---")."""

_DOMAIN_DOT = re.compile(r"\.(?=[^\W\d_])")
"""The dot of evil.com: autolinkers (linkify, GitHub's www.) want it; 589.20 and 1.04万 keep theirs."""

_SCHEME_COLON = re.compile(r":(?=//)")
"""The colon of http:// , which GitHub's autolink extension keys on."""

CELL_LINE_BREAK = " ↵ "
"""What a line break in a table cell becomes: a row must stay on one line, and no raw HTML (<br>) is emitted."""


def escape_line(text: str, *, starts_block: bool = True) -> str:
    """One line of user text made literal: no HTML, no emphasis, no link, no list, heading or quote it could start.

    starts_block=False is for table cells, which hold inline content only: a leading "-" there needs no escape.
    """
    return _escaped(text, starts_block, _ENTITIES_WANTED.get())


@lru_cache(maxsize=65536)  # a portfolio repeats names, sources and units thousands of times
def _escaped(text: str, starts_block: bool, entities: bool) -> str:
    if not _MAY_NEED_ESCAPE.search(text):  # most text (Chinese prose, figures) has nothing to escape
        return text.strip()
    line = re.sub(r"[\t\r\n]", " ", text).strip()  # a stray line break would end the line early
    if entities:
        line = line.translate(_ENTITIES)
        line = _BACKSLASHED.sub(r"\\\1", line)
    else:  # the backslash goes first: one added before < would otherwise be doubled as if typed
        line = _BACKSLASHED.sub(r"\\\1", line)
        line = _HTML_OPENING.sub(lambda m: "\\" + m.group(), line)
        line = _QUOTE_MARKER.sub(r"\\>", line) if starts_block else line
    line = _HASH_OPENING_OR_CLOSING.sub(r"\\#", line)
    if starts_block:
        line = _BLOCK_MARKER.sub(lambda m: f"\\{m[1] or m[2]}" if m[1] or m[2] else f"{m[3]}\\{m[4]}", line)
    line = _DOMAIN_DOT.sub(r"\\.", line)
    return _SCHEME_COLON.sub(r"\\:", line)


def text_lines(text: str, *, starts_block: bool = True) -> list[str]:
    """The non-blank lines of text, each escaped."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = (escape_line(line, starts_block=starts_block) for line in raw)
    return [line for line in lines if line]


def inline(text: str) -> str:
    """User text for a heading or a label: escaped, its lines joined with spaces."""
    return " ".join(text_lines(text))


def cell(text: str) -> str:
    """User text for a table cell: escaped, line breaks shown as ↵ so the row stays one line; — when empty."""
    return _cell(text, _ENTITIES_WANTED.get())


@lru_cache(maxsize=65536)  # a portfolio's tables repeat their labels, figures and dashes: 280,000 cells at 1,000
def _cell(text: str, entities: bool) -> str:
    """cell's text; entities (what the page wants, which text_lines reads as well) is only part of the key."""
    return CELL_LINE_BREAK.join(text_lines(text, starts_block=False)) or "—"


def hard_broken(text: str, indent: str = "") -> str:
    """User text as one block whose lines are kept apart by hard breaks (a backslash at the end of the line)."""
    return ("\\\n" + indent).join(text_lines(text))


def paragraphs(text: str) -> list[str]:
    """User text as Markdown paragraphs, one per line of the text."""
    return text_lines(text)


_MERMAID_SWAP = str.maketrans(
    {
        ":": "：",
        ";": "；",
        "#": "＃",
        "%": "％",
        "<": "＜",
        ">": "＞",
        "&": "＆",
        "`": "ˋ",
        '"': "＂",
        "{": "｛",
        "}": "｝",
        "\\": "＼",
    }
)
"""Characters the Mermaid gantt grammar gives a meaning (task data, comments, entities, directives, the fence)."""

_MERMAID_KEYWORD = re.compile(
    r"(?i)(gantt|title|section|dateformat|axisformat|tickinterval|includes|excludes|todaymarker|inclusiveenddates"
    r"|topaxis|weekday|weekend|accdescr|acctitle|click|call|href|[0-9]{4}-[0-9]{2}-[0-9]{2})"
)
"""Words that make a gantt line a statement rather than a task when they open it."""


def mermaid_label(text: str) -> str:
    """A task or section name Mermaid reads as plain text: one line, syntax characters swapped for full-width ones."""
    label = " ".join(text.translate(_MERMAID_SWAP).split())
    if not label:
        return "—"
    return f"› {label}" if _MERMAID_KEYWORD.match(label) else label
