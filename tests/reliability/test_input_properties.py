"""Property tests: whatever a person types or a file holds, drift answers with its typed error and nothing else.

tests/store/test_store_properties.py covers the value parsers and the project decoder; these add the command
line's option readers, ledger (CSV) rows, the edit builders, whole store files and `drift pay` itself.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from msgspec import structs

from store.codec import encode_project
from store.edits import (
    KINDS,
    add_allocation,
    add_compliance,
    add_event,
    add_finding,
    add_payment,
    add_recommendation,
    apply_edits,
    delete_record,
    edit_record,
    new_project,
)
from store.errors import DriftError, StoreError, ValidationError
from store.fileio import read_json
from store.files import load_sample
from store.history import decode_history
from store.ledger import read_ledger
from store.model import Payment, SourceKind
from store.persist import Store
from store.tables import decode_store
from store.values import check_text, parse_measure
from tui import options
from tui.backup import _revision
from tui.commands import records as record_commands
from tui.status import as_of_option

from .helpers import CODE

SEED = load_sample()[0]
PROJECT = structs.replace(
    SEED,
    funding=structs.replace(
        SEED.funding,
        payments=(
            Payment(
                id="P1", date=pendulum.date(2023, 10, 8), amount=Decimal("10"), source=SourceKind.LOCAL, voucher="记-1"
            ),
        ),
    ),
)
"""The seed project with one payment, so that editing and deleting payments has something to work on."""

CONTROL_AND_ESCAPES = st.sampled_from(
    [
        "\x1b[2J",
        "\x1b]52;c;ZXZpbA==\x07",
        "\x1b]8;;http://x\x1b\\x\x1b]8;;\x1b\\",
        "\x9b31m",
        "\x07",
        "\x00",
        "\r",
        "\x7f",
    ]
)
typed_text = st.text(max_size=20) | CONTROL_AND_ESCAPES | st.sampled_from(["", " ", "—", "[bold]x[/]", "‮evil", "﻿"])
date_like = st.from_regex(r"\A\s?-?\d{1,5}-\d{1,3}-\d{1,3}\s?\Z") | st.text(alphabet="0123456789-/ T:", max_size=12)
money_like = st.from_regex(r"\A\s?[-+]?\d{0,8}(\.\d{0,8})?([eE][-+]?\d{1,3})?\s?\Z") | st.sampled_from(
    ["NaN", "Infinity", "1,5", "１２", "٣", "0x10", "1_000"]
)


def mostly(good: list[Any], other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """One of the good values three times in four, else anything other draws: successes and refusals both."""
    return st.integers(0, 3).flatmap(lambda n: st.sampled_from(good) if n else other)


def typed_errors_only(call: Any, *args: Any, **kwargs: Any) -> Any:
    """call(...), or None when it raised a DriftError (which must say something); anything else fails the test."""
    try:
        result = call(*args, **kwargs)
    except DriftError as error:
        assert str(error)
        event(f"refused: {type(error).__name__}")
        return None
    event("accepted")
    return result


# The command line's option readers


@settings(max_examples=200)
@given(date_like | typed_text)
def test_a_date_option_gives_a_date_or_a_validation_error_naming_the_option(text: str) -> None:
    try:
        options.date("--date", text)
    except ValidationError as error:
        assert error.path == "--date"


@settings(max_examples=200)
@given(money_like | typed_text)
def test_a_money_option_gives_a_non_negative_amount_or_a_validation_error_naming_the_option(text: str) -> None:
    try:
        amount = options.money("--amount", text)
    except ValidationError as error:
        assert error.path == "--amount"
        return
    assert amount is not None and amount.is_finite() and amount >= 0


@settings(max_examples=200)
@given(typed_text | st.text())
def test_a_text_option_keeps_text_as_typed_or_refuses_a_control_character_naming_the_option(text: str) -> None:
    try:
        assert options.text("--remark", text) == text
    except ValidationError as error:
        assert error.path == "--remark" and "control character" in error.message


@settings(max_examples=200)
@given(mostly([*SourceKind, " central "], typed_text | st.just("CENTRAL")))
def test_a_source_option_gives_a_source_of_the_project_or_a_validation_error(text: str) -> None:
    source = typed_errors_only(options.source, "--source", text, PROJECT)
    # "" (nothing but spaces typed) is money of the whole project.
    assert source is None or source in {"", *(listed.id for listed in PROJECT.funding.sources)}


@settings(max_examples=200)
@given(
    st.builds(
        lambda kind, sep, amount: kind + sep + amount,
        typed_text | st.sampled_from(list(SourceKind)),
        st.sampled_from(["=", "", "==", " = "]),
        money_like | typed_text,
    )
)
def test_a_kind_equals_amount_option_of_drift_new_gives_a_pair_or_a_validation_error(text: str) -> None:
    typed_errors_only(record_commands._source_budget, text)
    typed_errors_only(record_commands._source_budget, text.partition("=")[0] + "=12.5")


@settings(max_examples=100)
@given(date_like | typed_text | st.sampled_from(["12", "r12", "-1", "١٢"]))
def test_the_as_of_and_restore_options_give_a_value_or_a_validation_error(text: str) -> None:
    typed_errors_only(as_of_option, text)
    revision = typed_errors_only(_revision, text)
    assert revision is None or revision >= 0


@settings(max_examples=200)
@given(typed_text | st.from_regex(r"\A(≥|>=|≤|<=|=|>|<)?\s*-?\d{0,5}(\.\d{0,3})?\s*\S{0,3}\Z"))
def test_a_measured_value_is_read_as_a_number_or_as_no_number_and_never_raises(text: str) -> None:
    measured = parse_measure(text)
    assert measured is None or measured[1].is_finite()
    typed_errors_only(check_text, text)


# Ledger (CSV) rows for `drift import-payments`


def ledger(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


columns = st.lists(st.sampled_from(["date", "source", "amount", "voucher", "note", "Amount ", "extra", ""]), max_size=6)
cells = date_like | money_like | typed_text | st.sampled_from([*SourceKind, "2023-10-08", "2022-12-31"])


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.one_of(st.just(["date", "source", "amount", "voucher", "note"]), columns),
    rows=st.lists(st.lists(cells, max_size=6), max_size=4),
    raw=st.none() | st.binary(max_size=60),
)
@example(header=["date", "source", "amount"], rows=[["2023-10-08", "local", "1"]], raw=b'date,source,amount\n"x')
@example(header=[], rows=[], raw=b"\xef\xbb\xbfdate,source,amount\n2023-10-08,local,1\r\n")
def test_any_ledger_file_gives_valid_rows_or_errors_naming_line_and_column(
    tmp_path: Path, header: list[str], rows: list[list[str]], raw: bytes | None
) -> None:
    path = tmp_path / "ledger.csv"
    path.write_bytes(raw if raw is not None else ledger(header, rows))

    read = typed_errors_only(read_ledger, path, PROJECT)

    if read is None:
        return
    good, bad, _ = read
    for error in bad:
        assert error.line >= 2 and str(error).startswith(f"{path}:{error.line}: ")
    for row in good:
        assert row.date.year == PROJECT.budget_year
        assert row.source in {source.kind for source in PROJECT.funding.sources}
        assert row.amount >= 0
        check_text(row.voucher)
        check_text(row.note)


# The edit builders, and applying what they build

_TAKEN = {"project", "kind", "record"}
"""Parameter names of edit_record itself, which no field of a record can be passed as."""
FIELD_NAMES = sorted({name for kind in KINDS.values() for name in kind.fields} - _TAKEN | {"id", "colour"})
plausible = st.sampled_from(
    [
        *("2023-10-08", "2023-12-31", "12.50", "0", "100", "45", "45%", "≥95%", "certain", "possible", "local"),
        *("central", "start", "end", "feasibility", "一段文字", "", "I1"),
    ]
)
"""Values a field may well accept, so that the properties see edits that succeed as well as refusals."""
values = (
    plausible
    | plausible
    | st.none()
    | typed_text
    | date_like
    | money_like
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.dates(min_value=dt.date(1, 1, 1)).map(lambda day: pendulum.date(day.year, day.month, day.day))
    | st.dates()
    | st.lists(typed_text, max_size=3)
    | st.sampled_from([*SourceKind, "certain", "maybe", "start", "end", "construction", "I1"])
)
KNOWN_RECORDS = sorted(
    {"P1", "1", "2", "7", *(a.id for a in PROJECT.funding.allocations), *(str(s.kind) for s in PROJECT.funding.sources)}
    | {phase.id for phase in PROJECT.phases}
    | {event.id for event in PROJECT.events}
    | {indicator.id for indicator in PROJECT.indicators}
)
EXISTING = [
    ("payments", "P1"),
    ("project", None),
    ("funding", None),
    *(("allocations", a.id) for a in PROJECT.funding.allocations),
    *(("sources", str(source.kind)) for source in PROJECT.funding.sources),
    *(("phases", phase.id) for phase in PROJECT.phases),
    *(("events", event.id) for event in PROJECT.events),
    *(("indicators", indicator.id) for indicator in PROJECT.indicators),
    *((kind, "1") for kind in ("findings", "compliance", "recommendations")),
]
"""Records the project has, by kind: most edits name one of them, the rest name anything."""
records = (
    st.sampled_from(KNOWN_RECORDS)
    | st.sampled_from(KNOWN_RECORDS)
    | st.none()
    | st.sampled_from(["P9", "I99", "0", "-1", "01", "１"])
    | typed_text
)


@settings(max_examples=400, deadline=None)
@given(
    where=mostly(EXISTING, st.tuples(st.sampled_from([*sorted(KINDS), "nonsense"]), records)),
    fields=st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=3),
)
def test_editing_any_field_of_any_record_with_any_value_saves_a_valid_project_or_raises_a_drift_error(
    where: tuple[str, str | None], fields: dict[str, Any]
) -> None:
    kind, record = where

    def edit_and_apply() -> Any:
        return apply_edits((PROJECT,), [edit_record(PROJECT, kind, record, **fields)])

    result = typed_errors_only(edit_and_apply)
    if result is not None:
        (project,), _ = result
        assert encode_project(project)  # decoded and checked by every rule on the way in


@settings(max_examples=300, deadline=None)
@given(where=mostly(EXISTING, st.tuples(st.sampled_from([*sorted(KINDS), "nonsense"]), records)))
def test_deleting_any_record_saves_a_valid_project_or_raises_a_drift_error(where: tuple[str, str | None]) -> None:
    kind, record = where
    typed_errors_only(lambda: apply_edits((PROJECT,), [delete_record(PROJECT, kind, record)]))


@settings(max_examples=300, deadline=None)
@given(
    builder=st.sampled_from(["payment", "allocation", "event", "finding", "compliance", "recommendation", "new"]),
    a=values,
    b=values,
    c=values,
    d=values,
)
@example(builder="payment", a="2023-10-08", b="local", c="1", d=-9223372036854775809)  # a voucher JSON cannot hold
def test_adding_any_record_with_any_values_saves_a_valid_project_or_raises_a_drift_error(
    builder: str, a: Any, b: Any, c: Any, d: Any
) -> None:
    def build() -> Any:
        if builder == "payment":
            return add_payment(CODE, date=a, source=b, amount=c, voucher=d)
        if builder == "allocation":
            return add_allocation(CODE, date=a, source=b, amount=c, document=d)
        if builder == "event":
            return add_event(CODE, date=a, name=b, document=c, phase=d if isinstance(d, str) else "")
        if builder == "finding":
            return add_finding(CODE, problem=a, cause=b, recommendation=c)
        if builder == "compliance":
            return add_compliance(CODE, item=a, status=b, risk=c)
        if builder == "recommendation":
            return add_recommendation(CODE, a)
        year = d if isinstance(d, int) and not isinstance(d, bool) else 2024
        return new_project(f"NEW-{b}", name=a, budget_year=year, annual_budget=c, sources=[("central", c)])

    typed_errors_only(lambda: apply_edits((PROJECT,), [build()]))


# Whole store files

STORE_DOC: dict[str, Any] = {
    "_meta": {"1": {"schema": 1, "revision": 3}},
    "projects": {"1": encode_project(PROJECT)},
    "history": {
        "1": {
            "revision": 2,
            "at": "2023-10-08T09:00:00+08:00",
            "by": "alice",
            "project": CODE,
            "action": "add",
            "kind": "payments",
            "record": "P1",
            "field": "amount",
            "old": None,
            "new": "10",
            "note": "",
            "undoes": None,
        }
    },
}


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _places(value, (*path, index))
    return out


PLACES = _places(json.loads(json.dumps(STORE_DOC)))[1:]
json_junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | typed_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(typed_text, inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(
    spoils=st.lists(
        st.tuples(st.sampled_from(PLACES), json_junk | values.filter(lambda v: isinstance(v, str))),
        min_size=1,
        max_size=3,
    )
)
def test_a_store_document_with_junk_anywhere_loads_or_raises_a_validation_error_naming_the_file(
    spoils: list[tuple[tuple[Any, ...], Any]],
) -> None:
    document = copy.deepcopy(STORE_DOC)
    for path, junk in spoils:
        with contextlib.suppress(KeyError, IndexError, TypeError):  # an earlier spoil replaced a container
            node = document
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = junk

    try:
        decode_store(document, "store.json")
        decode_history(document.get("history"), "store.json")
    except ValidationError as error:
        assert error.file == "store.json" and error.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200) | st.text(max_size=100).map(str.encode))
@example(raw=b"\xef\xbb\xbf{}")
@example(raw=b'{"_meta": {"1": {"schema": 1, "revision": 1}}, "projects": {"1": []}}')
def test_any_bytes_as_a_store_file_load_or_raise_a_store_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "store.json"
    path.write_bytes(raw)

    try:
        decode_store(read_json(path), path)
    except StoreError as error:
        assert str(error).startswith(str(path))
    except ValidationError as error:
        assert error.file == str(path)


# `drift pay` itself, end to end in-process


@pytest.fixture(scope="module")
def pay_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pay") / "store.json"
    Store(path, keep_backups=0).create([PROJECT])
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    date=mostly(["2023-10-08", "2023-12-31"], date_like | st.sampled_from(["2023-02-29", "2024-01-01"])),
    source=mostly(["local", "central", "provincial"], typed_text | st.sampled_from(["other", "LOCAL", ""])),
    amount=mostly(["12.50", "0", "7"], money_like),
    voucher=mostly(["记-1", "襄财[2023]1号", "[bold]x[/bold]"], typed_text),
    by=mostly(["alice", "张三"], typed_text | st.sampled_from(["", " "])),
)
def test_drift_pay_with_any_values_exits_0_with_a_valid_store_or_2_with_one_clean_line(
    pay_store: Path, capsys: pytest.CaptureFixture[str], date: str, source: str, amount: str, voucher: str, by: str
) -> None:
    from tui.cli import main

    argv = [f"--date={date}", f"--source={source}", f"--amount={amount}", f"--voucher={voucher}", f"--by={by}"]
    capsys.readouterr()

    code = main(["pay", *argv, "--store", str(pay_store)], environ={})
    out, err = capsys.readouterr()
    event(f"exit {code}")

    assert code in (0, 2)
    assert not {"\x1b", "\x9b", "\x07", "\x00"} & set(out + err)  # control characters are shown escaped, never sent
    if code == 2:
        assert err.startswith("drift: ") and err.count("\n") == 1, err
    Store(pay_store).load()  # still valid, whatever was saved
