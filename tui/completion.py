"""`drift completion SHELL`: the shell's completion script, made by shtab from the command line's own parser."""

from __future__ import annotations

import argparse

SHELLS = ("bash", "zsh", "fish")
"""The shells drift writes a completion script for."""


FILE_METAVARS = ("PATH", "FILE")
"""The values that name a file (--store PATH, import FILE, -o FILE): TAB offers the file names there."""


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of parser for shell: static, so that a TAB never starts Python (argcomplete's would)."""
    import shtab  # only this command needs it

    for each in _parsers(parser):
        for action in each._actions:  # argparse lists a parser's actions nowhere public; shtab reads them too
            if action.metavar in FILE_METAVARS:
                action.complete = shtab.FILE  # type: ignore[attr-defined]  # shtab's documented way to mark one
    return shtab.complete(parser, shell=shell)


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """parser and the parsers of its commands."""
    children = [
        child
        for action in parser._actions
        if isinstance(action.choices, dict)  # the commands' action: each name's parser
        for child in action.choices.values()
    ]
    return [parser, *(each for child in children for each in _parsers(child))]


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
