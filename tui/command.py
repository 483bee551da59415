"""A subcommand of `drift`: its name, help, arguments and handler; modules list theirs in COMMANDS."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from msgspec import Struct

from tui.context import Context


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    pass


class Command(Struct, frozen=True):
    """One subcommand; the handler returns the exit code."""

    name: str
    help: str
    handler: Callable[[argparse.Namespace, Context], int]
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
