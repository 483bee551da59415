"""`drift --help` in the language asked: argparse's own words and every command's and option's help."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len

from drift.i18n import HELP_ZH, t

_HEADINGS = {"options": "argparse.options", "positional arguments": "argparse.positionals", "commands": "cli.commands"}
"""The section headings argparse writes (and the title drift gives its commands), by the message that words them."""


_WIDE = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_PIECES = re.compile(f"[{_WIDE}]|[^\\s{_WIDE}]+|\\s+")
"""What a line of help breaks between: each Chinese character or full-width mark, each word, each space."""

_CHINESE_HEADING = re.compile(f"^( *[^\\s:]*[{_WIDE}]):$", re.MULTILINE)
"""A section heading as argparse writes it in Chinese, "选项:": a line of one word ending in a Chinese character."""

_CLOSING = set("，。、；：）」》！？")
"""Marks a line never starts with: they stay at the end of the line before."""


def help_text(text: str, lang: str) -> str:
    """A help text of the command line in lang: as written in English, or its Chinese from HELP_ZH.

    A command's description is its help with a capital and a full stop ("List the projects in the store."), and
    reads as that help's Chinese with 。. A text without a Chinese stays English rather than vanish.
    """
    if lang != "zh":
        return text
    if text in HELP_ZH:
        return HELP_ZH[text]
    help_ = text[:1].lower() + text[1:-1]
    return HELP_ZH[help_] + "。" if text.endswith(".") and help_ in HELP_ZH else text


class LocalisedHelp(argparse.HelpFormatter):
    """argparse's help formatter, writing "usage:", the headings and every help text in lang."""

    def __init__(self, prog: str, *, lang: str, **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self.lang = lang

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, t("argparse.usage", self.lang) if prefix is None else prefix)

    def _format_usage(
        self, usage: str | None, actions: Iterable[Any], groups: Iterable[Any], prefix: str | None
    ) -> str:
        """The usage, its lines after the first under the first option: "用法：" is wider in cells than in characters."""
        extra = cell_len(prefix or "") - len(prefix or "")
        # argparse fills the lines to its width in characters: the prefix's extra cells come off that width.
        self._width -= extra
        try:
            text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra
        wider = " " * extra
        first, *rest = text.split("\n")
        return "\n".join([first, *(wider + line if line.strip() else line for line in rest)])

    def format_help(self) -> str:
        """The help, a Chinese heading ending in a full-width colon: argparse writes "选项:" with its own ":"."""
        text = super().format_help()
        return _CHINESE_HEADING.sub("\\1：", text) if self.lang == "zh" else text

    def start_section(self, heading: str | None) -> None:
        key = _HEADINGS.get(heading or "")
        super().start_section(t(key, self.lang) if key else heading)

    def add_text(self, text: str | None) -> None:
        super().add_text(help_text(text, self.lang) if text and text != argparse.SUPPRESS else text)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Lines of at most width cells: argparse counts characters, and a Chinese one is two cells wide. A line never
        starts with a closing mark (，。）): the character before it goes down with it."""
        if self.lang != "zh":
            return super()._split_lines(text, width)
        lines: list[list[str]] = [[]]
        for piece in _PIECES.findall(" ".join(text.split())):
            line = lines[-1]
            if not line or cell_len("".join([*line, piece]).rstrip()) <= width:
                line.append(piece)
                continue
            carried = [line.pop()] if piece in _CLOSING and len(line) > 1 else []
            lines.append([*carried, piece] if not piece.isspace() else carried)
        return ["".join(line).strip() for line in lines]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if self.lang != "zh":
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return help_text(action.help, self.lang) if action.help else action.help


def formatter(lang: str) -> Any:
    """The formatter_class of a parser whose help is in lang."""

    def make(prog: str, **kwargs: Any) -> LocalisedHelp:
        return LocalisedHelp(prog, lang=lang, **kwargs)

    return make
