"""The official forms (drift/forms.py) written as an Excel workbook, byte for byte the same for the same data and date."""

from __future__ import annotations

import io
import math
import unicodedata
import zipfile
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from pendulum import Date

from drift.analysis import ProjectAnalysis
from drift.forms import AS_EXPORTED, NUMBER_FORMATS, CellKind, FormSheet, form_sheets

CREATOR = "drift"
"""The workbook's author in its properties: the program, never a person's name."""

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONTS = {CellKind.TITLE: Font(bold=True, size=14), CellKind.LABEL: Font(bold=True)}
_CENTRED = (CellKind.TITLE, CellKind.LABEL, CellKind.TICK)
_RIGHT = (CellKind.MONEY, CellKind.PERCENT, CellKind.POINTS)
_NOTE_WIDTH, _NOTE_HEIGHT = 240, 60
"""A comment's box in points: wide enough for a score's arithmetic on one or two lines."""
_LINE_HEIGHT = 15
"""Points per line of wrapped text: Excel does not grow a row to fit merged cells, so the height is set."""


def forms_workbook(analyses: Sequence[ProjectAnalysis], lang: str) -> bytes:
    """Each project's monitoring table, and its self-evaluation table when it has one, as one workbook dated by the
    latest as-of date: what `drift export --format xlsx` and the dashboard's export write."""
    return workbook_bytes(form_sheets(analyses, lang), max(analysis.as_of for analysis in analyses))


def workbook_bytes(sheets: Sequence[FormSheet], as_of: Date) -> bytes:
    """The sheets as an .xlsx file: the same bytes for the same sheets and as-of date.

    openpyxl stamps the time of saving on the document properties and on every zip entry; both are fixed here to
    the as-of date, so two exports of one state diff as equal.
    """
    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    for sheet in sheets:
        _write_sheet(book.create_sheet(sheet.title), sheet)
    _write_as_exported(book.create_sheet(AS_EXPORTED), sheets)
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    book.properties.creator = CREATOR
    book.properties.lastModifiedBy = CREATOR
    book.properties.created = stamp
    book.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not openpyxl's save_workbook, which sets modified to now
    return _fixed_zip(raw.getvalue(), (max(as_of.year, 1980), as_of.month, as_of.day, 0, 0, 0))


def _fixed_zip(data: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """The zip rewritten with one timestamp and fixed attributes on every entry, [Content_Types].xml first and the
    rest by name."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the platform writing it
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def _write_as_exported(ws: Worksheet, sheets: Sequence[FormSheet]) -> None:
    """Every value cell of the forms (not their headings) as written: sheet, cell, value; the sheet is hidden."""
    ws.sheet_state = "hidden"
    for sheet in sheets:
        for r, row in enumerate(sheet.rows, start=1):
            for c, cell in enumerate(row, start=1):
                if cell.value is not None and cell.kind not in (CellKind.TITLE, CellKind.LABEL):
                    ws.append([sheet.title, f"{get_column_letter(c)}{r}", cell.value])
                    if ws.cell(ws.max_row, 3).data_type == "f":
                        ws.cell(ws.max_row, 3).data_type = "s"


def _write_sheet(ws: Worksheet, sheet: FormSheet) -> None:
    for r, row in enumerate(sheet.rows, start=1):
        for c, cell in enumerate(row, start=1):
            target = ws.cell(row=r, column=c)
            if cell.value is not None:  # a merge's covered cells are None in the model
                target.value = cell.value
                if target.data_type == "f":  # text beginning with "=" is a person's words, never a formula to run
                    target.data_type = "s"
            if cell.note:
                target.comment = Comment(cell.note, CREATOR, width=_NOTE_WIDTH, height=_NOTE_HEIGHT)
            if cell.kind is not CellKind.TITLE:
                target.border = _BORDER
            if font := _FONTS.get(cell.kind):
                target.font = font
            if number_format := NUMBER_FORMATS.get(cell.kind):
                target.number_format = number_format
            horizontal = "center" if cell.kind in _CENTRED else "right" if cell.kind in _RIGHT else "left"
            target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    for merge in sheet.merges:
        ws.merge_cells(start_row=merge.top, start_column=merge.left, end_row=merge.bottom, end_column=merge.right)
    for c, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, height in _heights(sheet).items():
        ws.row_dimensions[r].height = height
    if sheet.header_rows:
        ws.print_title_rows = f"{sheet.header_rows[0]}:{sheet.header_rows[-1]}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the grid needs
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True


def _heights(sheet: FormSheet) -> dict[int, float]:
    """The rows whose text needs more than one line, with the height it needs across the columns it spans."""
    spans = {(m.top, m.left): (m.right - m.left + 1, m.bottom - m.top + 1) for m in sheet.merges}
    heights: dict[int, float] = {}
    for r, row in enumerate(sheet.rows, start=1):
        for c, cell in enumerate(row, start=1):
            if not isinstance(cell.value, str) or cell.kind is CellKind.TITLE:
                continue
            across, down = spans.get((r, c), (1, 1))
            width = sum(sheet.widths[c - 1 : c - 1 + across])
            lines = sum(max(1, math.ceil(_display_width(part) / max(width - 1, 1))) for part in cell.value.split("\n"))
            needed = lines * _LINE_HEIGHT / down
            if lines > 1 and needed > heights.get(r, _LINE_HEIGHT):
                heights[r] = needed
    return heights


def _display_width(text: str) -> int:
    """Columns the text takes: a Chinese character is two, as Excel's column width counts them."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
