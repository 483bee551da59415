"""`drift export --format xlsx`: the official forms as a workbook, read back with openpyxl; refusals in one line."""

from __future__ import annotations

import io
import json
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.conftest import SEED_CODE, CliResult

Drift = Callable[..., CliResult]

MONEY_COLUMNS = (4, 5, 6, 7, 9)
"""年初预算数 D, 全年预算数 E, 1–N月执行数 F, 执行率 G:H, 全年预计执行数 I:J."""


def exported(drift: Drift, target: Path, *argv: str) -> Worksheet:
    """The first sheet of the workbook `drift export --format xlsx -o target` writes."""
    result = drift("export", "--format", "xlsx", "-o", str(target), "--lang", "zh", *argv)
    assert result.code == 0, result.err
    assert result.err == f"wrote {target}\n" or result.err == f"已写入 {target}\n"
    return load_workbook(target).worksheets[0]


def test_the_sample_monitoring_table_holds_the_seed_forms_figures(drift: Drift, tmp_path: Path) -> None:
    ws = exported(drift, tmp_path / "seed.xlsx")

    assert ws.title == "监控表"
    assert ws["A1"].value == "项目支出绩效目标执行监控表" and ws["A2"].value == "（2023年1–9月）"
    assert ws["C3"].value == "2023年度襄垣县城镇老旧小区改造项目" and ws["L3"].value == SEED_CODE
    heading = ["年初预算数", "全年预算数", "截至2023-09-28执行数", "执行率", "全年预计执行数"]  # not a month end
    assert [ws.cell(5, c).value for c in MONEY_COLUMNS] == heading
    # 年度资金总额: 年初预算数 not stated (empty), 589.20 budgeted, 0.00 paid to 2023-09-28, 0.00%, 589.20 forecast
    assert ws["A6"].value == "年度资金总额"
    assert [ws.cell(6, c).value for c in MONEY_COLUMNS] == [None, 589.2, 0, 0, 589.2]
    assert [ws.cell(r, 1).value for r in (7, 8, 9)] == ["中央补助资金", "省级补助资金", "县级财政资金"]
    assert [ws.cell(r, 5).value for r in (7, 8, 9)] == [82, 7.2, 500]


def test_figures_carry_two_decimal_formats_and_labels_none(drift: Drift, tmp_path: Path) -> None:
    ws = exported(drift, tmp_path / "seed.xlsx")

    assert [ws.cell(6, c).number_format for c in MONEY_COLUMNS] == ["#,##0.00"] * 3 + ["0.00%", "#,##0.00"]
    assert ws["D5"].number_format == "General" and ws["D5"].font.bold
    assert ws["E6"].border.left.style == "thin" and ws["A1"].border.left.style is None


def test_the_likelihood_is_ticked_in_its_column_and_level_names_merge_down(drift: Drift, tmp_path: Path) -> None:
    ws = exported(drift, tmp_path / "seed.xlsx")

    assert ws["A11"].value == "一级指标" and ws["G11"].value == "偏差原因分析" and ws["M12"].value == "确定能"
    # rows 13–23 are the sample's eleven indicators; I3 安全事故发生率 (row 15) and I4–I5 are 有可能
    likelihoods = [[ws.cell(r, c).value for c in (13, 14, 15)] for r in range(13, 24)]
    assert likelihoods[0] == ["✓", None, None]
    assert [row.index("✓") if "✓" in row else None for row in likelihoods] == [0, 0, 1, 1, 1, 0, 0, 0, 0, 0, None]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:P1", "G5:H5", "I6:J6"} <= merged  # the title, the money block's rate and forecast
    assert {"A11:A12", "G11:L11", "M11:O11", "P11:P12", "A13:A18", "A19:A22", "B13:B14", "B15:B16"} <= merged
    assert ws["A13"].value == "产出指标" and ws["A14"].value is None
    assert ws["C15"].value == "安全事故发生率"


def test_the_sheet_prints_on_a4_landscape_scaled_to_its_width(drift: Drift, tmp_path: Path) -> None:
    ws = exported(drift, tmp_path / "seed.xlsx")

    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4 in the spreadsheet standard's numbering
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$11:$12"
    assert [ws.column_dimensions[c].width for c in "ACLP"] == [10, 18, 20, 16]


