"""`drift pay`, `phase`, `indicator`, `log`, `undo` and friends: recording monitoring progress from the command line."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, overload

import orjson
import pendulum
from pendulum import Date
from rich.text import Text

from drift.budget import new_overspends
from drift.claims import verdict_lines
from drift.dates import as_of_for
from drift.flags import describe
from drift.i18n import plain, t
from drift.later import later_records
from drift.rules import DEFAULT_RULES
from store.codec import claim_subject_problem, tolerance_problem
from store.edits import (
    DuplicatePaymentError,
    Duplicates,
    Edit,
    RecordChange,
    add_allocation,
    add_claim,
    add_compliance,
    add_event,
    add_finding,
    add_payment,
    add_recommendation,
    apply_edits,
    delete_record,
    edit_record,
    new_project,
    show,
    state_allocations,
)
from store.errors import DriftError, ValidationError
from store.fileio import read_bytes
from store.history import ChangedSinceError
from store.model import ClaimKind, EventMark, Likelihood, Portfolio, Project, SourceKind
from store.persist import Saved, Store
from store.values import (
    MAX_RECORDS,
    check_text,
    parse_claim_value,
    parse_date,
    parse_money,
    parse_percent,
    parse_tolerance,
    parse_year,
)
from tui import output
from tui.command import Command
from tui.context import Context
from tui.history_text import history_summary
from tui.tsv import tsv_cell

LEDGER_COLUMNS = ("date", "source", "amount", "voucher", "note")
"""The columns of a payments CSV, in the order a ledger export usually has them."""

LEDGER_REQUIRED = ("date", "source", "amount")


# Reading options: each bad value is one DriftError naming the option.


def _parsed(option: str, parse: Callable[[str], Any], text: str) -> Any:
    try:
        return parse(text)
    except ValidationError as error:
        raise error.located(prefix=option) from None


# Each reader gives None for an option not given, and the value read for one that was: typed so for each case.


@overload
def _date(option: str, text: str) -> Date: ...
@overload
def _date(option: str, text: None) -> None: ...
def _date(option: str, text: str | None) -> Date | None:
    return None if text is None else _parsed(option, parse_date, text.strip())


@overload
def _money(option: str, text: str) -> Decimal: ...
@overload
def _money(option: str, text: None) -> None: ...
def _money(option: str, text: str | None) -> Decimal | None:
    return None if text is None else _parsed(option, parse_money, text.strip())


@overload
def _text(option: str, text: str) -> str: ...
@overload
def _text(option: str, text: None) -> None: ...
def _text(option: str, text: str | None) -> str | None:
    return None if text is None else _parsed(option, check_text, text)


def _source(option: str, text: str | None, project: Project) -> SourceKind | None:
    """A funding source the project lists; the error says which it has."""
    if text is None:
        return None
    listed = [str(source.kind) for source in project.funding.sources]
    try:
        kind = SourceKind(text.strip())
    except ValueError:
        kinds = ", ".join(kind.value for kind in SourceKind)
        raise ValidationError(f"{text!r} is not one of {kinds}", option) from None
    if kind not in listed:
        raise ValidationError(
            f"{text!r} is not a funding source of project {project.code} (it has {', '.join(listed) or 'none'})",
            option,
        )
    return kind


def _in_budget_year(option: str, date: Date | None, project: Project) -> Date | None:
    if date is not None and date.year != project.budget_year:
        raise ValidationError(f"{date} is outside the budget year {project.budget_year}", option)
    return date


def _given(**values: Any) -> dict[str, Any]:
    """The options that were given, for an edit that sets only those."""
    return {name: value for name, value in values.items() if value is not None}


# The store, the project and the person.


def _who(args: argparse.Namespace, ctx: Context) -> str:
    by = args.by if args.by is not None else ctx.user
    if not by.strip():
        raise DriftError(t("edit.who", ctx.lang))
    return _parsed("--by", check_text, by)


def author(args: argparse.Namespace, ctx: Context) -> tuple[str, pendulum.DateTime, str]:
    """Who makes the change (--by, else $USER), now, and why (--note): for a command that saves with history."""
    return _who(args, ctx), _now(), _text("--note", args.note) or ""


def _project(portfolio: Portfolio, code: str | None, ctx: Context) -> Project:
    """The project named by --project, or the store's only project."""
    if code is None:
        if len(portfolio.projects) != 1:
            raise DriftError(t("edit.choose_project", ctx.lang, path=ctx.store_path, count=len(portfolio.projects)))
        return portfolio.projects[0]
    project = portfolio.project(code)
    if project is None:
        raise DriftError(t("status.no_project", ctx.lang, code=code, path=ctx.store_path))
    return project


