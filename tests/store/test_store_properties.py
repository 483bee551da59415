"""Property tests: the parsers and the project decoder raise ValidationError and nothing else, whatever they get."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from store.codec import decode_project, encode_project
from store.errors import ValidationError
from store.files import sample_path
from store.model import Comparator, Project
from store.values import parse_date, parse_money, parse_percent, parse_target

SEED: dict[str, Any] = json.loads(sample_path().read_text(encoding="utf-8"))["projects"][0]

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
date_like_text = st.from_regex(r"\A-?\d{1,5}-\d{1,3}-\d{1,3}\Z") | st.text(alphabet="0123456789-/ T:", max_size=14)
money_like_text = st.from_regex(r"\A[-+]?\d{0,8}(\.\d{0,8})?([eE][-+]?\d{1,3})?\Z") | st.text(
    alphabet="0123456789.-+eE ,", max_size=12
)
target_like_text = st.builds(
    lambda comparator, number, unit: comparator + number + unit,
    st.sampled_from(["", "=", "≥", ">=", "≤", "<=", ">", "<", "≈", "≥ "]),
    st.from_regex(r"\A-?\d{0,4}(\.\d{0,3})?\Z") | st.text(max_size=4),
    st.sampled_from(["", "%", "个", "m²", " 户", "abc", "\x1b"]),
)


def only_validation_errors(parse: Any, value: Any) -> Any:
    """parse(value), or None when it raised ValidationError; any other exception fails the test."""
    try:
        return parse(value)
    except ValidationError as error:
        assert error.message
        return None


@settings(max_examples=300)
@given(json_values | date_like_text)
def test_parse_date_raises_only_validation_errors(value: Any) -> None:
    only_validation_errors(parse_date, value)


@settings(max_examples=300)
@given(json_values | money_like_text)
def test_parse_money_raises_only_validation_errors(value: Any) -> None:
    result = only_validation_errors(parse_money, value)
    if result is not None:
        assert result >= 0
        assert result.is_finite()


@settings(max_examples=300)
@given(st.text(max_size=12) | money_like_text | st.text(alphabet="0123456789.% -", max_size=8))
@example("NaN")
@example("sNaN")
@example("Infinity")
@example("1e999999999")
def test_parse_percent_raises_only_validation_errors(value: Any) -> None:
    result = only_validation_errors(parse_percent, value)
    if result is not None:
        assert 0 <= result <= 100


@settings(max_examples=300)
@given(json_values | target_like_text)
def test_parse_target_raises_only_validation_errors(value: Any) -> None:
    result = only_validation_errors(parse_target, value)
    if result is not None:
        assert result.text == value
        assert (result.value is None) == (result.comparator is Comparator.QUALITATIVE)


@pytest.mark.parametrize("value", [[0, [5], 0], [False, None, 2**63]], ids=["decimal_tuple", "overflowing_tuple"])
def test_parse_percent_refuses_anything_but_text_with_a_validation_error(value: Any) -> None:
    # [0, [5], 0] is read as Decimal's (sign, digits, exponent) form and gives 5; 2**63 escapes as OverflowError
    with pytest.raises(ValidationError):
        parse_percent(value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_valid_dates_round_trip_through_isoformat(day: dt.date) -> None:
    text = day.isoformat()

    parsed = parse_date(text)

    assert parsed.isoformat() == text
    assert (parsed.year, parsed.month, parsed.day) == (day.year, day.month, day.day)


@given(st.dates(max_value=dt.date(1899, 12, 31)) | st.dates(min_value=dt.date(2201, 1, 1)))
def test_dates_beyond_1900_to_2200_are_refused_saying_the_bounds(day: dt.date) -> None:
    with pytest.raises(ValidationError, match="1900–2200"):
        parse_date(day.isoformat())


@given(st.decimals(min_value=0, max_value=10**12, places=6, allow_nan=False, allow_infinity=False))
def test_non_negative_money_with_up_to_six_decimals_round_trips_through_str(amount: Decimal) -> None:
    amount = amount.copy_abs()  # -0 is allowed by min_value=0 but is written "-0"

    parsed = parse_money(str(amount))

    assert parsed == amount
    assert str(parsed) == str(amount)


@given(st.decimals(min_value=Decimal("0.000001"), max_value=10**9, places=6))
def test_negative_money_is_refused_as_negative(amount: Decimal) -> None:
    with pytest.raises(ValidationError, match="must not be negative"):
        parse_money(str(-amount))


@given(st.floats(allow_nan=True) | st.integers())
def test_money_as_a_json_number_is_refused(number: float | int) -> None:
    with pytest.raises(ValidationError, match="not a JSON number"):
        parse_money(number)


def test_a_date_in_non_ascii_digits_is_refused() -> None:
    with pytest.raises(ValidationError):
        parse_date("٢٠٢٣-٠١-٠١")  # Arabic-Indic digits; parses today as 2023-01-01 and is saved differently


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document a value can be put: each existing key or index."""
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _locations(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _locations(value, (*path, index))
    return out


LOCATIONS = _locations(SEED)[1:]


def _put(document: Any, path: tuple[Any, ...], value: Any, new_key: str | None) -> None:
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if new_key is not None and isinstance(parent, dict):
        parent[new_key] = value  # a field that may or may not exist
    elif isinstance(parent, list) and new_key is not None:
        parent.insert(path[-1], value)
    else:
        parent[path[-1]] = value


junk = (
    json_values
    | date_like_text
    | money_like_text
    | target_like_text
    | st.sampled_from(["", "\x1b[2J", "2023-02-30", "-5", "1.2345678", "certain", "central", "feasibility", "A1"])
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(LOCATIONS), junk, st.none() | st.sampled_from(["id", "x", "date", "source", "kind"])),
        min_size=1,
        max_size=3,
    )
)
def test_decode_project_with_junk_anywhere_raises_only_validation_errors(edits: list[Any]) -> None:
    document = copy.deepcopy(SEED)
    for path, value, new_key in edits:
        with contextlib.suppress(KeyError, IndexError, TypeError):  # an earlier edit replaced a container on the path
            _put(document, path, value, new_key)

    try:
        project = decode_project(document)
    except ValidationError as error:
        assert error.message
        return
    # whatever was accepted must survive a round trip unchanged
    assert isinstance(project, Project)
    assert decode_project(json.loads(json.dumps(encode_project(project)))) == project
