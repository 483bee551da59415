"""Reading a ledger export (a payments CSV) as offices write it: its encoding, separator, header and rows as payments."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from msgspec import Struct
from pendulum import Date

from store.codec import money_date
from store.errors import DriftError, ValidationError
from store.fileio import read_bytes
from store.model import Project, SourceKind
from store.typed import plain_forms, read_date, read_money, typed_source
from store.values import MAX_RECORDS, check_text

LEDGER_COLUMNS = ("date", "source", "amount", "voucher", "note")
"""The columns of a payments CSV, in the order a ledger export usually has them."""

LEDGER_REQUIRED = ("date", "source", "amount")


class RowError(Struct, frozen=True):
    """A bad cell of a ledger file: the file, the line, the column and why."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class LedgerRow(Struct, frozen=True):
    """A valid row of a ledger file, as the payment it records."""

    line: int
    date: Date
    source: SourceKind
    amount: Decimal
    voucher: str
    note: str


HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "date": ("日期", "支付日期", "支出日期", "付款日期", "记账日期", "凭证日期"),
    "source": ("来源", "资金来源", "资金性质"),
    "amount": ("金额", "支出金额", "支付金额", "付款金额", "发生额", "借方金额"),
    "voucher": ("凭证号", "凭证编号", "凭证", "凭证字号"),
    "note": ("摘要", "备注", "说明"),
}
"""The Chinese names ledger exports (用友, 金蝶, Excel) give each column, beside the English one."""

_UNIT = re.compile(r"(.*?)\s*\(\s*(万元|元)\s*\)")
"""A unit after a column's name, "金额(元)" or "金额（万元）" (full-width parentheses read as ASCII first)."""
_COLUMNS = {name: column for column, names in HEADER_NAMES.items() for name in names} | {c: c for c in LEDGER_COLUMNS}
SEPARATORS = {",": "','", ";": "';'", "\t": "tab"}
"""The separators a ledger export uses, with how --dry-run names each."""


class LedgerFormat(Struct, frozen=True):
    """What was detected in a ledger file: its encoding, its separator, its header as written and in which words."""

    encoding: str
    separator: str
    header: tuple[str, ...]
    chinese: bool
    yuan: bool
    """The amount column is in 元 ("金额（元）"), each converted to 万元."""


def decoded(name: str, raw: bytes) -> tuple[str, str]:
    """The text of a ledger file and its encoding: UTF-8 (with or without BOM), else GB18030 (which reads GBK);
    bytes that are neither are one DriftError naming the first byte UTF-8 could not read."""
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding, raw = "UTF-8 with BOM", raw[3:]
    else:
        encoding = "UTF-8"
    try:
        return raw.decode("utf-8"), encoding
    except UnicodeDecodeError as error:
        start = error.start + (3 if encoding != "UTF-8" else 0)
        failure = f"{name}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {start}), nor GB18030"
    if encoding != "UTF-8":  # a BOM says UTF-8: GB18030 after it would read the mistake as Chinese
        raise DriftError(failure)
    try:
        return raw.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        raise DriftError(failure) from None


def separator(text: str) -> str:
    """The separator of a ledger: whichever of , ; and tab its header line holds most of (a comma on a tie)."""
    first = text.split("\n", 1)[0]
    return max(SEPARATORS, key=first.count)


def read_ledger(path: Path, project: Project) -> tuple[list[LedgerRow], list[RowError], LedgerFormat]:
    """The rows of a payments CSV, every bad cell in it, and the format detected: UTF-8 (with or without BOM) or
    GB18030/GBK, separated by , ; or tab, with English or Chinese headers.

    A file that cannot be read as a ledger at all (neither encoding, no header, a column unknown) is one DriftError.
    """
    name = str(path)
    text, encoding = decoded(name, read_bytes(path))
    sep = separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        written = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise DriftError(f"{name}: empty; the first row must name the columns {', '.join(LEDGER_COLUMNS)}") from None
    except csv.Error as error:
        raise DriftError(f"{name}:1: {error}") from None
    header, yuan, chinese = columns(name, written)
    check_header(name, header)
    found = LedgerFormat(encoding, sep, tuple(written), chinese, yuan)

    rows: list[LedgerRow] = []
    errors: list[RowError] = []
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
        row, problems = ledger_row(name, line, dict(zip(header, cells, strict=True)), project, yuan=yuan)
        errors += problems
        if row is not None:
            rows.append(row)
    return rows, errors, found


def columns(name: str, written: list[str]) -> tuple[list[str], bool, bool]:
    """The column each header cell names (date, source …), whether the amount is in 元 ("金额（元）") and whether the
    names are Chinese; a unit on another column is refused."""
    header: list[str] = []
    yuan = chinese = False
    for cell in written:
        plain = plain_forms(cell)
        unit = _UNIT.fullmatch(plain)
        named = unit.group(1) if unit else plain
        chinese = chinese or not named.isascii()
        column = _COLUMNS.get(named.lower(), plain.lower())
        if unit and column != "amount":
            raise DriftError.said("error.ledger_unit", name=name, cell=cell)
        yuan = yuan or (unit is not None and column == "amount" and unit.group(2) == "元")
        header.append(column)
    return header, yuan, chinese


def check_header(name: str, header: list[str]) -> None:
    """Refuse a header with a column unknown, repeated or missing: one DriftError naming the file's first line."""
    unknown = [column for column in header if column not in LEDGER_COLUMNS]
    if unknown:
        chinese = " ".join(names[0] for names in HEADER_NAMES.values())
        raise DriftError.said(
            "error.ledger_unknown", name=name, column=unknown[0], columns=", ".join(LEDGER_COLUMNS), chinese=chinese
        )
    repeated = [column for column, count in Counter(header).items() if count > 1]
    if repeated:
        raise DriftError.said("error.ledger_twice", name=name, column=repeated[0])
    missing = [column for column in LEDGER_REQUIRED if column not in header]
    if missing:
        raise DriftError.said("error.ledger_missing", name=name, column=missing[0], columns=", ".join(LEDGER_COLUMNS))


def ledger_row(
    name: str, line: int, cells: dict[str, str], project: Project, *, yuan: bool = False
) -> tuple[LedgerRow | None, list[RowError]]:
    """The payment one row records, or None and every bad cell in it, each read by the store's own rules."""
    errors: list[RowError] = []

    def cell(column: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(cells.get(column, "").strip())
        except ValidationError as error:
            errors.append(RowError(name, line, column, error.message))
            return None

    date = cell("date", lambda text: money_date(project, read_date(text)))
    source = cell("source", lambda text: typed_source(project.funding.sources, text))
    amount = cell("amount", lambda text: read_money(text, yuan=yuan))
    voucher = cell("voucher", check_text)
    note = cell("note", check_text)
    if errors:
        return None, errors
    return LedgerRow(line, date, source, amount, voucher, note), []