def _loaded(args: argparse.Namespace, ctx: Context) -> tuple[Store, Project]:
    store = ctx.store()
    return store, _project(store.load(), args.project, ctx)


def _now() -> pendulum.DateTime:
    """The only clock the edit commands read: now, to the second, in the local time zone."""
    return pendulum.now().replace(microsecond=0)


def _write_lines(lines: Sequence[str], stream: Any = None) -> None:
    """Lines of data, unwrapped and with control characters shown as escapes, on stdout or stream."""
    stream = stream or sys.stdout
    for line in lines:
        stream.write(plain(line) + "\n")


def _save(
    args: argparse.Namespace, ctx: Context, store: Store, edits: Sequence[Edit], *, before: Project | None = None
) -> int:
    """Save the edits with their history and print one line per changed field.

    With before (the project as it was), also warn of each overspend the edits made or changed, and say when a
    record was dated after the as-of date: overspending and late records are kept, but never without a word.
    """
    by = _who(args, ctx)
    saved = store.apply(edits, by=by, at=_now(), note=_text("--note", args.note) or "")
    after = saved.portfolio.project(before.code) if before is not None else None
    code = _report(saved, ctx, by)
    if before is not None and after is not None:  # after the saved lines: stdout has them even when stderr fails
        _warn_overspends(before, after, ctx)
        _note_later(before, after, ctx)
        _note_claims(saved, after, ctx)
    return code


def _warn_overspends(before: Project, after: Project, ctx: Context, key: str = "edit.overspend_warning") -> None:
    """One line per overspend the edits made or changed: it is recorded (it happens), but never without a word."""
    for item in new_overspends(before, after):
        warning = t(key, ctx.lang, problem=describe(item, ctx.lang))
        ctx.err.print(Text(f"drift: {warning}"), soft_wrap=True)  # one line, like drift's other warnings


def _note_later(before: Project, after: Project, ctx: Context) -> None:
    """One line when the edits added a record dated after the as-of date: it is kept, but counts from then on."""
    as_of = as_of_for(after)
    was = later_records(before, as_of).data()
    if any(n > was[kind] for kind, n in later_records(after, as_of).data().items()):
        note = t("later.note", ctx.lang, date=as_of.isoformat())
        ctx.err.print(Text(f"drift: {note}"), soft_wrap=True)


def _report(saved: Saved, ctx: Context, by: str) -> int:
    if not saved.entries:
        ctx.err.print(Text(t("edit.nothing", ctx.lang)))
        return 0
    _write_lines(saved.lines())
    ctx.err.print(Text(t("edit.saved", ctx.lang, revision=saved.revision, by=by)))
    return 0


def _one_of(args: argparse.Namespace, fields: Sequence[str], what: str) -> None:
    """Refuse field options where they mean nothing, e.g. with --delete."""
    given = [name for name in fields if getattr(args, name, None) is not None]
    if given:
        raise DriftError(f"--{given[0].replace('_', '-')} cannot be used {what}")


def _required(args: argparse.Namespace, fields: Sequence[str], what: str) -> None:
    missing = [f"--{name.replace('_', '-')}" for name in fields if getattr(args, name, None) is None]
    if missing:
        raise DriftError(f"{what} needs {', '.join(missing)}")


# drift pay / drift allocate


