"""The rules files: the score rules in TOML, the user's config under XDG, and the two merged setting by setting."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from store.errors import ValidationError
from store.model import Checkpoint, GradeFloors, LevelPoints, RuleSettings, TimeBasis
from store.persist import Store
from store.rulesfile import config_path, layered, read_rules

D = Decimal


def written(tmp_path: Path, text: str, name: str = "store.rules.toml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


SCORE_RULES = """\
budget_points = 15

[level_points]
"产出" = 45
"效益" = 30.5
"满意度" = 9.5

[grade_floors]
excellent = 85
good = 75
fair = 60
"""


def test_the_score_rules_are_read_from_the_table_form_with_exact_decimals(tmp_path: Path) -> None:
    rules = read_rules(written(tmp_path, SCORE_RULES))

    assert rules == RuleSettings(
        budget_points=D(15),
        level_points=(LevelPoints("产出", D(45)), LevelPoints("效益", D("30.5")), LevelPoints("满意度", D("9.5"))),
        grade_floors=GradeFloors(D(85), D(75), D(60)),
    )
    assert [type(level.points) for level in rules.level_points or ()] == [Decimal] * 3
    assert rules.time_basis is None  # not stated: the next layer's


def test_level_points_may_also_be_written_as_a_list_of_records_like_the_import_files(tmp_path: Path) -> None:
    text = '[[level_points]]\nlevel1 = "产出"\npoints = 60\n[[level_points]]\nlevel1 = "效益"\npoints = 20\n'

    assert read_rules(written(tmp_path, text)).level_points == (LevelPoints("产出", D(60)), LevelPoints("效益", D(20)))


def test_an_empty_level_points_table_states_that_no_group_has_default_points(tmp_path: Path) -> None:
    assert read_rules(written(tmp_path, "[level_points]\n")).level_points == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("budget_points = -1\n", "budget_points: '-1' must not be negative"),
        ('budget_points = "ten"\n', "budget_points: 'ten' is not an amount"),
        ("budget_points = 1.1234567\n", "budget_points: '1.1234567' is not an amount"),
        ('[level_points]\n"产出" = "fifty"\n', "level_points.\"产出\": 'fifty' is not an amount"),
        ('[level_points]\n"产出" = 50\n"效益" = -30\n', "level_points.\"效益\": '-30' must not be negative"),
        ('[level_points]\n" " = 50\n', 'level_points." ": must name a level-1 group'),
        ('[level_points]\n"产出" = 50\n"产出" = 40\n', "not TOML: Cannot overwrite a value (at line 3, column 10)"),
        (
            'level_points = [{level1 = "产出", points = 50}, {level1 = "产出", points = 40}]\n',
            "level_points[1].level1: 产出 is listed twice",
        ),
        (
            '[level_points]\n"产出" = 40\n"产出指标" = 45\n',
            'level_points."产出指标": 产出指标 and 产出 name the same group',
        ),
        (
            "[level_points]\n产出 = 50\n",
            'not TOML: Invalid statement (at line 2, column 1); a name in Chinese is written in quotes: "产出" = 50',
        ),
        ("[grade_floors]\nexcellent = 80\ngood = 90\nfair = 60\n", "grade_floors: must rise from fair to good"),
        ("[grade_floors]\nexcellent = 120\ngood = 90\nfair = 60\n", "grade_floors: must rise from fair to good"),
        ("[grade_floors]\nexcellent = 90\ngood = 80\n", "grade_floors.fair: is required"),
        ("[grade_floors]\nexcellent = 90\ngood = 80\nfair = 60\npoor = 0\n", "grade_floors: unknown field 'poor'"),
        ("grade_floors = 90\n", "grade_floors: must be an object"),
        ("schedule_yellow_days = 10.0\nschedule_red_days = 30\n", "schedule_yellow_days: '10.0' must be a whole"),
    ],
)
def test_a_bad_score_rule_is_one_error_naming_the_file_and_the_setting(tmp_path: Path, text: str, message: str) -> None:
    path = written(tmp_path, text)

    with pytest.raises(ValidationError) as caught:
        read_rules(path)

    assert str(caught.value).startswith(f"{path}: "), caught.value
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


# Where the user's config is


def test_the_users_config_is_under_xdg_config_home_else_home_dot_config_else_nowhere(tmp_path: Path) -> None:
    assert config_path({"XDG_CONFIG_HOME": "/etc/xdg-alice", "HOME": "/home/alice"}) == Path(
        "/etc/xdg-alice/drift/rules.toml"
    )
    assert config_path({"HOME": "/home/alice"}) == Path("/home/alice/.config/drift/rules.toml")
    assert config_path({"XDG_CONFIG_HOME": "", "HOME": "/home/alice"}) == Path("/home/alice/.config/drift/rules.toml")
    # A relative XDG_CONFIG_HOME is invalid under the XDG specification and left aside.
    assert config_path({"XDG_CONFIG_HOME": "conf", "HOME": "/home/alice"}) == Path(
        "/home/alice/.config/drift/rules.toml"
    )
    assert config_path({}) is None
    assert config_path({"HOME": "relative"}) is None


def test_a_store_merges_its_own_file_over_the_users_config_setting_by_setting(tmp_path: Path) -> None:
    config = written(
        tmp_path / "config",
        'time_basis = "months"\nbudget_yellow_points = 5\nbudget_red_points = 15\nbudget_points = 20\n'
        "[[checkpoints]]\nmonth = 6\nmin_paid_pct = 30\n",
        "drift/rules.toml",
    )
    own = written(tmp_path, "budget_yellow_points = 8\nbudget_red_points = 12\ncheckpoints = []\n")
    store = Store(tmp_path / "store.json", environ={"XDG_CONFIG_HOME": str(tmp_path / "config")})

    files = store.rule_files()

    assert files.store_file.path == own
    assert files.user_config is not None
    assert files.user_config.path == config
    assert files.user_config.settings.checkpoints == (Checkpoint(6, D(30)),)
    assert store.rules() == RuleSettings(
        time_basis=TimeBasis.MONTHS,  # the user's: the store's file leaves it out
        budget_yellow_points=D(8),  # the store's pair wins whole over the user's
        budget_red_points=D(12),
        checkpoints=(),  # the store states there are none: the user's June 30% does not come through
        budget_points=D(20),  # the user's
    )


def test_without_a_config_folder_a_store_has_only_its_own_file(tmp_path: Path) -> None:
    written(tmp_path, 'time_basis = "months"\n')
    store = Store(tmp_path / "store.json", environ={})

    assert store.rule_files().user_config is None
    assert store.rules() == RuleSettings(time_basis=TimeBasis.MONTHS)


def test_a_bad_users_config_is_one_error_naming_it_even_when_the_store_has_no_file(tmp_path: Path) -> None:
    config = written(tmp_path / "home/.config", "budget_points = 1O\n", "drift/rules.toml")
    store = Store(tmp_path / "store.json", environ={"HOME": str(tmp_path / "home")})

    with pytest.raises(ValidationError) as caught:
        store.rules()

    assert (
        str(caught.value)
        == f"{config}: not TOML: Expected newline or end of document after a statement (at line 1, column 18)"
    )


def test_layered_takes_each_setting_from_the_upper_layer_where_it_states_one() -> None:
    upper = RuleSettings(schedule_yellow_days=3, schedule_red_days=9, level_points=())
    lower = RuleSettings(time_basis=TimeBasis.MONTHS, schedule_yellow_days=5, schedule_red_days=50)

    assert layered(upper, lower) == RuleSettings(
        time_basis=TimeBasis.MONTHS, schedule_yellow_days=3, schedule_red_days=9, level_points=()
    )
    assert layered(RuleSettings(), lower) == lower
    assert layered(upper, RuleSettings()) == upper


def test_the_documented_example_file_reads_as_it_says(tmp_path: Path) -> None:
    docs = (Path(__file__).parents[2] / "docs" / "analysis.md").read_text(encoding="utf-8")
    example = docs.split("```toml\n", 1)[1].split("```", 1)[0]

    rules = read_rules(written(tmp_path, example))

    defaults = RuleSettings(
        budget_yellow_points=D(10),
        budget_red_points=D(20),
        schedule_yellow_days=10,
        schedule_red_days=30,
        budget_points=D(10),
        level_points=(LevelPoints("产出", D(50)), LevelPoints("效益", D(30)), LevelPoints("满意度", D(10))),
        grade_floors=GradeFloors(D(90), D(80), D(60)),
    )
    assert rules == layered(RuleSettings(time_basis=TimeBasis.MONTHS, checkpoints=(Checkpoint(6, D(40)),)), defaults)


def test_a_file_saved_as_utf8_with_a_bom_reads_as_without_one(tmp_path: Path) -> None:
    path = tmp_path / "store.rules.toml"
    path.write_bytes("\ufeffbudget_points = 12\n".encode())

    assert read_rules(path).budget_points == Decimal(12)
