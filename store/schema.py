"""Project documents decoded and checked by msgspec in C, field by field, with drift's own wording of what is wrong."""

from __future__ import annotations

import functools
import re
import sys
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

import msgspec
import orjson
from msgspec import Meta, Struct, structs
from pendulum import Date

from store import model
from store.errors import ValidationError
from store.jsonkeys import check_unique_keys
from store.model import Target
from store.typed import strict_date, strict_money
from store.values import (
    CONTROL_CHARACTERS,
    MAX_LONG_TEXT,
    MAX_RECORDS,
    MAX_TEXT,
    MAX_WHOLE,
    MONEY_PATTERN,
    check_length,
    check_text,
    parse_percent,
    parse_target,
    parse_tolerance,
)

# How a document is read. Two passes, both in msgspec's C code:
#   check: into Structs mirroring the model (made below from its type hints), which refuse unknown fields, numbers
#          where money must be a string, an amount in another form, text too long, a count out of range;
#   build: into the model's own Structs, the values with rules of their own (dates, targets) through a hook
#          that remembers what it has read, as a store repeats the same dates and targets.
# Only where msgspec refuses a document is it looked at in Python, to say why in drift's words (worded()).


class _PercentText(str):
    """A percentage as the check pass reads it: parse_percent's, written back as the plain number it is."""


class _ToleranceText(str):
    """A claim's tolerance as the check pass reads it: parse_tolerance's, written back as the plain number it is."""


_MIRRORS: dict[tuple[Any, bool], Any] = {}


def _checked(hint: Any, strict_text: bool) -> Any:
    """The type the check pass reads a model type as; with strict_text, text is also checked for control
    characters (a regular expression per string, so only for documents that may hold one: see may_hold_control)."""
    no_control = f"^[^{CONTROL_CHARACTERS}]*\\Z" if strict_text else None
    if hint is str or hint is Target:
        return Annotated[str, Meta(max_length=MAX_TEXT, pattern=no_control)]
    if hint == model.LongText:
        return Annotated[str, Meta(max_length=MAX_LONG_TEXT, pattern=no_control)]
    if hint is int:
        return Annotated[int, Meta(ge=0, le=MAX_WHOLE)]
    if hint is bool:
        return bool
    if hint is Decimal:
        return Annotated[str, Meta(pattern=MONEY_PATTERN)]
    if hint is Date:
        return str  # the build pass reads every date (strict_date), its form with it: a pattern here costs twice
    if hint == model.Percent:
        return _PercentText
    if hint == model.Tolerance:
        return _ToleranceText
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _checked(inner, strict_text) | None
    if origin is tuple:
        item = _checked(typing.get_args(hint)[0], strict_text)
        return Annotated[tuple[item, ...], Meta(max_length=MAX_RECORDS)]  # type: ignore[valid-type]
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint
    if isinstance(hint, type) and issubclass(hint, Struct):
        return _mirror(hint, strict_text)
    raise TypeError(f"no checked form for {hint!r}")  # pragma: no cover - a model type nobody taught the schema


def _mirror(cls: type, strict_text: bool) -> Any:
    """A Struct with the model record's fields, in its order, and its defaults, refusing any other field. Encoded, it
    leaves the defaults out as store.codec does: what drift wrote encodes back to the very bytes it was read from."""
    key = (cls, strict_text)
    if key not in _MIRRORS:
        hints = typing.get_type_hints(cls, vars(model), include_extras=True)
        fields = [
            (spec.name, _checked(hints[spec.name], strict_text))
            if spec.default is msgspec.NODEFAULT
            else (spec.name, _checked(hints[spec.name], strict_text), spec.default)
            for spec in structs.fields(cls)
        ]
        _MIRRORS[key] = msgspec.defstruct(
            cls.__name__, fields, kw_only=True, omit_defaults=True, forbid_unknown_fields=True, frozen=True, gc=False
        )
    return _MIRRORS[key]


def _check_hook(kind: type, value: Any) -> Any:
    try:
        if kind is _PercentText:
            return _PercentText(parse_percent(value))
        if kind is _ToleranceText:
            return _ToleranceText(parse_tolerance(value))
    except ValidationError as error:
        raise ValueError(error.message) from None
    raise NotImplementedError


V = TypeVar("V")
_DATES: dict[str, Date] = {}
_TARGETS: dict[str, Target] = {}
_REMEMBERED = 65_536
"""How many dates or targets the build pass remembers: a store repeats a few hundred over thousands of projects."""


class _EveryText(type):
    def __instancecheck__(cls, value: object) -> bool:
        return type(value) is str


class _SharedText(metaclass=_EveryText):
    """Text as the build pass reads it: a short one kept once however often a store repeats it (units, indicator
    levels, ids, source names), where msgspec makes a new string for each (about 13 KB a project, 128 MiB at 10,000
    projects). msgspec takes what the hook gives only as an instance of the type: to the metaclass, any str is one."""


_SHARED_UP_TO = 64
"""The longest text kept once: names and labels repeat, passages do not."""