def _money_record(args: argparse.Namespace, ctx: Context, kind: str, reference: str) -> int:
    """Add, edit or delete a payment or an allocation; reference is voucher or document."""
    if getattr(args, "allow_duplicate", False) and (args.edit or args.delete):
        raise DriftError("--allow-duplicate is for a new payment; it cannot be used with --edit or --delete")
    store, project = _loaded(args, ctx)
    fields = ("date", "source", "amount", reference, "description")
    stated = _stated(args)
    if stated is not None:
        _one_of(args, fields, "with --none or --not-stated")
        return _save(args, ctx, store, [state_allocations(project, stated=stated)], before=project)
    if args.delete:
        _one_of(args, fields, "with --delete")
        return _save(args, ctx, store, [delete_record(project, kind, args.delete)], before=project)
    values = _given(
        date=_in_budget_year("--date", _date("--date", args.date), project),
        source=_source("--source", args.source, project),
        amount=_money("--amount", args.amount),
        note=_text("--description", args.description),
        **{reference: _text(f"--{reference}", getattr(args, reference))},
    )
    if args.edit:
        if not values:
            raise DriftError(f"--edit {args.edit} needs at least one of {', '.join('--' + f for f in fields)}")
        return _save(args, ctx, store, [edit_record(project, kind, args.edit, **values)], before=project)
    _required(args, ("date", "source", "amount"), f"a new {kind[:-1]}")
    if kind == "allocations":
        return _save(args, ctx, store, [add_allocation(project.code, **values)], before=project)
    duplicates = Duplicates.ALLOW if args.allow_duplicate else Duplicates.REFUSE
    try:
        edit = add_payment(project.code, **values, duplicates=duplicates)
        return _save(args, ctx, store, [edit], before=project)
    except DuplicatePaymentError as error:
        raise DriftError(t("edit.duplicate", ctx.lang, same=error)) from None


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


# drift phase / event / indicator / project


def _clearable_date(args: argparse.Namespace, name: str) -> Date | bool | None:
    """The date option's value, None for --clear-NAME, False when neither was given."""
    if getattr(args, f"clear_{name}"):
        return None
    value = getattr(args, name)
    return False if value is None else _date(f"--{name.replace('_', '-')}", value)


def cmd_phase(args: argparse.Namespace, ctx: Context) -> int:
    """Set or clear a phase's actual start and end, and the monitor's expectation."""
    store, project = _loaded(args, ctx)
    values: dict[str, Any] = {}
    for name in ("actual_start", "actual_end", "expected_end"):
        value = _clearable_date(args, name)
        if value is not False:
            values[name] = value
    values |= _given(
        percent_complete=None
        if args.percent_complete is None
        else _parsed("--percent-complete", parse_percent, args.percent_complete),
        remark=_text("--remark", args.remark),
    )
    if not values:
        raise DriftError("nothing to change: give --actual-start, --actual-end or another option (see --help)")
    return _save(args, ctx, store, [edit_record(project, "phases", args.phase, **values)], before=project)


def cmd_event(args: argparse.Namespace, ctx: Context) -> int:
    """Record a milestone event with its document number, or delete one."""
    store, project = _loaded(args, ctx)
    fields = ("date", "name", "document", "title", "issuer", "phase", "marks")
    if args.delete:
        _one_of(args, fields, "with --delete")
        return _save(args, ctx, store, [delete_record(project, "events", args.delete)])
    _required(args, ("date", "name"), "a new event")
    if args.marks and not args.phase:
        raise DriftError("--marks needs --phase: the phase whose start or end the event marks")
    if args.phase and project.phases and args.phase not in {phase.id for phase in project.phases}:
        phases = ", ".join(phase.id for phase in project.phases)
        raise ValidationError(f"{args.phase!r} is not a phase of project {project.code} ({phases})", "--phase")
    edit = add_event(
        project.code,
        date=_date("--date", args.date),
        name=_text("--name", args.name),
        document=_text("--document", args.document) or "",
        title=_text("--title", args.title) or "",
        issuer=_text("--issuer", args.issuer) or "",
        phase=args.phase or "",
        marks=EventMark(args.marks or "end"),
    )
    return _save(args, ctx, store, [edit], before=project)


def cmd_indicator(args: argparse.Namespace, ctx: Context) -> int:
    """Record an indicator's value to date, full-year forecast, likelihood, deviation cause and remark."""
    store, project = _loaded(args, ctx)
    values = _given(
        to_date=_text("--to-date", args.to_date),
        forecast=_text("--forecast", args.forecast),
        deviation_cause=_text("--cause", args.cause),
        analysis=_text("--analysis", args.analysis),
        remark=_text("--remark", args.remark),
    )
    if args.likelihood is not None:
        values["likelihood"] = None if args.likelihood == "none" else Likelihood(args.likelihood)
    if not values:
        raise DriftError("nothing to change: give --to-date, --forecast, --likelihood, --cause or --remark")
    return _save(args, ctx, store, [edit_record(project, "indicators", args.indicator, **values)])


def cmd_project(args: argparse.Namespace, ctx: Context) -> int:
    """Set the project's status date and progress summary."""
    store, project = _loaded(args, ctx)
    values: dict[str, Any] = {}
    status_date = _clearable_date(args, "status_date")
    if status_date is not False:
        values["status_date"] = status_date
    values |= _given(progress_summary=_text("--progress-summary", args.progress_summary))
    if not values:
        raise DriftError("nothing to change: give --status-date or --progress-summary")
    return _save(args, ctx, store, [edit_record(project, "project", None, **values)])


