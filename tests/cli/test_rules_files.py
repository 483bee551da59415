"""Each setting of a rules file changes what drift computes; the project's rule wins over the store file's, which wins
over the user's config; a bad file stops every command with one line naming it."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from store.model import Funding, Indicator, Payment, Phase, Project
from store.persist import Store
from store.values import parse_date as day
from store.values import parse_target
from tests.conftest import CliResult
from tests.reliability.helpers import assert_one_line_error

D = Decimal


def project(code: str, *, paid: str = "37", slip_days: int = 12) -> Project:
    """A 2023 project of 100 万元 dated 2023-06-30 (181/365 = 49.59% of the year gone) with `paid` paid on 2023-03-01
    and one phase due 2023-05-01 that finished slip_days late."""
    due = day("2023-05-01")
    finished = due.add(days=slip_days)
    return Project(
        code=code,
        name="rules",
        budget_year=2023,
        status_date=day("2023-06-30"),
        funding=Funding(annual_budget=D(100), payments=(Payment(id="P1", date=day("2023-03-01"), amount=D(paid)),)),
        phases=(Phase("F1", "build", day("2023-01-01"), due, actual_start=day("2023-01-01"), actual_end=finished),),
    )


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store of R-12 (37 paid, 12 days late), R-22 (27 paid), R-35 (35 days late) and S-1 (in its self-evaluation)."""
    path = tmp_path / "store.json"
    Store(path).create([project("R-12"), project("R-22", paid="27"), project("R-35", slip_days=35), scored()])
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """The user's config folder, $XDG_CONFIG_HOME of the runs below; its rules.toml is written by a test."""
    return tmp_path / "config"


@pytest.fixture
def drift(run_cli, store: Path, config: Path) -> Callable[..., CliResult]:
    def run(*argv: str) -> CliResult:
        environ = {"USER": "alice", "XDG_CONFIG_HOME": str(config)}
        return run_cli(*argv, "--store", str(store), "--lang", "en", environ=environ)

    return run


def store_file(store: Path, text: str) -> Path:
    path = store.with_name("store.rules.toml")
    path.write_text(text, encoding="utf-8")
    return path


def user_config(config: Path, text: str) -> Path:
    path = config / "drift" / "rules.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def status(drift: Callable[..., CliResult], code: str) -> dict[str, Any]:
    result = drift("status", "--json", "--project", code)
    assert result.code == 0, result.err
    analysis: dict[str, Any] = json.loads(result.out)["projects"][0]
    return analysis


def flags(analysis: dict[str, Any], prefix: str) -> list[tuple[str, str]]:
    return [(flag["level"], flag["code"]) for flag in analysis["flags"] if flag["code"].startswith(prefix)]


# One test per setting: the default's effect, then the file's.


def test_time_basis_months_makes_june_30_six_twelfths(drift, store: Path) -> None:
    assert status(drift, "R-12")["budget"]["time_progress"] == {
        "basis": "days",
        "elapsed": 181,
        "total": 365,
        "percent": "49.59",
    }

    store_file(store, 'time_basis = "months"\n')

    assert status(drift, "R-12")["budget"]["time_progress"] == {
        "basis": "months",
        "elapsed": 6,
        "total": 12,
        "percent": "50.00",
    }


def test_budget_yellow_points_13_makes_12_59_points_behind_no_flag(drift, store: Path) -> None:
    # 37 paid of 100 against 49.59% of the year: 12.59 points behind, yellow from the default 10.
    assert status(drift, "R-12")["budget"]["total"]["trail_points"] == "12.59"
    assert flags(status(drift, "R-12"), "budget.behind") == [("yellow", "budget.behind_time")]

    store_file(store, "budget_yellow_points = 13\nbudget_red_points = 20\n")

    assert flags(status(drift, "R-12"), "budget.behind") == []


