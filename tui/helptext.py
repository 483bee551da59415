"""`drift --help` in the language asked: argparse's own words and every command's and option's help."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from rich.cells import cell_len

from drift.i18n import HELP_ZH, plain, t

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


class LocalisedParser(argparse.ArgumentParser):
    """argparse's parser writing its help and its own errors ("unrecognized arguments: …") in lang.

    Its subcommands' parsers are of its class too (argparse's default), each given lang by add_parser.
    """

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", formatter(lang))
        super().__init__(*args, **kwargs)
        self.lang = lang

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        said = plain(argparse_error(message, self.lang))  # it quotes the command line, whatever was typed
        self.exit(2, f"{self.prog}: {t('argparse.error', self.lang)}{said}\n")


_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), key)
    for pattern, key in (
        (r"unrecognized arguments: (?P<arguments>.*)", "argparse.unrecognized"),
        (r"the following arguments are required: (?P<arguments>.*)", "argparse.required"),
        (r"one of the arguments (?P<arguments>.*) is required", "argparse.one_required"),
        (r"expected one argument", "argparse.expected_one"),
        (r"expected at most one argument", "argparse.expected_at_most_one"),
        (r"expected at least one argument", "argparse.expected_at_least_one"),
        (r"expected (?P<count>\d+) argument(?:s|\(s\))?", "argparse.expected_count"),
        (r"not allowed with argument (?P<other>.*)", "argparse.not_allowed_with"),
        (r"ignored explicit argument (?P<value>.*)", "argparse.ignored_explicit"),
        (r"invalid (?P<type>\S+) value: (?P<value>.*)", "argparse.invalid_value"),
        (
            r"invalid choice: (?P<value>.*?), maybe you meant (?P<closest>.*?)\? \(choose from (?P<choices>.*)\)",
            "argparse.invalid_choice_closest",
        ),
        (r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)", "argparse.invalid_choice"),
        (r"ambiguous option: (?P<option>.*?) could match (?P<matches>.*)", "argparse.ambiguous"),
        (r"unexpected option string: (?P<option>.*)", "argparse.unexpected_option"),
        (r"argument (?P<argument>.+?): (?P<message>.*)", "argparse.argument"),
    )
)
"""argparse's own error messages as Python 3.11 to 3.14 word them, each with the message key that words it; the first
that matches the whole message wins (the last, "argument X: …", words its inner message again)."""

_ARGPARSE_TYPES = {"int": "argparse.type.int", "float": "argparse.type.float"}
"""The types whose name argparse puts in "invalid int value", by the message that words them."""


def argparse_error(message: str, lang: str) -> str:
    """One of argparse's error messages in lang; one it words otherwise (a future Python's) stays English."""
    if lang == "en":
        return message
    for pattern, key in _ARGPARSE_ERRORS:
        if match := pattern.fullmatch(message):
            values = match.groupdict()
            if "message" in values:
                values["message"] = argparse_error(values["message"], lang)
            if (kind := values.get("type")) is not None:
                values["type"] = t(_ARGPARSE_TYPES.get(kind, "argparse.type.other"), lang, type=kind)
            return t(key, lang, **values)
    return message
