"""`drift backup`: list the backups each save keeps of the revision it replaced, and restore one as a new revision."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from rich.text import Text

from drift.i18n import t
from store.backend import Backend
from store.errors import DriftError, StoreError, ValidationError
from store.persist import Saved
from tui import options
from tui.command import Command
from tui.context import Context, now


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    """List the backups, newest first, or restore the one of --restore REVISION as a new revision."""
    store = ctx.store()
    if args.restore is None:
        return _list(store, ctx)
    revision = _revision(args.restore)
    by = options.who(args, ctx)
    note = options.text("--note", args.note) or t("backup.note", ctx.lang, revision=revision)
    _check_readable(store, revision, ctx)
    source = store.backup_path(revision)  # named now: the save may rotate this very backup out once it is restored
    saved = store.restore(revision, by=by, at=now(), note=note)
    return _report(saved, source, revision, by, ctx)


def _list(store: Backend, ctx: Context) -> int:
    backups = store.backups()
    if not backups:
        ctx.err.print(Text(t("backup.none", ctx.lang, folder=store.backup_folder())))
        return 0
    lines = []
    for backup in backups:
        saved = datetime.datetime.fromtimestamp(backup.saved_ns / 1e9).astimezone()
        lines.append(
            t(
                "backup.line",
                ctx.lang,
                revision=backup.revision,
                saved=saved.isoformat(timespec="seconds"),
                size=backup.size,
                path=backup.path,
            )
        )
    options.write_lines(lines)
    return 0


def _revision(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise ValidationError.said("error.backup_revision", text=text).located(prefix="--restore")
    return int(text)


def _check_readable(store: Backend, revision: int, ctx: Context) -> None:
    """A store that cannot be read has no revision to follow: say how to put a backup back by hand."""
    try:
        store.load()
    except DriftError as error:
        backups = store.backups()
        if not backups:
            raise
        chosen = next((b for b in backups if b.revision == revision), backups[0])
        raise StoreError(
            t("backup.unreadable_store", ctx.lang, problem=error, backup=chosen.path, path=store.path)
        ) from None


def _report(saved: Saved, source: Path, revision: int, by: str, ctx: Context) -> int:
    if not saved.entries:
        ctx.err.print(Text(t("edit.nothing", ctx.lang)))
        return 0
    actions: dict[str, set[str]] = {}
    for entry in saved.entries:
        actions.setdefault(entry.project, set()).add(str(entry.action))
    lines = []
    for code, done in actions.items():
        key = "backup.replaced" if done == {"add", "delete"} else "backup.added" if "add" in done else "backup.removed"
        lines.append(t(key, ctx.lang, code=code, revision=revision))
    options.write_lines(lines)
    ctx.err.print(Text(t("backup.restored", ctx.lang, revision=revision, file=source, new=saved.revision, by=by)))
    return 0


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list the backups, newest first (the default)")
    what.add_argument("--restore", metavar="REVISION", help="make the store what it was at REVISION, as a new revision")
    parser.add_argument("--by", metavar="USER", help="who restores, for the history (default: $USER)")
    parser.add_argument("--note", metavar="TEXT", help="why, for the history")


COMMANDS = [
    Command(
        "backup",
        "list the backups of earlier revisions, or --restore one as a new revision",
        cmd_backup,
        _backup_arguments,
    ),
]