def test_budget_red_points_25_makes_22_59_points_behind_yellow_not_red(drift, store: Path) -> None:
    assert flags(status(drift, "R-22"), "budget.behind") == [("red", "budget.behind_time")]

    store_file(store, "budget_yellow_points = 10\nbudget_red_points = 25\n")

    assert flags(status(drift, "R-22"), "budget.behind") == [("yellow", "budget.behind_time")]


def test_checkpoints_june_35_percent_is_met_by_37_paid_where_the_default_40_is_not(drift, store: Path) -> None:
    total = status(drift, "R-12")["budget"]["total"]
    assert total["checkpoint"] == {"date": "2023-06-30", "required_pct": "40.00", "met": False}
    assert flags(status(drift, "R-12"), "budget.checkpoint") == [("yellow", "budget.checkpoint_missed")]

    store_file(store, "[[checkpoints]]\nmonth = 6\nmin_paid_pct = 35\n")

    assert status(drift, "R-12")["budget"]["total"]["checkpoint"] == {
        "date": "2023-06-30",
        "required_pct": "35.00",
        "met": True,
    }
    assert flags(status(drift, "R-12"), "budget.checkpoint") == []


def test_schedule_yellow_days_15_makes_a_12_day_slip_green(drift, store: Path) -> None:
    assert status(drift, "R-12")["schedule"]["completion_slip_days"] == 12
    assert status(drift, "R-12")["schedule"]["light"] == "yellow"

    store_file(store, "schedule_yellow_days = 15\nschedule_red_days = 30\n")

    assert status(drift, "R-12")["schedule"]["light"] == "green"


def test_schedule_red_days_40_makes_a_35_day_slip_yellow_not_red(drift, store: Path) -> None:
    assert status(drift, "R-35")["schedule"]["light"] == "red"

    store_file(store, "schedule_yellow_days = 10\nschedule_red_days = 40\n")

    assert status(drift, "R-35")["schedule"]["light"] == "yellow"


def indicator(id: str, level1: str, target: str, final: str) -> Indicator:
    return Indicator(id, level1, "数量指标", f"指标{id}", parse_target(target), final=final)


def scored() -> Project:
    """S-1 at its year end: 90 of 100 万元 paid; two output indicators (one met, one at 5 of 10), a benefit and a
    satisfaction indicator met, none stating its 分值. Under the defaults: budget 90 ÷ 100 × 10 = 9; 产出 50 shared,
    25 and 5 ÷ 10 × 25 = 12.5; 效益 30; 满意度 10: 86.5 of 100, 良 (80 to 90)."""
    return Project(
        code="S-1",
        name="scored",
        budget_year=2023,
        status_date=day("2023-12-31"),
        funding=Funding(annual_budget=D(100), payments=(Payment(id="P1", date=day("2023-03-01"), amount=D(90)),)),
        indicators=(
            indicator("I1", "产出指标", "≥2", "2"),
            indicator("I2", "产出指标", "≥10", "5"),
            indicator("I3", "效益指标", "≥90%", "95%"),
            indicator("I4", "满意度指标", "≥95%", "96%"),
        ),
    )


def self_evaluation(drift: Callable[..., CliResult]) -> dict[str, Any]:
    """S-1's self-evaluation as `drift status --json` gives it."""
    evaluation: dict[str, Any] = status(drift, "S-1")["self_evaluation"]
    return evaluation


def test_budget_points_20_make_the_budget_row_worth_20(drift, store: Path) -> None:
    budget_row = self_evaluation(drift)["rows"][0]
    assert (budget_row["weight"], budget_row["arithmetic"]) == ("10.00", "90.00 ÷ 100.00 × 10 = 9.00")

    store_file(store, "budget_points = 20\n")

    budget_row = self_evaluation(drift)["rows"][0]
    assert (budget_row["weight"], budget_row["arithmetic"]) == ("20.00", "90.00 ÷ 100.00 × 20 = 18.00")
    assert self_evaluation(drift)["total"] == {"low": "95.50", "high": "95.50"}  # 18 + 25 + 12.5 + 30 + 10


