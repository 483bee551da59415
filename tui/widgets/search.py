"""Searching a view's text: its lines as drawn, the matches of what was typed highlighted, one of them current."""

from __future__ import annotations

from dataclasses import dataclass

from msgspec import Struct
from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from drift.i18n import t

MATCH = Style(reverse=True)
CURRENT = Style(reverse=True, bold=True, underline=True)
"""Reverse video and underline rather than a colour: a match must show under NO_COLOR too."""


class Match(Struct, frozen=True):
    """Where one match is: its line as drawn, and its cells' start and end in that line's text."""

    line: int
    start: int
    end: int


def matches_in(lines: list[Text], query: str) -> list[Match]:
    """Every match of query in the lines, case ignored, in reading order; none for an empty query."""
    wanted = query.lower()
    if not wanted:
        return []
    found: list[Match] = []
    for number, line in enumerate(lines):
        text = line.plain
        folded = text.lower() if len(text.lower()) == len(text) else text  # positions must stay those of the text
        at = folded.find(wanted)
        while at >= 0:
            found.append(Match(number, at, at + len(wanted)))
            at = folded.find(wanted, at + len(wanted))
    return found


class ViewBody(Static):
    """A view's text that can be searched. Drawn as usual without a query; with one, drawn as lines at the widget's
    width with every match highlighted, and the current one marked, so the view can be scrolled to it."""

    @dataclass
    class Matched(Message):
        """The matches changed (a new query, new text, another current match): the status and the scroll follow."""

        body: ViewBody
        current: int
        """The current match's number, from 1; 0 when there is none."""
        total: int
        line: int | None
        """The current match's line, for the view to scroll to."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.source: RenderableType = Text()
        self.searched = ""
        self.matches: list[Match] = []
        self.current = 0
        """The index of the current match in self.matches."""
        self.drawn_width = 0
        """The width the lines were last drawn at."""

    def show(self, renderable: RenderableType) -> None:
        """New text for the view: the search, if any, is made again in it."""
        self.source = renderable
        self._draw()

    def search(self, query: str) -> None:
        self.searched, self.current = query, 0
        self._draw()

    def step(self, by: int) -> None:
        """To the next match (by=1) or the one before (-1), round from the last to the first."""
        if self.matches:
            self.current = (self.current + by) % len(self.matches)
            self._draw()

    def _draw(self) -> None:
        if not self.searched:
            self.matches = []
            self.update(self.source)
            return
        lines = self.drawn_lines()
        self.matches = matches_in(lines, self.searched)
        self.current = min(self.current, max(len(self.matches) - 1, 0))
        for index, match in enumerate(self.matches):
            lines[match.line].stylize(CURRENT if index == self.current else MATCH, match.start, match.end)
        self.update(Group(*lines))
        current = self.matches[self.current] if self.matches else None
        total = len(self.matches)
        self.post_message(
            self.Matched(self, self.current + 1 if total else 0, total, None if current is None else current.line)
        )

    def drawn_lines(self) -> list[Text]:
        """The text as the view draws it, line by line at the widget's width: a search finds what is on screen."""
        console = self.app.console
        width = self.content_size.width or self.app.size.width
        self.drawn_width = width
        options = console.options.update(width=width, min_width=width, max_width=width, height=None)
        lines = []
        for segments in console.render_lines(self.source, options, pad=False, new_lines=False):
            line = Text(no_wrap=True, overflow="crop")
            for segment in segments:
                if not segment.control:
                    line.append(segment.text, segment.style)
            lines.append(line)
        return lines

    def on_resize(self) -> None:
        if self.searched and self.content_size.width != self.drawn_width:  # the lines are drawn at the width
            self._draw()


class SearchBar(Horizontal):
    """Under a view: what is searched for, and "3 of 12"."""

    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; }
    SearchBar.-shown { display: block; }
    SearchBar > #search, SearchBar > #search:focus { width: 1fr; height: 1; border: none; padding: 0 1; }
    SearchBar > Static { width: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Input(id="search")
        yield Static(id="search-status")

    def say(self, current: int, total: int, lang: str) -> None:
        status = t("search.of", lang, current=current, total=total) if total else t("search.none", lang)
        self.query_one("#search-status", Static).update(Text(status))