# drift claim


_CLAIM_FIELDS = ("kind", "value", "date", "subject", "reference", "tolerance")


def cmd_claim(args: argparse.Namespace, ctx: Context) -> int:
    """Record what the report claims about itself (a rate, a completion date, a value, a likelihood, a score)."""
    store, project = _loaded(args, ctx)
    if args.delete:
        _one_of(args, _CLAIM_FIELDS, "with --delete")
        return _save(args, ctx, store, [delete_record(project, "claims", args.delete)])
    values = _given(
        kind=None if args.kind is None else ClaimKind(args.kind),
        value=_text("--value", args.value),
        date=_date("--date", args.date),
        subject=None if args.subject is None else args.subject.strip(),
        reference=_text("--reference", args.reference),
    )
    if args.tolerance is not None:  # "default" goes back to the rule's tolerance
        tolerance = args.tolerance.strip()
        values["tolerance"] = None if tolerance == "default" else _parsed("--tolerance", parse_tolerance, tolerance)
    _check_claim_options(project, args.edit, values)
    if args.edit:
        if not values:
            raise DriftError(f"--edit {args.edit} needs at least one of {', '.join('--' + f for f in _CLAIM_FIELDS)}")
        edit: Edit = edit_record(project, "claims", args.edit, **values)
    else:
        _required(args, ("kind", "value", "date"), "a new claim")
        edit = add_claim(project.code, **values)
    return _save(args, ctx, store, [edit], before=project)


def _check_claim_options(project: Project, record: str | None, values: dict[str, Any]) -> None:
    """The value read for the claim's kind and the subject one the kind allows, each error naming its option."""
    claim = next((item for item in project.claims if item.id == record), None)
    kind = values.get("kind") or (claim.kind if claim else None)
    if kind is None:
        return  # a new claim without --kind: _required says so
    if "value" in values or "kind" in values:
        value = values.get("value", claim.value if claim else "")
        _parsed("--value", lambda text: parse_claim_value(kind, text), value)
    if "subject" in values or "kind" in values:
        problem = claim_subject_problem(project, kind, values.get("subject", claim.subject if claim else ""))
        if problem:
            raise ValidationError(problem, "--subject")
    tolerance = values.get("tolerance", claim.tolerance if claim else None)
    if tolerance is not None and (problem := tolerance_problem(kind, tolerance)):
        raise ValidationError(problem, "--tolerance")


def _note_claims(saved: Saved, after: Project, ctx: Context) -> None:
    """One line per claim this save added or changed (not a colleague's saved meanwhile): what the records give."""
    for _, line in verdict_lines(after, saved.records("claims", after.code), DEFAULT_RULES, ctx.lang):
        ctx.err.print(Text(plain(f"drift: {line}")), soft_wrap=True)


# drift finding / recommendation / compliance: add, edit N, delete N


_SINGULAR = {"findings": "finding", "recommendations": "recommendation", "compliance": "compliance check"}


def _listed_record(args: argparse.Namespace, ctx: Context, kind: str, fields: Sequence[str], adder: Callable) -> int:
    """add, edit N or delete N of a record known by its position in the project's list."""
    store, project = _loaded(args, ctx)
    if args.action == "add":
        if args.number is not None:
            raise DriftError(f"add takes no number: a new {_SINGULAR[kind]} goes last")
        _required(args, fields[:1], f"a new {_SINGULAR[kind]}")
        values = {name: _text(f"--{name}", getattr(args, name)) or "" for name in fields}
        edit = adder(project.code, **values) if kind != "recommendations" else adder(project.code, values["text"])
        return _save(args, ctx, store, [edit])
    if args.number is None:
        raise DriftError(f"{args.action} needs the number of the record, as `drift status` lists them (1, 2 …)")
    if args.action == "delete":
        _one_of(args, fields, "with delete")
        return _save(args, ctx, store, [delete_record(project, kind, args.number)])
    values = _given(**{name: _text(f"--{name}", getattr(args, name)) for name in fields})
    if not values:
        raise DriftError(f"edit needs at least one of {', '.join('--' + name for name in fields)}")
    return _save(args, ctx, store, [edit_record(project, kind, args.number, **values)])