def test_two_exports_seconds_apart_are_the_same_bytes(drift: Drift, tmp_path: Path) -> None:
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    exported(drift, first)
    time.sleep(2.1)  # zip timestamps count in two-second steps
    exported(drift, second)

    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 9, 28, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"
        core = archive.read("docProps/core.xml").decode()
    assert "<dc:creator>drift</dc:creator>" in core and core.count("2023-09-28T00:00:00Z") == 2


def test_the_as_of_date_chooses_the_figures_and_the_months(drift: Drift, tmp_path: Path) -> None:
    pay = ("pay", "--project", SEED_CODE, "--date", "2023-10-10", "--source", "local", "--amount", "100")
    assert drift(*pay).code == 0

    october = exported(drift, tmp_path / "october.xlsx", "--as-of", "2023-10-31")
    september = exported(drift, tmp_path / "september.xlsx", "--as-of", "2023-09-30")

    assert october["F5"].value == "1–10月执行数" and september["F5"].value == "1–9月执行数"
    # 100 of 589.20 is 16.97%; of the county's 500, 20.00%
    assert [october["F6"].value, october["G6"].value, october["F9"].value, october["G9"].value] == [
        100,
        0.1697,
        100,
        0.2,
    ]
    assert [september["F6"].value, september["G6"].value] == [0, 0]


def test_an_xlsx_output_name_chooses_the_format_and_markdown_can_still_be_asked_for(
    drift: Drift, tmp_path: Path
) -> None:
    assert drift("export", "-o", str(tmp_path / "a.xlsx")).code == 0
    assert drift("export", "--format", "markdown", "-o", str(tmp_path / "b.xlsx")).code == 0

    assert zipfile.is_zipfile(tmp_path / "a.xlsx")
    assert (tmp_path / "b.xlsx").read_text(encoding="utf-8").startswith("# ")


def test_every_project_gets_a_monitoring_sheet_named_by_its_code(
    run_cli, tmp_path: Path, sample_doc: dict[str, Any]
) -> None:
    second = json.loads(json.dumps(sample_doc["projects"][0]))
    second["code"], second["name"] = "OTHER-1", "另一个项目"
    sample_doc["projects"].append(second)
    source = tmp_path / "import.json"
    source.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    store = str(tmp_path / "store.json")
    assert run_cli("import", str(source), "--store", store).code == 0

    assert run_cli("export", "-o", str(tmp_path / "all.xlsx"), "--lang", "zh", "--store", store).code == 0

    book = load_workbook(tmp_path / "all.xlsx")
    assert book.sheetnames == [
        f"监控表 {SEED_CODE}",
        "监控表 OTHER-1",
        "drift",
    ]  # and the hidden one of values as written
    assert book["drift"].sheet_state == "hidden"
    assert book.worksheets[1]["C3"].value == "另一个项目"


def test_piped_standard_output_gets_the_same_bytes_as_the_file(
    drift: Drift, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported(drift, tmp_path / "file.xlsx")
    piped = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", piped)

    result = drift("export", "--format", "xlsx", "--lang", "zh")

    assert result.code == 0
    assert piped.buffer.getvalue() == (tmp_path / "file.xlsx").read_bytes()


def test_a_terminal_never_gets_the_binary_workbook(drift: Drift, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)

    result = drift("export", "--format", "xlsx")

    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "drift: xlsx is binary and is not written to a terminal: give -o FILE.xlsx or redirect the output\n"
    )


