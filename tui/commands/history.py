"""`drift log` and `drift undo`: list the recorded changes, and revert one of yours as a new change."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import orjson
from rich.text import Text

from drift.i18n import t
from store.errors import DriftError, ValidationError
from store.history import ChangedSinceError, HistoryEntry
from tui import options, output
from tui.command import Command
from tui.context import Context, now
from tui.fitted import FitColumn, FittedTable
from tui.history_text import entry_line, history_summary, local_time
from tui.tsv import tsv_cell


def cmd_log(args: argparse.Namespace, ctx: Context) -> int:
    """Every recorded change, oldest first, one tab-separated row each.

    The columns: revision, when (local time, with its offset from UTC), the name it was declared by, the system account that saved it, project, the field
    before and after, the revision it undoes, the note.
    """
    since = options.date("--since", args.since)
    store = ctx.store()
    verifying = args.verify or args.anchor is not None
    if verifying and (summary := history_summary(store.verify_history(args.anchor), ctx.store_name, ctx.lang)):
        ctx.err.print(summary, soft_wrap=True)
    entries = store.history(project=args.project, since=since)
    if args.json:
        output.write_data(orjson.dumps([e.to_json() for e in entries], option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not entries:
        # A project the store never held is a typo, as in `drift status --project`; a removed one keeps its history.
        if args.project and store.load().project(args.project) is None:
            raise DriftError(t("status.no_project", ctx.lang, code=args.project, path=ctx.store_name))
        key = "log.none_since" if since is not None else "log.empty"
        ctx.err.print(Text(t(key, ctx.lang, since=since)))
        return 0
    rows = [_log_row(entry, ctx.lang) for entry in entries]
    if ctx.out.is_terminal:
        ctx.out.print(_log_table(rows, ctx.lang))
        return 0
    for cells in rows:
        sys.stdout.write("\t".join(tsv_cell(cell) for cell in cells) + "\n")
    return 0


_LOG_COLUMNS = (
    "history.revision",
    "history.at",
    "history.by",
    "log.account",
    "col.code",
    "history.change",
    "history.note",
)
"""The headings of `drift log` on a terminal: the TSV's columns, the revision a change undoes beside the change."""


def _log_row(entry: HistoryEntry, lang: str) -> tuple[str, ...]:
    """One change as its TSV row: revision, when, by, account, project, change, the revision it undoes, note."""
    return (
        f"r{entry.revision}",
        local_time(entry.at).isoformat(),
        entry.by,
        entry.account if entry.account is not None else t("log.unknown_account", lang),
        entry.project,
        entry_line(entry, lang),
        t("log.undoes", lang, revision=entry.undoes) if entry.undoes is not None else "",
        entry.note,
    )


_FREE = ("history.by", "log.account", "history.change", "history.note")
"""What a person typed (and the change, which quotes it): folded where the width asks."""


def _log_table(rows: Sequence[tuple[str, ...]], lang: str) -> FittedTable:
    """The changes as a table that fits the terminal: no raw tabs, nothing wider than the width."""
    columns = [
        FitColumn(t(key, lang), whole=key in ("history.revision", "history.at", "col.code"), free=key in _FREE)
        for key in _LOG_COLUMNS
    ]
    shown = [[*(Text(cell) for cell in row[:5]), Text(" ".join(filter(None, row[5:7]))), Text(row[7])] for row in rows]
    return FittedTable(None, columns, shown)


def cmd_undo(args: argparse.Namespace, ctx: Context) -> int:
    """Revert your last change not undone yet, as a new change; refused when its fields changed since."""
    by = options.who(args, ctx)
    revision = None if args.revision is None else options.parsed("--revision", _revision, args.revision)
    try:
        saved = ctx.store().undo(by=by, at=now(), note=options.note(args), revision=revision)
    except ChangedSinceError as error:
        if error.older is None:
            raise
        raise DriftError(t("undo.older", ctx.lang, refused=error, revision=error.older)) from None
    options.write_lines([entry_line(entry, ctx.lang) for entry in saved.entries])
    first = saved.entries[0] if saved.entries else None
    target, account = (first.undoes, first.account) if first else (None, None)
    key = "edit.undone" if by == account else "edit.undone_for"
    ctx.err.print(Text(t(key, ctx.lang, target=target, revision=saved.revision, by=by, account=account)))
    return 0


def _revision(text: str) -> int:
    if not (text.isascii() and text.strip().isdigit()):
        raise ValidationError.said("error.revision_form", text=text)
    return int(text)


def _log_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", metavar="CODE", help="only this project's changes")
    parser.add_argument("--since", metavar="DATE", help="only changes made on or after this day, YYYY-MM-DD")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="first check the history's hash chain; exit 2 naming the first entry changed, removed or forged",
    )
    parser.add_argument(
        "--anchor",
        metavar="HASH",
        help="with the check, make sure an entry still has this hash, noted from an earlier check (implies --verify)",
    )


def _undo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--by", metavar="USER", help="on whose behalf you undo your last change, for the history (default: $USER)"
    )
    parser.add_argument(
        "--revision", metavar="N", help="undo this change of yours instead of the last one (see `drift log`)"
    )
    parser.add_argument("--note", metavar="TEXT", help="why, for the history")


COMMANDS = [
    Command(
        "log", "list the recorded changes: who changed which field, when, from what to what", cmd_log, _log_arguments
    ),
    Command("undo", "revert your last change, as a new change", cmd_undo, _undo_arguments),
]
