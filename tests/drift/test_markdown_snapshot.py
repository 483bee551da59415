"""The Markdown snapshot of the seed: golden files in both languages, the report template, a portfolio, by-hand figures."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from markdown_it import MarkdownIt
from msgspec import structs

from drift.analysis import ProjectAnalysis, analyse_project
from drift.markdown import export_filename, portfolio_markdown, project_markdown, report_markdown
from store.model import Likelihood, Payment, PlannedSpend, Project, SourceKind

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
AS_OF = pendulum.date(2023, 9, 28)

Table = tuple[list[str], list[list[str]]]


def tables(markdown: str) -> list[Table]:
    """Every table as markdown-it reads it: header cells and body rows, as plain text."""
    found: list[Table] = []
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    header: list[str] = []
    rows: list[list[str]] = []
    row: list[str] = []
    for n, token in enumerate(tokens):
        if token.type == "table_open":
            header, rows = [], []
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            row.append("".join(child.content for child in tokens[n + 1].children or []))
        elif token.type == "tr_close":
            if header:
                rows.append(row)
            else:
                header = row
        elif token.type == "table_close":
            found.append((header, rows))
    return found


def table_with(markdown: str, first_header: str, *also: str) -> Table:
    """The one table whose first column is headed first_header and which has the other headers too."""
    [found] = [t for t in tables(markdown) if t[0][0] == first_header and set(also) <= set(t[0])]
    return found


def column(table: Table, header: str) -> dict[str, str]:
    """The column under header, keyed by the row's first cell."""
    headers, rows = table
    index = headers.index(header)
    return {row[0]: row[index] for row in rows}


def second_project(seed: Project) -> Project:
    """A modified copy of the seed: another code and name, an earlier status date and one payment."""
    payment = Payment(
        id="P1",
        date=pendulum.date(2023, 6, 20),
        source=SourceKind.LOCAL,
        amount=Decimal("120"),
        voucher="记-0620",
        note="工程预付款",
    )
    return structs.replace(
        seed,
        code="XY-2023-02",
        name="襄垣县老旧小区改造二期（示例）",
        status_date=pendulum.date(2023, 6, 30),
        funding=structs.replace(seed.funding, payments=(payment,)),
    )


@pytest.fixture
def analysis(seed: Project) -> ProjectAnalysis:
    return analyse_project(seed, AS_OF)


def assert_matches_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("DRIFT_UPDATE_GOLDEN"):  # regenerate on purpose, then read the diff before committing
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sample_snapshot_matches_its_golden_file(analysis: ProjectAnalysis, lang: str) -> None:
    assert_matches_golden(f"export_sample_{lang}.md", project_markdown(analysis, lang))


def test_the_report_template_matches_its_golden_file(analysis: ProjectAnalysis) -> None:
    assert_matches_golden("export_report_zh.md", report_markdown(analysis, "zh"))


def test_a_portfolio_of_two_projects_matches_its_golden_file(seed: Project) -> None:
    other = second_project(seed)
    analyses = [analyse_project(other, other.status_date), analyse_project(seed, seed.status_date)]

    assert_matches_golden("export_portfolio_en.md", portfolio_markdown(analyses, "en"))


def test_the_same_data_and_date_give_the_same_bytes(seed: Project) -> None:
    first = project_markdown(analyse_project(seed, AS_OF), "zh")
    again = project_markdown(analyse_project(structs.replace(seed), AS_OF), "zh")

    assert first.encode() == again.encode()
    assert first.endswith("\n") and not first.endswith("\n\n")


def test_the_headline_shows_each_light_with_its_plain_figures(analysis: ProjectAnalysis) -> None:
    headline = column(table_with(project_markdown(analysis, "en"), "Measure"), "Figures")

    assert headline["Overall"] == "15 flags: 4 red, 11 yellow"
    assert headline["Schedule"] == "Forecast completion 2024-03-29 against the planned 2023-12-31: +89 days"
    assert headline["Budget"] == (
        "paid 0.00 of 589.20 万元 · 271 of 365 days; 0.00% of the budget paid against time progress of 74.25%"
        " (days 271/365)"
    )
    assert headline["Indicators"] == "certain 7 · possible 3 · impossible 0 · not stated 1 · at risk 3"


def test_the_schedule_table_gives_plan_actual_forecast_and_slip(analysis: ProjectAnalysis) -> None:
    schedule = table_with(project_markdown(analysis, "en"), "Phase", "Forecast")

    assert column(schedule, "Finish slip (days)") == {
        "可研报告编制": "+16",
        "勘察设计": "+21",
        "招投标": "+87",
        "工程建设": "+89",
        "竣工验收": "+89",
    }
    assert column(schedule, "Actual")["招投标"] == "finished 2023-09-25"
    assert column(schedule, "Actual")["工程建设"] == "started 2023-09-28"
    assert column(schedule, "Forecast")["竣工验收"] == "2024-02-28 – 2024-03-29"
    assert column(schedule, "Planned")["招投标"] == "2023-06-01 – 2023-06-30"