def cmd_finding(args: argparse.Namespace, ctx: Context) -> int:
    """Add, edit or delete a finding: problem, cause, recommendation."""
    return _listed_record(args, ctx, "findings", ("problem", "cause", "recommendation"), add_finding)


def cmd_recommendation(args: argparse.Namespace, ctx: Context) -> int:
    """Add, edit or delete a recommendation not tied to a finding."""
    return _listed_record(args, ctx, "recommendations", ("text",), add_recommendation)


def cmd_compliance(args: argparse.Namespace, ctx: Context) -> int:
    """Add, edit or delete a compliance check: item, status, risk."""
    return _listed_record(args, ctx, "compliance", ("item", "status", "risk"), add_compliance)


# drift new


def _source_budget(text: str) -> tuple[SourceKind, Decimal]:
    kind, sep, amount = text.partition("=")
    if not sep:
        raise ValidationError(f"{text!r} is not KIND=AMOUNT, e.g. central=82", "--source")
    try:
        source = SourceKind(kind.strip())
    except ValueError:
        kinds = ", ".join(kind.value for kind in SourceKind)
        raise ValidationError(f"{kind!r} is not one of {kinds}", "--source") from None
    return source, _money("--source", amount)


def cmd_new(args: argparse.Namespace, ctx: Context) -> int:
    """Add a new project with its code, name, budget year and annual budget."""
    year = _parsed("--year", parse_year, args.year)
    code = _text("--code", args.code).strip()
    if not code:
        raise ValidationError("must not be empty", "--code")
    extra = _given(
        department=_text("--department", args.department),
        implementing_unit=_text("--unit", args.unit),
        status_date=_date("--status-date", args.status_date),
    )
    edit = new_project(
        code,
        name=_text("--name", args.name),
        budget_year=year,
        annual_budget=_money("--annual-budget", args.annual_budget),
        sources=[_source_budget(text) for text in args.source or ()],
        **extra,
    )
    return _save(args, ctx, ctx.store(), [edit])


# drift log / drift undo


