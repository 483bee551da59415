"""Reading a filled monitoring or self-evaluation table (.xlsx) as departments fill it: tables found by their labels."""

from __future__ import annotations

import datetime
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from msgspec import Struct, field

from drift.forms import AS_EXPORTED
from drift.i18n import t, worded
from store.errors import DriftError, ValidationError
from store.model import CauseKind, ClaimKind, Likelihood
from store.typed import CAUSE_NAMES, plain_forms, read_money, typed_cell_number, typed_grade, typed_tick
from store.values import MAX_LONG_TEXT, MAX_TEXT, check_length, check_text, parse_claim_value, parse_money

# openpyxl is imported where a workbook is read, not here: every command builds its parser from this module, and
# `drift list` would pay openpyxl's 0.15 s of imports too (tests/test_import_hygiene.py).

MAX_ROWS, MAX_COLUMNS = 2_000, 60
"""How much of a sheet is searched: a form is a page or two; a sheet formatted down to row 1,048,576 is not read
to its end."""

T = TypeVar("T")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an OLE compound file: an old .xls, or an .xlsx saved with a password (encrypted inside OLE)."""

_NOTHING = frozenset({"", "-", "—", "–", "－", "/", "／", "无", "——"})
"""What a money, score or tick cell holds when the form states nothing there."""

_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "~": "-", "～": "-"})
_SPACES = re.compile(r"\s+")
_RANGE = re.compile(r"(\d)[至到](\d)")
_MONTHS = re.compile(r"1-(\d{1,2})月|months1-(\d{1,2})")
"""1–N月 as the forms write a span of the budget year, and as drift's English export does ("months 1–9")."""
_UNTIL = re.compile(r"(?:截至|截止|to)(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?")
"""截至2024-03-31, 截至2024年3月31日, 截至9月30日 (in the budget year): the day a form's figures count to."""
_BAND = re.compile(r"\d+(?:\.\d+)?\s*[-–—~]\s*\d+(?:\.\d+)?")
"""A score written as a band ("6.00–8.00"): drift's own export writes a qualitative score it cannot pin down so."""


def label(text: object) -> str:
    """A header or row label as compared: full-width forms as ASCII, no spaces or line breaks (labels are often
    broken over lines, "1-9 月\\n执行数"), dashes of a span as "-", a leading 其中 and colons dropped, casefolded."""
    if not isinstance(text, str):
        return ""
    plain = _RANGE.sub(r"\1-\2", _SPACES.sub("", plain_forms(text).translate(_DASHES)))
    return plain.removeprefix("其中").strip(":：").casefold()


def _labels(*texts: str) -> frozenset[str]:
    return frozenset(label(text) for text in texts)


def _by_label(named: dict[T, tuple[str, ...]]) -> dict[str, T]:
    """Each thing by every label it goes by, as compared."""
    return {label(text): thing for thing, texts in named.items() for text in texts}


# What each header says, in the words offices use and in both languages drift's own export writes (drift/i18n.py's
# official.* and md.form.* labels).

GRID_LABELS: dict[str, frozenset[str]] = {
    "level1": _labels("一级指标", "Level 1"),
    "level2": _labels("二级指标", "Level 2"),
    "level3": _labels("三级指标", "Level 3"),
    "target": _labels("年度指标值", "指标值", "年度目标值", "全年指标值", "目标值", "Annual target"),
    "final": _labels("实际完成值", "全年实际完成值", "实际完成情况", "实际完成", "全年实际值", "Final value"),
    "weight": _labels("分值", "权重", "Weight"),
    "score": _labels("得分", "Score"),
    "remark": _labels("备注", "Remark"),
    "grade": _labels("评价等级", "达成情况", "等级", "Grade"),
}
"""The indicator grid's columns by their labels; 1–N月, 全年预计, 偏差原因 and 完成目标可能性 are read by pattern."""

CAUSE_LABELS = _by_label(
    {
        CauseKind.FUNDING: (CAUSE_NAMES[CauseKind.FUNDING], "Funding"),
        CauseKind.RULES: (CAUSE_NAMES[CauseKind.RULES], "Rules"),
        CauseKind.STAFF: (CAUSE_NAMES[CauseKind.STAFF], "Staff"),
        CauseKind.FACILITIES: (CAUSE_NAMES[CauseKind.FACILITIES], "硬件保障", "Facilities"),
        CauseKind.OTHER: (CAUSE_NAMES[CauseKind.OTHER], "Other"),
    }
)
"""The tick columns under 偏差原因分析: the store's headings (store.typed.CAUSE_NAMES) and drift's English ones."""