@pytest.mark.parametrize("option", [("--summary",), ("--template", "report")])
def test_a_summary_or_the_report_draft_is_not_a_workbook(drift: Drift, tmp_path: Path, option: tuple[str]) -> None:
    result = drift("export", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"), *option)

    assert result.code == 2
    assert result.err == f"drift: --format xlsx does not combine with {option[0]}\n"
    assert not (tmp_path / "x.xlsx").exists()


def test_the_store_and_a_symlink_are_refused_as_for_every_export(
    drift: Drift, store_path: Path, tmp_path: Path
) -> None:
    before = store_path.read_bytes()
    link = tmp_path / "link.xlsx"
    link.symlink_to(tmp_path / "elsewhere.xlsx")

    onto_store = drift("export", "--format", "xlsx", "-o", str(store_path))
    through_link = drift("export", "--format", "xlsx", "-o", str(link))

    assert onto_store.code == 2 and through_link.code == 2
    assert onto_store.err.startswith(f"drift: -o {store_path}: ") and onto_store.err.count("\n") == 1
    assert "symlink" in through_link.err and through_link.err.count("\n") == 1
    assert store_path.read_bytes() == before
    assert not (tmp_path / "elsewhere.xlsx").exists()


def test_text_that_looks_like_a_formula_is_written_as_text(drift: Drift, tmp_path: Path) -> None:
    assert drift("project", "--progress-summary", '=HYPERLINK("http://x","y")').code == 0

    ws = exported(drift, tmp_path / "seed.xlsx")

    assert ws["I10"].value == "具体完成情况"
    assert ws["K10"].value == '=HYPERLINK("http://x","y")' and ws["K10"].data_type == "s"
    with zipfile.ZipFile(tmp_path / "seed.xlsx") as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_a_project_in_its_self_evaluation_gets_the_self_evaluation_sheet_with_its_scores(
    drift: Drift, tmp_path: Path
) -> None:
    recorded = [
        ("indicator", "I1", "--final", "2", "--weight", "20"),
        ("indicator", "I2", "--final", "80%", "--weight", "10", "--causes", "经费保障"),
        ("pay", "--date", "2023-11-10", "--source", "local", "--amount", "500"),
    ]
    for argv in recorded:
        assert drift(*argv).code == 0
    target = tmp_path / "year.xlsx"

    monitoring = exported(drift, target, "--as-of", "2023-12-31")

    book = load_workbook(target)
    assert book.sheetnames == ["监控表", "自评表", "drift"]
    assert monitoring["G14"].value == "✓" and monitoring["H14"].value is None  # I2's 经费保障
    ws = book["自评表"]
    assert ws["A1"].value == "项目支出绩效自评表" and ws["A2"].value == "（2023年度）"
    # 500 of 589.20 paid in the year: 84.86%, 8.49 of the 10 points of budget execution
    assert [ws.cell(6, c).value for c in range(3, 9)] == [None, 589.2, 500, 10, 0.8486, 8.49]
    assert ws["H6"].comment is not None and ws["H6"].comment.text == "500.00 ÷ 589.20 × 10 = 8.49"
    assert [ws.cell(11, c).value for c in range(1, 9)] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    assert [ws.cell(12, c).value for c in range(3, 8)] == ["改造小区数量", "2", "2", 20, 20]
    assert [ws.cell(13, c).value for c in range(3, 8)] == ["配套设施完成率", "100%", "80%", 10, 8]
    assert ws["G13"].comment is not None and ws["G13"].comment.text == "80 ÷ 100 × 10 = 8.00"
    # I3 states no 分值 while I1 and I2 of its group do: neither 分值 nor 得分 can be given, nor the total
    assert [ws.cell(14, c).value for c in (6, 7)] == [None, None]
    assert ws["G14"].comment is not None and "分值" in ws["G14"].comment.text
    assert [ws.cell(23, c).value for c in (1, 6, 7, 8)] == ["总分", None, None, None]
    assert ws.max_row == 23
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert [cell.number_format for cell in ws[6][2:8]] == ["#,##0.00"] * 3 + ["0.00", "0.00%", "0.00"]
    again = tmp_path / "again.xlsx"
    exported(drift, again, "--as-of", "2023-12-31")
    assert again.read_bytes() == target.read_bytes()


def test_a_dash_is_standard_output_and_a_workbook_is_never_named_as_text(drift: Drift, tmp_path: Path) -> None:
    markdown = drift("export", "-o", "-")
    misnamed = drift("export", "--format", "xlsx", "-o", str(tmp_path / "x.md"))

    assert markdown.code == 0 and markdown.out.startswith("# 2023年度襄垣县城镇老旧小区改造项目")
    assert not (Path.cwd() / "-").exists()
    assert (misnamed.code, misnamed.err) == (2, f"drift: -o {tmp_path / 'x.md'}: an Excel file's name ends in .xlsx\n")
    assert not (tmp_path / "x.md").exists()