def test_level_points_60_20_10_share_60_among_the_output_indicators(drift, store: Path) -> None:
    before = self_evaluation(drift)
    assert [row["weight"] for row in before["rows"][1:]] == ["25.00", "25.00", "30.00", "10.00"]
    assert before["total"] == {"low": "86.50", "high": "86.50"}

    store_file(store, '[level_points]\n"产出" = 60\n"效益" = 20\n"满意度" = 10\n')

    after = self_evaluation(drift)
    assert [row["weight"] for row in after["rows"][1:]] == ["30.00", "30.00", "20.00", "10.00"]
    assert after["rows"][2]["arithmetic"] == "5 ÷ 10 × 30 = 15.00"
    assert after["total"] == {"low": "84.00", "high": "84.00"}  # 9 + 30 + 15 + 20 + 10


def test_grade_floors_85_75_60_make_86_5_excellent_where_the_default_says_good(drift, store: Path) -> None:
    assert self_evaluation(drift)["grade"] == "good"

    store_file(store, "[grade_floors]\nexcellent = 85\ngood = 75\nfair = 60\n")

    assert self_evaluation(drift)["grade"] == "excellent"


# The layers


def test_the_projects_rule_wins_over_the_store_files_which_wins_over_the_users_config(
    drift, store: Path, config: Path
) -> None:
    user_config(config, "schedule_yellow_days = 15\nschedule_red_days = 40\nbudget_points = 20\n")
    assert status(drift, "R-12")["schedule"]["light"] == "green"  # 12 days under the user's 15

    store_file(store, "schedule_yellow_days = 5\nschedule_red_days = 10\n")
    assert status(drift, "R-12")["schedule"]["light"] == "red"  # the store's 10 days for red
    assert status(drift, "R-12")["rules"]["budget_points"] == "20.00"  # the user's still: the store leaves it out

    assert drift("set-rules", "--project", "R-12", "--schedule-yellow", "11", "--schedule-red", "50").code == 0
    assert status(drift, "R-12")["schedule"]["light"] == "yellow"  # the project's own 11 to 50
    assert status(drift, "R-35")["schedule"]["light"] == "red"  # the other projects keep the store's


BAD_FILES = [
    ("budget_points = -2\n", "budget_points: '-2' must not be negative"),
    ("[grade_floors]\nexcellent = 90\ngood = 95\nfair = 60\n", "grade_floors: must rise from fair to good"),
    ('[level_points]\n"产出" = "many"\n', "level_points.\"产出\": 'many' is not an amount"),
    ("budget_points = = 1\n", "not TOML: Invalid value (at line 1, column 17)"),
]

COMMANDS = [
    ("status",),
    ("check",),
    ("export",),
    ("rules",),
    ("validate",),
    ("pay", "--project", "R-12", "--date", "2023-06-15", "--amount", "1"),
    ("set-rules", "--project", "R-12", "--budget-points", "9"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_user_config_stops_each_command_with_one_line_naming_it_and_saves_nothing(
    drift, store: Path, config: Path, text: str, message: str, command: tuple[str, ...]
) -> None:
    path = user_config(config, text)
    stored = store.read_bytes()

    result = drift(*command)

    assert result.code == 2
    assert_one_line_error(result.err, f"{path}: {message}")
    assert result.out == ""
    assert store.read_bytes() == stored


def test_a_bad_store_file_is_named_before_the_user_config_and_a_good_one_does_not_hide_a_bad_config(
    drift, store: Path, config: Path
) -> None:
    bad_config = user_config(config, "budget_points = -2\n")
    bad_store = store_file(store, "colour = 1\n")

    assert_one_line_error(drift("status").err, f"{bad_store}: colour: is not a rule setting")

    store_file(store, 'time_basis = "months"\n')

    assert_one_line_error(drift("status").err, f"{bad_config}: budget_points")
