"""`drift completion SHELL`: the shell's completion script, made by shtab from the command line's own parser."""

from __future__ import annotations

import argparse

SHELLS = ("bash", "zsh", "fish")
"""The shells drift writes a completion script for."""


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of parser for shell: static, so that a TAB never starts Python (argcomplete's would)."""
    import shtab  # only this command needs it

    return shtab.complete(parser, shell=shell)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