def test_the_budget_table_gives_each_source_and_the_total(analysis: ProjectAnalysis) -> None:
    budget = table_with(project_markdown(analysis, "en"), "Source", "Gap (points)")
    headers, rows = budget

    assert headers == [
        "Source",
        "Annual budget",
        "Allocated",
        "Paid",
        "Forecast",
        "Paid/allocated %",
        "Paid/budget %",
        "Time progress %",
        "Gap (points)",
        "Light",
    ]
    assert rows[-1] == ["Total", "589.20", "589.20", "0.00", "589.20", "0.00", "0.00", "74.25", "74.25", "🔴 red"]
    assert [row[:3] for row in rows[:-1]] == [
        ["中央补助资金", "82.00", "82.00"],
        ["省级补助资金", "7.20", "7.20"],
        ["县级财政资金", "500.00", "500.00"],
    ]


def test_the_allocation_list_keeps_the_document_numbers_literally(analysis: ProjectAnalysis) -> None:
    allocations = table_with(project_markdown(analysis, "zh"), "日期", "文号")

    assert column(allocations, "文号") == {
        "2023年5月15日": "襄财预执[2023]674号",
        "2023年7月24日": "襄财综[2023]5号",
        "2023年7月27日": "襄财综[2023]7号",
    }
    assert column(allocations, "年内第几天") == {"2023年5月15日": "135", "2023年7月24日": "205", "2023年7月27日": "208"}


_TICK_COLUMNS = {Likelihood.CERTAIN: "确定能", Likelihood.POSSIBLE: "有可能", Likelihood.IMPOSSIBLE: "完全不可能"}


@pytest.mark.parametrize("render", [project_markdown, report_markdown])
def test_the_indicator_form_ticks_the_column_of_each_likelihood(seed: Project, analysis: ProjectAnalysis, render):
    headers, rows = table_with(render(analysis, "zh"), "一级指标")

    assert headers[:4] == ["一级指标", "二级指标", "三级指标", "年度指标值"]
    assert headers[7:] == ["确定能", "有可能", "完全不可能", "备注"]
    assert len(rows) == len(seed.indicators)
    for indicator, row in zip(seed.indicators, rows, strict=True):
        ticked = {header for header, value in zip(headers, row, strict=True) if value == "✓"}
        expected = {_TICK_COLUMNS[indicator.likelihood]} if indicator.likelihood else set()
        assert (row[2], ticked) == (indicator.level3, expected)
    level1 = [row[0] for row in rows]
    assert level1 == ["产出指标", "", "", "", "", "", "效益指标", "", "", "", "满意度"]  # merged like the form


def test_the_report_follows_the_seed_and_marks_what_the_data_lacks(analysis: ProjectAnalysis) -> None:
    report = report_markdown(analysis, "zh")
    headings = [line for line in report.split("\n") if line.startswith("## ")]

    assert headings == [
        "## 一、2023年度绩效监控工作组织实施情况",
        "## 二、2023年度预算资金安排、下达情况、执行进度及趋势分析",
        "## 三、2023年度绩效目标实现程度及趋势分析",
        "## 四、存在的问题及原因分析",
        "## 五、下一步改进工作的意见和建议",
        "## 六、其他需要说明的事项",
        "## 七、相关附件",
        "## 附件 1：项目支出绩效目标执行监控表",
        "## 附件 2：满意度调查报告（摘要）",
    ]
    assert "**【待补充：主要工作进程（准备阶段、现场调研阶段、报告撰写阶段）】**" in report
    assert "**【待补充：工作组成员姓名（drift 不保存个人姓名）】**" in report
    form = table_with(report, "项目资金（万元）")
    assert form[1][0] == ["年度资金总额", "589.20", "0.00", "0.00%", "589.20"]
    assert [row[0] for row in form[1]][1:] == [
        "其中：中央财政资金",
        "省级财政资金",
        "市县（区）财政资金",
        "单位自筹",
        "其他资金",
    ]


def test_a_project_without_the_report_data_gets_a_blank_for_each_part(seed: Project) -> None:
    bare = Project(code="B-1", name="空项目", budget_year=2023, funding=structs.replace(seed.funding, sources=()))
    report = report_markdown(analyse_project(bare, AS_OF), "en")

    for what in ("Background and purpose", "Goal for the year", "the fieldwork dates", "Table 3-1"):
        assert f"[TO FILL: {what}" in MarkdownIt("commonmark").render(report).replace("\\", ""), what


