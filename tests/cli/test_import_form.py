"""`drift import-form`: filled monitoring and self-evaluation tables, as departments fill them, recorded with history."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import SEED_CODE

SAMPLE_NAME = "2023年度襄垣县城镇老旧小区改造项目"

MONEY_HEADER = ("", "", "全年预算数", "1-9月执行数", "1-9月执行率", "全年预计执行数")
MONEY = [
    ("项目资金（万元）", "年度资金总额：", 589.2, 0, "0%", 589.2),
    ("", "其中：中央补助资金", 82, 0, "0%", 82),
    ("", "省级补助资金", 7.2, 0, "0%", 7.2),
    ("", "县级财政资金", 500, 0, "0%", 500),
]
"""The sample's money block as its monitoring table states it (表2-1): nothing paid by the end of September."""

GRID_HEADER = (
    *("一级指标", "二级指标", "三级指标", "年度指标值", "1-9月执行情况", "全年预计完成情况"),
    *("偏差原因分析", None, None, None, None, "完成目标可能性", None, None, "备注"),
)
GRID_SUBHEADER = (
    *(None,) * 6,
    *("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他", "确定能", "有可能", "完全不可能"),
)
TICK = {"certain": 11, "possible": 12, "impossible": 13}
"""The 0-based column of each likelihood's tick in a grid row."""
GRID = [
    ("产出指标", "数量指标", "改造小区数量", "2", "0", "2", "certain"),
    ("产出指标", "数量指标", "配套设施完成率", "100%", "0", "100%", "certain"),
    ("产出指标", "质量指标", "安全事故发生率", "0%", "0", "0%", "possible"),
    ("产出指标", "质量指标", "验收合格率", "100%", "0", "100%", "possible"),
    ("产出指标", "时效指标", "按时完工率", "100%", "0", "100%", "possible"),
    ("产出指标", "成本指标", "超概算率", "≤10%", "0", "≤10%", "certain"),
    ("效益指标", "经济效益", "提升小区品质", "提升", "-", "提升", "certain"),
    ("效益指标", "社会效益", "设计功能实现率", "100%", "-", "100%", "certain"),
    ("效益指标", "生态效益", "改善人居环境", "改善", "-", "改善", "certain"),
    ("效益指标", "可持续影响", "改善基础设施", "改善", "-", "改善", "certain"),
    ("满意度", "服务对象满意度", "满意度", "≥95%", "≥95%", "≥95%", None),
]
"""The sample's indicator grid (I1–I11) as the store holds it."""

MONEY_TOP = 4
"""The money block's header row; its lines follow."""
GRID_TOP = 10
"""The grid's header row; its sub-header is the next row, indicator I1 the one after."""


def grid_row(item: int) -> int:
    """The sheet row of indicator I{item} in the monitoring form."""
    return GRID_TOP + 1 + item


