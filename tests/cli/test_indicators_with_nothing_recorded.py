"""Indicators with no value, no forecast and no likelihood leave the indicator light unknown, never green."""

from __future__ import annotations

import json
from pathlib import Path


def test_indicators_with_nothing_recorded_are_not_green(tmp_path: Path, run_cli) -> None:
    store = str(tmp_path / "store.json")
    assert run_cli("--store", store, "init").code == 0
    for number in range(1, 12):
        assert (
            run_cli(
                "--store", store, "indicator", f"I{number}", "--to-date", "-", "--forecast", "-", "--likelihood", "none"
            ).code
            == 0
        )
    project = json.loads(run_cli("--store", store, "status", "--json").out)["projects"][0]
    assert (project["indicators"]["light"], project["unknown"]) == ("unknown", ["indicators"])
    [item] = [f for f in project["flags"] if f["code"] == "indicators.nothing_recorded"]
    assert item["message"] == "indicators unknown: none of the 11 indicators has a value, a forecast or a likelihood"
