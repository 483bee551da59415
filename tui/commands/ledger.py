"""`drift import-payments`: add the payments of a ledger export (CSV), read by store.ledger, all rows or none."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.text import Text

from drift.i18n import t
from store.edits import Duplicates, RecordChange, add_payment, apply_edits, show
from store.errors import DriftError
from store.ledger import LedgerFormat, LedgerRow, read_ledger
from tui import options
from tui.command import Command
from tui.commands.saving import note_later, warn_overspends
from tui.context import Context


def cmd_import_payments(args: argparse.Namespace, ctx: Context) -> int:
    """Add the payments of a ledger export (CSV); writes nothing unless every row is valid, nothing with --dry-run.

    A ledger exported again holds last month's rows too: those already recorded are skipped, decided by the store on
    the data read under its lock, so the same ledger imported twice at once records each row once.
    """
    store, project = options.loaded(args, ctx)
    path = Path(args.file)
    rows, errors, found = read_ledger(path, project)
    if errors:
        options.write_lines([str(error) for error in errors], sys.stderr)
        raise DriftError(t("edit.csv_bad_rows", ctx.lang, file=path, count=len({e.line for e in errors})))
    duplicates = Duplicates.ALLOW if args.allow_duplicate else Duplicates.SKIP
    edits = [
        add_payment(
            project.code,
            date=r.date,
            source=r.source,
            amount=r.amount,
            voucher=r.voucher,
            note=r.note,
            duplicates=duplicates,
        )
        for r in rows
    ]
    if args.dry_run:
        options.write_lines([_detected(found, ctx.lang)], sys.stderr)
        (would_be,), changes = apply_edits((project,), edits)  # in memory: shows the ids the payments would get
        added = _imported(ctx, path, rows, changes)
        if added:
            ctx.err.print(Text(t("edit.dry_run", ctx.lang, count=len(added))))
        warn_overspends(project, would_be, ctx, "edit.overspend_dry_run")
        return 0
    by, at, note = options.author(args, ctx)
    saved = store.apply(edits, by=by, at=at, note=note)
    if _imported(ctx, path, rows, saved.changes):
        ctx.err.print(Text(t("edit.saved", ctx.lang, revision=saved.revision, by=by)))
    after = saved.portfolio.project(project.code)
    if after is not None:
        warn_overspends(project, after, ctx)
        note_later(project, after, ctx)
    return 0


def _detected(found: LedgerFormat, lang: str) -> str:
    """What --dry-run found in the file, one line: "GB18030, ';'-separated, Chinese headers: 日期 来源 金额 凭证号 摘要"."""
    line = t(
        "edit.csv_format",
        lang,
        encoding=found.encoding,
        separator=t("edit.csv_tab", lang) if found.separator == "\t" else repr(found.separator),
        headers=t("edit.csv_headers.zh" if found.chinese else "edit.csv_headers.en", lang),
        header=" ".join(found.header),
    )
    return f"{line}; {t('edit.csv_yuan', lang)}" if found.yuan else line


def _imported(ctx: Context, path: Path, rows: Sequence[LedgerRow], changes: Sequence[RecordChange]) -> list[str]:
    """Say which rows were already recorded and print a line per payment added; those lines, or "nothing new"."""
    already = [row for row, change in zip(rows, changes, strict=True) if not change.fields]
    options.write_lines([t("edit.csv_already", ctx.lang, file=path, line=row.line) for row in already], sys.stderr)
    added = [
        _payment_line(change.record, {c.field: c.new for c in change.fields}) for change in changes if change.fields
    ]
    if not added:
        ctx.err.print(Text(t("edit.csv_nothing_new", ctx.lang, file=path)))
    options.write_lines(added)
    return added


def _payment_line(record: str | None, fields: dict[str, Any]) -> str:
    """One line per imported payment: "payments P4: date 2023-10-15, source central, amount 120.50"."""
    shown = ", ".join(f"{name} {show(value)}" for name, value in fields.items())
    return f"payments {record}: {shown}"


def _import_payments_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="CSV with a header row: date, source, amount, voucher, note (or 日期, 来源, 金额, 凭证号, 摘要); "
        "UTF-8 or GBK/GB18030, separated by , ; or tab",
    )
    parser.add_argument("--dry-run", action="store_true", help="show what would be added; save nothing")
    options.allow_duplicate_argument(
        parser, "add every row, even one recorded already (same date, source, amount and voucher)"
    )
    options.changing_arguments(parser)


COMMANDS = [
    Command(
        "import-payments",
        "add the payments of a ledger export (CSV); nothing is saved unless every row is valid",
        cmd_import_payments,
        _import_payments_arguments,
    ),
]