def _build_decoder(cls: type[T]) -> msgspec.json.Decoder[T]:
    """The build pass's decoder of a model type, reading its text through the hook (_SharedText).

    The model's annotations are text ("str | None"), which msgspec resolves when a decoder is made, looking in each
    class's own namespace after its module's: for that moment only, every model class names _SharedText str there
    (its methods, which look in the module, never see it). msgspec keeps what it resolved on each class, so every
    later decoder or convert of a model class reads text the same way, and needs _build_hook.
    """
    classes = [
        kind  # the model's own records, not msgspec's Struct, which store.model imports: every Struct inherits it
        for kind in vars(model).values()
        if isinstance(kind, type) and issubclass(kind, Struct) and kind.__module__ == model.__name__
    ]
    for kind in classes:
        setattr(kind, "str", _SharedText)  # noqa: B010 - a name no model class has, added and taken back
    try:
        return msgspec.json.Decoder(cls, dec_hook=_build_hook)
    finally:
        for kind in classes:
            delattr(kind, "str")


def _build_hook(kind: type, value: Any, _intern: Callable[[str], str] = sys.intern) -> Any:
    if kind is _SharedText:  # first: every text of every record comes here
        return _intern(value) if len(value) <= _SHARED_UP_TO else value
    try:
        if kind is Date:
            date = _DATES.get(value)
            if date is None:
                date = _remember(_DATES, value, strict_date(value))
            return date
        if kind is Target:
            target = _TARGETS.get(value)
            if target is None:
                target = _remember(_TARGETS, value, parse_target(value))
            return target
    except ValidationError as error:
        raise ValueError(error.message) from None
    raise NotImplementedError


def _remember(known: dict[str, V], text: str, value: V) -> V:
    if len(known) >= _REMEMBERED:  # a hostile store of a million distinct targets must not fill the memory
        known.clear()
    known[text] = value
    return value


_ESCAPED_CONTROL = (b"\\u00", b"\\b", b"\\f", b"\\r")
"""Where a control character can hide in JSON text escaped (\\u001b, \\r …); DEL is itself. drift writes no escape
of another character in these forms (orjson writes é as é), so what it wrote matches only if it holds one."""
_C1_IN_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def may_hold_control(raw: bytes | memoryview) -> bool:
    """Whether a JSON text may hold a control character in a string: scans of the bytes at memory speed, never wrong
    by missing one (wrong the other way only for an escaped backslash before a b, f, r or u00)."""
    data = raw if isinstance(raw, bytes) else raw.tobytes()
    # A byte is found at memory speed, a longer form at a fraction of it: most lines hold no backslash at all.
    if b"\x7f" in data or (b"\\" in data and any(form in data for form in _ESCAPED_CONTROL)):
        return True
    return b"\xc2" in data and _C1_IN_UTF8.search(data) is not None  # ², ° and · share the lead byte: look closer


T = TypeVar("T")
_ENCODER = msgspec.json.Encoder(enc_hook=str)
"""Writes what the check pass read back as JSON: a percentage or a tolerance as its plain number."""


class Reader(Generic[T]):
    """Reads one model type from JSON bytes, or from data already parsed, checking every field."""

    def __init__(self, cls: type[T]) -> None:
        self.cls = cls
        self._build = _build_decoder(cls)

    # Made at the first check, not at start: a store this user's drift checked before is read by the build pass alone.
    @functools.cached_property
    def _check(self) -> msgspec.json.Decoder[Any]:
        return msgspec.json.Decoder(_mirror(self.cls, False), dec_hook=_check_hook)

    @functools.cached_property
    def _check_text(self) -> msgspec.json.Decoder[Any]:
        return msgspec.json.Decoder(_mirror(self.cls, True), dec_hook=_check_hook)

    def decode(self, raw: bytes | memoryview, *, checked_before: bool = False) -> T:
        """The record these JSON bytes hold; ValidationError naming the field path and why.

        checked_before: these very bytes passed every check before (store.checked says so), so only the build pass
        runs; a form that only the check pass reads ("45%", written by hand and kept since) is read by both.
        """
        if checked_before:
            try:
                return self._build.decode(raw)
            except msgspec.DecodeError:  # ValidationError too
                pass
        try:
            checker = self._check_text if may_hold_control(raw) else self._check
            checked = checker.decode(raw)
            # msgspec keeps the last of a key written twice, as orjson does: text that is not exactly what drift
            # writes of what was read may hold a repeat, which drift refuses rather than pick one.
            if _ENCODER.encode(checked) != raw:
                check_unique_keys(raw)
            try:
                return self._build.decode(raw)
            except msgspec.ValidationError:  # a form the check pass reads but only it does: "45%", "１"
                return self._build.decode(_ENCODER.encode(checked))
        except msgspec.ValidationError as error:
            raise worded(error, _parsed(raw), self.cls) from None
        except msgspec.DecodeError as error:
            raise ValidationError.said("error.document_not_json", problem=str(error)) from None

    def convert(self, data: Any) -> T:
        """The record data (parsed JSON: dicts, lists, strings …) holds; ValidationError naming the field and why."""
        try:
            checked = msgspec.convert(data, _mirror(self.cls, True), dec_hook=_check_hook)
            try:
                return msgspec.convert(data, self.cls, dec_hook=_build_hook)
            except msgspec.ValidationError:
                return msgspec.convert(msgspec.to_builtins(checked, enc_hook=str), self.cls, dec_hook=_build_hook)
        except msgspec.ValidationError as error:
            raise worded(error, data, self.cls) from None


