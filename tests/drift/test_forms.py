"""The official forms as models: the monitoring table's cells, merges and kinds, figures as of the as-of date."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pendulum
import pytest

from drift import forms
from drift.analysis import analyse_project
from drift.forms import CellKind, FormCell, FormKind, FormSheet, Merge, label_matches, monitoring_sheet, sheet_name
from store.model import CauseKind, Likelihood, Payment, Project, ReportedFigure, Source, SourceKind

AS_OF = pendulum.date(2023, 9, 28)


def sheet_of(project: Project, as_of: pendulum.Date = AS_OF, lang: str = "zh") -> FormSheet:
    return monitoring_sheet(analyse_project(project, as_of), lang, "监控表")


def row_of(sheet: FormSheet, label: str) -> tuple[FormCell, ...]:
    """The row whose first cell reads label."""
    return next(row for row in sheet.rows if row[0].value == label)


def values(row: tuple[FormCell, ...], first: int, last: int) -> list[object]:
    """The values of columns first to last (counted from 1)."""
    return [cell.value for cell in row[first - 1 : last]]


MONEY_COLUMNS = (4, 5, 6, 7, 9)
"""年初预算数 D, 全年预算数 E, 1–N月执行数 F, 执行率 G:H, 全年预计执行数 I:J."""


def money(row: tuple[FormCell, ...]) -> list[object]:
    """The values of the money block's figures."""
    return [row[column - 1].value for column in MONEY_COLUMNS]


def test_the_sample_money_block_is_the_seed_forms_figures_as_of_its_status_date(seed: Project) -> None:
    sheet = sheet_of(seed)

    total = row_of(sheet, "年度资金总额")
    # 年初预算数 | 全年预算数 | 1–9月执行数 | 执行率 | 全年预计执行数 (82 + 7.20 + 500)
    assert money(total) == [None, Decimal("589.20"), Decimal(0), Decimal(0), Decimal("589.20")]
    kinds = [total[column - 1].kind for column in MONEY_COLUMNS]
    assert kinds == [CellKind.MONEY] * 3 + [CellKind.PERCENT, CellKind.MONEY]
    assert money(row_of(sheet, "中央补助资金")) == [None, Decimal(82), Decimal(0), Decimal(0), Decimal(82)]
    assert money(row_of(sheet, "县级财政资金")) == [None, Decimal(500), Decimal(0), Decimal(0), Decimal(500)]
    heading = row_of(sheet, "项目资金（万元）")
    assert money(heading) == ["年初预算数", "全年预算数", "1–9月执行数", "执行率", "全年预计执行数"]
    assert Merge(5, 7, 5, 8) in sheet.merges and Merge(6, 9, 6, 10) in sheet.merges


def test_the_sample_header_names_the_project_and_the_months_to_the_as_of_date(seed: Project) -> None:
    sheet = sheet_of(seed)

    assert sheet.kind is FormKind.MONITORING and sheet.code == seed.code
    assert sheet.rows[0][0] == FormCell("项目支出绩效目标执行监控表", CellKind.TITLE)
    assert sheet.rows[1][0].value == "（2023年1–9月）"
    assert values(sheet.rows[2], 1, 3) == ["项目名称", None, "2023年度襄垣县城镇老旧小区改造项目"]
    assert values(sheet.rows[2], 10, 12) == ["项目代码", None, seed.code]
    assert sheet.rows[3][11].value == "襄垣县住房和城乡建设管理局"
    assert Merge(1, 1, 1, 16) in sheet.merges and Merge(3, 3, 3, 9) in sheet.merges
    assert all(len(row) == len(sheet.widths) == 16 for row in sheet.rows)


def test_the_indicator_grid_ticks_the_likelihood_and_merges_shared_level_names(seed: Project) -> None:
    sheet = sheet_of(seed)
    top = sheet.header_rows[0]

    heading = ["一级指标", "二级指标", "三级指标", "年度指标值", "1–9月执行情况", "全年预计完成情况", "偏差原因分析"]
    assert values(sheet.rows[top - 1], 1, 7) == heading
    below = ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他", "原因说明", "确定能", "有可能", "完全不可能"]
    assert values(sheet.rows[top], 7, 15) == below
    assert Merge(top, 7, top, 12) in sheet.merges and Merge(top, 13, top, 15) in sheet.merges
    assert Merge(top, 1, top + 1, 1) in sheet.merges and Merge(top, 16, top + 1, 16) in sheet.merges
    first = top + 2
    grid = sheet.rows[first - 1 :]
    # I1 改造小区数量 certain, I3 安全事故发生率 possible, I11 满意度 (the last) none stated
    assert values(grid[0], 1, 6) == ["产出指标", "数量指标", "改造小区数量", "2", "0", "2"]
    assert values(grid[0], 13, 15) == ["✓", None, None]
    assert values(grid[2], 3, 3) == ["安全事故发生率"] and values(grid[2], 13, 15) == [None, "✓", None]
    assert values(grid[-1], 13, 15) == [None, None, None]
    assert [row[0].value for row in grid] == ["产出指标", *[None] * 5, "效益指标", *[None] * 3, "满意度"]
    assert Merge(first, 1, first + 5, 1) in sheet.merges  # 产出指标 over its six rows
    assert Merge(first + 6, 1, first + 9, 1) in sheet.merges  # 效益指标 over four
    assert Merge(first, 2, first + 1, 2) in sheet.merges  # 数量指标
    assert Merge(first + 2, 2, first + 3, 2) in sheet.merges  # 质量指标
    assert not any(m.left == 2 and m.top == first + 4 for m in sheet.merges)  # 时效指标 is one row


