"""The portfolio export and the report draft say what is dated after the as-of date and left out of their figures."""

from __future__ import annotations

from msgspec import structs

from drift.analysis import analyse_project
from drift.markdown import portfolio_markdown, report_markdown
from drift.portfolio import portfolio_row
from store.model import Project
from tests.drift.test_records_after_the_as_of_date import AS_OF, with_later_records


def renamed(project: Project, code: str) -> Project:
    return structs.replace(project, code=code)


def three_projects(seed: Project) -> list[Project]:
    """The seed as it is (A-1), and twice with records after its as-of date (B-2 and C-[3])."""
    later = with_later_records(seed)
    return [renamed(seed, "A-1"), renamed(later, "B-2"), renamed(later, "C-[3]")]


def test_a_portfolio_row_counts_the_records_after_its_as_of_date(seed: Project) -> None:
    # 2 payments, 1 allocation, construction's actual end and 1 event: 5 records.
    assert portfolio_row(analyse_project(with_later_records(seed), AS_OF)).later == 5
    assert portfolio_row(analyse_project(seed, AS_OF)).later == 0


def test_the_portfolio_summary_names_the_projects_with_records_after_their_as_of_date(seed: Project) -> None:
    analyses = [analyse_project(project, AS_OF) for project in three_projects(seed)]

    summary = portfolio_markdown(analyses, "en", summary_only=True)
    summary_zh = portfolio_markdown(analyses, "zh", summary_only=True)

    # Listed as the table lists them, worst first (the two later projects are as red as the seed: store order).
    line = "2 projects have records after their as-of date, not counted: B-2, C-\\[3\\]"
    assert summary.rstrip().splitlines()[-1] == line
    assert summary_zh.rstrip().splitlines()[-1] == "2 个项目有晚于状态日期的记录，未计入：B-2、C-\\[3\\]"


def test_a_portfolio_without_records_after_the_as_of_date_says_nothing_of_them(seed: Project) -> None:
    summary = portfolio_markdown([analyse_project(seed, AS_OF)], "en", summary_only=True)

    assert "as-of date" not in summary


def test_the_report_draft_says_it_counts_nothing_after_the_as_of_date_and_what_it_leaves_out(seed: Project) -> None:
    analysis = analyse_project(with_later_records(seed), AS_OF)

    en = report_markdown(analysis, "en").split("\n\n")
    zh = report_markdown(analysis, "zh").split("\n\n")

    sentence = (
        "This draft counts only what is dated up to the as-of date 2023-09-28; it leaves out "
        "2 payments, 1 allocation, 1 phase date, 1 event dated after it."
    )
    assert en[2] == sentence  # right under the introduction, before the first section
    assert (
        zh[2]
        == "本报告草稿仅计入截至状态日期 2023年9月28日 的记录；晚于该日期的 2 笔支出、1 笔下达、1 个阶段实际日期、1 个事件未计入。"
    )


def test_the_report_draft_of_a_project_with_nothing_after_its_as_of_date_has_no_such_sentence(seed: Project) -> None:
    assert "as-of date" not in report_markdown(analyse_project(seed, AS_OF), "en")
