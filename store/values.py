"""Parsers for values people type: dates, money, percentages and indicator targets."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from functools import lru_cache

import pendulum
from pendulum import Date

from store.errors import ValidationError
from store.model import ClaimKind, Comparator, Likelihood, Target

MAX_AMOUNT = Decimal(10) ** 12
"""The largest amount in 万元 (10^12 万元): sums over 10,000 projects stay exact within Decimal's 28 digits."""
MONEY_PLACES = 6
"""Decimals an amount may have."""
FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Budget years and every date lie within these years: far enough from the calendar's ends (years 1 and 9999)
that a forecast of centuries of delay still lands on a date."""

MAX_TEXT = 2_000
"""Characters in a short text field: codes, names, units, targets, document numbers, vouchers."""
MAX_LONG_TEXT = 20_000
"""Characters in a passage (model.LongText): background, goals, remarks, analyses, findings, notes."""
MAX_RECORDS = 10_000
"""Records in any one list of a project: phases, events, payments, indicators, recommendations …"""
MAX_WHOLE = 10**9
"""The largest whole number a store holds; far above any count or day span, and within what JSON keeps exactly."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONEY = re.compile(rf"[0-9]+(\.[0-9]{{1,{MONEY_PLACES}}})?")
MONEY_PATTERN = rf"^0*(?:[0-9]{{1,12}}(?:\.[0-9]{{1,{MONEY_PLACES}}})?|1000000000000(?:\.0{{1,{MONEY_PLACES}}})?)\Z"
"""Every amount parse_money accepts and nothing else, for a reader that checks it by pattern (store.schema); its
refusals are worded by parse_money. 10^12 is MAX_AMOUNT; tests/store/test_money_rules.py holds the two together."""
_PERCENT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
CONTROL_CHARACTERS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
"""The characters no text may hold (tab and newline may be), as the inside of a regular expression's [...]."""
CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")
_COMPARATORS = {
    "=": Comparator.EQ,
    "≥": Comparator.GE,
    ">=": Comparator.GE,
    "≤": Comparator.LE,
    "<=": Comparator.LE,
    ">": Comparator.GT,
    "<": Comparator.LT,
}
_MEASURE = re.compile(r"(≥|>=|≤|<=|=|>|<)?\s*(-?[0-9]+(?:\.[0-9]+)?)\s*([^0-9\s]*)")


def parse_date(text: str) -> Date:
    """An ISO date (YYYY-MM-DD) that exists in the calendar."""
    if not isinstance(text, str) or not _DATE.fullmatch(text):
        shown = shown_text(text) if isinstance(text, str) else repr(text)
        raise ValidationError.said("error.date_form", shown=shown)
    return _calendar_date(text)


@lru_cache(maxsize=4096)  # a store repeats the same few hundred dates, and Date is immutable
def _calendar_date(text: str) -> Date:
    year, month, day = (int(part) for part in text.split("-"))
    try:
        date = pendulum.date(year, month, day)
    except ValueError:
        date = None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError.said("error.date_years", text=text, first=FIRST_YEAR, last=LAST_YEAR)
    if date is None:
        raise ValidationError.said("error.date_calendar", text=text)
    return date