CAUSE_TEXT_LABELS = _labels("原因说明", "说明", "原因分析", "具体原因", "偏差原因", "Explanation")
"""A text column under 偏差原因分析 that says the cause in words."""

LIKELIHOOD_LABELS = _by_label(
    {
        Likelihood.CERTAIN: ("确定能", "Certain"),
        Likelihood.POSSIBLE: ("有可能", "Possible"),
        Likelihood.IMPOSSIBLE: ("完全不可能", "Impossible"),
    }
)
"""The tick columns under 完成目标可能性, and the words a single likelihood column holds."""


TOTAL_SCORE_LABELS = _labels("总分", "合计得分", "Total")
"""The self-evaluation table's last row, which states the total score."""
SCORE_GRADES = _labels("优", "良", "中", "差", "excellent", "good", "fair", "poor")
"""The grade written beside the total score: not a score."""
TOTAL_LABELS = _labels("年度资金总额", "资金总额", "合计", "总计", "Total funds of the year")
"""The money block's line of the whole project."""
GROUP_LABELS = _labels(
    "本年财政拨款", "上年结转资金", "上年结转", "Fiscal funds of the year", "Carried over from the year before"
)
"""Lines of the self-evaluation table's money block that group sources (the fiscal ones, money carried in from the
year before) rather than name one: drift keeps money per source, and analyses the groups itself."""
PROJECT_NAME_LABELS = _labels("项目名称", "二级项目名称", "项目名", "Project name")
PROJECT_CODE_LABELS = _labels("项目代码", "项目编码", "项目编号", "Project code")


def grid_column(text: str) -> str | None:
    """The indicator grid's column a header label names, or None."""
    if not text:
        return None
    if (_MONTHS.search(text) or _UNTIL.search(text) or text.startswith("todate")) and (
        "执行" in text or "完成" in text or text.startswith("todate")
    ):
        return "to_date"
    if ("预计" in text and ("完成" in text or "执行情况" in text)) or text == label("Full-year forecast"):
        return "forecast"
    if text.startswith(("偏差原因", "deviationcause")):
        return "cause"
    if text.startswith(("完成目标可能性", "likelihoodofmeeting")) or text == "完成可能性":
        return "likelihood"
    return next((name for name, labels in GRID_LABELS.items() if text in labels), None)


def money_column(text: str) -> str | None:
    """The money block's column a header label names, or None."""
    if text in _labels("年初预算数", "Initial budget"):
        return "initial_budget"
    if text in _labels("全年预算数", "年度预算数", "年度预算", "全年预算", "Annual budget"):
        return "annual_budget"
    if (text.endswith("执行数") and "预计" not in text) or text.startswith("paid"):
        return "paid"
    if text.endswith(("执行率", "executionrate")):
        return "rate"
    if text in _labels("全年预计执行数", "全年预计支出数", "预计全年执行数", "Full-year forecast"):
        return "forecast"
    if text in GRID_LABELS["weight"]:
        return "weight"
    if text in GRID_LABELS["score"]:
        return "score"
    return None


def paid_until(text: str, year: int) -> datetime.date | None:
    """The day a paid column's label counts to: the end of month N of 1–N月, 31 December for 全年执行数, the date of
    截至…; None when it names none."""
    if (match := _MONTHS.search(text)) is not None:
        month = int(match.group(1) or match.group(2))
        if not 1 <= month <= 12:
            return None
        following = datetime.date(year + (month == 12), month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    if (match := _UNTIL.search(text)) is not None:
        written_year, written_month, written_day = match.groups()
        try:
            return datetime.date(int(written_year or year), int(written_month), int(written_day))
        except ValueError:  # 2月30日
            return None
    if text.startswith("全年") or text == label("Paid in the year"):
        return datetime.date(year, 12, 31)
    return None


_MONEY_WORDS = (
    "资金",
    "拨款",
    "自筹",
    "财政",
    "债券",
    "资本",
    "结转",
    "补助",
    "合计",
    "总计",
    "总额",
    "fund",
    "capital",
)


def _money_label(text: str) -> bool:
    """A money block row's label: 年度资金总额 and the lines under it (a fund, an appropriation, carried-over money)."""
    return any(word in text for word in _MONEY_WORDS) and len(text) <= 40


# Where a value came from, and what could not be read.


class Place(Struct, frozen=True):
    """A cell of the workbook, with the header of its column."""

    sheet: str
    row: int
    column: int
    header: str = ""

    @property
    def letter(self) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.column)

    @property
    def ref(self) -> str:
        """Sheet!C7, as a spreadsheet names the cell."""
        return f"{self.sheet}!{self.letter}{self.row}"


