"""A Chinese export writes every date in its prose and its curve table as a report does: no ISO date left."""

from __future__ import annotations

from pathlib import Path

from pendulum import Date

from drift.dates import written_month


def test_a_chinese_export_writes_the_year_end_date_and_the_curve_months_in_chinese(run_cli, store_path: Path) -> None:
    target = store_path.with_name("report.md")

    result = run_cli("--lang", "zh", "export", "--as-of", "2024-02-15", "-o", str(target), "--store", str(store_path))

    assert result.code == 0, result.err
    page = target.read_text(encoding="utf-8")
    # The sample's budget year is 2023: as of 2024-02-15 its year end is a date past, said in the prose.
    assert "年末（2023年12月31日）累计下达" in page
    assert "（2023-12-31）" not in page  # the Gantt's Mermaid source keeps ISO dates: it is syntax, not prose
    assert "| 2023年1月 | 2023年1月31日 |" in page


def test_a_month_is_written_as_a_report_writes_it() -> None:
    assert written_month(Date(2023, 1, 31), "zh") == "2023年1月"
    assert written_month(Date(2023, 12, 1), "zh") == "2023年12月"
    assert written_month(Date(2023, 1, 31), "en") == "2023-01"
