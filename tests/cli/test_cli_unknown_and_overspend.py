"""The command line on unknown parts and overspending: `check --fail-on unknown`, the JSON, `drift pay`'s warning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CODE = "2306-140423-89-01-317509"


@pytest.fixture
def unstated_store(tmp_path: Path, run_cli, sample_doc: dict[str, Any]) -> str:
    """The sample as of 2023-01-15 (4.11% of the year gone, nothing due) without phases, allocations (dated or
    reported) or indicators."""
    project = sample_doc["projects"][0]
    project["status_date"] = "2023-01-15"
    for key in ("phases", "events", "indicators"):
        project.pop(key, None)
    del project["funding"]["allocations"]
    del project["funding"]["reported"]
    source = tmp_path / "import.json"
    source.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    store = str(tmp_path / "store.json")
    assert run_cli("import", str(source), "--store", store).code == 0
    return store


def test_check_is_quiet_about_unknown_parts_at_the_default_level(unstated_store: str, run_cli) -> None:
    result = run_cli("check", "--store", unstated_store)

    assert (result.code, result.out) == (0, "")


def test_check_fail_on_unknown_lists_each_unknown_part_and_exits_3(unstated_store: str, run_cli) -> None:
    result = run_cli("check", "--fail-on", "unknown", "--store", unstated_store)

    assert result.code == 3
    assert result.out.splitlines() == [
        f"{CODE}\tunknown\tschedule.unknown\tschedule unknown: no phases recorded",
        f"{CODE}\tunknown\tbudget.allocations_not_stated\tthe report does not state its allocations:"
        " allocated amounts and rates unknown",
        f"{CODE}\tunknown\tindicators.unknown\tindicators unknown: no indicators recorded",
    ]
    assert result.err == "3 deviations at or above unknown in 1 project\n"


def test_status_json_carries_unknown_lights_and_null_allocations(unstated_store: str, run_cli) -> None:
    [project] = json.loads(run_cli("status", "--json", "--store", unstated_store).out)["projects"]

    assert (project["light"], project["unknown"]) == ("green", ["schedule", "indicators"])
    assert (project["schedule"]["light"], project["indicators"]["light"]) == ("unknown", "unknown")
    total = project["budget"]["total"]
    assert (total["allocated"], total["allocated_pct_of_budget"], total["paid_pct_of_allocated"]) == (None, None, None)


def test_the_status_table_says_which_parts_are_unknown(unstated_store: str, run_cli) -> None:
    result = run_cli("status", "--store", unstated_store)

    assert "Overall green · schedule, indicators unknown" in result.out


def test_paying_above_the_budget_warns_and_saves(run_cli, store_path: Path) -> None:
    store = str(store_path)

    result = run_cli("pay", "--date", "2023-08-01", "--source", "central", "--amount", "99999", "--store", store)

    assert result.code == 0
    # The central money is 82 budgeted and 82 allocated (A3, 2023-07-27): 99999 exceeds both.
    assert result.err.splitlines()[-2:] == [  # after the saved lines, so that they are kept when stderr fails
        "drift: warning: 中央补助资金: paid 99999.00 of 82.00 万元 budgeted; recorded all the same",
        "drift: warning: 中央补助资金: paid 99999.00 万元, more than the 82.00 万元 allocated; recorded all the same",
    ]
    [project] = json.loads(run_cli("status", "--json", "--store", store).out)["projects"]
    central = project["budget"]["sources"][0]
    assert (central["paid"], central["light"], project["budget"]["light"]) == ("99999.00", "red", "red")


def test_a_payment_within_the_budget_and_the_allocation_warns_of_nothing(run_cli, store_path: Path) -> None:
    result = run_cli("pay", "--date", "2023-08-01", "--source", "central", "--amount", "82", "--store", str(store_path))

    assert result.code == 0
    assert "warning" not in result.err


def test_allocate_none_states_that_nothing_was_allocated_and_not_stated_takes_it_back(
    unstated_store: str, run_cli
) -> None:
    def allocated() -> object:
        [project] = json.loads(run_cli("status", "--json", "--store", unstated_store).out)["projects"]
        return project["budget"]["total"]["allocated"], project["budget"]["allocations_stated"]

    assert allocated() == (None, False)

    assert run_cli("allocate", "--none", "--store", unstated_store).code == 0
    assert allocated() == ("0.00", True)

    assert run_cli("allocate", "--not-stated", "--store", unstated_store).code == 0
    assert allocated() == (None, False)


def test_allocate_none_is_refused_while_allocations_are_recorded(run_cli, store_path: Path) -> None:
    before = store_path.read_bytes()

    result = run_cli("allocate", "--none", "--store", str(store_path))

    assert result.code == 2
    assert result.err == "drift: funding.allocations: 3 allocations are recorded; delete them first\n"
    assert store_path.read_bytes() == before