def monitoring_form(path: Path, edit: Callable[[Any], None] | None = None, blank_before: tuple[int, ...] = ()) -> Path:
    """The sample's monitoring table (项目支出绩效目标执行监控表) as a department fills it, merged cells and all;
    edit changes the sheet before it is saved; blank_before puts two blank rows before each of those indicators."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "监控表"
    sheet["A1"] = "项目支出绩效目标执行监控表"
    sheet["A2"], sheet["C2"] = "项目名称", SAMPLE_NAME
    sheet.merge_cells("A2:B2")
    for column, text in enumerate(MONEY_HEADER, start=1):
        sheet.cell(MONEY_TOP, column, text or None)
    for offset, line in enumerate(MONEY, start=1):
        for column, value in enumerate(line, start=1):
            sheet.cell(MONEY_TOP + offset, column, value if value != "" else None)
    sheet.merge_cells(f"A{MONEY_TOP + 1}:A{MONEY_TOP + len(MONEY)}")
    for column, text in enumerate(GRID_HEADER, start=1):
        sheet.cell(GRID_TOP, column, text)
    for column, text in enumerate(GRID_SUBHEADER, start=1):
        sheet.cell(GRID_TOP + 1, column, text)
    sheet.merge_cells(f"G{GRID_TOP}:K{GRID_TOP}")
    sheet.merge_cells(f"L{GRID_TOP}:N{GRID_TOP}")
    for letter in "ABCDEFO":
        sheet.merge_cells(f"{letter}{GRID_TOP}:{letter}{GRID_TOP + 1}")

    def at(item: int) -> int:
        return grid_row(item) + 2 * sum(1 for gap in blank_before if gap <= item)

    for item, (level1, level2, level3, target, to_date, forecast, likelihood) in enumerate(GRID, start=1):
        row = at(item)
        for column, value in enumerate((level1, level2, level3, target, to_date, forecast), start=1):
            sheet.cell(row, column, value)
        if likelihood:
            sheet.cell(row, TICK[likelihood] + 1, "√")
    # level 1 merged down its rows, as the forms have it: every row of the range is of that level
    sheet.merge_cells(f"A{at(1)}:A{at(6)}")
    sheet.merge_cells(f"A{at(7)}:A{at(10)}")
    for row in range(at(2), at(7)):  # the merged cells' own values are gone, as in Excel
        assert sheet.cell(row, 1).value is None
    if edit is not None:
        edit(sheet)
    book.save(path)
    return path


def stored(store_path: Path, code: str = SEED_CODE) -> dict[str, Any]:
    doc = json.loads(store_path.read_bytes())
    return next(p for p in doc["projects"].values() if p["code"] == code)


def indicator(store_path: Path, item: str) -> dict[str, Any]:
    return next(i for i in stored(store_path)["indicators"] if i["id"] == item)


@pytest.fixture
def form(tmp_path: Path) -> Callable[..., Path]:
    def make(edit: Callable[[Any], None] | None = None, name: str = "form.xlsx") -> Path:
        return monitoring_form(tmp_path / name, edit)

    return make


# The form as the store holds it, and the same form twice.


def test_the_sample_form_as_the_store_holds_it_changes_nothing(drift, form, store_path: Path) -> None:
    before = store_path.read_bytes()

    result = drift("import-form", str(form()))

    assert result.code == 0, result.err
    assert "nothing changed" in result.err
    assert store_path.read_bytes() == before


def test_a_second_import_of_the_same_form_changes_nothing(drift, form, store_path: Path) -> None:
    def filled(sheet: Any) -> None:
        sheet.cell(grid_row(1), 5, 1)  # 1 of 2 communities by the end of September
        sheet.cell(MONEY_TOP + 2, 4, 20)  # 20 万元 of the central money paid
        sheet.cell(MONEY_TOP + 2, 5, "25%")  # and a rate the form gets wrong (20 ÷ 82 is 24.39%)

    path = form(filled)
    first = drift("import-form", str(path))
    assert first.code == 0, first.err
    after_first = store_path.read_bytes()

    second = drift("import-form", str(path))

    assert second.code == 0, second.err
    assert "nothing changed" in second.err
    assert store_path.read_bytes() == after_first


def test_the_history_names_every_field_the_form_changed_in_one_revision(drift, form, store_path: Path) -> None:
    def filled(sheet: Any) -> None:
        sheet.cell(grid_row(1), 5, 1)
        sheet.cell(grid_row(2), 15, "材料已进场")

    drift("import-form", str(form(filled)), "--note", "9月监控表")

    log = drift("log").out.splitlines()
    lines = [line for line in log if line.startswith("r2\t")]
    assert [line.split("\t")[5] for line in lines] == [
        "indicators I1 to_date: 0 → 1",
        "indicators I2 remark: 表3-1：1-9月完成情况0%。 → 材料已进场",
    ]
    assert all("9月监控表" in line.split("\t")[6:] for line in lines)
    assert not [line for line in log if line.startswith("r3\t")]


# The quirks of forms as departments fill them.


def test_blank_rows_between_indicators_are_skipped(drift, store_path: Path, tmp_path: Path) -> None:
    def filled(sheet: Any) -> None:
        sheet.cell(grid_row(3) + 2, 5, "1")  # 安全事故发生率, two blank rows down: the rows after the blanks are read
        sheet.cell(grid_row(11) + 4, 5, "90%")  # 满意度, the last row, after two more

    result = drift("import-form", str(monitoring_form(tmp_path / "form.xlsx", filled, blank_before=(3, 11))))

    assert result.code == 0, result.err
    assert (indicator(store_path, "I2")["to_date"], indicator(store_path, "I3")["to_date"]) == ("0", "1")
    assert indicator(store_path, "I11")["to_date"] == "90%"


def test_a_level_merged_down_gives_its_name_to_every_row_of_the_range(drift, form, store_path: Path) -> None:
    def new_row(sheet: Any) -> None:
        row = grid_row(6)  # 超概算率, the last row of 产出指标's merged range: its level 3 made a new indicator
        sheet.cell(row, 2, "成本指标")
        sheet.cell(row, 3, "单位造价")
        sheet.cell(row, 4, "≤500元/平方米")

    result = drift("import-form", str(form(new_row)))

    assert result.code == 0, result.err
    added = indicator(store_path, "I12")
    assert (added["level1"], added["level2"], added["level3"], added["target"]) == (
        "产出指标",
        "成本指标",
        "单位造价",
        "≤500元/平方米",
    )
    assert "indicators I12 level1: — → 产出指标" in result.out


def test_numbers_stored_as_text_are_read_as_offices_type_them(drift, form, store_path: Path) -> None:
    def typed(sheet: Any) -> None:
        sheet.cell(MONEY_TOP, 3, "年初预算数")
        sheet.cell(MONEY_TOP, 4, "全年预算数")
        sheet.cell(MONEY_TOP, 5, "1-9月执行数")
        sheet.cell(MONEY_TOP, 6, "1-9月执行率")
        sheet.cell(MONEY_TOP, 7, "全年预计执行数")
        for offset, line in enumerate(MONEY, start=1):  # one column to the right, for 年初预算数
            for column, value in enumerate(line[2:], start=4):
                sheet.cell(MONEY_TOP + offset, column, value)
        sheet.cell(MONEY_TOP + 1, 3, "1,200.50")
        sheet.cell(MONEY_TOP + 1, 4, "589.2 万元")  # the same budget, written with its unit
        sheet.cell(MONEY_TOP + 4, 5, "１２０．５")  # full-width digits: 120.5 万元 of the county's money paid
        sheet.cell(MONEY_TOP + 1, 5, "1,205,000元")  # and of the whole project, in 元
        sheet.cell(MONEY_TOP + 4, 6).value = sheet.cell(MONEY_TOP + 1, 6).value = None

    result = drift("import-form", str(form(typed)))

    assert result.code == 0, result.err
    funding = stored(store_path)["funding"]
    assert funding["initial_budget"] == "1200.50"
    assert funding["annual_budget"] == "589.20"
    # the total's 120.5 is what the county's figure already gives the project: one figure is recorded, not two
    (figure,) = funding["reported"][4:]
    assert (figure["date"], figure["source"], figure["paid"]) == ("2023-09-30", "local", "120.5")


@pytest.mark.parametrize(
    ("written", "percent_format", "claimed"),
    [(0.86, True, "86%"), ("86%", False, "86%"), (86, False, "86%"), (0.86, False, "0.86%")],
)
def test_a_rate_is_read_as_the_cell_shows_it(
    drift, form, store_path: Path, written: object, percent_format: bool, claimed: str
) -> None:
    def rate(sheet: Any) -> None:
        cell = sheet.cell(MONEY_TOP + 2, 5, written)
        if percent_format:
            cell.number_format = "0.00%"

    path = form(rate)
    shown = drift("import-form", str(path), "--dry-run")
    result = drift("import-form", str(path))

    assert result.code == 0, result.err
    (claim,) = stored(store_path)["claims"]
    assert (claim["kind"], claim["value"], claim["subject"], claim["date"]) == (
        "execution_rate",
        claimed,
        "central",
        "2023-09-30",
    )
    line = next(line for line in shown.out.splitlines() if "value" in line)
    assert line.startswith(f"claims C1 value: — → {claimed}  (监控表!E6")
    if written == 0.86 and not percent_format:  # the one a reader could take either way is said
        assert "read in percent as 0.86%" in line


@pytest.mark.parametrize("tick", ["✓", "√", "是", "Y", "y"])
def test_each_way_of_ticking_a_likelihood_is_read(drift, form, store_path: Path, tick: str) -> None:
    def ticked(sheet: Any) -> None:
        row = grid_row(1)
        sheet.cell(row, TICK["certain"] + 1).value = None
        sheet.cell(row, TICK["impossible"] + 1, tick)
        sheet.cell(row, TICK["possible"] + 1, "否")  # a cross or 否 is not a tick

    result = drift("import-form", str(form(ticked)))

    assert result.code == 0, result.err
    assert indicator(store_path, "I1")["likelihood"] == "impossible"


def test_deviation_causes_are_ticked_and_words_under_other_are_the_cause(drift, form, store_path: Path) -> None:
    def causes(sheet: Any) -> None:
        row = grid_row(2)
        sheet.cell(row, 7, "√")  # 经费保障
        sheet.cell(row, 10, "✓")  # 硬件条件保障
        sheet.cell(row, 11, "材料涨价，采购延期")  # 其他, in words

    result = drift("import-form", str(form(causes)))

    assert result.code == 0, result.err
    item = indicator(store_path, "I2")
    assert item["cause_kinds"] == ["funding", "facilities", "other"]
    assert item["deviation_cause"] == "材料涨价，采购延期"


def test_two_likelihoods_ticked_are_refused_with_the_cell_and_nothing_is_saved(drift, form, store_path: Path) -> None:
    before = store_path.read_bytes()

    def twice(sheet: Any) -> None:
        sheet.cell(grid_row(3), TICK["certain"] + 1, "√")  # possible is ticked already

    path = form(twice)
    result = drift("import-form", str(path))

    assert result.code == 2
    assert (
        f"{path}: sheet '监控表' row {grid_row(3)} column M (完成目标可能性/有可能): more than one likelihood"
        in result.err
    )
    assert store_path.read_bytes() == before


def test_every_unreadable_cell_is_reported_by_sheet_row_and_column_and_nothing_is_saved(
    drift, form, store_path: Path
) -> None:
    before = store_path.read_bytes()

    def bad(sheet: Any) -> None:
        sheet.cell(MONEY_TOP + 1, 3, "约六百万")  # 全年预算数 in words
        sheet.cell(grid_row(4), 9, "?")  # 人员保障: neither ticked nor not
        sheet.cell(grid_row(5), 4, "100%")  # fine
        sheet.cell(grid_row(1), 5, 1)  # a good change, which must not be saved either

    path = form(bad)
    result = drift("import-form", str(path))

    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith(f"{path}: sheet '监控表' row {MONEY_TOP + 1} column C (全年预算数): ")
    assert lines[1].startswith(f"{path}: sheet '监控表' row {grid_row(4)} column I (偏差原因分析/人员保障): '?'")
    assert lines[2] == f"drift: {path}: 2 cells cannot be read; nothing was saved"
    assert "Traceback" not in result.err
    assert store_path.read_bytes() == before


def test_a_formula_never_calculated_is_unreadable_not_blank(drift, form, store_path: Path) -> None:
    def formula(sheet: Any) -> None:
        sheet.cell(MONEY_TOP + 2, 4, "=3*4")  # openpyxl saves no result: Excel would

    result = drift("import-form", str(form(formula)))

    assert result.code == 2
    assert f"row {MONEY_TOP + 2} column D (1-9月执行数): a formula whose result was never saved" in result.err


def test_a_spreadsheet_error_and_a_negative_rate_are_unreadable(drift, form) -> None:
    def errors(sheet: Any) -> None:
        sheet.cell(grid_row(1), 5, "#DIV/0!")
        sheet.cell(MONEY_TOP + 3, 5, -5)

    result = drift("import-form", str(form(errors)))

    assert result.code == 2
    assert (
        f"row {grid_row(1)} column E (1-9月执行情况): holds the spreadsheet's error #DIV/0!, not a value" in result.err
    )
    assert f"row {MONEY_TOP + 3} column E (1-9月执行率): '-5' is not a rate" in result.err


def test_dry_run_shows_each_change_with_its_cell_and_saves_nothing(drift, form, store_path: Path) -> None:
    before = store_path.read_bytes()

    def filled(sheet: Any) -> None:
        sheet.cell(grid_row(1), 5, 1)
        sheet.cell(grid_row(2), 6, "90%")

    result = drift("import-form", str(form(filled)), "--dry-run")

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"indicators I1 to_date: 0 → 1  (监控表!E{grid_row(1)})",
        f"indicators I2 forecast: 100% → 90%  (监控表!F{grid_row(2)})",
    ]
    assert "dry run: 2 changes" in result.err
    assert store_path.read_bytes() == before


def test_words_below_the_grid_end_it(drift, form, store_path: Path) -> None:
    def signed(sheet: Any) -> None:
        row = grid_row(12)
        sheet.cell(row, 1, "填报人：张三")
        sheet.cell(row, 5, "联系电话：0355-1234567")
        sheet.cell(row + 1, 1, "注：本表金额单位为万元")
        sheet.merge_cells(f"A{row + 1}:O{row + 1}")

    result = drift("import-form", str(form(signed)))

    assert result.code == 0, result.err
    assert "nothing changed" in result.err


# The self-evaluation table.


def self_evaluation_form(path: Path, edit: Callable[[Any], None] | None = None) -> Path:
    """A 项目支出绩效自评表 with the layout drift's export writes: money block, then the grid with 分值 and 得分."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    sheet["A1"] = "项目支出绩效自评表"
    sheet["A2"], sheet["B2"] = "项目代码", SEED_CODE
    sheet.append([])
    sheet.append(["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])  # row 4
    sheet.append(["年度资金总额", 589.2, 589.2, 520.5, 10, 0.8834, 8.83])
    sheet["F5"].number_format = "0.00%"
    sheet.append(["本年财政拨款", None, 589.2, 520.5, None, None, None])
    sheet.append([])
    sheet.append(
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    )
    sheet.append(["产出指标", "数量指标", "改造小区数量", "2", "2", 20, 20, None])  # row 9
    sheet.append([None, "质量指标", "安全事故发生率", "0%", "0%", 10, 9.5, None])
    sheet.append(["效益指标", "经济效益", "提升小区品质", "提升", "部分达成", 10, 7, "部分楼栋未完工"])  # row 11
    sheet.append([None, "社会效益", "设计功能实现率", "100%", "95%", 10, 9.5, None])
    sheet.append([None, "生态效益", "改善人居环境", "改善", "改善", 10, 8.5, None])  # row 13
    sheet.append(["总分", None, None, None, None, 100, 85.81, "良"])  # row 14
    sheet.merge_cells("A9:A10")
    sheet.merge_cells("A11:A13")
    if edit is not None:
        edit(sheet)
    book.save(path)
    return path


def test_a_self_evaluation_records_final_values_weights_grades_budgets_and_the_claimed_score(
    drift, store_path: Path, tmp_path: Path
) -> None:
    path = self_evaluation_form(tmp_path / "自评表.xlsx")

    result = drift("import-form", str(path))

    assert result.code == 0, result.err
    items = {i["id"]: i for i in stored(store_path)["indicators"]}
    assert (items["I1"]["final"], items["I1"]["weight"]) == ("2", "20")
    assert (items["I3"]["final"], items["I3"]["weight"]) == ("0%", "10")
    # qualitative: 部分达成 written as the final value is its grade; the 得分 is the points a person gave
    assert (items["I7"]["final"], items["I7"]["grade"], items["I7"]["points"]) == ("部分达成", "partly", "7")
    assert items["I7"]["deviation_cause"] == "部分楼栋未完工"
    # no grade word: 8.5 of 10 is in 达成's band (80–100% of the 分值)
    assert (items["I9"]["grade"], items["I9"]["points"]) == ("achieved", "8.5")
    funding = stored(store_path)["funding"]
    assert funding["initial_budget"] == "589.2"
    figure = funding["reported"][-1]
    assert (figure["date"], figure.get("source"), figure["paid"]) == ("2023-12-31", None, "520.5")  # whole project
    claims = {(c["kind"], c.get("subject", "")): c for c in stored(store_path)["claims"]}
    assert claims[("score", "")]["value"] == "85.81"
    assert claims[("score", "")]["date"] == "2023-12-31"
    # a quantitative row's 得分 is a claim unless it is drift's own: 改造小区数量 met scores its 20, and 设计功能实现率
    # 95 of 100% scores 95 ÷ 100 × 10 = 9.5; 安全事故发生率 0% of ≤0% met scores 10, so the form's 9.5 is claimed
    assert claims[("score", "I3")]["value"] == "9.5"
    assert ("score", "I1") not in claims and ("score", "I8") not in claims
    # 520.5 ÷ 589.2 is 88.34%: the form's rate is drift's own figure, so it adds no claim
    assert ("execution_rate", "") not in claims
    assert "本年财政拨款" not in result.err
    assert result.err.count("the line groups several funding sources") == 1  # 本年财政拨款's line, said once


def test_a_score_that_is_drifts_own_leaves_a_claim_recorded_earlier_as_it_is(
    drift, store_path: Path, tmp_path: Path
) -> None:
    assert drift("import-form", str(self_evaluation_form(tmp_path / "report.xlsx"))).code == 0
    before = store_path.read_bytes()  # claims 安全事故发生率 scores 9.5, where drift's own score is 10

    def exported(sheet: Any) -> None:
        sheet["G10"] = 10  # what drift's export writes in that cell: its own score

    result = drift("import-form", str(self_evaluation_form(tmp_path / "exported.xlsx", exported)))

    assert result.code == 0, result.err
    assert store_path.read_bytes() == before


def self_evaluation_grid(path: Path, weights: dict[str, float]) -> Path:
    """A self-evaluation table of the sample's eleven indicators with their 分值 by level 1 and no 得分."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"])
    for level1, level2, level3, target, *_ in GRID:
        sheet.append([level1, level2, level3, target, None, weights.get(level3, weights[level1]), None])
    book.save(path)
    return path


def test_the_default_weights_drift_writes_are_no_change_until_one_of_their_group_changes(
    drift, store_path: Path, tmp_path: Path
) -> None:
    assert drift("indicator", "I1", "--final", "2").code == 0  # in its self-evaluation: drift gives 分值 by level
    before = store_path.read_bytes()
    # 产出 50 shared by six is 8.33 (two decimals, as the export writes it), 效益 30 by four 7.5, 满意度 10
    defaults = {"产出指标": 8.33, "效益指标": 7.5, "满意度": 10}

    same = drift("import-form", str(self_evaluation_grid(tmp_path / "a.xlsx", defaults)))

    assert same.code == 0, same.err
    assert store_path.read_bytes() == before

    changed = drift("import-form", str(self_evaluation_grid(tmp_path / "b.xlsx", defaults | {"超概算率": 10})))

    assert changed.code == 0, changed.err
    weights = {item["id"]: item.get("weight") for item in stored(store_path)["indicators"]}
    # the whole 产出 group is stated, as a group stating some 分值 and not others has unknown ones
    assert weights == {f"I{n}": "8.33" for n in range(1, 6)} | {"I6": "10"} | {f"I{n}": None for n in range(7, 12)}


# Files that are no form, and which project.


def test_a_file_that_is_not_a_workbook_is_one_line(drift, tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_text("一级指标,二级指标\n", encoding="utf-8")

    result = drift("import-form", str(path))

    assert (result.code, result.err) == (2, f"drift: {path}: is not an .xlsx workbook\n")


def test_an_encrypted_workbook_or_old_xls_is_one_line(drift, tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))

    result = drift("import-form", str(path))

    assert result.code == 2
    assert (
        result.err
        == f"drift: {path}: is an old .xls file or a workbook with a password; save it as .xlsx without a password\n"
    )


def test_a_workbook_without_a_form_is_one_line(drift, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "会议纪要"
    book.save(path)

    result = drift("import-form", str(path))

    assert result.code == 2
    assert result.err.startswith(f"drift: {path}: holds no monitoring or self-evaluation table")


def test_a_form_naming_a_project_the_store_lacks_is_refused(drift, form, store_path: Path) -> None:
    def other(sheet: Any) -> None:
        sheet["C2"] = "另一个项目"

    result = drift("import-form", str(form(other)))

    assert result.code == 2
    assert "names the project '另一个项目', which is not in the store; choose one with --project CODE" in result.err


def test_the_project_is_the_one_the_form_names_among_several(
    run_cli, form, store_path: Path, sample_doc: dict[str, Any], tmp_path: Path
) -> None:
    sample_doc["projects"][0]["code"] = "OTHER-1"
    sample_doc["projects"][0]["name"] = "另一个项目"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    assert run_cli("import", str(other), "--store", str(store_path), environ={"USER": "alice"}).code == 0

    def filled(sheet: Any) -> None:
        sheet.cell(grid_row(1), 5, 1)

    result = run_cli("import-form", str(form(filled)), "--store", str(store_path), environ={"USER": "alice"})

    assert result.code == 0, result.err
    assert indicator(store_path, "I1")["to_date"] == "1"
    assert next(i for i in stored(store_path, "OTHER-1")["indicators"] if i["id"] == "I1")["to_date"] == "0"

    def unnamed(sheet: Any) -> None:
        sheet["A2"] = sheet["C2"] = None

    ambiguous = run_cli("import-form", str(form(unnamed, "b.xlsx")), "--store", str(store_path), environ={})
    assert ambiguous.code == 2
    assert "holds 2 projects; choose one with --project CODE" in ambiguous.err

    elsewhere = run_cli("import-form", str(form(filled, "c.xlsx")), "--project", "OTHER-1", "--store", str(store_path))
    assert elsewhere.code == 2
    assert elsewhere.err == "drift: every sheet of the form names another project; none is about OTHER-1\n"


# The layout drift's own export writes (drift/forms.py of issue 16), in either language.

EXPORT_LABELS = {
    "zh": {
        "name": "项目名称",
        "code": "项目代码",
        "money": ("项目资金（万元）", "年初预算数", "全年预算数", "1–9月执行数", "执行率", "全年预计执行数"),
        "more": ("偏差原因分析", "完成目标可能性", "备注"),
        "total": "年度资金总额",
        "goal": "年度绩效目标",
        "grid": ("一级指标", "二级指标", "三级指标", "年度指标值", "1–9月执行情况", "全年预计完成情况"),
        "causes": ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他", "原因说明"),
        "likelihoods": ("确定能", "有可能", "完全不可能"),
    },
    "en": {
        "name": "Project name",
        "code": "Project code",
        "money": (
            *("Project funds (万元)", "Initial budget", "Annual budget", "Paid, months 1–9", "Execution rate"),
            "Full-year forecast",
        ),
        "more": ("Deviation cause", "Likelihood of meeting the target", "Remark"),
        "total": "Total funds of the year",
        "goal": "Annual performance goal",
        "grid": ("Level 1", "Level 2", "Level 3", "Annual target", "To date, months 1–9", "Full-year forecast"),
        "causes": ("Funding", "Rules", "Staff", "Facilities", "Other", "Explanation"),
        "likelihoods": ("Certain", "Possible", "Impossible"),
    },
}


def exported_layout(path: Path, lang: str, edit: Callable[[Any], None]) -> Path:
    """The sample's monitoring table laid out as `drift export --format xlsx` writes it: 16 columns, money lines
    merged over A:C, the grid's causes with a 原因说明 column, ✓ ticks, money and rates as numbers with formats."""
    words = EXPORT_LABELS[lang]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A3"], sheet["C3"], sheet["J3"], sheet["L3"] = words["name"], SAMPLE_NAME, words["code"], SEED_CODE
    for cells in ("A3:B3", "C3:I3", "J3:K3", "L3:P3", "A5:C5", "I5:L5", "M5:O5"):
        sheet.merge_cells(cells)
    for letter, text in zip("ADEFGHIMP", words["money"] + words["more"], strict=True):
        sheet[f"{letter}5"] = text
    for row, (name, budget) in enumerate(
        [(words["total"], 589.2), ("中央补助资金", 82), ("省级补助资金", 7.2), ("县级财政资金", 500)], start=6
    ):
        sheet[f"A{row}"], sheet[f"E{row}"], sheet[f"F{row}"], sheet[f"G{row}"], sheet[f"H{row}"] = (
            name,
            budget,
            0,
            0,
            budget,
        )
        sheet[f"G{row}"].number_format = "0.00%"
        sheet.merge_cells(f"A{row}:C{row}")
    sheet["A10"], sheet["D10"] = words["goal"], "本年度完成……改造工作。"
    sheet.merge_cells("A10:C10")
    sheet.merge_cells("D10:H10")
    for letter, text in zip("ABCDEFGMP", words["grid"] + words["more"], strict=True):
        sheet[f"{letter}11"] = text
    for letter, text in zip("GHIJKLMNO", words["causes"] + words["likelihoods"], strict=True):
        sheet[f"{letter}12"] = text
    sheet.merge_cells("G11:L11")
    sheet.merge_cells("M11:O11")
    for letter in "ABCDEFP":
        sheet.merge_cells(f"{letter}11:{letter}12")
    for item, (level1, level2, level3, target, to_date, forecast, likelihood) in enumerate(GRID, start=1):
        row = 12 + item
        for letter, value in zip("ABCDEF", (level1, level2, level3, target, to_date, forecast), strict=True):
            sheet[f"{letter}{row}"] = value
        if likelihood:
            sheet.cell(row, {"certain": 13, "possible": 14, "impossible": 15}[likelihood], "✓")
    sheet.merge_cells("A13:A18")
    sheet.merge_cells("A19:A22")
    edit(sheet)
    book.save(path)
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_layout_drifts_export_writes_is_read_in_either_language_and_only_filled_cells_change(
    drift, store_path: Path, tmp_path: Path, lang: str
) -> None:
    untouched = exported_layout(tmp_path / "as-exported.xlsx", lang, lambda sheet: None)
    assert drift("import-form", str(untouched), "--dry-run").out == ""

    def filled(sheet: Any) -> None:
        sheet["E13"] = "1"  # 改造小区数量: one community done
        sheet["M13"], sheet["N13"] = None, "✓"  # now only possible
        sheet["G14"], sheet["L14"] = "✓", "资金未到位"  # 配套设施完成率: funding, explained
        sheet["F7"] = 20  # 20 万元 of the central money paid …
        sheet["G7"] = 0.2439  # … and the rate the export's formula would show: drift's own figure, no claim
        sheet["F6"], sheet["G6"] = 20, 0.0339

    result = drift("import-form", str(exported_layout(tmp_path / "filled.xlsx", lang, filled)))

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "indicators I1 to_date: 0 → 1",
        "indicators I1 likelihood: certain → possible",
        "indicators I2 deviation_cause: — → 资金未到位",
        'indicators I2 cause_kinds: [] → ["funding"]',
        "reported R5 date: — → 2023-09-30",
        "reported R5 source: — → central",
        "reported R5 paid: — → 20",
        "reported R5 reference: — → filled.xlsx Sheet!F7",
    ]


def test_a_band_drift_wrote_for_an_ungraded_score_is_no_points_and_points_over_the_weight_are_refused(
    drift, store_path: Path, tmp_path: Path
) -> None:
    def band(sheet: Any) -> None:
        sheet["G11"] = "6.00–8.00"  # 提升小区品质: the band drift's export writes when no points are recorded

    result = drift("import-form", str(self_evaluation_form(tmp_path / "band.xlsx", band)))

    assert result.code == 0, result.err
    assert "points" not in indicator(store_path, "I7")
    assert indicator(store_path, "I7")["grade"] == "partly"  # from the word 部分达成 all the same

    def over(sheet: Any) -> None:
        sheet["G13"] = 12  # 改善人居环境: 12 of its 10

    before = store_path.read_bytes()
    refused = drift("import-form", str(self_evaluation_form(tmp_path / "over.xlsx", over)))

    assert refused.code == 2
    assert "row 13 column G (得分): the score 12 is more than the indicator's 分值 10" in refused.err
    assert store_path.read_bytes() == before

    def outside(sheet: Any) -> None:
        sheet["E13"] = "达成"  # 改善人居环境 achieved, yet 5 of its 10 is 未达成's band
        sheet["G13"] = 5

    refused = drift("import-form", str(self_evaluation_form(tmp_path / "outside.xlsx", outside)))

    assert refused.code == 2
    assert "row 13 column G (得分): the score 5 is outside the band of achieved, 8.00–10.00" in refused.err
    assert store_path.read_bytes() == before


def test_money_of_a_source_the_project_lacks_is_refused_and_an_empty_line_of_one_is_not(
    drift, form, store_path: Path
) -> None:
    def empty(sheet: Any) -> None:
        sheet.cell(MONEY_TOP + 5, 2, "单位自筹")  # the form's usual empty line
        sheet.cell(MONEY_TOP + 5, 3, 0)

    assert drift("import-form", str(form(empty))).code == 0

    def stated(sheet: Any) -> None:
        sheet.cell(MONEY_TOP + 5, 2, "单位自筹")
        sheet.cell(MONEY_TOP + 5, 3, 30)

    result = drift("import-form", str(form(stated, "b.xlsx")))

    assert result.code == 2
    assert f"row {MONEY_TOP + 5} column B (单位自筹): '单位自筹' is not a funding source of this project" in result.err


def test_a_paid_column_dated_when_the_money_cannot_move_is_refused_at_its_label(drift, form) -> None:
    def late(sheet: Any) -> None:
        sheet.cell(MONEY_TOP, 4, "截至2026-03-31执行数")  # budget year 2023: its money moves until the end of 2024

    result = drift("import-form", str(form(late)))

    assert result.code == 2
    assert f"row {MONEY_TOP} column D (截至2026-03-31执行数): 2026-03-31 is outside 2022–2024" in result.err
    assert result.err.count("截至2026-03-31执行数") == 1

    chinese = drift("--lang", "zh", "import-form", str(form(late, "zh.xlsx")))

    assert chinese.code == 2
    assert "2026-03-31 不在 2022–2024 年内：2023 年度预算的资金只在前一年" in chinese.err  # part FIXZH of issue 17


def test_a_value_too_long_for_its_field_is_refused_at_its_cell(drift, form) -> None:
    def pasted(sheet: Any) -> None:
        sheet.cell(grid_row(1), 5, "已完成" * 1000)

    result = drift("import-form", str(form(pasted)))

    assert result.code == 2
    assert f"row {grid_row(1)} column E (1-9月执行情况): is 3,000 characters long; at most 2,000" in result.err


def test_hostile_text_in_a_cell_is_refused_or_shown_as_written(drift, form, store_path: Path) -> None:
    def escape(sheet: Any) -> None:
        sheet.cell(grid_row(1), 15, "\x9b31m红")  # a C1 escape (CSI): openpyxl itself refuses C0 ones

    refused = drift("import-form", str(form(escape)))
    assert refused.code == 2
    assert f"row {grid_row(1)} column O (备注): contains the control character U+009B; remove it" in refused.err
    assert "\x9b" not in refused.err

    def markup(sheet: Any) -> None:
        sheet.cell(grid_row(1), 15, "[red]x[/red]")

    shown = drift("import-form", str(form(markup, "b.xlsx")))
    assert shown.code == 0, shown.err
    assert "remark: 表3-1作" in shown.out and shown.out.rstrip().endswith("→ [red]x[/red]")


def test_with_project_a_name_the_store_lacks_is_said_and_read_as_that_project(drift, form, store_path: Path) -> None:
    def other(sheet: Any) -> None:
        sheet["C2"] = "老旧小区改造"  # the department's short name
        sheet.cell(grid_row(1), 5, 1)

    result = drift("import-form", str(form(other)), "--project", SEED_CODE)

    assert result.code == 0, result.err
    assert (
        f"drift: the form's 监控表!C2 names the project '老旧小区改造', which is not in the store; read as {SEED_CODE}"
        in (result.err)
    )
    assert indicator(store_path, "I1")["to_date"] == "1"


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("1-9月执行数", "2023-09-30"),
        ("1—12月 执行数", "2023-12-31"),
        ("1至6月执行数", "2023-06-30"),
        ("全年执行数", "2023-12-31"),
        ("截至2024-03-31执行数", "2024-03-31"),
        ("截至2024年3月31日执行数", "2024-03-31"),
        ("截至9月28日执行数", "2023-09-28"),
        ("Paid, months 1–9", "2023-09-30"),
        ("Paid to 2024-03-31", "2024-03-31"),
        ("Paid in the year", "2023-12-31"),
        ("截至2月30日执行数", None),
        ("1-13月执行数", None),
        ("执行数", None),
    ],
)
def test_the_day_a_paid_column_counts_to_is_read_from_its_label(written: str, day: str | None) -> None:
    from tui.formimport import label, paid_until

    found = paid_until(label(written), 2023)

    assert (found.isoformat() if found else None) == day