class CellProblem(Struct, frozen=True):
    """A cell that cannot be read, and why."""

    file: str
    place: Place
    why: str

    def line(self, lang: str) -> str:
        """`FILE: sheet 'X' row R column C (header): why`."""
        place = self.place
        return t(
            "form_import.cell",
            lang,
            file=self.file,
            sheet=place.sheet,
            row=place.row,
            column=place.letter,
            header=place.header or "—",
            why=self.why,
        )


class Value(Struct, frozen=True):
    """What one cell states, read; how says how it was read when that is not plain from the cell ("0.86 as 0.86%")."""

    value: Any
    place: Place
    how: str = ""


class IndicatorRow(Struct):
    """One row of an indicator grid: its three levels and the values it states, by field."""

    place: Place
    """The 三级指标 cell."""
    level1: str
    level2: str
    level3: str
    values: dict[str, Value] = field(default_factory=dict)
    """target, to_date, forecast, final, weight, score, deviation_cause, cause_kinds, likelihood, remark, grade."""


class MoneyRow(Struct):
    """One line of a money block: 年度资金总额 or a line under it, and the amounts, rates and scores it states."""

    place: Place
    label: str
    """As compared (label())."""
    text: str
    """As written, without a leading 其中: the name of a source ("中央补助资金", "Other funds")."""
    values: dict[str, Value] = field(default_factory=dict)
    """initial_budget, annual_budget, paid, rate, forecast, weight, score."""

    @property
    def total(self) -> bool:
        return self.label in TOTAL_LABELS or self.label.startswith("年度资金总额")

    @property
    def group(self) -> bool:
        return self.label in GROUP_LABELS


class FormSheet(Struct):
    """What one sheet holds: the project it names, its money block and its indicator grid."""

    name: str
    project_name: Value | None = None
    project_code: Value | None = None
    money: list[MoneyRow] = field(default_factory=list)
    paid_header: Value | None = None
    """The label of the money block's paid column (1–N月执行数, 全年执行数, 截至…执行数): the day its figures count to."""
    rows: list[IndicatorRow] = field(default_factory=list)
    total_score: Value | None = None
    """The 总分 the self-evaluation table states."""
    score_column: int | None = None
    """The grid's 得分 column, where the 总分 row states the total."""
    breakdowns: list[Place] = field(default_factory=list)
    """Lines of the money block that break a line down by purpose (其中：工程款), which drift keeps no figure for."""

    @property
    def found(self) -> bool:
        return bool(self.money or self.rows)


class FormFileError(DriftError):
    """The file is not a workbook drift can read, or holds no form it recognises; one line."""


# The workbook.


MAX_FILE_BYTES = 20_000_000
"""The largest workbook read: a filled form is some kilobytes; a sheet of 100,000 rows took a minute and 1.3 GB."""


