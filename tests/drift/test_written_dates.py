"""Dates in Chinese exports are written as an official report writes them (2023年7月1日); English keeps ISO."""

from __future__ import annotations

import re

import pendulum

from drift.analysis import analyse_project
from drift.dates import dates_written_for, shown_date, written_date
from drift.markdown import portfolio_markdown, project_markdown, report_markdown
from drift.tables import date_text
from store.files import load_sample

AS_OF = pendulum.date(2023, 9, 28)
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def outside_code(markdown: str) -> str:
    """The page without its fenced blocks: Mermaid's own syntax needs ISO dates (dateFormat YYYY-MM-DD)."""
    return re.sub(r"```.*?```", "", markdown, flags=re.S)


def test_a_chinese_date_has_no_leading_zeros() -> None:
    assert written_date(pendulum.date(2023, 7, 1), "zh") == "2023年7月1日"
    assert written_date(pendulum.date(2023, 12, 31), "zh") == "2023年12月31日"
    assert written_date(pendulum.date(2023, 7, 1), "en") == "2023-07-01"


def test_dates_are_iso_outside_a_page_and_revert_after_one() -> None:
    day = pendulum.date(2023, 7, 1)
    with dates_written_for("zh"):
        assert shown_date(day) == "2023年7月1日"
    assert shown_date(day) == "2023-07-01"


def test_the_chinese_snapshot_and_report_draft_write_no_iso_date_outside_the_charts() -> None:
    analysis = analyse_project(load_sample()[0], AS_OF)

    for markdown in (project_markdown(analysis, "zh"), report_markdown(analysis, "zh")):
        assert ISO.findall(outside_code(markdown)) == []
    snapshot = project_markdown(analysis, "zh")
    assert "- **状态日期**：2023年9月28日" in snapshot.splitlines()
    assert "| 工程建设 | 2023年7月1日 – 2023年11月30日 | 2023年9月28日 开始 | 2024年2月27日 完成 |" in snapshot
    assert "    title 计划与实际（截至 2023年9月28日）" in snapshot  # a title is read by people
    assert "    工程建设 :plan4, 2023-07-01, 2023-11-30" in snapshot  # task data is read by Mermaid


def test_the_english_exports_and_the_terminal_keep_iso_dates() -> None:
    analysis = analyse_project(load_sample()[0], AS_OF)
    english = project_markdown(analysis, "en") + portfolio_markdown([analysis], "en") + report_markdown(analysis, "en")

    assert "- **As of**: 2023-09-28" in english.splitlines()
    # The seed's own text writes its dates in Chinese; the forecast finish of 工程建设 is drift's, ISO in English.
    assert "2024-02-27" in outside_code(english) and "2024年2月27日" not in english
    project_markdown(analysis, "zh")  # a Chinese page written before leaves no trace on what the terminal shows
    assert date_text(AS_OF) == "2023-09-28"
