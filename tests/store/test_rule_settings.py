"""Rule settings: a project's `rules` in an import file and the store's rules file, each read by the codec's rules."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from msgspec import structs

from store.codec import decode_project, encode_project
from store.edits import edit_record
from store.errors import ValidationError
from store.files import load_sample
from store.model import Checkpoint, RuleSettings, TimeBasis
from store.persist import Store
from store.rulesfile import read_rules, rules_path
from tui.history_text import entry_line

AT = pendulum.datetime(2024, 1, 2, 9, 0, 0)


def _with_rules(rules: Any) -> dict[str, Any]:
    doc = encode_project(load_sample()[0])
    doc["rules"] = rules
    return doc


def _refused(rules: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        decode_project(_with_rules(rules))
    return str(caught.value)


def test_an_import_file_states_only_the_rules_it_gives_and_keeps_them_as_given() -> None:
    rules = {
        "time_basis": "months",
        "budget_yellow_points": "10",
        "budget_red_points": "20",
        "checkpoints": [{"month": 6, "min_paid_pct": "40"}],
    }

    project = decode_project(_with_rules(rules))

    assert project.rules == RuleSettings(
        time_basis=TimeBasis.MONTHS,
        budget_yellow_points=Decimal(10),
        budget_red_points=Decimal(20),
        checkpoints=(Checkpoint(6, Decimal(40)),),
    )
    assert project.rules.schedule_yellow_days is None  # not stated: the store's or the default
    assert encode_project(project)["rules"] == rules


def test_a_project_without_rules_writes_no_rules_key_and_an_empty_checkpoint_list_is_kept_as_stated() -> None:
    assert "rules" not in encode_project(load_sample()[0])

    project = decode_project(_with_rules({"checkpoints": []}))

    assert project.rules.checkpoints == ()
    assert encode_project(project)["rules"] == {"checkpoints": []}


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"colour": "red"}, "rules: unknown field 'colour'"),
        ({"time_basis": "weeks"}, "rules.time_basis: 'weeks' is not one of days, months"),
        (
            {"budget_yellow_points": "20", "budget_red_points": "20"},
            "rules.budget_red_points: 20 must be above budget_yellow_points 20",
        ),
        (
            {"budget_yellow_points": "25"},
            "rules.budget_red_points: is missing: budget_yellow_points and budget_red_points are set together",
        ),
        (
            {"schedule_yellow_days": 30, "schedule_red_days": 10},
            "rules.schedule_red_days: 10 must be above schedule_yellow_days 30",
        ),
        ({"schedule_red_days": 40}, "rules.schedule_yellow_days: is missing"),
        ({"schedule_yellow_days": -1, "schedule_red_days": 5}, "rules.schedule_yellow_days: -1 must not be negative"),
        (
            {"checkpoints": [{"month": 13, "min_paid_pct": "40"}]},
            "rules.checkpoints[0].month: 13 is not a month (1–12)",
        ),
        ({"checkpoints": [{"month": 0, "min_paid_pct": "40"}]}, "rules.checkpoints[0].month: 0 is not a month (1–12)"),
        (
            {"checkpoints": [{"month": 6, "min_paid_pct": "40"}, {"month": 6, "min_paid_pct": "50"}]},
            "rules.checkpoints[1].month: month 6 is listed twice",
        ),
        (
            {"checkpoints": [{"month": 6, "min_paid_pct": "140"}]},
            "rules.checkpoints[0].min_paid_pct: '140' must be between 0 and 100",
        ),
        (
            {"budget_yellow_points": "-5", "budget_red_points": "20"},
            "rules.budget_yellow_points: '-5' must be between 0 and 100",
        ),
        ({"checkpoints": [{"month": 6}]}, "rules.checkpoints[0].min_paid_pct: is required"),
    ],
)
def test_rules_that_break_a_rule_are_refused_naming_the_setting(rules: dict[str, Any], message: str) -> None:
    assert message in _refused(rules)


# The store's rules file


def test_the_rules_file_sits_beside_the_store_file(tmp_path: Path) -> None:
    assert rules_path(tmp_path / "store.json") == tmp_path / "store.rules.toml"
    assert rules_path(tmp_path / "county") == tmp_path / "county.rules.toml"
    assert Store(tmp_path / "store.json").rules_path() == tmp_path / "store.rules.toml"


def test_a_store_without_a_rules_file_states_no_rule(tmp_path: Path) -> None:
    assert read_rules(tmp_path / "store.rules.toml") == RuleSettings()


def test_a_rules_file_is_read_with_toml_numbers_as_exact_decimals(tmp_path: Path) -> None:
    path = tmp_path / "store.rules.toml"
    path.write_text(
        'time_basis = "months"\n'
        "budget_yellow_points = 12.5\n"
        "budget_red_points = 25\n"
        "schedule_yellow_days = 5\n"
        "schedule_red_days = 15\n"
        "[[checkpoints]]\nmonth = 6\nmin_paid_pct = 40\n"
        "[[checkpoints]]\nmonth = 9\nmin_paid_pct = 62.5\n",
        encoding="utf-8",
    )

    rules = read_rules(path)

    assert rules == RuleSettings(
        time_basis=TimeBasis.MONTHS,
        budget_yellow_points=Decimal("12.5"),
        budget_red_points=Decimal(25),
        checkpoints=(Checkpoint(6, Decimal(40)), Checkpoint(9, Decimal("62.5"))),
        schedule_yellow_days=5,
        schedule_red_days=15,
    )
    assert type(rules.budget_yellow_points) is Decimal


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("time_basis = months\n", "store.rules.toml: not TOML: Invalid value (at line 1, column 14)"),
        ("colour = 1\n", "store.rules.toml: colour: is not a rule setting (time_basis, budget_yellow_points"),
        (
            "budget_yellow_points = 30\nbudget_red_points = 20\n",
            "store.rules.toml: budget_red_points: 20 must be above budget_yellow_points 30",
        ),
        ("budget_yellow_points = 30\n", "store.rules.toml: budget_red_points: is missing"),
        ('time_basis = "weeks"\n', "store.rules.toml: time_basis: 'weeks' is not one of days, months"),
        (
            "schedule_yellow_days = 2.5\nschedule_red_days = 9\n",
            "store.rules.toml: schedule_yellow_days: '2.5' must be a whole number",
        ),
        ("checkpoints = [{month = 13, min_paid_pct = 40}]\n", "store.rules.toml: checkpoints[0].month: 13 is not a"),
    ],
)
def test_a_bad_rules_file_is_one_error_naming_the_file_and_the_setting(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "store.rules.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ValidationError) as caught:
        read_rules(path)

    assert str(caught.value).startswith(str(tmp_path)), caught.value
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_rules_file_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "store.rules.toml"
    path.write_bytes('time_basis = "按月"\n'.encode("gbk"))

    with pytest.raises(ValidationError, match=r"store.rules.toml: not UTF-8 text \(byte 0xb0 at offset 14\)"):
        read_rules(path)


# Editing a project's rules


def test_editing_a_projects_rules_is_saved_with_its_history_and_undone_like_every_edit(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    [project] = store.create(load_sample()).projects
    edit = edit_record(project, "rules", None, time_basis=TimeBasis.MONTHS, checkpoints=(Checkpoint(6, Decimal(40)),))

    saved = store.apply([edit], by="alice", at=AT)

    assert [entry_line(entry, "en") for entry in saved.entries] == [
        "rules time_basis: — → months",
        'rules checkpoints: — → [{"month":6,"min_paid_pct":"40"}]',
    ]
    [changed] = store.load().projects
    assert changed.rules == RuleSettings(time_basis=TimeBasis.MONTHS, checkpoints=(Checkpoint(6, Decimal(40)),))

    store.undo(by="alice", at=AT)

    [undone] = store.load().projects
    assert undone == structs.replace(changed, rules=RuleSettings())
    assert "rules" not in encode_project(undone)


def test_an_edit_leaving_one_threshold_of_a_pair_is_refused_and_saves_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    [project] = store.create(load_sample()).projects

    with pytest.raises(ValidationError, match=r"rules.budget_red_points: is missing"):
        store.apply([edit_record(project, "rules", None, budget_yellow_points=Decimal(5))], by="alice", at=AT)

    assert store.load().revision == 1
