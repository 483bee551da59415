"""The official forms both ways: what `drift export --format xlsx` writes, filled in as a department would and read
back by `drift import-form`, changes exactly the filled cells; unfilled, it changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.cli.test_self_evaluation_commands import evaluate_the_sample


def exported(drift, path: Path, lang: str, *options: str) -> Path:
    result = drift("export", "--format", "xlsx", "--lang", lang, "-o", str(path), *options)
    assert result.code == 0, result.err
    return path


def filled(source: Path, target: Path, cells: dict[tuple[int, str], Any]) -> Path:
    """The workbook with some cells typed in, as a department fills the form: (sheet index, cell) → value."""
    book = openpyxl.load_workbook(source)
    for (index, cell), value in cells.items():
        book.worksheets[index][cell] = value
    book.save(target)
    return target


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_monitoring_table_drift_writes_comes_back_unchanged_and_filled_changes_only_the_filled_cells(
    drift, tmp_path: Path, lang: str
) -> None:
    form = exported(drift, tmp_path / "as-exported.xlsx", lang)
    assert drift("import-form", str(form), "--dry-run").out == ""

    # The grid starts at row 13 (改造小区数量) and the money block's lines at row 6 (年度资金总额), 7 (中央补助资金).
    cells = {
        (0, "E13"): "1",  # 1–9月执行情况 of 改造小区数量: one community done
        (0, "M13"): None,  # no longer 确定能 …
        (0, "N13"): "√",  # … but 有可能, ticked as offices tick
        (0, "G14"): "✓",  # 配套设施完成率's cause: 经费保障 …
        (0, "L14"): "资金未到位",  # … explained
        (0, "F7"): "20",  # 20 万元 of the central money paid by 2023-09-28 (截至2023-09-28执行数), typed as text
    }
    result = drift("import-form", str(filled(form, tmp_path / "filled.xlsx", cells)))

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "indicators I1 to_date: 0 → 1",
        "indicators I1 likelihood: certain → possible",
        "indicators I2 deviation_cause: — → 资金未到位",
        'indicators I2 cause_kinds: [] → ["funding"]',
        "reported R2 paid: 0 → 20",  # the report's own 0 paid of central money as of 2023-09-28, now 20
    ]  # the total, the rates and the rest left as drift wrote them state nothing: no claim, no figure
    again = exported(drift, tmp_path / "again.xlsx", lang)
    assert drift("import-form", str(again), "--dry-run").out == ""


def test_the_self_evaluation_table_drift_writes_comes_back_unchanged_and_filled_changes_only_the_filled_cells(
    drift, tmp_path: Path
) -> None:
    evaluate_the_sample(drift)
    form = exported(drift, tmp_path / "as-exported.xlsx", "zh", "--as-of", "2023-12-31")
    book = openpyxl.load_workbook(form)
    assert [sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"] == ["监控表", "自评表"]
    assert drift("import-form", str(form), "--dry-run").out == ""

    sheet = book.worksheets[1]
    rows = {sheet.cell(row, 3).value: row for row in range(1, sheet.max_row + 1)}
    final, score = _column(sheet, "实际完成值"), _column(sheet, "得分")
    cells = {
        (1, f"{final}{rows['按时完工率']}"): "95%",  # 按时完工率's final value, 90% before
        (1, f"{score}{rows['提升小区品质']}"): 7,  # 达成 without points: now 7 of its 7.50
    }
    result = drift("import-form", str(filled(form, tmp_path / "filled.xlsx", cells)))

    assert result.code == 0, result.err
    # 得分 and 总分 left as drift computed them are no claims of the department's, though the scores now differ.
    assert result.out.splitlines() == ["indicators I5 final: 90% → 95%", "indicators I7 points: — → 7"]


def _column(sheet: Any, label: str) -> str:
    """The letter of the indicator grid's column whose heading is label (the money block above has its own 得分)."""
    for row in sheet.iter_rows():
        if any(cell.value == "一级指标" for cell in row):
            return next(str(cell.column_letter) for cell in row if cell.value == label)
    raise AssertionError("no indicator grid")


def test_a_breakdown_line_is_said_and_the_lines_below_it_are_read(drift, tmp_path: Path) -> None:
    form = exported(drift, tmp_path / "as-exported.xlsx", "zh")
    # A department writes a breakdown by purpose where the provincial line was, and fills in the county's money.
    cells = {(0, "A8"): "其中：工程款", (0, "F9"): 100}
    result = drift("import-form", str(filled(form, tmp_path / "breakdown.xlsx", cells)), "--lang", "zh")

    assert result.code == 0, result.err
    assert result.out.splitlines() == ["报告数 R4 累计支出：0 → 100"]  # 县级财政资金, below the breakdown
    assert "监控表!A8：按用途细分的一行（其中：…），本系统不记录，已跳过" in result.err


def test_notes_and_signatures_under_the_grid_are_no_indicators(drift, tmp_path: Path, saved) -> None:
    form = exported(drift, tmp_path / "as-exported.xlsx", "zh")
    cells = {
        (0, "A25"): "填报人：",
        (0, "C25"): "张三",
        (0, "D25"): "联系电话：13800000000",
        (0, "A26"): "注：",
        (0, "C26"): "本表金额单位",
        (0, "D26"): "万元",
    }
    result = drift("import-form", str(filled(form, tmp_path / "signed.xlsx", cells)))

    assert (result.code, result.out) == (0, "")
    assert [indicator["id"] for indicator in saved()["indicators"]][-1] == "I11"


def test_a_form_exported_years_later_reads_back_dated_when_the_years_money_stopped(drift, tmp_path: Path) -> None:
    form = exported(drift, tmp_path / "late.xlsx", "zh", "--as-of", "2026-06-30")

    assert openpyxl.load_workbook(form).worksheets[0]["F5"].value == "截至2024-12-31执行数"
    assert drift("import-form", str(form), "--dry-run").out == ""


def test_a_blank_project_name_is_blank_not_the_label_beside_it(drift, tmp_path: Path) -> None:
    form = exported(drift, tmp_path / "as-exported.xlsx", "zh")
    unnamed = filled(form, tmp_path / "unnamed.xlsx", {(0, "C3"): None, (0, "L3"): None})  # 项目名称, 项目代码

    result = drift("import-form", str(unnamed), "--dry-run")
    assert (result.code, result.out) == (0, "")  # the store's only project; nothing read as its name
