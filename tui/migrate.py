"""`drift migrate --to`: the store moved whole, history and rules included, to a PostgreSQL database or a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from drift.i18n import t
from store.backend import move, open_store
from store.locations import is_database
from tui import options
from tui.command import Command
from tui.context import Context


def cmd_migrate(args: argparse.Namespace, ctx: Context) -> int:
    """Make the store named by --to hold everything this store holds, checked by reading it back."""
    source = ctx.open_store()
    target = open_store(args.to if is_database(args.to) else Path(args.to).expanduser(), environ=ctx.environ)
    contents = move(source, target)
    ctx.stores.append(target)  # made and read back: a save, which the exit status says; a copy that failed is not
    key = "migrate.moved_with_rules" if contents.rules is not None else "migrate.moved"
    revision = contents.meta["revision"]
    counts = {"projects": len(contents.projects), "entries": len(contents.history)}
    options.write_lines([t(key, ctx.lang, **counts, revision=revision, target=target.path)])
    return 0


def _migrate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to",
        metavar="STORE",
        required=True,
        help="where the store goes: postgresql://USER@HOST/DATABASE, or a new store file",
    )


COMMANDS = [
    Command(
        "migrate",
        "move the store, with its history and rules, to a PostgreSQL database or a new file",
        cmd_migrate,
        _migrate_arguments,
    ),
]