def test_money_lines_are_matched_to_sources_as_departments_name_them(drift, form, store_path: Path) -> None:
    def named(sheet: Any) -> None:
        sheet.cell(MONEY_TOP + 2, 2, "其中：中央财政资金")  # the kind's name, not the one the project lists
        sheet.cell(MONEY_TOP + 2, 6, 80)
        sheet.cell(MONEY_TOP + 4, 2, "市县（区）财政资金")  # as the seed's own form writes it
        sheet.cell(MONEY_TOP + 4, 6, 450)

    result = drift("import-form", str(form(named)))

    assert result.code == 0, result.err
    sources = {source["kind"]: source for source in stored(store_path)["funding"]["sources"]}
    assert (sources["central"]["forecast"], sources["local"]["forecast"]) == ("80", "450")


def test_a_colleague_changing_a_field_the_form_changes_meanwhile_is_a_conflict_and_nothing_is_saved(
    drift, form, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.edits import edit_record
    from store.persist import Store

    apply = Store.apply

    def bob_saves_first(self: Store, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("by") == "alice":  # between the form's read of the store and its save
            project = Store(store_path).load().projects[0]
            apply(Store(store_path), [edit_record(project, "indicators", "I1", to_date="2")], by="bob", at=kwargs["at"])
        return apply(self, *args, **kwargs)

    def filled(sheet: Any) -> None:
        sheet.cell(grid_row(1), 5, 1)
        sheet.cell(grid_row(2), 5, "50%")

    monkeypatch.setattr(Store, "apply", bob_saves_first)
    result = drift("import-form", str(form(filled)))

    assert result.code == 2
    assert result.err.startswith("drift: conflict: ") and "indicators I1 to_date: theirs 2, yours 1" in result.err
    assert (indicator(store_path, "I1")["to_date"], indicator(store_path, "I2")["to_date"]) == ("2", "0")


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0.1 + 0.2, "0.3"),
        (1200.5, "1200.5"),
        (86, "86"),
        (589.2, "589.2"),
        (-0.0, "0"),
        (1e-7, "0"),
        (1e25, "1" + "0" * 25),
    ],
)
def test_a_spreadsheet_number_is_read_through_its_shortest_form_never_float_arithmetic(
    number: float, text: str
) -> None:
    from store.typed import typed_cell_number

    assert typed_cell_number(number) == text


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True, "12"])
def test_what_is_no_number_is_refused_as_a_cell_number(bad: object) -> None:
    from store.errors import ValidationError
    from store.typed import typed_cell_number

    with pytest.raises(ValidationError):
        typed_cell_number(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "ticked"),
    [
        ("✓", True),
        ("√", True),
        ("是", True),
        ("Y", True),
        ("ｙ", True),
        ("", False),
        ("否", False),
        ("×", False),
        ("确定", None),
    ],
)
def test_a_tick_is_read_as_offices_write_it(written: str, ticked: bool | None) -> None:
    from store.typed import typed_tick

    assert typed_tick(written) is ticked


def test_a_pipe_or_an_oversized_file_is_refused_in_one_line_without_being_read(drift, tmp_path: Path) -> None:
    pipe = tmp_path / "form.xlsx"
    os.mkfifo(pipe)  # read, it would never end
    huge = tmp_path / "huge.xlsx"
    with huge.open("wb") as file:
        file.truncate(20_000_001)  # sparse: nothing is written, and nothing must be read

    assert drift("import-form", str(pipe)).err == f"drift: {pipe}: not a regular file (a folder, a pipe or a device)\n"
    assert drift("import-form", str(huge)).err == f"drift: {huge}: larger than 20 MB, which no filled form is\n"
