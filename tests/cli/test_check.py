"""`drift check`: one line per deviation at or above a level; exit 3 when there is any, 0 when none, 2 on errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SEED_CODE = "2306-140423-89-01-317509"


@pytest.fixture
def store(tmp_path: Path, run_cli) -> str:
    """A store made by `drift init` from the bundled sample."""
    path = tmp_path / "store.json"
    assert run_cli("init", "--store", str(path)).code == 0
    return str(path)


def test_check_lists_every_red_deviation_of_the_seed_and_exits_3(store: str, run_cli) -> None:
    result = run_cli("check", "--fail-on", "red", "--store", store)

    assert result.code == 3
    assert result.out.splitlines() == [
        f"{SEED_CODE}\tred\tschedule.finished_late\t招投标 finished 87 days late: 2023-09-25 against the planned 2023-06-30",
        f"{SEED_CODE}\tred\tschedule.forecast_late\t工程建设 is forecast to finish 2024-02-27,"
        " 89 days after the planned 2023-11-30",
        f"{SEED_CODE}\tred\tschedule.completion_late\tthe project is forecast to finish 2024-03-29,"
        " 89 days after the planned 2023-12-31",
        f"{SEED_CODE}\tred\tbudget.behind_time\ttotal: 0.00% of the budget paid against 74.25% time progress,"
        " 74.25 points behind (paid 0.00 of 589.20 万元 · 271 of 365 days)",
    ]
    assert result.err == "4 deviations at or above red in 1 project\n"


def test_check_at_yellow_also_lists_the_warnings(store: str, run_cli) -> None:
    result = run_cli("check", "--store", store)

    assert result.code == 3
    lines = result.out.splitlines()
    assert len(lines) == 15
    assert [line.split("\t")[1] for line in lines].count("yellow") == 11
    assert f"{SEED_CODE}\tyellow\tschedule.expectation_behind_forecast\t" in result.out
    assert f"{SEED_CODE}\tyellow\tindicator.forecast_contradicts_schedule\t按时完工率: forecast 100%" in result.out


def test_check_exits_0_when_nothing_reaches_the_level(tmp_path: Path, run_cli, sample_doc) -> None:
    # A project still ahead of its plan in mid-January: no phase due, 4% of the year gone.
    sample_doc["projects"][0]["status_date"] = "2023-01-15"
    source = tmp_path / "import.json"
    source.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    store = str(tmp_path / "store.json")
    assert run_cli("import", str(source), "--store", store).code == 0

    result = run_cli("check", "--store", store)

    assert (result.code, result.out) == (0, "")
    # The seed's records after 2023-01-15 raise nothing yet, and the check says they are there.
    assert result.err.splitlines() == [
        "0 deviations at or above yellow in 1 project",
        "1 project has records after its as-of date, not counted: 2306-140423-89-01-317509",
    ]


def test_check_as_of_an_earlier_date_judges_that_date(store: str, run_cli) -> None:
    result = run_cli("check", "--fail-on", "red", "--as-of", "2023-07-31", "--project", SEED_CODE, "--store", store)

    assert result.code == 3
    assert [line.split("\t")[2] for line in result.out.splitlines()] == [
        "schedule.overdue",
        "schedule.completion_late",
        "budget.behind_time",
    ]
    assert "招投标 was due 2023-06-30 and is 31 days overdue; forecast 2023-08-30, 61 days late" in result.out


def test_check_speaks_chinese_but_keeps_levels_and_codes_for_scripts(store: str, run_cli) -> None:
    result = run_cli("check", "--fail-on", "red", "--store", store, environ={"LANG": "zh_CN.UTF-8"})

    assert result.code == 3
    assert (
        f"{SEED_CODE}\tred\tschedule.completion_late\t项目预计 2024-03-29 完工，比计划 2023-12-31 晚 89 天"
        in result.out
    )
    assert result.err == "4 项偏差达到或超过红灯（共 1 个项目）\n"


def test_check_with_an_impossible_date_is_a_one_line_error(store: str, run_cli) -> None:
    result = run_cli("check", "--as-of", "2023-02-30", "--store", store)

    assert result.code == 2
    assert result.err == "drift: --as-of: '2023-02-30' is not a day in the calendar\n"
    assert result.out == ""


def test_check_of_an_unknown_project_is_a_one_line_error(store: str, run_cli) -> None:
    result = run_cli("check", "--project", "NOPE", "--store", store)

    assert (result.code, result.out) == (2, "")
    assert result.err == f"drift: no project NOPE in {store}\n"


def test_check_of_a_missing_store_is_a_one_line_error(tmp_path: Path, run_cli) -> None:
    result = run_cli("check", "--store", str(tmp_path / "none.json"))

    assert result.code == 2
    assert result.err.startswith("drift: ") and result.err.count("\n") == 1


def test_check_refuses_an_unknown_level_as_a_usage_error(
    store: str, run_cli, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["check", "--fail-on", "green", "--store", store], environ={})

    assert exited.value.code == 2
    assert "invalid choice: 'green'" in capsys.readouterr().err


def test_check_lines_open_in_a_spreadsheet_as_text_not_formulas_and_keep_line_separators_escaped(
    tmp_path: Path, run_cli, sample_doc
) -> None:
    phases = sample_doc["projects"][0]["phases"]
    assert [phase["name"] for phase in phases][2:4] == ["招投标", "工程建设"]
    phases[2]["name"] = '=HYPERLINK("http://x.example","招投标")'
    phases[3]["name"] = "工程\u2028建设\u2029"
    source = tmp_path / "import.json"
    source.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    store = str(tmp_path / "store.json")
    assert run_cli("import", str(source), "--store", store).code == 0

    result = run_cli("check", "--fail-on", "red", "--store", store)

    assert result.code == 3
    assert result.out.splitlines()[:2] == [
        f'{SEED_CODE}\tred\tschedule.finished_late\t\'=HYPERLINK("http://x.example","招投标") finished 87 days late:'
        " 2023-09-25 against the planned 2023-06-30",
        f"{SEED_CODE}\tred\tschedule.forecast_late\t工程\\u2028建设\\u2029 is forecast to finish 2024-02-27,"
        " 89 days after the planned 2023-11-30",
    ]
    assert len(result.out.splitlines()) == 4
