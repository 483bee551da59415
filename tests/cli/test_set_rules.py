"""`drift set-rules` and the store's rules file: what every command that analyses then shows, and what is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.helpers import assert_one_line_error

CODE = "2306-140423-89-01-317509"


@pytest.fixture
def drift(run_cli, store_path: Path):
    """Runs drift on the sample store as alice, in English."""

    def run(*argv: str):
        return run_cli(*argv, "--store", str(store_path), "--lang", "en", environ={"USER": "alice"})

    return run


def budget_of(drift, *argv: str) -> dict[str, Any]:
    result = drift("status", "--json", *argv)
    assert result.code == 0, result.err
    budget: dict[str, Any] = json.loads(result.out)["projects"][0]["budget"]
    return budget


def rules_file(store_path: Path, text: str) -> Path:
    path = store_path.with_name("store.rules.toml")
    path.write_text(text, encoding="utf-8")
    return path


def test_set_rules_months_makes_2023_09_28_nine_twelfths_in_status_json_and_text(drift) -> None:
    result = drift("set-rules", "--time-basis", "months")

    assert result.code == 0, result.err
    assert result.out.splitlines() == ["rules time_basis: — → months"]
    budget = budget_of(drift)
    assert budget["time_progress"] == {"basis": "months", "elapsed": 9, "total": 12, "percent": "75.00"}
    assert budget["total"]["trail_points"] == "75.00"
    assert "time progress 75.00% (months 9/12)" in drift("status").out
    applied = json.loads(drift("status", "--json").out)["projects"][0]["rules"]
    assert (applied["time_basis"], applied["budget_yellow_points"], applied["schedule_red_days"]) == (
        "months",
        "10.00",
        30,
    )


def test_set_rules_checkpoints_and_thresholds_change_the_flags_and_undo_takes_them_back(drift) -> None:
    before = budget_of(drift)
    assert before["total"]["checkpoint"]["date"] == "2023-08-31"  # the default August 60%

    result = drift("set-rules", "--checkpoint", "6:40", "--checkpoint", "9:70", "--budget-yellow", "80")
    assert result.code == 2
    assert_one_line_error(result.err, "--budget-red: is missing: --budget-yellow and --budget-red are set together")

    result = drift(
        "set-rules", "--checkpoint", "6:40", "--checkpoint", "9:70", "--budget-yellow", "80", "--budget-red", "90"
    )
    assert result.code == 0, result.err
    after = budget_of(drift)
    assert after["total"]["checkpoint"] == {"date": "2023-06-30", "required_pct": "40.00", "met": False}
    assert (
        after["light"] == "yellow"
    )  # 74.25 points behind is now below yellow's 80; the missed June checkpoint is yellow

    assert drift("undo").code == 0
    assert budget_of(drift) == before


def test_clear_gives_a_setting_back_to_the_store_file_and_no_checkpoints_states_none(drift, store_path: Path) -> None:
    rules_file(store_path, 'time_basis = "months"\n')
    assert drift("set-rules", "--time-basis", "days", "--no-checkpoints").code == 0
    assert budget_of(drift)["time_progress"]["basis"] == "days"  # the project's own days win over the store's months
    assert budget_of(drift)["total"]["checkpoint"] is None

    result = drift("set-rules", "--clear", "time-basis", "--clear", "checkpoints")

    assert result.out.splitlines() == ["rules time_basis: days → —", "rules checkpoints: [] → —"]
    assert budget_of(drift)["time_progress"]["basis"] == "months"  # the store's again
    assert budget_of(drift)["total"]["checkpoint"]["date"] == "2023-08-31"  # the default's again


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--checkpoint", "13:40"), "--checkpoint: 13 is not a month (1–12)"),
        (("--checkpoint", "6-40"), "--checkpoint: '6-40' is not MONTH:PERCENT such as 6:40"),
        (("--checkpoint", "6:140"), "--checkpoint: '140' must be between 0 and 100"),
        (("--checkpoint", "6:40", "--checkpoint", "6:50"), "--checkpoint: month 6 is listed twice"),
        (("--budget-yellow", "20", "--budget-red", "10"), "--budget-red: 10 must be above --budget-yellow 20"),
        (("--schedule-yellow", "ten", "--schedule-red", "30"), "--schedule-yellow: 'ten' is not a whole number"),
        (("--schedule-yellow", "30", "--schedule-red", "30"), "--schedule-red: 30 must be above --schedule-yellow 30"),
        (("--budget-points", "ten"), "--budget-points: 'ten' is not a number of points such as 10 or 12.5"),
        (("--budget-points", "-1"), "--budget-points: '-1' is not a number of points"),
        (("--level-points", "产出50"), "--level-points: '产出50' is not NAME=POINTS such as 产出=50"),
        (("--level-points", "产出=50,产出=40"), "--level-points: 产出 is listed twice"),
        (("--level-points", "=50"), "--level-points: must name a level-1 group"),
        (("--level-points", "产出=many"), "--level-points: 'many' is not a number of points"),
        (("--grade-floors", "80,90,60"), "--grade-floors: must rise from fair to good to excellent, at most 100"),
        (("--grade-floors", "90,80"), "--grade-floors: '90,80' is not three floors EXCELLENT,GOOD,FAIR"),
        ((), "nothing to change"),
    ],
)
def test_bad_options_are_one_line_naming_the_option_and_save_nothing(
    drift, store_path: Path, argv: tuple[str, ...], message: str
) -> None:
    stored = store_path.read_bytes()

    result = drift("set-rules", *argv)

    assert result.code == 2
    assert_one_line_error(result.err, message)
    assert store_path.read_bytes() == stored


def test_the_store_rules_file_reaches_status_check_and_export(drift, store_path: Path, tmp_path: Path) -> None:
    rules_file(
        store_path, 'time_basis = "months"\nbudget_yellow_points = 80\nbudget_red_points = 90\ncheckpoints = []\n'
    )

    assert budget_of(drift)["time_progress"]["basis"] == "months"
    check = drift("check", "--fail-on", "yellow")
    assert "budget.behind_time" not in check.out  # 75 points behind is under the store's yellow of 80
    out = tmp_path / "snapshot.md"
    assert drift("export", "-o", str(out)).code == 0
    assert "Time progress 75.00% (months 9/12)" in out.read_text(encoding="utf-8")


def test_an_import_file_states_a_projects_rules(drift, store_path: Path, tmp_path: Path) -> None:
    doc = json.loads(Path("samples/xiangyuan-2023.json").read_text(encoding="utf-8"))
    doc["projects"][0]["code"] = "R-1"
    doc["projects"][0]["rules"] = {"time_basis": "months", "checkpoints": [{"month": 6, "min_paid_pct": "40"}]}
    source = tmp_path / "import.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    assert drift("import", str(source)).code == 0

    budget = budget_of(drift, "--project", "R-1")
    assert budget["time_progress"]["basis"] == "months"
    assert budget["total"]["checkpoint"]["date"] == "2023-06-30"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "budget_yellow_points = 30\nbudget_red_points = 20\n",
            "budget_red_points: 20 must be above budget_yellow_points 30",
        ),
        ("time_basis = months\n", "not TOML: Invalid value (at line 1, column 14)"),
        ("colour = 1\n", "colour: is not a rule setting"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [("status",), ("check",), ("export",), ("pay", "--date", "2023-10-15", "--source", "central", "--amount", "1")],
)
def test_a_bad_rules_file_stops_each_command_with_one_line_naming_the_file_and_setting(
    drift, store_path: Path, text: str, message: str, command: tuple[str, ...]
) -> None:
    path = rules_file(store_path, text)
    stored = store_path.read_bytes()

    result = drift(*command)

    assert result.code == 2
    assert_one_line_error(result.err, f"{path}: {message}")
    assert store_path.read_bytes() == stored