def open_workbook(path: Path, lang: str) -> tuple[Any, Any]:
    """The workbook's saved values and its formulas (to tell a formula never calculated from an empty cell)."""
    try:
        # A form is a file of some kilobytes: a pipe would never end, /dev/zero would fill the memory.
        if path.exists() and not path.is_file():
            raise FormFileError(t("form_import.not_a_file", lang, file=path))
        if path.exists() and path.stat().st_size > MAX_FILE_BYTES:
            raise FormFileError(t("form_import.too_big", lang, file=path, limit=MAX_FILE_BYTES // 1_000_000))
        data = path.read_bytes()
    except OSError as error:
        raise FormFileError(f"{path}: {error.strerror or error}") from None
    if data.startswith(_OLE):
        raise FormFileError(t("form_import.ole", lang, file=path))
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():  # openpyxl warns of every extension it skips (data validation, styles)
            warnings.simplefilter("ignore")
            values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
            formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise FormFileError(t("form_import.not_xlsx", lang, file=path)) from None
    return values, formulas


class _Sheet:
    """One sheet's cells with merged ranges filled from their top-left cell, and the formats."""

    def __init__(self, values: Any, formulas: Any) -> None:
        self.title: str = values.title
        self.rows = min(values.max_row, MAX_ROWS)
        self.columns = min(values.max_column, MAX_COLUMNS)
        self._values, self._formulas = values, formulas
        self.origin: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        """Each merged cell's range (min_row, min_col, max_row, max_col)."""
        for merged in values.merged_cells.ranges:
            bounds = (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
            for row in range(merged.min_row, min(merged.max_row, self.rows) + 1):
                for column in range(merged.min_col, min(merged.max_col, self.columns) + 1):
                    self.origin[(row, column)] = bounds

    def top_left(self, row: int, column: int) -> tuple[int, int]:
        bounds = self.origin.get((row, column))
        return (bounds[0], bounds[1]) if bounds else (row, column)

    def raw(self, row: int, column: int) -> Any:
        """The cell's saved value; a merged range gives its value to each of its cells."""
        return self._values.cell(*self.top_left(row, column)).value

    def format(self, row: int, column: int) -> str:
        return str(self._values.cell(*self.top_left(row, column)).number_format or "")

    def uncalculated(self, row: int, column: int) -> bool:
        """A formula whose result was never saved (a file written by a program, not opened in Excel since)."""
        formula = self._formulas.cell(*self.top_left(row, column)).value
        return self.raw(row, column) is None and isinstance(formula, str) and formula.startswith("=")

    def across(self, row: int, first: int, last: int) -> bool:
        """One merged range covers the columns first..last of the row: a note written across the table."""
        bounds = self.origin.get((row, first))
        return bounds is not None and bounds[1] <= first and bounds[3] >= last and first != last

    def labels(self, row: int) -> dict[int, str]:
        return {column: label(self.raw(row, column)) for column in range(1, self.columns + 1)}


# Reading cells: each reader returns a Value, None for a cell that states nothing, or raises ValidationError.


def _text_of(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, int | float):
        return typed_cell_number(raw)
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat() if raw.time() == datetime.time() else raw.isoformat(sep=" ")
    if isinstance(raw, datetime.date | datetime.time):
        return raw.isoformat()
    return str(raw).strip()


def read_text(raw: Any, fmt: str, place: Place, lang: str) -> Value | None:
    """Text as written (a long passage allowed); a number formatted as a percentage is written with its %."""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and "%" in fmt:
        shown = typed_cell_number(Decimal(typed_cell_number(raw)) * 100)  # exact: the float was read through repr
        return Value(f"{shown}%", place, t("form_import.how.percent_format", lang, raw=typed_cell_number(raw)))
    text = _text_of(raw)
    if not text:
        return None
    check_text(text)
    check_length(text, MAX_LONG_TEXT)
    return Value(text, place)


def read_amount(raw: Any, fmt: str, place: Place, lang: str) -> Value | None:
    """An amount in 万元: a number, or text as offices type it ("1,200.50", "589.2 万元")."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Value(parse_money(typed_cell_number(raw)), place)
    text = _text_of(raw)
    if text in _NOTHING:
        return None
    return Value(read_money(text), place)


def read_rate(raw: Any, fmt: str, place: Place, lang: str) -> Value | None:
    """A rate in percent. The rule: a number formatted as a percentage is a fraction (0.86 shows as 86%: 86%); any
    other number is in percent as the cell shows it (86 is 86%, and a bare 0.86 is 0.86%, said under --dry-run);
    text is read as written ("86%", "86")."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = Decimal(typed_cell_number(raw))
        if "%" in fmt:
            rate = number * 100
            how = t("form_import.how.percent_format", lang, raw=typed_cell_number(raw))
        else:  # only a bare number from 0 to 1 could be meant as a fraction: said, so a wrong guess is seen
            rate = number
            how = t("form_import.how.bare_percent", lang, raw=typed_cell_number(raw)) if 0 < number <= 1 else ""
        return Value(parse_claim_value(ClaimKind.EXECUTION_RATE, typed_cell_number(rate)), place, how)
    text = _text_of(raw)
    if text in _NOTHING:
        return None
    value = parse_claim_value(ClaimKind.EXECUTION_RATE, text)
    return Value(value, place)


def read_score(raw: Any, fmt: str, place: Place, lang: str) -> Value | None:
    """Points (分值, 得分, 总分) out of 100: a number, or text such as "8.5分"; a band ("6.00–8.00", drift's own
    export of a qualitative score not pinned down) states no points."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        text = typed_cell_number(raw)
    else:
        text = _text_of(raw)
        if text in _NOTHING or _BAND.fullmatch(plain_forms(text)):
            return None
    return Value(parse_claim_value(ClaimKind.SCORE, text), place)


def read_tick(raw: Any, fmt: str, place: Place, lang: str) -> Value | None:
    """True for a tick, None for a cell left unticked; ValidationError for anything else."""
    if isinstance(raw, bool):
        return Value(True, place) if raw else None
    text = _text_of(raw)
    ticked = typed_tick(text)
    if ticked is None:
        raise ValidationError(t("form_import.why.tick", lang, text=text[:40]))
    return Value(True, place) if ticked else None


Reader = Callable[[Any, str, Place, str], "Value | None"]
"""A cell reader: the saved value, the number format, the place and the language of what it says."""


class _Reading:
    """Reads the cells of one sheet, collecting every problem rather than stopping at the first."""

    def __init__(
        self,
        file: str,
        sheet: _Sheet,
        problems: list[CellProblem],
        lang: str,
        exported: dict[tuple[int, int], Any] | None = None,
    ) -> None:
        self.file, self.sheet, self.problems, self.lang = file, sheet, problems, lang
        self.exported = exported or {}
        """The values drift wrote into this sheet, when it exported the workbook."""

    def untouched(self, place: Place) -> bool:
        """Whether the cell still holds what drift's export wrote there: nobody filled it in."""
        top_left = self.sheet.top_left(place.row, place.column)
        return top_left in self.exported and self.sheet.raw(place.row, place.column) == self.exported[top_left]

    def cell(self, row: int, column: int, header: str, reader: Reader) -> Value | None:
        place = Place(self.sheet.title, *self.sheet.top_left(row, column), header)  # a merged range's own cell
        if self.sheet.uncalculated(row, column):
            self.problem(place, t("form_import.why.formula", self.lang))
            return None
        from openpyxl.cell.cell import ERROR_CODES

        raw = self.sheet.raw(row, column)
        if isinstance(raw, str) and raw.strip() in ERROR_CODES:  # a formula that failed: #DIV/0!, #REF! …
            self.problem(place, t("form_import.why.error_value", self.lang, value=raw.strip()))
            return None
        try:
            return reader(raw, self.sheet.format(row, column), place, self.lang)
        except ValidationError as error:
            self.problem(place, worded(error, self.lang, located=False))
            return None

    def problem(self, place: Place, why: str) -> None:
        self.problems.append(CellProblem(self.file, place, why))


# The tables.


def read_form(path: Path, lang: str) -> tuple[list[FormSheet], list[CellProblem]]:
    """Every sheet holding a form (a money block, an indicator grid or both), and every cell that cannot be read."""
    values, formulas = open_workbook(path, lang)
    problems: list[CellProblem] = []
    sheets = []
    exported = _as_exported(values)
    for name in values.sheetnames:
        if name == AS_EXPORTED and name in exported:
            continue
        sheet = _Sheet(values[name], formulas[name])
        form = _read_sheet(sheet, _Reading(str(path), sheet, problems, lang, exported.get(name, {})))
        if form.found:
            sheets.append(form)
    if not sheets:
        raise FormFileError(t("form_import.no_table", lang, file=path))
    return sheets, problems


def _as_exported(book: Any) -> dict[str, dict[tuple[int, int], Any]]:
    """What drift wrote into a workbook it exported, by sheet and cell (drift.forms.AS_EXPORTED); {} for others.
    The sheet itself is listed under its own name, so that it is never read as a form."""
    from openpyxl.utils import coordinate_to_tuple

    if AS_EXPORTED not in book.sheetnames or book[AS_EXPORTED].sheet_state == "visible":
        return {}
    written: dict[str, dict[tuple[int, int], Any]] = {AS_EXPORTED: {}}
    for title, coordinate, value in book[AS_EXPORTED].iter_rows(max_col=3, values_only=True):
        if isinstance(title, str) and isinstance(coordinate, str):
            row, column = coordinate_to_tuple(coordinate)
            written.setdefault(title, {})[(row, column)] = value
    return written


def _read_sheet(sheet: _Sheet, reading: _Reading) -> FormSheet:
    form = FormSheet(sheet.title)
    form.project_name = _beside(sheet, reading, PROJECT_NAME_LABELS)
    form.project_code = _beside(sheet, reading, PROJECT_CODE_LABELS)
    row = 1
    while row <= sheet.rows:
        labels = sheet.labels(row)
        kinds = {column: grid_column(text) for column, text in labels.items()}
        if {"level1", "level2", "level3"} <= set(kinds.values()):
            row = _read_grid(sheet, reading, form, row, labels)
            continue
        money = {column: money_column(text) for column, text in labels.items()}
        if "annual_budget" in money.values() and ("paid" in money.values() or "rate" in money.values()):
            row = _read_money(sheet, reading, form, row, labels, money)
            continue
        if TOTAL_SCORE_LABELS & set(labels.values()) and form.rows:
            total = _total(sheet, reading, form, row, labels)
            if total is not None and not reading.untouched(total.place):
                form.total_score = total
        row += 1
    return form


_HEADING_LABELS = (
    PROJECT_NAME_LABELS | PROJECT_CODE_LABELS | _labels("主管部门", "实施单位", "Department", "Implementing unit")
)


def _beside(sheet: _Sheet, reading: _Reading, names: frozenset[str]) -> Value | None:
    """The value written right of a label such as 项目名称 (past the label's merged cells)."""
    for row in range(1, min(sheet.rows, 40) + 1):
        for column in range(1, sheet.columns + 1):
            if label(sheet.raw(row, column)) not in names:
                continue
            bounds = sheet.origin.get((row, column))
            after = bounds[3] + 1 if bounds else column + 1
            for right in range(after, sheet.columns + 1):
                text = _text_of(sheet.raw(row, right))
                if label(text) in _HEADING_LABELS:
                    return None  # the next label (项目代码 after an empty 项目名称): the form leaves this one blank
                if text:
                    return reading.cell(row, right, _text_of(sheet.raw(row, column)), read_text)
            return None
    return None


def _total(sheet: _Sheet, reading: _Reading, form: FormSheet, row: int, labels: dict[int, str]) -> Value | None:
    """The score in the 总分 row: in the grid's 得分 column, else the first number right of the label."""
    if form.score_column is not None and _text_of(sheet.raw(row, form.score_column)):
        return reading.cell(row, form.score_column, _text_of(sheet.raw(row, form.score_column)), read_score)
    start = next(column for column, text in labels.items() if text in TOTAL_SCORE_LABELS)
    bounds = sheet.origin.get((row, start))
    for column in range((bounds[3] if bounds else start) + 1, sheet.columns + 1):
        raw = sheet.raw(row, column)
        if (isinstance(raw, int | float) and not isinstance(raw, bool)) or (
            isinstance(raw, str) and raw.strip() and label(raw) not in SCORE_GRADES
        ):
            return reading.cell(row, column, _text_of(sheet.raw(row, start)), read_score)
    return None


def _sub_labels(sheet: _Sheet, row: int) -> dict[int, str]:
    """The labels of the header's second row (确定能 有可能 完全不可能, 经费保障 …), if it has one."""
    if row + 1 > sheet.rows:
        return {}
    below = sheet.labels(row + 1)
    known = set(CAUSE_LABELS) | set(LIKELIHOOD_LABELS) | set(CAUSE_TEXT_LABELS)
    return below if any(text in known for text in below.values()) else {}


class _GridColumn(Struct, frozen=True):
    field: str
    header: str
    reader: Reader
    cause: CauseKind | None = None
    likelihood: Likelihood | None = None


def _grid_columns(labels: dict[int, str], below: dict[int, str]) -> dict[int, _GridColumn]:
    """Each read column of the grid."""
    columns: dict[int, _GridColumn] = {}
    for column, text in labels.items():
        kind = grid_column(text)
        sub = below.get(column, "")
        header = f"{text}/{sub}" if sub and sub != text else text
        if kind == "cause" and sub in CAUSE_LABELS:
            columns[column] = _GridColumn("cause_kinds", header, read_text, cause=CAUSE_LABELS[sub])
        elif kind == "cause":
            columns[column] = _GridColumn("deviation_cause", header, read_text)
        elif kind == "likelihood" and sub in LIKELIHOOD_LABELS:
            columns[column] = _GridColumn("likelihood", header, read_tick, likelihood=LIKELIHOOD_LABELS[sub])
        elif kind == "likelihood":
            columns[column] = _GridColumn("likelihood", header, read_text)
        elif kind in ("weight", "score"):
            columns[column] = _GridColumn(kind, header, read_score)
        elif kind is not None:
            columns[column] = _GridColumn(kind, header, read_text)
    return columns


_NOTE_WORDS = re.compile(r"(?:注|说明|填报|填表|审核|联系人|负责人|单位负责人|填报日期).*")
"""What starts a line written under a form in its first column: a note, or a label such as 填报人 beside a name.
A name ending in a colon (注：, 填报人：) anywhere in the level columns ends the grid too."""


def _read_grid(sheet: _Sheet, reading: _Reading, form: FormSheet, header: int, labels: dict[int, str]) -> int:
    """The indicator grid below its header row; returns the row after it."""
    below = _sub_labels(sheet, header)
    columns = _grid_columns(labels, below)
    form.score_column = next((column for column, spec in columns.items() if spec.field == "score"), None)
    level = {name: _column_of(columns, name) for name in ("level1", "level2", "level3")}
    row = header + (2 if below else 1)
    previous = ("", "")
    while row <= sheet.rows:
        labels_here = sheet.labels(row)
        if {"level1", "level3"} <= {grid_column(text) for text in labels_here.values()}:
            return row  # another grid starts
        if TOTAL_SCORE_LABELS & set(labels_here.values()) or sheet.across(
            row, min(level.values()), max(level.values())
        ):
            return row  # the total, or a note written across the table: the grid ends
        if money_column_count(labels_here) >= 2:
            return row
        names = [_text_of(sheet.raw(row, level[name])) for name in ("level1", "level2", "level3")]
        first, *_ = [plain_forms(name).strip() for name in names]
        if _NOTE_WORDS.fullmatch(first) or any(plain_forms(name).strip().endswith((":", "：")) for name in names):
            return row  # 注：…, 填报人：张三: words under the table, never an indicator (nor a person's name kept)
        stated = {spec.field for column, spec in columns.items() if _text_of(sheet.raw(row, column))}
        if not names[2] and not stated - {"level1", "level2"}:
            row += 1  # a blank row, or one holding only a level merged down from above
            continue
        if not names[2] and "target" not in stated:
            return row  # words under the table (填报人, 联系电话 …): every indicator has a level-3 name and a target
        level1 = names[0] or previous[0]  # a level left blank below its first row is the one above, as forms do
        level2 = names[1] or previous[1]
        previous = (level1, level2)
        place = Place(sheet.title, row, level["level3"], labels[level["level3"]])
        item = IndicatorRow(place, level1, level2, names[2])
        if not names[2]:  # a target with no name: not an indicator drift can match or add
            reading.problem(place, t("form_import.why.no_level3", reading.lang))
        _read_row(reading, row, columns, item)
        form.rows.append(item)
        row += 1
    return row


def money_column_count(labels: dict[int, str]) -> int:
    return sum(1 for text in labels.values() if money_column(text) is not None)


def _column_of(columns: dict[int, _GridColumn], name: str) -> int:
    return next(column for column, spec in columns.items() if spec.field == name)


def _read_row(reading: _Reading, row: int, columns: dict[int, _GridColumn], item: IndicatorRow) -> None:
    causes: list[CauseKind] = []
    cause_places: list[Place] = []
    likelihoods: list[Value] = []
    for column, spec in columns.items():
        if spec.field in ("level1", "level2", "level3"):
            continue
        value = reading.cell(row, column, spec.header, spec.reader)
        if value is None:
            continue
        if spec.cause is not None:
            ticked = typed_tick(str(value.value))
            if ticked is None and spec.cause is CauseKind.OTHER:  # words under 其他: the other cause, said
                ticked = True
                _put(reading, item, "deviation_cause", value)
            if ticked is None:
                reading.problem(value.place, t("form_import.why.tick", reading.lang, text=str(value.value)[:40]))
            elif ticked:
                causes.append(spec.cause)
                cause_places.append(value.place)
        elif spec.likelihood is not None:
            likelihoods.append(Value(spec.likelihood, value.place))
        elif spec.field == "likelihood":
            chosen = LIKELIHOOD_LABELS.get(label(value.value)) or next(
                (item for item in Likelihood if item.value == value.value), None
            )
            if chosen is None:
                reading.problem(value.place, t("form_import.why.likelihood", reading.lang, text=str(value.value)[:40]))
            else:
                likelihoods.append(Value(chosen, value.place))
        elif spec.field == "grade":
            try:
                _put(reading, item, "grade", Value(typed_grade(str(value.value)), value.place))
            except ValidationError as error:
                reading.problem(value.place, worded(error, reading.lang, located=False))
        else:
            if spec.field not in LONG_FIELDS and isinstance(value.value, str) and len(value.value) > MAX_TEXT:
                reading.problem(value.place, check_length_problem(value.value, reading.lang))
                continue
            _put(reading, item, spec.field, value)
    if len(likelihoods) > 1:
        refs = ", ".join(value.place.letter for value in likelihoods)
        reading.problem(likelihoods[1].place, t("form_import.why.two_ticks", reading.lang, columns=refs))
    elif likelihoods:
        item.values["likelihood"] = likelihoods[0]
    if causes:  # in the order of the headings, whatever order the form has its columns in
        item.values["cause_kinds"] = Value(tuple(sorted(causes, key=list(CauseKind).index)), cause_places[0])


LONG_FIELDS = frozenset({"deviation_cause", "remark"})
"""The grid's passages (store.model.LongText); every other cell of it is a short text (store.values.MAX_TEXT)."""


def check_length_problem(text: str, lang: str) -> str:
    """Why a short text cell is too long, in the store's own words."""
    try:
        check_length(text, MAX_TEXT)
    except ValidationError as error:
        return worded(error, lang, located=False)
    return ""


IDENTITY = frozenset({"level1", "level2", "level3", "target"})
"""A row's fields that say which indicator it is: read whether or not anyone filled them in."""


def _put(reading: _Reading, item: IndicatorRow, name: str, value: Value) -> None:
    """A row's value for a field, refused when two of its columns state it differently; a value left as drift
    exported it states nothing new."""
    if name not in IDENTITY and reading.untouched(value.place):
        return
    there = item.values.get(name)
    if there is not None and there.value != value.value:
        reading.problem(value.place, t("form_import.why.twice", reading.lang, other=there.place.ref))
        return
    item.values.setdefault(name, value)


_MONEY_READERS: dict[str, Reader] = {
    "initial_budget": read_amount,
    "annual_budget": read_amount,
    "paid": read_amount,
    "forecast": read_amount,
    "rate": read_rate,
    "weight": read_score,
    "score": read_score,
}


def _read_money(
    sheet: _Sheet, reading: _Reading, form: FormSheet, header: int, labels: dict[int, str], money: dict[int, str | None]
) -> int:
    """The money block below its header row: 年度资金总额 and its lines, until a row that is none of them."""
    columns = {column: kind for column, kind in money.items() if kind is not None}
    first = min(columns)
    for column, kind in columns.items():
        if kind == "paid":
            form.paid_header = Value(
                labels[column], Place(sheet.title, header, column, _text_of(sheet.raw(header, column)))
            )
    row = header + 1
    while row <= sheet.rows:
        labels_here = sheet.labels(row)
        if grid_column_count(labels_here) >= 3 or money_column_count(labels_here) >= 2:
            return row
        at = next((column for column in range(first - 1, 0, -1) if labels_here.get(column)), None)
        name = labels_here[at] if at is not None else ""
        stated = any(_text_of(sheet.raw(row, column)) for column in columns)
        written = plain_forms(_text_of(sheet.raw(row, at))).strip() if at is not None else ""
        if stated and written.startswith("其中") and not _money_label(name):
            label_at = sheet.top_left(row, at)[1] if at is not None else first  # a merged label's own cell
            form.breakdowns.append(Place(sheet.title, row, label_at, name))  # said, and the block read on
            row += 1
            continue
        if sheet.across(row, first, max(columns)) or not _money_label(name):
            if stated or name:
                return row  # the next part of the form (年度绩效目标 …)
            row += 1
            continue
        if not stated:
            row += 1  # a line the form leaves empty (单位自筹 with no money), or a label merged down the block
            continue
        assert at is not None
        place = Place(sheet.title, row, at, name)
        line = MoneyRow(place, name, plain_forms(_text_of(sheet.raw(row, at))).removeprefix("其中").strip(":： "))
        for column, kind in columns.items():
            value = reading.cell(row, column, labels[column], _MONEY_READERS[kind])
            if value is not None and not reading.untouched(value.place):
                line.values[kind] = value
        form.money.append(line)
        row += 1
    return row


def grid_column_count(labels: dict[int, str]) -> int:
    return sum(1 for text in labels.values() if grid_column(text) in ("level1", "level2", "level3"))


def cells(form: FormSheet) -> Iterator[Value]:
    """Every value the sheet states, for tests and for --dry-run's account."""
    for line in form.money:
        yield from line.values.values()
    for item in form.rows:
        yield from item.values.values()
