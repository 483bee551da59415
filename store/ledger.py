"""Reading a ledger export (a payments CSV): its header, its rows as payments, and every bad cell with its line."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pendulum import Date

from store.codec import listed_source, money_date
from store.errors import DriftError, ValidationError
from store.fileio import read_bytes
from store.model import Project, SourceKind
from store.values import MAX_RECORDS, check_text, parse_date, parse_money

LEDGER_COLUMNS = ("date", "source", "amount", "voucher", "note")
"""The columns of a payments CSV, in the order a ledger export usually has them."""

LEDGER_REQUIRED = ("date", "source", "amount")


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
    """The rows of a payments CSV (UTF-8, with or without BOM, header row first) and every bad cell in it.

    A file that cannot be read as a ledger at all (not UTF-8, no header, a column unknown) is one DriftError.
    """
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
    check_header(name, header)

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
        row, problems = ledger_row(name, line, dict(zip(header, cells, strict=True)), project)
        errors += problems
        if row is not None:
            rows.append(row)
    return rows, errors


def check_header(name: str, header: list[str]) -> None:
    """Refuse a header with a column unknown, repeated or missing: one DriftError naming the file's first line."""
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


def ledger_row(
    name: str, line: int, cells: dict[str, str], project: Project
) -> tuple[LedgerRow | None, list[RowError]]:
    """The payment one row records, or None and every bad cell in it, each read by the store's own rules."""
    errors: list[RowError] = []

    def cell(column: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(cells.get(column, "").strip())
        except ValidationError as error:
            errors.append(RowError(name, line, column, error.message))
            return None

    date = cell("date", lambda text: money_date(project, parse_date(text)))
    source = cell("source", lambda text: listed_source(project, text))
    amount = cell("amount", parse_money)
    voucher = cell("voucher", check_text)
    note = cell("note", check_text)
    if errors:
        return None, errors
    return LedgerRow(line, date, source, amount, voucher, note), []
