"""`drift claim`: record what the report claims about itself, for drift to hold against the records."""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

from store.codec import claim_subject_problem, tolerance_problem
from store.edits import Edit, add_claim, delete_record, edit_record
from store.errors import ValidationError
from store.model import ClaimKind, Project
from store.typed import typed_claim_value, typed_source
from store.values import parse_claim_value, parse_tolerance
from tui import options
from tui.command import Command
from tui.commands.saving import save
from tui.context import Context

_CLAIM_FIELDS = ("kind", "value", "date", "subject", "reference", "tolerance")


def cmd_claim(args: argparse.Namespace, ctx: Context) -> int:
    """Record what the report claims about itself (a rate, a completion date, a value, a likelihood, a score)."""
    store, project = options.loaded(args, ctx)
    if args.delete:
        options.one_of(args, _CLAIM_FIELDS, "--delete", ctx.lang)
        return save(args, ctx, store, [delete_record(project, "claims", args.delete)])
    values = options.given(
        kind=None if args.kind is None else ClaimKind(args.kind),
        value=options.text("--value", args.value),
        date=options.date("--date", args.date),
        subject=None if args.subject is None else args.subject.strip(),
        reference=options.text("--reference", args.reference),
    )
    if args.tolerance is not None:  # "default" goes back to the rule's tolerance
        tolerance = args.tolerance.strip()
        values["tolerance"] = (
            None if tolerance == "default" else options.parsed("--tolerance", parse_tolerance, tolerance)
        )
    _typed_claim_options(project, args.edit, values)
    _check_claim_options(project, args.edit, values)
    if args.edit:
        if not values:
            raise options.edit_needs(f"--edit {args.edit}", _CLAIM_FIELDS, ctx.lang)
        edit: Edit = edit_record(project, "claims", args.edit, **values)
    else:
        options.required(args, ("kind", "value", "date"), "claims", ctx.lang)
        edit = add_claim(project.code, **values)
    return save(args, ctx, store, [edit], before=project)


def _typed_claim_options(project: Project, record: str | None, values: dict[str, Any]) -> None:
    """--value in the form its kind reads (2023/12/31 as 2023-12-31, 228.76万平方米 in the target's unit), and a rate's
    --subject named as people name a source (中央 for central)."""
    claim = next((item for item in project.claims if item.id == record), None)
    kind = values.get("kind") or (claim.kind if claim else None)
    if kind is None:
        return
    if kind in (ClaimKind.EXECUTION_RATE, ClaimKind.ALLOCATION_RATE) and values.get("subject"):
        with contextlib.suppress(ValidationError):  # what names no source is refused below, as any bad subject
            values["subject"] = str(typed_source(project.funding.sources, values["subject"]))
    if "value" in values:
        subject = values.get("subject", claim.subject if claim else "")
        values["value"] = options.parsed(
            "--value", lambda text: typed_claim_value(project, kind, subject, text), values["value"]
        )


def _check_claim_options(project: Project, record: str | None, values: dict[str, Any]) -> None:
    """The value read for the claim's kind and the subject one the kind allows, each error naming its option."""
    claim = next((item for item in project.claims if item.id == record), None)
    kind = values.get("kind") or (claim.kind if claim else None)
    if kind is None:
        return  # a new claim without --kind: options.required says so
    if "value" in values or "kind" in values:
        value = values.get("value", claim.value if claim else "")
        options.parsed("--value", lambda text: parse_claim_value(kind, text), value)
    if "subject" in values or "kind" in values:
        problem = claim_subject_problem(project, kind, values.get("subject", claim.subject if claim else ""))
        if problem:
            raise ValidationError.of(problem).located(prefix="--subject")
    tolerance = values.get("tolerance", claim.tolerance if claim else None)
    if tolerance is not None and (problem := tolerance_problem(kind, tolerance)):
        raise ValidationError.of(problem).located(prefix="--tolerance")


def _claim_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--edit", metavar="ID", help="change this claim instead of adding one")
    which.add_argument("--delete", metavar="ID", help="delete this claim")
    parser.add_argument("--kind", choices=[kind.value for kind in ClaimKind], help="what the report claims")
    parser.add_argument(
        "--value",
        metavar="TEXT",
        help="as the report writes it: 100%%, 2023-12-31, ≥95%%, certain (确定能), 85.81",
    )
    parser.add_argument("--date", metavar="DATE", help="the date the claim speaks for (截至), YYYY-MM-DD")
    parser.add_argument(
        "--subject",
        metavar="ID",
        help="a funding source for a rate, a phase for a completion date, an indicator for a value, a likelihood or "
        "its 得分 (a score left without: the total)",
    )
    parser.add_argument("--reference", metavar="TEXT", help="where the report says so, e.g. 自评报告 第二部分")
    parser.add_argument(
        "--tolerance",
        metavar="NUMBER",
        help="how far the records may differ: points, days or the indicator's unit; default: the rule's",
    )
    options.changing_arguments(parser)


COMMANDS = [
    Command(
        "claim",
        "record what the report claims (a rate, a completion date, a value, a likelihood, a score), or --edit or "
        "--delete one; drift holds it against the records",
        cmd_claim,
        _claim_arguments,
    ),
]