def check_year(year: int) -> int:
    """A budget year within the years drift accepts."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError.said("error.year_range", year=year, first=FIRST_YEAR, last=LAST_YEAR)
    return year


def parse_year(text: str) -> int:
    """A budget year as typed: four digits within the years drift accepts."""
    stripped = text.strip()
    if not (stripped.isascii() and stripped.isdigit() and len(stripped) == 4):
        raise ValidationError.said("error.year_form", text=text)
    return check_year(int(stripped))


def parse_money(text: str) -> Decimal:
    """A non-negative amount in 万元 written as a decimal string, e.g. "589.20"."""
    if not isinstance(text, str):
        raise ValidationError.said("error.money_number", text=text)
    return _amount(text)


@lru_cache(maxsize=4096)  # amounts repeat, and Decimal is immutable: most are checked once per load
def _amount(text: str) -> Decimal:
    if text.startswith("-") and _MONEY.fullmatch(text[1:]):
        raise ValidationError.said("error.money_negative", text=text)
    if not _MONEY.fullmatch(text):
        raise ValidationError.said("error.money_form", shown=shown_text(text), places=MONEY_PLACES)
    # Counting the whole digits first spares converting a pasted page of them.
    if len(text.partition(".")[0].lstrip("0")) > len(str(MAX_AMOUNT)) or Decimal(text) > MAX_AMOUNT:
        raise ValidationError.said("error.money_largest", shown=shown_text(text), largest=MAX_AMOUNT)
    return Decimal(text)


def shown_text(text: str) -> str:
    """Text quoted in a message, cut short: a pasted page must not become a page-long error line."""
    return repr(text if len(text) <= 40 else text[:40] + "…")


def parse_percent(text: str) -> Decimal:
    """A percentage from 0 to 100, with or without a trailing %."""
    body = text.strip().removesuffix("%").strip() if isinstance(text, str) else ""
    if not _PERCENT.fullmatch(body):
        raise ValidationError.said("error.percent_form", text=text)
    value = Decimal(body)
    if not 0 <= value <= 100:
        raise ValidationError.said("error.percent_range", text=text)
    return value


_RATE = re.compile(r"([0-9]{1,7}(?:\.[0-9]{1,6})?)\s*%?")
"""A claimed rate: at most 9,999,999% (an overspend of 100,000 against 82 is 121,951%), six decimals."""
_SCORE = re.compile(r"([0-9]{1,3}(?:\.[0-9]{1,6})?)\s*分?")
_TOLERANCE = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,6})?")
_LIKELIHOODS = {"确定能": Likelihood.CERTAIN, "有可能": Likelihood.POSSIBLE, "完全不可能": Likelihood.IMPOSSIBLE}
ClaimValue = Decimal | Date | Likelihood | str


def parse_claim_value(kind: ClaimKind, text: str) -> ClaimValue:
    """A claimed figure read for its kind: a rate ("100%", may pass 100), a date, a likelihood (certain or
    确定能 …), a score out of 100 ("85.81分"); an indicator value stays text, read later against its target."""
    plain = _ascii_forms(text).strip()
    if kind in (ClaimKind.EXECUTION_RATE, ClaimKind.ALLOCATION_RATE):
        match = _RATE.fullmatch(plain)
        if match is None:
            raise ValidationError.said("error.rate_form", shown=shown_text(text))
        return Decimal(match.group(1))
    if kind is ClaimKind.COMPLETION_DATE:
        return parse_date(plain)
    if kind is ClaimKind.LIKELIHOOD:
        likelihood = _LIKELIHOODS.get(plain) or next((item for item in Likelihood if item.value == plain), None)
        if likelihood is None:
            raise ValidationError.said("error.likelihood_form", shown=shown_text(text))
        return likelihood
    if kind is ClaimKind.SCORE:
        match = _SCORE.fullmatch(plain)
        if match is None or Decimal(match.group(1)) > 100:
            raise ValidationError.said("error.score_form", shown=shown_text(text))
        return Decimal(match.group(1))
    if not plain:
        raise ValidationError.said("error.claim_empty")
    return text


def parse_tolerance(text: str) -> Decimal:
    """How far a claim may be from the records: a number of points, days or the indicator's unit, "1" or "0.5"."""
    if not isinstance(text, str):
        raise ValidationError.said("error.tolerance_number", text=text)
    plain = _ascii_forms(text).strip()
    if not _TOLERANCE.fullmatch(plain):
        raise ValidationError.said("error.tolerance_form", shown=shown_text(str(text)))
    return Decimal(plain)


def parse_target(text: str) -> Target:
    """An indicator target: a comparator, a number and a unit ("≤10%", "2"), or a word ("提升")."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError.said("error.target_form", text=text)
    check_length(text, MAX_TEXT)
    check_text(text)
    stripped = _ascii_forms(text).strip()
    match = _MEASURE.fullmatch(stripped)
    if match is None:
        if stripped[0] in "=<>≤≥":  # a comparator promises a number; a word after it is a typo
            raise ValidationError.said("error.target_form", text=text)
        return Target(text=text, comparator=Comparator.QUALITATIVE)
    symbol, number, unit = match.groups()
    return Target(
        text=text,
        comparator=_COMPARATORS[symbol] if symbol else Comparator.EQ,
        value=Decimal(number),
        unit=unit,
    )


FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: ord(" ")}
"""Full-width ASCII (U+FF01-U+FF5E) and the ideographic space, to their ASCII forms. Not NFKC: it would turn
a unit such as "㎡" into "m2", which holds a digit."""


def _ascii_forms(text: str) -> str:
    """Full-width digits, signs and spaces as ASCII: a Chinese input method types "４０％" for "40%"."""
    return text.translate(FULL_WIDTH)


Measure = tuple[Comparator, Decimal, str]
"""A measured value: its comparator (= when none is written), its number and its unit ("" when none is written)."""


@lru_cache(maxsize=4096)  # the same few hundred values fill a store's indicators ("100%", "0", "是"), read three times
def parse_measure(text: str) -> Measure | None:
    """A measured value such as "0", "100%" or "≥95%"; None when it holds no number ("-", "提升")."""
    match = _MEASURE.fullmatch(_ascii_forms(text).strip()) if text else None
    if match is None:
        return None
    symbol, number, unit = match.groups()
    return (_COMPARATORS[symbol] if symbol else Comparator.EQ, Decimal(number), unit)


def check_text(text: str) -> str:
    """Text as typed, refused when it holds control characters (escape sequences among them)."""
    bad = CONTROL.search(text)
    if bad:
        raise ValidationError.said("error.control_character", code=f"U+{ord(bad.group()):04X}")
    return text


def check_length(text: str, limit: int) -> str:
    """Text of at most limit characters: a pasted page would stall every load and every screen that shows it."""
    if len(text) > limit:
        raise ValidationError.said("error.too_long", length=f"{len(text):,}", limit=f"{limit:,}")
    return text


def made_code(name: str, budget_year: object, *places: str) -> str:
    """A project code drift makes for a report that gives none (项目代码): "D2020-3FA9C1D2", from the name, the year
    and where it is (department, implementing unit, location), the same whenever they are read again, so importing
    the same file twice finds the same project; two projects differing in any of them get two codes."""
    key = "\x1f".join((name, str(budget_year), *places))
    return f"D{budget_year}-{hashlib.sha256(key.encode()).hexdigest()[:8].upper()}"
