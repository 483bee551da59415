"""`drift rules`: every settable rule in force, its value and where it comes from; `drift set-rules` for the score."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SEED_CODE, CliResult
from tests.reliability.helpers import assert_one_line_error


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def drift(run_cli, store_path: Path, config: Path) -> Callable[..., CliResult]:
    """drift on the sample store as alice, with the user's config folder under tmp_path."""

    def run(*argv: str) -> CliResult:
        environ = {"USER": "alice", "XDG_CONFIG_HOME": str(config)}
        return run_cli(*argv, "--store", str(store_path), environ=environ)

    return run


def lines(result: CliResult) -> list[str]:
    assert result.code == 0, result.err
    return [line.rstrip() for line in result.out.splitlines()]


def cells(line: str) -> list[str]:
    """A table row's cells: Rich pads them with spaces, and no cell here holds two spaces in a row."""
    return re.split(r"\s{2,}", line.strip())


def test_without_files_every_rule_is_the_default_in_english(drift, store_path: Path, config: Path) -> None:
    shown = lines(drift("rules", "--lang", "en"))

    assert shown[0] == f"Rules of {store_path}"
    assert [cells(line) for line in shown[1:11]] == [
        ["Rule", "Value", "From"],
        ["time progress basis", "days", "default"],
        ["spending behind time: yellow", "from 10 points behind", "default"],
        ["spending behind time: red", "from 20 points behind", "default"],
        ["spending checkpoints", "month 4: 25% · month 6: 40% · month 8: 60% · month 10: 80%", "default"],
        ["schedule slip: yellow", "from 10 days late", "default"],
        ["schedule slip: red", "from 30 days late", "default"],
        ["budget execution points", "10 points", "default"],
        ["level-1 indicator points", "产出 50 · 效益 30 · 满意度 10", "default"],
        ["self-evaluation grades", "excellent ≥90 · good ≥80 · fair ≥60 · poor <60", "default"],
    ]
    assert shown[11:] == [
        f"rules files: store file {store_path.with_name('store.rules.toml')} (not there) · user config"
        f" {config / 'drift' / 'rules.toml'} (not there)"
    ]


def test_with_a_store_file_a_user_config_and_a_projects_own_rule_each_names_where_it_comes_from_in_chinese(
    drift, store_path: Path, config: Path
) -> None:
    own = store_path.with_name("store.rules.toml")
    own.write_text('time_basis = "months"\n[[checkpoints]]\nmonth = 6\nmin_paid_pct = 40\n', encoding="utf-8")
    user = config / "drift" / "rules.toml"
    user.parent.mkdir(parents=True)
    user.write_text(
        'time_basis = "days"\nbudget_points = 12.5\n[level_points]\n"产出" = 60\n"效益" = 30\n', encoding="utf-8"
    )
    assert drift("set-rules", "--grade-floors", "85,75,60").code == 0

    shown = lines(drift("rules", "--project", SEED_CODE, "--lang", "zh"))

    store_word, user_word = f"数据文件旁的规则文件 {own}", f"用户配置 {user}"
    assert shown[0] == f"项目 {SEED_CODE} 的规则（{store_path}）"
    assert [cells(line) for line in shown[2:11]] == [
        ["序时进度计算", "按月", store_word],  # the store file's months over the user's days
        ["支出落后序时进度 黄灯", "落后 10 个百分点起", "默认"],
        ["支出落后序时进度 红灯", "落后 20 个百分点起", "默认"],
        ["累计支出节点", "6月 40%", store_word],
        ["进度延误 黄灯", "延误 10 天起", "默认"],
        ["进度延误 红灯", "延误 30 天起", "默认"],
        ["预算执行率分值", "12.5 分", user_word],
        ["一级指标分值", "产出 60 · 效益 30", user_word],
        ["自评等级", "优 ≥85 · 良 ≥75 · 中 ≥60 · 差 <60", f"项目 {SEED_CODE}"],
    ]
    assert shown[11] == f"规则文件：{store_word} · {user_word}"
    # Without --project the store's rules: the project's own floors are not the store's.
    assert "优 ≥90 · 良 ≥80 · 中 ≥60 · 差 <60" in drift("rules", "--lang", "zh").out


def test_rules_json_gives_each_value_its_origin_and_source(drift, store_path: Path, config: Path) -> None:
    store_path.with_name("store.rules.toml").write_text("schedule_yellow_days = 5\nschedule_red_days = 9\n")
    assert drift("set-rules", "--budget-points", "15").code == 0

    result = drift("rules", "--json", "--project", SEED_CODE)

    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["project"] == SEED_CODE
    assert document["store_file"] == str(store_path.with_name("store.rules.toml"))
    assert document["user_config"] == str(config / "drift" / "rules.toml")
    assert list(document["rules"]) == [
        "time_basis",
        "budget_yellow_points",
        "budget_red_points",
        "checkpoints",
        "schedule_yellow_days",
        "schedule_red_days",
        "budget_points",
        "level_points",
        "grade_floors",
    ]
    assert document["rules"]["time_basis"] == {"value": "days", "origin": "default", "source": None}
    assert document["rules"]["schedule_red_days"] == {
        "value": 9,
        "origin": "store",
        "source": str(store_path.with_name("store.rules.toml")),
    }
    assert document["rules"]["budget_points"] == {"value": "15.00", "origin": "project", "source": SEED_CODE}
    assert document["rules"]["grade_floors"]["value"] == {"excellent": "90.00", "good": "80.00", "fair": "60.00"}


def test_rules_json_without_a_config_folder_says_so(run_cli, store_path: Path) -> None:
    result = run_cli("rules", "--json", "--store", str(store_path), environ={})

    assert json.loads(result.out)["user_config"] is None


def test_rules_for_a_project_the_store_does_not_hold_is_one_line(drift) -> None:
    result = drift("rules", "--project", "NOPE", "--lang", "en")

    assert result.code == 2
    assert_one_line_error(result.err, "NOPE")


# set-rules: the score rules


def test_set_rules_sets_the_score_rules_with_history_and_clear_gives_each_back(drift, saved) -> None:
    result = drift(
        "set-rules",
        "--budget-points",
        "12",
        "--level-points",
        "产出＝55，效益=35、满意度=10",
        "--grade-floors",
        "85,75,60",
    )

    assert result.code == 0, result.err
    assert lines(result)[:3] == [
        "rules budget_points: — → 12",
        'rules level_points: — → [{"level1":"产出","points":"55"},{"level1":"效益","points":"35"},'
        '{"level1":"满意度","points":"10"}]',
        'rules grade_floors: — → {"excellent":"85","good":"75","fair":"60"}',
    ]
    assert saved()["rules"] == {
        "budget_points": "12",
        "level_points": [
            {"level1": "产出", "points": "55"},
            {"level1": "效益", "points": "35"},
            {"level1": "满意度", "points": "10"},
        ],
        "grade_floors": {"excellent": "85", "good": "75", "fair": "60"},
    }
    assert "rules budget_points: — → 12" in drift("log").out

    assert drift("set-rules", "--clear", "level-points", "--clear", "budget-points").code == 0
    assert saved()["rules"] == {"grade_floors": {"excellent": "85", "good": "75", "fair": "60"}}
    assert drift("set-rules", "--clear", "grade-floors").code == 0
    assert "rules" not in saved()


def test_a_level_name_in_brackets_is_shown_as_written_not_as_markup(drift, store_path: Path) -> None:
    store_path.with_name("store.rules.toml").write_text('[level_points]\n"[red]产出[/red]" = 50\n', encoding="utf-8")

    assert "[red]产出[/red] 50" in drift("rules", "--lang", "en").out
