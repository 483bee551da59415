"""A source overspent makes the budget light red, even where the total keeps to its pace (a hostile find)."""

from __future__ import annotations

import json
from pathlib import Path


def test_a_source_overspend_makes_the_budget_light_red(tmp_path: Path, run_cli) -> None:
    store = str(tmp_path / "store.json")
    assert run_cli("--store", store, "init", "--empty").code == 0
    assert (
        run_cli(
            "--store",
            store,
            "new",
            "--code",
            "OV",
            "--name",
            "Over",
            "--year",
            "2023",
            "--annual-budget",
            "100",
            "--source",
            "local=80",
            "--source",
            "central=20",
            "--status-date",
            "2023-06-30",
        ).code
        == 0
    )
    assert run_cli("--store", store, "pay", "--date", "2023-06-01", "--source", "central", "--amount", "30").code == 0
    assert run_cli("--store", store, "pay", "--date", "2023-06-01", "--source", "local", "--amount", "30").code == 0

    result = run_cli("--store", store, "--lang", "en", "status", "--json")
    project = json.loads(result.out)["projects"][0]
    central = next(line for line in project["budget"]["sources"] if line["source"] == "central")
    assert central["light"] == "red"
    assert project["budget"]["light"] == "red", project["budget"]["total"]
