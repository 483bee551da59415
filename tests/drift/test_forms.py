"""The official forms as models: the monitoring table's cells, merges and kinds, figures as of the as-of date."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from msgspec import structs

from drift import forms
from drift.analysis import analyse_project
from drift.forms import (
    CellKind,
    FormCell,
    FormKind,
    FormSheet,
    Merge,
    form_sheets,
    label_matches,
    monitoring_sheet,
    self_evaluation_sheet,
    sheet_name,
)
from store.model import CauseKind, Grade, Likelihood, Payment, Project, ReportedFigure, Source, SourceKind

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
    # 年初预算数 | 全年预算数 | 截至2023-09-28执行数 (a day before the month ends) | 执行率 | 全年预计执行数 (82 + 7.20 + 500)
    assert money(total) == [None, Decimal("589.20"), Decimal(0), Decimal(0), Decimal("589.20")]
    kinds = [total[column - 1].kind for column in MONEY_COLUMNS]
    assert kinds == [CellKind.MONEY] * 3 + [CellKind.PERCENT, CellKind.MONEY]
    assert money(row_of(sheet, "中央补助资金")) == [None, Decimal(82), Decimal(0), Decimal(0), Decimal(82)]
    assert money(row_of(sheet, "县级财政资金")) == [None, Decimal(500), Decimal(0), Decimal(0), Decimal(500)]
    heading = row_of(sheet, "项目资金（万元）")
    assert money(heading) == ["年初预算数", "全年预算数", "截至2023-09-28执行数", "执行率", "全年预计执行数"]
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

    heading = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "截至2023-09-28执行情况",
        "全年预计完成情况",
        "偏差原因分析",
    ]
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
    first = structs.replace(
        seed.indicators[0],
        cause_kinds=(CauseKind.FUNDING, CauseKind.OTHER),
        deviation_cause="资金未到位",
        likelihood=Likelihood.IMPOSSIBLE,
    )
    sheet = sheet_of(structs.replace(seed, indicators=(first, *seed.indicators[1:])))

    row = sheet.rows[sheet.header_rows[-1]]
    assert values(row, 7, 16)[:-1] == ["✓", None, None, None, "✓", "资金未到位", None, None, "✓"]
    assert [cell.kind for cell in row[6:11]] == [CellKind.TICK] * 5


def test_a_forecast_missing_for_one_source_leaves_the_total_forecast_empty_not_a_partial_sum(seed: Project) -> None:
    sources = (seed.funding.sources[0], structs.replace(seed.funding.sources[1], forecast=None))
    sources += seed.funding.sources[2:]
    sheet = sheet_of(structs.replace(seed, funding=structs.replace(seed.funding, sources=sources)))

    assert money(row_of(sheet, "年度资金总额"))[4] is None
    assert money(row_of(sheet, "省级补助资金"))[4] is None
    assert money(row_of(sheet, "中央补助资金"))[4] == Decimal(82)


def test_paid_and_its_rate_count_up_to_the_as_of_date_and_the_initial_budget_shows(seed: Project) -> None:
    payments = (
        Payment(id="P1", date=pendulum.date(2023, 10, 10), source="local", amount=Decimal("100")),
        Payment(id="P2", date=pendulum.date(2023, 11, 20), source="local", amount=Decimal("50.50")),
    )
    funding = structs.replace(seed.funding, payments=payments, initial_budget=Decimal("600"))
    sheet = sheet_of(structs.replace(seed, funding=funding), pendulum.date(2023, 10, 31))

    total = row_of(sheet, "年度资金总额")
    # 100 ÷ 589.20 = 16.97% (two decimals, half up), held as the fraction 0.1697
    assert money(total)[:4] == [Decimal(600), Decimal("589.20"), Decimal(100), Decimal("0.1697")]
    assert money(row_of(sheet, "县级财政资金"))[2:4] == [Decimal(100), Decimal("0.2")]
    assert row_of(sheet, "项目资金（万元）")[5].value == "1–10月执行数"


def test_money_not_stated_is_an_empty_cell_never_zero(seed: Project) -> None:
    # No budget anywhere, and paid is known only from a figure reported at the year end, after the as-of date.
    funding = structs.replace(
        seed.funding,
        annual_budget=None,
        sources=(Source(SourceKind.OTHER, "其他资金"),),
        allocations=None,
        reported=(ReportedFigure("R1", pendulum.date(2023, 12, 31), paid=Decimal(10)),),
        payments=(),
    )
    sheet = sheet_of(structs.replace(seed, funding=funding))

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


# The self-evaluation table, from a self-evaluation recorded in the test and scored by drift.selfeval.

YEAR_END = pendulum.date(2023, 12, 31)
AFTER_YEAR = pendulum.date(2024, 1, 31)


def scored_seed(seed: Project, **finals: str) -> Project:
    """The seed at its year end, 555 of the year paid (county 500, central 50, social capital 5 of its 20) and 30
    more in January; five indicators with their final values, grades and 分值:

    - 改造小区数量 (target 2): 2 → met, 30 of 30
    - 配套设施完成率 (100%): 70% → 70 ÷ 100 × 20 = 14.00 of 20
    - 安全事故发生率 (0%, reverse): 0% → met, 20 of 20
    - 提升小区品质 (qualitative): 部分达成 without points → the band 60–80% × 10 = 6.00–8.00
    - 满意度 (≥95%) without a 分值: 96% → met, its group's default 10
    and budget execution 555 ÷ 589.20 × 10 = 9.42: out of 100, the total 89.42–91.42 (9.42 + 30 + 14 + 20 + 6…8 +
    10), 良 or 优.
    """
    payments = (
        Payment(id="P1", date=pendulum.date(2023, 11, 10), source="local", amount=Decimal(500)),
        Payment(id="P2", date=pendulum.date(2023, 12, 10), source="central", amount=Decimal(50)),
        Payment(id="P3", date=pendulum.date(2023, 12, 20), source="social_capital", amount=Decimal(5)),
        Payment(id="P4", date=pendulum.date(2024, 1, 15), source="local", amount=Decimal(30)),
    )
    social = Source(SourceKind.SOCIAL_CAPITAL, "社会资本", annual_budget=Decimal(20))
    funding = structs.replace(
        seed.funding, sources=(*seed.funding.sources, social), payments=payments, initial_budget=Decimal(600)
    )
    by_name = {indicator.level3: indicator for indicator in seed.indicators}
    recorded = {
        "改造小区数量": {"final": "2", "weight": Decimal(30)},
        "配套设施完成率": {"final": "70%", "weight": Decimal(20), "deviation_cause": "部分设施待安装"},
        "安全事故发生率": {"final": "0%", "weight": Decimal(20)},
        "提升小区品质": {"grade": Grade.PARTLY, "weight": Decimal(10)},
        "满意度": {"final": "96%"},
    }
    indicators = tuple(
        structs.replace(by_name[name], **{**fields, **({"final": finals[name]} if name in finals else {})})
        for name, fields in recorded.items()
    )
    return structs.replace(seed, funding=funding, indicators=indicators)


def self_sheet(project: Project, as_of: pendulum.Date = AFTER_YEAR, lang: str = "zh") -> FormSheet:
    analysis = analyse_project(project, as_of)
    assert analysis.self_evaluation is not None
    return self_evaluation_sheet(analysis, analysis.self_evaluation, lang, "自评表")


def test_the_self_evaluation_money_block_counts_the_years_money_and_scores_only_the_total(seed: Project) -> None:
    sheet = self_sheet(scored_seed(seed))

    assert sheet.kind is FormKind.SELF_EVALUATION
    assert sheet.rows[0][0].value == "项目支出绩效自评表" and sheet.rows[1][0].value == "（2023年度）"
    heading = ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert values(row_of(sheet, "项目资金（万元）"), 1, 8) == heading
    total = row_of(sheet, "年度资金总额")
    # 555 paid in 2023 (not January's 30) of 589.20: 94.20%, 9.42 of 10
    figures = [Decimal(600), Decimal("589.20"), Decimal(555), Decimal(10), Decimal("0.942"), Decimal("9.42")]
    assert values(total, 3, 8) == figures
    assert total[7].note == "555.00 ÷ 589.20 × 10 = 9.42"
    # 本年财政拨款: central 82 + provincial 7.20 + county 500 = 589.20 budgeted, 50 + 0 + 500 = 550 paid, 93.35%
    fiscal = row_of(sheet, "本年财政拨款")
    assert values(fiscal, 3, 8) == [None, Decimal("589.20"), Decimal(550), None, Decimal("0.9335"), None]
    assert values(row_of(sheet, "上年结转资金"), 3, 8) == [None] * 6  # carried in: drift does not record it
    assert values(row_of(sheet, "其他资金"), 3, 8) == [None, Decimal(20), Decimal(5), None, Decimal("0.25"), None]


def test_each_indicator_row_has_its_weight_and_score_a_band_as_text(seed: Project) -> None:
    sheet = self_sheet(scored_seed(seed))
    header = sheet.header_rows[0]

    names = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    assert values(sheet.rows[header - 1], 1, 8) == names
    rows = sheet.rows[header : header + 5]
    assert values(rows[0], 1, 7) == ["产出指标", "数量指标", "改造小区数量", "2", "2", Decimal(30), Decimal(30)]
    assert values(rows[1], 3, 8) == ["配套设施完成率", "100%", "70%", Decimal(20), Decimal(14), "部分设施待安装"]
    assert values(rows[2], 5, 7) == ["0%", Decimal(20), Decimal(20)]
    assert values(rows[3], 1, 7) == ["效益指标", "经济效益", "提升小区品质", "提升", None, Decimal(10), "6.00–8.00"]
    assert values(rows[4], 1, 7) == ["满意度", "服务对象满意度", "满意度", "≥95%", "96%", Decimal(10), Decimal(10)]
    assert [row[6].kind for row in rows] == [CellKind.POINTS] * 5
    assert rows[1][6].note == "70 ÷ 100 × 20 = 14.00"
    assert Merge(header + 1, 1, header + 3, 1) in sheet.merges  # 产出指标 over its three
    assert Merge(header + 1, 2, header + 2, 2) in sheet.merges  # 数量指标 over two


def test_the_total_row_gives_the_maximum_the_total_and_every_grade_its_band_allows(seed: Project) -> None:
    project = scored_seed(seed)

    zh, en = self_sheet(project).rows[-1], self_sheet(project, lang="en").rows[-1]
    exact = self_sheet(structs.replace(project, indicators=project.indicators[:3])).rows[-1]

    assert values(zh, 1, 1) + values(zh, 6, 8) == ["总分", Decimal(100), "89.42–91.42", "优 / 良"]
    assert values(en, 1, 1) + values(en, 6, 8) == ["Total", Decimal(100), "89.42–91.42", "excellent / good"]
    # without the band and 满意度: 9.42 + 30 + 14 + 20 = 73.42 of 80, which is not the form's 100: no grade
    assert values(exact, 6, 8) == [Decimal(80), Decimal("73.42"), None]


def test_a_score_not_known_is_an_empty_cell_that_says_why_and_leaves_the_total_empty(seed: Project) -> None:
    sheet = self_sheet(scored_seed(seed, 配套设施完成率=""))

    row = next(row for row in sheet.rows if row[2].value == "配套设施完成率")
    assert values(row, 5, 7) == [None, Decimal(20), None]
    assert row[6].note == "未填实际完成值"
    assert values(sheet.rows[-1], 6, 8) == [Decimal(100), None, None]


def test_before_the_year_ends_the_self_evaluation_says_it_is_provisional(seed: Project) -> None:
    sheet = self_sheet(scored_seed(seed), pendulum.date(2023, 12, 15))

    assert sheet.rows[1][0].value == "（2023年度）（年度未结束，暂计）"
    assert values(row_of(sheet, "年度资金总额"), 5, 5) == [Decimal(550)]  # central's 50 came on 10 December


def test_only_a_project_in_its_self_evaluation_gets_the_second_sheet(seed: Project) -> None:
    plain, scored = analyse_project(seed, AS_OF), analyse_project(scored_seed(seed), AFTER_YEAR)

    assert [s.kind for s in form_sheets([plain], "zh")] == [FormKind.MONITORING]
    assert [s.title for s in form_sheets([scored], "zh")] == ["监控表", "自评表"]
    other = analyse_project(structs.replace(scored_seed(seed), code="P-2"), AFTER_YEAR)
    both = form_sheets([plain, other], "en")
    assert [s.title for s in both] == ["Monitoring 2306-140423-89-01-31", "Monitoring P-2", "Self-evaluation P-2"]
