"""`drift pay` and `drift allocate`: record a payment (支出) or an allocation (下达), or edit or delete one."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from drift.i18n import t, worded
from store.edits import (
    DuplicatePaymentError,
    Duplicates,
    add_allocation,
    add_payment,
    delete_record,
    edit_record,
    state_allocations,
)
from store.errors import DriftError
from tui import options
from tui.command import Command
from tui.commands.saving import save
from tui.context import Context


def _money_record(args: argparse.Namespace, ctx: Context, kind: str, reference: str) -> int:
    """Add, edit or delete a payment or an allocation; reference is voucher or document."""
    if getattr(args, "allow_duplicate", False) and (args.edit or args.delete):
        raise DriftError(t("option.allow_duplicate", ctx.lang))
    store, project = options.loaded(args, ctx)
    fields = ("date", "source", "amount", reference, "description")
    stated = _stated(args)
    if stated is not None:
        options.one_of(args, fields, "--none" if stated else "--not-stated", ctx.lang)
        return save(args, ctx, store, [state_allocations(project, stated=stated)], before=project)
    if args.delete:
        options.one_of(args, fields, "--delete", ctx.lang)
        return save(args, ctx, store, [delete_record(project, kind, args.delete)], before=project)
    values = options.given(
        date=options.money_date("--date", args.date, project),
        source=options.source("--source", args.source, project),
        amount=options.money("--amount", args.amount),
        note=options.text("--description", args.description),
        **{reference: options.text(f"--{reference}", getattr(args, reference))},
    )
    if args.edit:
        if not values:
            raise options.edit_needs(f"--edit {args.edit}", fields, ctx.lang)
        return save(args, ctx, store, [edit_record(project, kind, args.edit, **values)], before=project)
    options.required(args, ("date", "amount"), kind, ctx.lang)
    if kind == "allocations":
        return save(args, ctx, store, [add_allocation(project.code, **values)], before=project)
    duplicates = Duplicates.ALLOW if args.allow_duplicate else Duplicates.REFUSE
    try:
        edit = add_payment(project.code, **values, duplicates=duplicates)
        return save(args, ctx, store, [edit], before=project)
    except DuplicatePaymentError as error:
        raise DriftError(t("edit.duplicate", ctx.lang, same=worded(error, ctx.lang))) from None


def _stated(args: argparse.Namespace) -> bool | None:
    """True for `drift allocate --none`, False for --not-stated, None when neither was given (or for pay)."""
    if getattr(args, "none", False):
        return True
    return False if getattr(args, "not_stated", False) else None


def cmd_pay(args: argparse.Namespace, ctx: Context) -> int:
    """Record a payment (支出), or edit or delete one."""
    return _money_record(args, ctx, "payments", "voucher")


def cmd_allocate(args: argparse.Namespace, ctx: Context) -> int:
    """Record an allocation (下达), or edit or delete one."""
    return _money_record(args, ctx, "allocations", "document")


def _money_arguments(reference: str, reference_help: str) -> Callable[[argparse.ArgumentParser], None]:
    def arguments(parser: argparse.ArgumentParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--edit", metavar="ID", help="change this record instead of adding one")
        which.add_argument("--delete", metavar="ID", help="delete this record")
        if reference == "document":
            which.add_argument(
                "--none", action="store_true", help="the report states that nothing was allocated (allocated 0.00)"
            )
            which.add_argument(
                "--not-stated",
                action="store_true",
                help="the report does not state its allocations (allocated figures unknown, not 0.00)",
            )
        parser.add_argument(
            "--date", metavar="DATE", help="YYYY-MM-DD, from the year before the budget year to the year after it"
        )
        parser.add_argument(
            "--source",
            metavar="ID",
            help="a funding source's id (drift status lists them); leave it out for money of the whole project",
        )
        parser.add_argument("--amount", metavar="AMOUNT", help="万元 as a decimal, e.g. 120.50")
        parser.add_argument(f"--{reference}", metavar="TEXT", help=reference_help)
        parser.add_argument("--description", metavar="TEXT", help="what the money is for (the record's note)")
        if reference == "voucher":
            options.allow_duplicate_argument(
                parser, "record it even when the same payment (date, source, amount, voucher) is there"
            )
        options.changing_arguments(parser)

    return arguments


COMMANDS = [
    Command(
        "pay",
        "record a payment (支出), or --edit or --delete one",
        cmd_pay,
        _money_arguments("voucher", "voucher number or description of the payment"),
    ),
    Command(
        "allocate",
        "record an allocation (下达), or --edit or --delete one",
        cmd_allocate,
        _money_arguments("document", "the notice's number, e.g. 襄财预执[2023]674号"),
    ),
]
