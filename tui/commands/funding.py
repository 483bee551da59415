"""`drift figure`, `drift source` and `drift budget`: reported cumulative figures, funding sources and budgets."""

from __future__ import annotations

import argparse

from drift.i18n import t
from store.edits import add_reported_figure, add_source, delete_record, edit_record
from store.errors import DriftError, ValidationError
from store.model import Allocation, Payment, ReportedFigure, SourceKind
from store.typed import typed_kind
from tui import options
from tui.command import Command
from tui.commands.saving import save
from tui.context import Context

_FIGURE_FIELDS = ("date", "source", "allocated", "paid", "reference", "description")
_SOURCE_FIELDS = ("kind", "name", "budget", "forecast")
_BUDGET_FIELDS = ("annual_budget", "initial_budget", "total_budget", "carried_over")


def cmd_figure(args: argparse.Namespace, ctx: Context) -> int:
    """Record a cumulative figure a report states as of a date, or edit or delete one."""
    store, project = options.loaded(args, ctx)
    if args.delete:
        options.one_of(args, _FIGURE_FIELDS, "--delete", ctx.lang)
        return save(args, ctx, store, [delete_record(project, "reported", args.delete)], before=project)
    values = options.given(
        date=options.money_date("--date", args.date, project),
        source=options.source("--source", args.source, project),
        reference=options.text("--reference", args.reference),
        note=options.text("--description", args.description),
    ) | options.amounts(args, ("allocated", "paid"))
    if args.edit:
        if not values:
            raise options.edit_needs(f"--edit {args.edit}", _FIGURE_FIELDS, ctx.lang)
        return save(args, ctx, store, [edit_record(project, "reported", args.edit, **values)], before=project)
    options.required(args, ("date",), "reported", ctx.lang)
    if values.get("allocated") is None and values.get("paid") is None:
        raise DriftError(t("option.figure_needs", ctx.lang))
    return save(args, ctx, store, [add_reported_figure(project.code, **values)], before=project)


def cmd_source(args: argparse.Namespace, ctx: Context) -> int:
    """List a funding source of the project, or edit or delete one."""
    store, project = options.loaded(args, ctx)
    if args.delete:
        options.one_of(args, (*_SOURCE_FIELDS, "id"), "--delete", ctx.lang)
        funding = project.funding
        records: list[Allocation | Payment | ReportedFigure] = [
            *(funding.allocations or ()),
            *funding.payments,
            *funding.reported,
        ]
        named = [record for record in records if record.source == args.delete]
        if named:  # said before the store's own rule would, in words about the deletion rather than the records
            listed = ", ".join(record.id for record in named[:5]) + (" …" if len(named) > 5 else "")
            raise DriftError(t("source.has_records", ctx.lang, source=args.delete, count=len(named), records=listed))
        return save(args, ctx, store, [delete_record(project, "sources", args.delete)], before=project)
    values = options.given(
        kind=None if args.kind is None else options.parsed("--kind", _kind, args.kind),
        name=options.text("--name", args.name),
    ) | {
        {"budget": "annual_budget"}.get(name, name): value
        for name, value in options.amounts(args, ("budget", "forecast")).items()
    }
    if args.edit:
        if args.id is not None:
            raise DriftError(t("option.source_id_stays", ctx.lang))
        if not values:
            raise options.edit_needs(f"--edit {args.edit}", _SOURCE_FIELDS, ctx.lang)
        return save(args, ctx, store, [edit_record(project, "sources", args.edit, **values)], before=project)
    options.required(args, ("kind",), "sources", ctx.lang)
    source_id = options.text("--id", args.id).strip() if args.id is not None else ""
    if args.id is not None and not source_id:
        raise ValidationError.said("error.empty").located(prefix="--id")
    return save(args, ctx, store, [add_source(project, source_id=source_id, **values)], before=project)


def cmd_budget(args: argparse.Namespace, ctx: Context) -> int:
    """Set the project's annual budget, its whole budget across years, or the carry-over the report states."""
    store, project = options.loaded(args, ctx)
    values = options.amounts(args, _BUDGET_FIELDS)
    if not values:
        raise DriftError(
            f"budget needs at least one of {', '.join('--' + f.replace('_', '-') for f in _BUDGET_FIELDS)}"
        )
    return save(args, ctx, store, [edit_record(project, "funding", None, **values)], before=project)


def _kind(text: str) -> SourceKind:
    """A kind of source as typed: its code or a name reports give it; ValidationError listing the kinds."""
    kind = typed_kind(text)
    if kind is None:
        raise ValidationError.said("error.source_kind", text=text.strip(), kinds=", ".join(SourceKind))
    return kind


def _record_choice(parser: argparse.ArgumentParser, what: str) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--edit", metavar="ID", help=f"change this {what} instead of adding one")
    which.add_argument("--delete", metavar="ID", help=f"delete this {what}")


def _amount_help(text: str) -> str:
    return f"{text} in 万元, or {options.CLEAR} (无) when the report does not state it"


def _figure_arguments(parser: argparse.ArgumentParser) -> None:
    _record_choice(parser, "figure")
    parser.add_argument("--date", metavar="DATE", help="the date the figure is as of (截至), YYYY-MM-DD")
    parser.add_argument(
        "--source", metavar="ID", help="a funding source's id; leave it out for a figure of the whole project"
    )
    parser.add_argument("--allocated", metavar="AMOUNT", help=_amount_help("allocated (下达/到位) up to the date"))
    parser.add_argument("--paid", metavar="AMOUNT", help=_amount_help("paid (支出) up to the date"))
    parser.add_argument("--reference", metavar="TEXT", help="where the report says so, e.g. 自评报告 第二部分")
    parser.add_argument("--description", metavar="TEXT", help="anything else about the figure (its note)")
    options.changing_arguments(parser)


def _source_arguments(parser: argparse.ArgumentParser) -> None:
    _record_choice(parser, "source")
    parser.add_argument(
        "--kind",
        metavar="KIND",
        help=f"what kind of money it is: {', '.join(SourceKind)}, or as reports name it (中央, 省级, 专项债券 …)",
    )
    parser.add_argument("--id", metavar="ID", help="what records name it by (default: its kind, or kind-2 …)")
    parser.add_argument("--name", metavar="TEXT", help="as the report names it, e.g. 中央财政衔接推进乡村振兴补助资金")
    parser.add_argument("--budget", metavar="AMOUNT", help=_amount_help("its share of the annual budget"))
    parser.add_argument("--forecast", metavar="AMOUNT", help=_amount_help("the year's forecast spending (预计支出数)"))
    options.changing_arguments(parser)


def _budget_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--annual-budget", metavar="AMOUNT", help=_amount_help("年度预算 (全年预算数)"))
    parser.add_argument(
        "--initial-budget", metavar="AMOUNT", help=_amount_help("the budget at the start of the year (年初预算数)")
    )
    parser.add_argument(
        "--total-budget", metavar="AMOUNT", help=_amount_help("the whole project's budget across its years (总投资)")
    )
    parser.add_argument(
        "--carried-over", metavar="AMOUNT", help=_amount_help("the carry-over (结转) the report states at year end")
    )
    options.changing_arguments(parser)


COMMANDS = [
    Command(
        "figure",
        "record a cumulative figure a report states as of a date (allocated, paid), or --edit or --delete one",
        cmd_figure,
        _figure_arguments,
    ),
    Command("source", "list a funding source of the project, or --edit or --delete one", cmd_source, _source_arguments),
    Command(
        "budget",
        "set the annual budget, the whole project's budget or the carry-over the report states",
        cmd_budget,
        _budget_arguments,
    ),
]
