"""Saving an edit with its history, and saying what it changed: the lines, the revision, overspends, late records."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from rich.text import Text

from drift.budget import new_overspends
from drift.claims import verdict_lines
from drift.dates import as_of_for
from drift.flags import describe
from drift.i18n import plain, t
from drift.later import later_records
from drift.rules import NO_SETTINGS, rules_for
from store.backend import Backend
from store.edits import Edit
from store.model import Project, RuleSettings
from store.persist import Saved
from tui import options
from tui.context import Context
from tui.history_text import entry_line


def save(
    args: argparse.Namespace, ctx: Context, store: Backend, edits: Sequence[Edit], *, before: Project | None = None
) -> int:
    """Save the edits with their history and print one line per changed field.

    With before (the project as it was), also warn of each overspend the edits made or changed, and say when a
    record was dated after the as-of date: overspending and late records are kept, but never without a word.
    """
    by, at, note = options.author(args, ctx)
    # Read before saving: a bad rules file stops the command with the store untouched, not after the save.
    store_rules = store.rules() if before is not None else NO_SETTINGS
    saved = store.apply(edits, by=by, at=at, note=note)
    after = saved.portfolio.project(before.code) if before is not None else None
    report(saved, ctx, by)
    if before is not None and after is not None:  # after the saved lines: stdout has them even when stderr fails
        warn_overspends(before, after, ctx)
        note_later(before, after, ctx)
        _note_claims(saved, after, store_rules, ctx)
    return 0


def warn_overspends(before: Project, after: Project, ctx: Context, key: str = "edit.overspend_warning") -> None:
    """One line per overspend the edits made or changed: it is recorded (it happens), but never without a word."""
    for item in new_overspends(before, after):
        warning = t(key, ctx.lang, problem=describe(item, ctx.lang))
        ctx.err.print(Text(f"drift: {warning}"), soft_wrap=True)  # one line, like drift's other warnings


def note_later(before: Project, after: Project, ctx: Context) -> None:
    """One line when the edits added a record dated after the as-of date: it is kept, but counts from then on."""
    as_of = as_of_for(after)
    was = later_records(before, as_of).data()
    if any(n > was[kind] for kind, n in later_records(after, as_of).data().items()):
        note = t("later.note", ctx.lang, date=as_of.isoformat())
        ctx.err.print(Text(f"drift: {note}"), soft_wrap=True)


def report(saved: Saved, ctx: Context, by: str) -> None:
    """A line per changed field on stdout and the revision on stderr, or "nothing changed"."""
    if not saved.entries:
        ctx.err.print(Text(t("edit.nothing", ctx.lang)))
        return
    options.write_lines([entry_line(entry, ctx.lang) for entry in saved.entries])
    ctx.err.print(Text(t("edit.saved", ctx.lang, revision=saved.revision, by=by)))


def _note_claims(saved: Saved, after: Project, store_rules: RuleSettings, ctx: Context) -> None:
    """One line per claim this save added or changed (not a colleague's saved meanwhile): what the records give."""
    rules = rules_for(after, store_rules)
    for _, line in verdict_lines(after, saved.records("claims", after.code), rules, ctx.lang):
        ctx.err.print(Text(plain(f"drift: {line}")), soft_wrap=True)