def test_ticked_causes_and_the_cause_in_words_fill_their_columns(seed: Project) -> None:
    first = dataclasses.replace(
        seed.indicators[0],
        cause_kinds=(CauseKind.FUNDING, CauseKind.OTHER),
        deviation_cause="资金未到位",
        likelihood=Likelihood.IMPOSSIBLE,
    )
    sheet = sheet_of(dataclasses.replace(seed, indicators=(first, *seed.indicators[1:])))

    row = sheet.rows[sheet.header_rows[-1]]
    assert values(row, 7, 16)[:-1] == ["✓", None, None, None, "✓", "资金未到位", None, None, "✓"]
    assert [cell.kind for cell in row[6:11]] == [CellKind.TICK] * 5


def test_a_forecast_missing_for_one_source_leaves_the_total_forecast_empty_not_a_partial_sum(seed: Project) -> None:
    sources = (seed.funding.sources[0], dataclasses.replace(seed.funding.sources[1], forecast=None))
    sources += seed.funding.sources[2:]
    sheet = sheet_of(dataclasses.replace(seed, funding=dataclasses.replace(seed.funding, sources=sources)))

    assert money(row_of(sheet, "年度资金总额"))[4] is None
    assert money(row_of(sheet, "省级补助资金"))[4] is None
    assert money(row_of(sheet, "中央补助资金"))[4] == Decimal(82)


def test_paid_and_its_rate_count_up_to_the_as_of_date_and_the_initial_budget_shows(seed: Project) -> None:
    payments = (
        Payment("P1", pendulum.date(2023, 10, 10), source="local", amount=Decimal("100")),
        Payment("P2", pendulum.date(2023, 11, 20), source="local", amount=Decimal("50.50")),
    )
    funding = dataclasses.replace(seed.funding, payments=payments, initial_budget=Decimal("600"))
    sheet = sheet_of(dataclasses.replace(seed, funding=funding), pendulum.date(2023, 10, 31))

    total = row_of(sheet, "年度资金总额")
    # 100 ÷ 589.20 = 16.97% (two decimals, half up), held as the fraction 0.1697
    assert money(total)[:4] == [Decimal(600), Decimal("589.20"), Decimal(100), Decimal("0.1697")]
    assert money(row_of(sheet, "县级财政资金"))[2:4] == [Decimal(100), Decimal("0.2")]
    assert row_of(sheet, "项目资金（万元）")[5].value == "1–10月执行数"


def test_money_not_stated_is_an_empty_cell_never_zero(seed: Project) -> None:
    # No budget anywhere, and paid is known only from a figure reported at the year end, after the as-of date.
    funding = dataclasses.replace(
        seed.funding,
        annual_budget=None,
        sources=(Source(SourceKind.OTHER, "其他资金"),),
        allocations=None,
        reported=(ReportedFigure("R1", pendulum.date(2023, 12, 31), paid=Decimal(10)),),
        payments=(),
    )
    sheet = sheet_of(dataclasses.replace(seed, funding=funding))

    assert money(row_of(sheet, "年度资金总额")) == [None] * 5
    other = money(row_of(sheet, "其他资金"))  # paid: no payment recorded, which drift counts as 0
    assert [other[0], other[1], other[3], other[4]] == [None] * 4


def test_an_as_of_date_after_the_budget_year_is_named_by_its_date(seed: Project) -> None:
    sheet = sheet_of(seed, pendulum.date(2024, 3, 31))

    assert sheet.rows[1][0].value == "（截至 2024-03-31）"
    assert row_of(sheet, "项目资金（万元）")[5].value == "截至2024-03-31执行数"


def test_the_english_sheet_has_the_same_layout(seed: Project) -> None:
    zh, en = sheet_of(seed), sheet_of(seed, lang="en")

    assert zh.merges == en.merges
    assert [[c.kind for c in row] for row in zh.rows] == [[c.kind for c in row] for row in en.rows]
    assert en.rows[0][0].value == "Project expenditure performance target monitoring table"


@pytest.mark.parametrize(
    ("key", "text", "matches"),
    [
        (forms.PAID_MONTHS, "1-9月执行数", True),
        (forms.PAID_MONTHS, "1 – 12 月执行数", True),
        (forms.PAID_MONTHS, "Paid, months 1–9", True),
        (forms.PAID_MONTHS, "全年执行数", False),
        (forms.MONITORING_TITLE, "项目支出绩效目标执行监控表", True),
        (forms.LIKELIHOODS[Likelihood.CERTAIN], "确定能", True),
    ],
)
def test_labels_are_recognised_in_either_language_as_offices_type_them(key: str, text: str, matches: bool) -> None:
    assert label_matches(key, text) is matches


def test_sheet_names_are_excel_safe_short_and_unique() -> None:
    taken: set[str] = set()

    assert sheet_name("监控表", "", taken) == "监控表"
    assert sheet_name("监控表", "A/B:C", taken) == "监控表 A_B_C"
    long = sheet_name("Self-evaluation", "2306-140423-89-01-317509", taken)
    again = sheet_name("Self-evaluation", "2306-140423-89-01-317509-X", taken)
    assert long == "Self-evaluation 2306-140423-89-" and len(long) == 31
    assert again == "Self-evaluation 2306-140423-8~2" and len(again) == 31
