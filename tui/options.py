"""What every command that records progress shares: reading its options, the person, the clock and its output lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar, overload

import pendulum
from pendulum import Date

from drift.i18n import plain, t
from store.backend import Backend
from store.codec import money_date as store_money_date
from store.errors import DriftError, ValidationError
from store.model import Portfolio, Project
from store.typed import read_date, read_money, typed_quantity, typed_source
from store.values import check_text
from tui.context import Context, now

T = TypeVar("T")


# Reading options: each bad value is one DriftError naming the option.


def parsed(option: str, parse: Callable[[str], T], text: str) -> T:
    """text read by parse; a ValidationError is raised again located at the option, e.g. "--date: …"."""
    try:
        return parse(text)
    except ValidationError as error:
        raise error.located(prefix=option) from None


# Each reader gives None for an option not given, and the value read for one that was: typed so for each case.


@overload
def date(option: str, text: str) -> Date: ...
@overload
def date(option: str, text: None) -> None: ...
def date(option: str, text: str | None) -> Date | None:
    """A date option: YYYY-MM-DD and the other ways offices write a date."""
    return None if text is None else parsed(option, read_date, text)


@overload
def money(option: str, text: str) -> Decimal: ...
@overload
def money(option: str, text: None) -> None: ...
def money(option: str, text: str | None) -> Decimal | None:
    """An amount option in 万元: 1,200.50, full-width digits, 万元, 元 and 亿 as offices type them."""
    return None if text is None else parsed(option, read_money, text)


@overload
def text(option: str, text: str) -> str: ...
@overload
def text(option: str, text: None) -> None: ...
def text(option: str, text: str | None) -> str | None:
    """A text option: no control characters, not too long."""
    return None if text is None else parsed(option, check_text, text)


CLEAR = "none"
"""What an amount or points option takes to say the report states no such figure (unknown, never 0.00)."""

_CLEARING = {CLEAR, "无", "未说明", "不详"}
"""CLEAR, and the words a Chinese office types for it."""


def clears(text: str) -> bool:
    """Whether an option's text says the report states nothing (CLEAR, 无 …)."""
    return text.strip().lower() in _CLEARING


def amounts(
    args: argparse.Namespace, names: Sequence[str], read: Callable[[str], Decimal] = read_money
) -> dict[str, Decimal | None]:
    """The amount (or, with read_points, points) options given: each a number, or None for CLEAR (not stated)."""
    given: dict[str, Decimal | None] = {}
    for name in names:
        text = getattr(args, name)
        if text is not None:
            option = f"--{name.replace('_', '-')}"
            given[name] = None if clears(text) else parsed(option, read, text)
    return given


def measure(option: str, text: str | None, unit: str) -> str | None:
    """An indicator's value in its target's unit ("228.76万平方米" as 2287600平方米 when the target counts 平方米)."""
    return None if text is None else parsed(option, lambda value: typed_quantity(check_text(value), unit), text)


def source(option: str, text: str | None, project: Project) -> str | None:
    """The id of a funding source the project lists, named as people name it (central, 中央, 中央补助资金), or ""
    for money of the whole project; the error names the option."""
    return None if text is None else parsed(option, lambda value: typed_source(project.funding.sources, value), text)


def money_date(option: str, text: str | None, project: Project) -> Date | None:
    """The date of a payment, an allocation or a reported figure, in a year its money may move by the store's rule."""
    return None if text is None else parsed(option, lambda value: store_money_date(project, read_date(value)), text)


def given(**values: Any) -> dict[str, Any]:
    """The options that were given, for an edit that sets only those."""
    return {name: value for name, value in values.items() if value is not None}


def one_of(args: argparse.Namespace, fields: Sequence[str], other: str, lang: str) -> None:
    """Refuse field options where they mean nothing beside the option other, e.g. --delete."""
    named = [name for name in fields if getattr(args, name, None) is not None]
    if named:
        raise DriftError(t("option.not_with", lang, option=_option(named[0]), other=other))


def required(args: argparse.Namespace, fields: Sequence[str], record: str, lang: str) -> None:
    """Refuse a new record (its kind, as in option.new.*) without the options it cannot do without."""
    missing = [_option(name) for name in fields if getattr(args, name, None) is None]
    if missing:
        what = t(f"option.new.{record}", lang)
        raise DriftError(t("option.needs", lang, what=what, options=_listed(missing, lang)))


def edit_needs(record: str, fields: Sequence[str], lang: str) -> DriftError:
    """The refusal of an --edit (or edit N) that changes nothing: it names the options that would."""
    return DriftError(t("option.edit_needs", lang, record=record, options=_listed(map(_option, fields), lang)))


def _option(field: str) -> str:
    return "--" + field.replace("_", "-")


def _listed(items: Iterable[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


# The store, the project and the person.


def who(args: argparse.Namespace, ctx: Context) -> str:
    """Who makes the change: --by, else $USER (from the environment main() was given)."""
    by = args.by if args.by is not None else ctx.user
    if not by.strip():
        raise DriftError(t("edit.who", ctx.lang))
    return parsed("--by", check_text, by)


def note(args: argparse.Namespace) -> str:
    """Why, for the history: --note, else nothing."""
    return text("--note", args.note) or ""


def author(args: argparse.Namespace, ctx: Context) -> tuple[str, pendulum.DateTime, str]:
    """Who makes the change (--by, else $USER), now, and why (--note): for a command that saves with history."""
    return who(args, ctx), now(), note(args)


def chosen_project(portfolio: Portfolio, code: str | None, ctx: Context) -> Project:
    """The project named by --project, or the store's only project."""
    if code is None:
        if len(portfolio.projects) != 1:
            raise DriftError(t("edit.choose_project", ctx.lang, path=ctx.store_name, count=len(portfolio.projects)))
        return portfolio.projects[0]
    project = portfolio.project(code)
    if project is None:
        raise DriftError(t("status.no_project", ctx.lang, code=code, path=ctx.store_name))
    return project


def loaded(args: argparse.Namespace, ctx: Context) -> tuple[Backend, Project]:
    """The store and the project --project names in it (the store's only project without it), read alone when the
    store can tell it from the others (Store.one): a command that edits it reads and writes no more than it needs."""
    store = ctx.store()
    found = store.one(args.project)
    if found.project is not None:
        return store, found.project
    if args.project is None:
        raise DriftError(t("edit.choose_project", ctx.lang, path=ctx.store_name, count=found.total))
    raise DriftError(t("status.no_project", ctx.lang, code=args.project, path=ctx.store_name))


def write_lines(lines: Sequence[str], stream: Any = None) -> None:
    """Lines of data, unwrapped and with control characters shown as escapes, on stdout or stream."""
    stream = stream or sys.stdout
    for line in lines:
        stream.write(plain(line) + "\n")


# Arguments every such command takes.


def changing_arguments(parser: argparse.ArgumentParser, *, project: bool = True) -> None:
    """--project (unless the command makes one), --by and --note."""
    if project:
        parser.add_argument("--project", metavar="CODE", help="the project (default: the store's only project)")
    parser.add_argument("--by", metavar="USER", help="who makes the change, for the history (default: $USER)")
    parser.add_argument("--note", metavar="TEXT", help="why, for the history")


def allow_duplicate_argument(parser: argparse.ArgumentParser, help: str) -> None:
    """--allow-duplicate, for the commands that add payments."""
    parser.add_argument("--allow-duplicate", action="store_true", help=help)