def cmd_log(args: argparse.Namespace, ctx: Context) -> int:
    """Every recorded change, oldest first, one tab-separated row each.

    The columns: revision, when, the name it was declared by, the system account that saved it, project, the field
    before and after, the revision it undoes, the note.
    """
    since = _date("--since", args.since)
    store = ctx.store()
    verifying = args.verify or args.anchor is not None
    if verifying and (summary := history_summary(store.verify_history(args.anchor), ctx.store_path, ctx.lang)):
        ctx.err.print(summary, soft_wrap=True)
    entries = store.history(project=args.project, since=since)
    if args.json:
        output.write_data(orjson.dumps([e.to_json() for e in entries], option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not entries:
        ctx.err.print(Text(t("log.empty", ctx.lang)))
        return 0
    unknown = t("log.unknown_account", ctx.lang)
    for entry in entries:
        undoes = t("log.undoes", ctx.lang, revision=entry.undoes) if entry.undoes is not None else ""
        cells = (
            f"r{entry.revision}",
            entry.at.isoformat(),
            entry.by,
            entry.account if entry.account is not None else unknown,
            entry.project,
            entry.describe(),
            undoes,
            entry.note,
        )
        sys.stdout.write("\t".join(tsv_cell(cell) for cell in cells) + "\n")
    return 0


def cmd_undo(args: argparse.Namespace, ctx: Context) -> int:
    """Revert your last change not undone yet, as a new change; refused when its fields changed since."""
    by = _who(args, ctx)
    revision = None if args.revision is None else _parsed("--revision", _revision, args.revision)
    try:
        saved = ctx.store().undo(by=by, at=_now(), note=_text("--note", args.note) or "", revision=revision)
    except ChangedSinceError as error:
        if error.older is None:
            raise
        raise DriftError(t("undo.older", ctx.lang, refused=error, revision=error.older)) from None
    _write_lines(saved.lines())
    first = saved.entries[0] if saved.entries else None
    target, account = (first.undoes, first.account) if first else (None, None)
    key = "edit.undone" if by == account else "edit.undone_for"
    ctx.err.print(Text(t(key, ctx.lang, target=target, revision=saved.revision, by=by, account=account)))
    return 0


# drift import-payments


@dataclass(frozen=True)
class RowError:
    """A bad cell of a ledger file: the file, the line, the column and why."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass(frozen=True)
class LedgerRow:
    """A valid row of a ledger file, as the payment it records."""

    line: int
    date: Date
    source: SourceKind
    amount: Decimal
    voucher: str
    note: str


def read_ledger(path: Path, project: Project) -> tuple[list[LedgerRow], list[RowError]]:
    """The rows of a payments CSV (UTF-8, with or without BOM, header row first) and every bad cell in it."""
    name = str(path)
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DriftError(f"{name}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise DriftError(f"{name}: empty; the first row must name the columns {', '.join(LEDGER_COLUMNS)}") from None
    except csv.Error as error:
        raise DriftError(f"{name}:1: {error}") from None
    _check_header(name, header)

    rows: list[LedgerRow] = []
    errors: list[RowError] = []
    sources = {str(source.kind) for source in project.funding.sources}
    read = 0
    while True:
        line = reader.line_num + 1  # where the next record starts; a quoted cell may span lines
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowError(name, line, "", str(error)))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append(RowError(name, line, "", f"has {len(cells)} cells; the header has {len(header)}"))
            continue
        read += 1
        if read > MAX_RECORDS:  # read no further than a project can hold, however long the file
            raise DriftError(
                f"{name}: more than {MAX_RECORDS:,} rows; a project holds at most {MAX_RECORDS:,} payments"
            )
        row, problems = _ledger_row(name, line, dict(zip(header, cells, strict=True)), project, sources)
        errors += problems
        if row is not None:
            rows.append(row)
    return rows, errors


def _check_header(name: str, header: list[str]) -> None:
    unknown = [column for column in header if column not in LEDGER_COLUMNS]
    if unknown:
        raise DriftError(f"{name}:1: unknown column {unknown[0]!r}; the columns are {', '.join(LEDGER_COLUMNS)}")
    repeated = [column for column, count in Counter(header).items() if count > 1]
    if repeated:
        raise DriftError(f"{name}:1: the column {repeated[0]!r} appears twice")
    missing = [column for column in LEDGER_REQUIRED if column not in header]
    if missing:
        raise DriftError(
            f"{name}:1: the header has no column {missing[0]!r}; the columns are {', '.join(LEDGER_COLUMNS)}"
        )


def _ledger_row(
    name: str, line: int, cells: dict[str, str], project: Project, sources: set[str]
) -> tuple[LedgerRow | None, list[RowError]]:
    errors: list[RowError] = []

    def cell(column: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(cells.get(column, ""))
        except ValidationError as error:
            errors.append(RowError(name, line, column, error.message))
            return None

    def source(text: str) -> SourceKind:
        text = text.strip()
        if text not in sources:
            listed = ", ".join(sorted(sources)) or "none"
            raise ValidationError(f"{text!r} is not a funding source of project {project.code} (it has {listed})")
        return SourceKind(text)

    def in_budget_year(text: str) -> Date:
        date = parse_date(text.strip())
        if date.year != project.budget_year:
            raise ValidationError(f"{date} is outside the budget year {project.budget_year}")
        return date

    date = cell("date", in_budget_year)
    kind = cell("source", source)
    amount = cell("amount", lambda text: parse_money(text.strip()))
    voucher = cell("voucher", lambda text: check_text(text.strip()))
    note = cell("note", lambda text: check_text(text.strip()))
    if errors:
        return None, errors
    return LedgerRow(line, date, kind, amount, voucher, note), []


def cmd_import_payments(args: argparse.Namespace, ctx: Context) -> int:
    """Add the payments of a ledger export (CSV); writes nothing unless every row is valid, nothing with --dry-run.

    A ledger exported again holds last month's rows too: those already recorded are skipped, decided by the store on
    the data read under its lock, so the same ledger imported twice at once records each row once.
    """
    store, project = _loaded(args, ctx)
    path = Path(args.file)
    rows, errors = read_ledger(path, project)
    if errors:
        _write_lines([str(error) for error in errors], sys.stderr)
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
        (would_be,), changes = apply_edits((project,), edits)  # in memory: shows the ids the payments would get
        added = _imported(ctx, path, rows, changes)
        if added:
            ctx.err.print(Text(t("edit.dry_run", ctx.lang, count=len(added))))
        _warn_overspends(project, would_be, ctx, "edit.overspend_dry_run")
        return 0
    by = _who(args, ctx)
    saved = store.apply(edits, by=by, at=_now(), note=_text("--note", args.note) or "")
    if _imported(ctx, path, rows, saved.changes):
        ctx.err.print(Text(t("edit.saved", ctx.lang, revision=saved.revision, by=by)))
    after = saved.portfolio.project(project.code)
    if after is not None:
        _warn_overspends(project, after, ctx)
        _note_later(project, after, ctx)
    return 0


def _imported(ctx: Context, path: Path, rows: Sequence[LedgerRow], changes: Sequence[RecordChange]) -> list[str]:
    """Say which rows were already recorded and print a line per payment added; those lines, or "nothing new"."""
    already = [row for row, change in zip(rows, changes, strict=True) if not change.fields]
    _write_lines([t("edit.csv_already", ctx.lang, file=path, line=row.line) for row in already], sys.stderr)
    added = [
        _payment_line(change.record, {c.field: c.new for c in change.fields}) for change in changes if change.fields
    ]
    if not added:
        ctx.err.print(Text(t("edit.csv_nothing_new", ctx.lang, file=path)))
    _write_lines(added)
    return added


def _payment_line(record: str | None, fields: dict[str, Any]) -> str:
    """One line per imported payment: "payments P4: date 2023-10-15, source central, amount 120.50"."""
    shown = ", ".join(f"{name} {show(value)}" for name, value in fields.items())
    return f"payments {record}: {shown}"


# Arguments


def _changing(parser: argparse.ArgumentParser, *, project: bool = True) -> None:
    if project:
        parser.add_argument("--project", metavar="CODE", help="the project (default: the store's only project)")
    parser.add_argument("--by", metavar="USER", help="who makes the change, for the history (default: $USER)")
    parser.add_argument("--note", metavar="TEXT", help="why, for the history")


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
        parser.add_argument("--date", metavar="DATE", help="YYYY-MM-DD, within the budget year")
        parser.add_argument(
            "--source", metavar="KIND", help="funding source: central, provincial, local, self_raised, other"
        )
        parser.add_argument("--amount", metavar="AMOUNT", help="万元 as a decimal, e.g. 120.50")
        parser.add_argument(f"--{reference}", metavar="TEXT", help=reference_help)
        parser.add_argument("--description", metavar="TEXT", help="what the money is for (the record's note)")
        if reference == "voucher":
            _allow_duplicate(parser, "record it even when the same payment (date, source, amount, voucher) is there")
        _changing(parser)

    return arguments


def _date_option(parser: argparse.ArgumentParser, name: str, help: str) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(f"--{name}", metavar="DATE", help=f"{help}, YYYY-MM-DD")
    group.add_argument(f"--clear-{name}", action="store_true", help=f"forget the {help}")


def _phase_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("phase", metavar="PHASE_ID", help="the phase's id, e.g. design")
    _date_option(parser, "actual-start", "actual start")
    _date_option(parser, "actual-end", "actual end")
    _date_option(parser, "expected-end", "monitor's expected end")
    parser.add_argument("--percent-complete", metavar="PERCENT", help="0–100, for earned value")
    parser.add_argument("--remark", metavar="TEXT")
    _changing(parser)


def _event_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--delete", metavar="ID", help="delete this event instead of adding one")
    parser.add_argument("--date", metavar="DATE", help="YYYY-MM-DD")
    parser.add_argument("--name", metavar="TEXT", help="e.g. 竣工验收")
    parser.add_argument("--document", metavar="TEXT", help="document number, e.g. 襄发改审字〔2023〕9号")
    parser.add_argument("--title", metavar="TEXT", help="the document's title")
    parser.add_argument("--issuer", metavar="TEXT", help="who issued the document")
    parser.add_argument("--phase", metavar="ID", help="the phase this event opens or closes")
    parser.add_argument("--marks", choices=("start", "end"), help="which end of --phase (default: end)")
    _changing(parser)


def _indicator_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("indicator", metavar="ID", help="the indicator's id, e.g. I5")
    parser.add_argument("--to-date", metavar="TEXT", help="完成情况 as written: 0, 45%%, -")
    parser.add_argument("--forecast", metavar="TEXT", help="全年预计 as written")
    parser.add_argument("--likelihood", choices=("certain", "possible", "impossible", "none"))
    parser.add_argument("--cause", metavar="TEXT", help="偏差原因分析")
    parser.add_argument("--analysis", metavar="TEXT", help="the monitor's analysis")
    parser.add_argument("--remark", metavar="TEXT", help="备注")
    _changing(parser)


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
        help="a funding source for a rate, a phase for a completion date, an indicator for a value or likelihood",
    )
    parser.add_argument("--reference", metavar="TEXT", help="where the report says so, e.g. 自评报告 第二部分")
    parser.add_argument(
        "--tolerance",
        metavar="NUMBER",
        help="how far the records may differ: points, days or the indicator's unit; default: the rule's",
    )
    _changing(parser)


def _project_arguments(parser: argparse.ArgumentParser) -> None:
    _date_option(parser, "status-date", "status date (状态日期)")
    parser.add_argument("--progress-summary", metavar="TEXT", help="具体完成情况")
    _changing(parser)


def _listed_arguments(*fields: tuple[str, str]) -> Callable[[argparse.ArgumentParser], None]:
    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("action", choices=("add", "edit", "delete"))
        parser.add_argument("number", metavar="N", nargs="?", help="for edit and delete: 1 for the first, …")
        for name, help in fields:
            parser.add_argument(f"--{name}", metavar="TEXT", help=help)
        _changing(parser)

    return arguments


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--code", metavar="CODE", required=True, help="project code (项目代码), unique in the store")
    parser.add_argument("--name", metavar="TEXT", required=True, help="project name")
    parser.add_argument("--year", metavar="YEAR", required=True, help="budget year, e.g. 2024")
    parser.add_argument("--annual-budget", metavar="AMOUNT", required=True, help="年度预算 in 万元, e.g. 589.20")
    parser.add_argument(
        "--source",
        metavar="KIND=AMOUNT",
        action="append",
        help="a funding source and its annual budget, e.g. central=82; repeat for each",
    )
    parser.add_argument("--department", metavar="TEXT", help="主管部门")
    parser.add_argument("--unit", metavar="TEXT", help="implementing unit (实施单位)")
    parser.add_argument("--status-date", metavar="DATE", help="YYYY-MM-DD")
    _changing(parser, project=False)


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


def _revision(text: str) -> int:
    if not (text.isascii() and text.strip().isdigit()):
        raise ValidationError(f"{text!r} is not a revision number, as `drift log` lists them")
    return int(text)


def _undo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--by", metavar="USER", help="on whose behalf you undo your last change, for the history (default: $USER)"
    )
    parser.add_argument(
        "--revision", metavar="N", help="undo this change of yours instead of the last one (see `drift log`)"
    )
    parser.add_argument("--note", metavar="TEXT", help="why, for the history")


def _allow_duplicate(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--allow-duplicate", action="store_true", help=help)


def _import_payments_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="CSV with a header row: date, source, amount, voucher, note")
    parser.add_argument("--dry-run", action="store_true", help="show what would be added; save nothing")
    _allow_duplicate(parser, "add every row, even one recorded already (same date, source, amount and voucher)")
    _changing(parser)


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
    Command("phase", "set or clear a phase's actual start and end", cmd_phase, _phase_arguments),
    Command("event", "record a milestone event with its document number", cmd_event, _event_arguments),
    Command(
        "indicator",
        "record an indicator's value to date, forecast, likelihood and deviation cause",
        cmd_indicator,
        _indicator_arguments,
    ),
    Command("project", "set the project's status date", cmd_project, _project_arguments),
    Command(
        "claim",
        "record what the report claims (a rate, a completion date, a value, a likelihood, a score), or --edit or "
        "--delete one; drift holds it against the records",
        cmd_claim,
        _claim_arguments,
    ),
    Command(
        "finding",
        "add, edit or delete a finding (problem, cause, recommendation)",
        cmd_finding,
        _listed_arguments(
            ("problem", "the problem found"), ("cause", "its cause"), ("recommendation", "what to do about it")
        ),
    ),
    Command(
        "recommendation",
        "add, edit or delete a recommendation not tied to a finding",
        cmd_recommendation,
        _listed_arguments(("text", "the recommendation")),
    ),
    Command(
        "compliance",
        "add, edit or delete a compliance check (延伸监控)",
        cmd_compliance,
        _listed_arguments(("item", "what was checked"), ("status", "what was found"), ("risk", "problems and risks")),
    ),
    Command("new", "add a new project with its code, name, budget year and annual budget", cmd_new, _new_arguments),
    Command(
        "log", "list the recorded changes: who changed which field, when, from what to what", cmd_log, _log_arguments
    ),
    Command("undo", "revert your last change, as a new change", cmd_undo, _undo_arguments),
    Command(
        "import-payments",
        "add the payments of a ledger export (CSV); nothing is saved unless every row is valid",
        cmd_import_payments,
        _import_payments_arguments,
    ),
]