def test_every_table_has_as_many_cells_in_each_row_as_in_its_header(seed: Project, analysis: ProjectAnalysis) -> None:
    other = second_project(seed)
    documents = [
        project_markdown(analysis, "zh"),
        project_markdown(analysis, "en"),
        report_markdown(analysis, "zh"),
        report_markdown(analysis, "en"),
        portfolio_markdown([analysis, analyse_project(other, other.status_date)], "zh"),
    ]
    for markdown in documents:
        lines = [line for line in markdown.split("\n") if line.startswith("| ")]
        assert lines
        for headers, rows in tables(markdown):
            assert all(len(row) == len(headers) for row in rows)
        # markdown-it pads short rows and drops extra cells, so count the unescaped pipes in the source as well.
        assert all(line.endswith(" |") for line in lines)


def test_a_portfolio_lists_the_reddest_and_longest_slip_first_then_one_section_each(seed: Project) -> None:
    other = second_project(seed)
    analyses = [analyse_project(other, other.status_date), analyse_project(seed, seed.status_date)]
    markdown = portfolio_markdown(analyses, "en")

    summary = table_with(markdown, "Code", "Slip (days)")
    assert [row[0] for row in summary[1]] == [seed.code, "XY-2023-02"]
    assert column(summary, "Slip (days)") == {seed.code: "+89", "XY-2023-02": "+30"}
    assert column(summary, "As of") == {seed.code: "2023-09-28", "XY-2023-02": "2023-06-30"}
    assert column(summary, "Paid/budget %")["XY-2023-02"] == "20.37"
    assert markdown.index(f"## {seed.name}") < markdown.index("## 襄垣县老旧小区改造二期（示例）")
    assert "### Schedule" in markdown


def test_the_portfolio_summary_alone_is_one_table(seed: Project) -> None:
    markdown = portfolio_markdown([analyse_project(seed, AS_OF)], "zh", summary_only=True)

    assert len(tables(markdown)) == 1
    assert "## " not in markdown


def test_a_file_name_for_the_snapshot_sorts_by_project_and_date() -> None:
    assert export_filename("2306-140423-89-01-317509", AS_OF) == "2306-140423-89-01-317509-2023-09-28.md"
    assert export_filename("../evil/x", AS_OF, "report") == "evil_x-2023-09-28-report.md"


def test_earned_value_appears_once_a_spending_plan_gives_the_budget_at_completion(seed: Project) -> None:
    plan = (
        PlannedSpend(pendulum.date(2023, 6, 30), Decimal("100")),
        PlannedSpend(pendulum.date(2023, 12, 31), Decimal("589.20")),
    )
    construction = structs.replace(seed.phases[3], percent_complete=Decimal("10"))
    planned = structs.replace(
        seed,
        funding=structs.replace(seed.funding, spending_plan=plan),
        phases=(*seed.phases[:3], construction, seed.phases[4]),
    )

    without = project_markdown(analyse_project(seed, AS_OF), "en")
    with_plan = project_markdown(analyse_project(planned, AS_OF), "en")

    assert "Earned value" not in without
    headers, [row] = table_with(with_plan, "BAC")
    assert dict(zip(headers, row, strict=True))["BAC"] == "589.20"
    assert dict(zip(headers, row, strict=True))["PV"] == "100.00"


def test_the_gantt_draws_no_actual_bar_from_a_start_nobody_recorded(analysis: ProjectAnalysis) -> None:
    # The seed's first three phases are finished with no recorded start: 可研 ended 2023-05-16, 招投标 2023-09-25.
    # The construction phase started 2023-09-28 (recorded) and keeps its bar.
    markdown = project_markdown(analysis, "en")
    actual = markdown.split("    section Actual and forecast\n")[1].split("    section")[0].splitlines()

    assert actual[0] == "    可研报告编制 (start not recorded) :done, crit, milestone, actual1, 2023-05-16, 0d"
    assert actual[2] == "    招投标 (start not recorded) :done, crit, milestone, actual3, 2023-09-25, 0d"
    assert actual[3] == "    工程建设 :active, crit, actual4, 2023-09-28, 2024-02-27"
    assert "2023-02-01, 2023-05-16" not in markdown  # the planned start is never drawn as the actual one


def test_the_chinese_gantt_says_the_start_is_not_recorded(analysis: ProjectAnalysis) -> None:
    markdown = project_markdown(analysis, "zh")

    assert "    可研报告编制（开始日期未记录） :done, crit, milestone, actual1, 2023-05-16, 0d" in markdown.splitlines()