def _parsed(raw: bytes | memoryview) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None


# Saying why, in drift's words: msgspec names the field and its own reason; the value found there is read again by
# drift's rule for that type of field, whose refusal says it as everywhere else in drift (and by key, translated).

_AT = re.compile(r"(?P<reason>.*?)(?: - at `\$(?P<path>(?:\.[A-Za-z_]\w*|\[\d+\])*)`)?", re.DOTALL)
"""msgspec's "reason - at `$.path`": the path is the last such ending, made only of field names and indices (a
document holds no mapping of its own keys), so a value quoted in the reason cannot pass for one."""
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def worded(error: msgspec.ValidationError, data: Any, cls: type) -> ValidationError:
    """msgspec's refusal of data (read as cls) as drift's ValidationError: the field path as drift writes it and the
    reason drift's own rule for that field gives."""
    found = _AT.fullmatch(str(error))
    assert found is not None  # the pattern matches any text
    reason, where = found["reason"], found["path"] or ""
    keys: list[str | int] = [int(index) if index else name for name, index in _STEP.findall(where)]
    path = _path(keys)
    if unknown := re.fullmatch(r"Object contains unknown field `(.*)`", reason, re.DOTALL):
        return ValidationError.said("error.unknown_field", name=unknown[1]).located(prefix=path)
    if missing := re.fullmatch(r"Object missing required field `(.*)`", reason, re.DOTALL):
        return ValidationError.said("error.required").located(prefix=_path([*keys, missing[1]]))
    hint, value = _at(cls, data, keys)
    try:
        _check_value(hint, value)
    except ValidationError as refusal:
        return refusal.located(prefix=path)
    return ValidationError(reason[:1].lower() + reason[1:], path)  # a refusal drift has no rule for


def _path(keys: list[str | int]) -> str:
    return "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in keys).removeprefix(".")


def _at(cls: type, data: Any, keys: list[str | int]) -> tuple[Any, Any]:
    """The model type and the value found at this path of data; _GONE for a value not there."""
    hint: Any = cls
    for key in keys:
        hint = _unwrapped(hint)
        if isinstance(key, int):
            hint = typing.get_args(hint)[0]
            data = data[key] if isinstance(data, list) and key < len(data) else _GONE
        else:
            hints = typing.get_type_hints(hint, vars(model), include_extras=True) if isinstance(hint, type) else {}
            if key not in hints:  # a path that is not the model's: no rule of drift's to word it with
                return None, _GONE
            hint = hints[key]
            data = data.get(key, _GONE) if isinstance(data, dict) else _GONE
    return _unwrapped(hint), data


_GONE = object()


def _unwrapped(hint: Any) -> Any:
    """A hint without its None: the value is not None, or msgspec would not have refused it."""
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return hint


def _check_value(hint: Any, value: Any) -> None:
    """Refuse value, a value of a field of type hint, with drift's reason (ValidationError) when it breaks a rule."""
    if hint in _SCALAR_RULES:
        _SCALAR_RULES[hint](value)
    elif isinstance(hint, type) and issubclass(hint, StrEnum):
        if not isinstance(value, str) or value not in {member.value for member in hint}:
            raise ValidationError.said(
                "error.not_one_of", value=value, choices=", ".join(member.value for member in hint)
            )
    elif typing.get_origin(hint) is tuple:
        if type(value) is not list:
            raise ValidationError.said("error.not_a_list")
        if len(value) > MAX_RECORDS:
            raise ValidationError.said("error.too_many_records", count=f"{len(value):,}", limit=f"{MAX_RECORDS:,}")
    elif isinstance(hint, type) and issubclass(hint, Struct) and type(value) is not dict:
        raise ValidationError.said("error.not_an_object")


def _text(limit: int) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if not isinstance(value, str):
            raise ValidationError.said("error.not_text", value=value)
        check_text(check_length(value, limit))

    return check


def _whole(value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError.said("error.not_whole", value=value)
    if value < 0:
        raise ValidationError.said("error.whole_negative", value=value)
    if value > MAX_WHOLE:
        # A count or a number of days no report reaches.
        raise ValidationError.said("error.whole_largest", value=value, limit=f"{MAX_WHOLE:,}")


def _true_or_false(value: Any) -> None:
    if not isinstance(value, bool):
        raise ValidationError.said("error.not_bool", value=value)


_SCALAR_RULES: dict[Any, Callable[[Any], object]] = {
    str: _text(MAX_TEXT),
    model.LongText: _text(MAX_LONG_TEXT),
    int: _whole,
    bool: _true_or_false,
    Decimal: strict_money,
    Date: strict_date,
    Target: parse_target,
    model.Percent: parse_percent,
    model.Tolerance: parse_tolerance,
}
"""drift's rule for each type of value, as every reader of user input applies it: the wording of a refusal."""
