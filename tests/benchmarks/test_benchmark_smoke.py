"""The benchmark works at a tiny size: the generator makes valid, labelled, reproducible portfolios, the runner reports.

CI runs only this; the full run (1,000 and 10,000 projects) is for people, see docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.terminal import pty_unavailable_reason
from drift.analysis import analyse_project
from store.files import read_import_file
from store.persist import Store

REPO = Path(__file__).resolve().parents[2]
TINY = 20


def run_module(*argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """python -m argv from the repository root, where the benchmarks package lives."""
    return subprocess.run(
        [sys.executable, "-m", *argv], cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )


def generate(path: Path, projects: int, seed: int, *extra: str) -> Path:
    done = run_module("benchmarks.generate", "--projects", str(projects), "--seed", str(seed), "-o", str(path), *extra)
    assert done.returncode == 0, done.stderr
    return path


def test_generated_projects_validate_and_are_labelled_synthetic(tmp_path: Path) -> None:
    projects = read_import_file(generate(tmp_path / "portfolio.json", 25, seed=7))  # decodes through store.codec

    assert len(projects) == 25
    for project in projects:
        assert project.code.startswith("SYN-")
        assert "（合成）" in project.name
        assert [phase.predecessors for phase in project.phases] == [
            (),
            ("feasibility",),
            ("design",),
            ("tendering",),
            ("construction",),
        ]
        assert [str(source.kind) for source in project.funding.sources] == ["central", "provincial", "local"]
        assert project.funding.allocations
        assert len(project.indicators) == 12
        assert project.findings
        assert project.compliance
        analyse_project(project, project.status_date)  # the dashboard can analyse every one


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a.json", 15, seed=3).read_bytes()
    again = generate(tmp_path / "b.json", 15, seed=3).read_bytes()
    other = generate(tmp_path / "c.json", 15, seed=4).read_bytes()

    assert first == again
    assert first != other


def test_the_generator_can_write_a_store(tmp_path: Path) -> None:
    portfolio = Store(generate(tmp_path / "store.json", 10, 1, "--store")).load()

    assert portfolio.revision == 1
    assert len(portfolio.projects) == 10


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One runner run at a tiny size, shared by the tests below: it is the slow part."""
    out = tmp_path_factory.mktemp("benchmark") / "result.json"
    done = run_module("benchmarks.run", "--sizes", str(TINY), "--repeat", "1", "--json", str(out), timeout=60)
    assert done.returncode == 0, done.stderr  # a measurement, not a gate: failed targets still exit 0
    assert "PASS" in done.stdout or "FAIL" in done.stdout
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_runner_reports_every_measurement_and_every_target(tiny_run: dict[str, Any]) -> None:
    expected = {
        "first_paint_bare",
        "first_paint_sample",
        f"first_paint_{TINY}",
        f"whole_load_{TINY}",
        f"whole_load_first_{TINY}",
        f"sort_{TINY}",
        f"filter_{TINY}",
        f"stall_loading_{TINY}",
        f"stall_saving_{TINY}",
        f"save_{TINY}",
        f"save_command_{TINY}",
        f"save_floor_{TINY}",
        f"save_tinydb_{TINY}",
        f"export_{TINY}",
        f"export_floor_{TINY}",
        f"as_of_in_view_{TINY}",
        f"as_of_all_{TINY}",
        f"peak_memory_{TINY}",
        *COMMAND_FIGURES,
    }

    assert set(tiny_run["measurements"]) == expected
    assert len(tiny_run["checks"]) == 23
    assert {check["status"] for check in tiny_run["checks"]} <= {"PASS", "FAIL", "N/A"}
    assert tiny_run["machine"]["nproc"] >= 1
    assert tiny_run["config"]["sizes"] == [TINY]


def test_the_in_process_probes_measure_sort_filter_as_of_save_and_export(tiny_run: dict[str, Any]) -> None:
    measurements = tiny_run["measurements"]
    for key in ("sort", "filter", "as_of_in_view", "as_of_all", "save", "save_command", "save_floor", "save_tinydb"):
        entry = measurements[f"{key}_{TINY}"]
        assert "error" not in entry, entry
        assert entry["median"] > 0
    assert measurements[f"as_of_in_view_{TINY}"]["median"] <= measurements[f"as_of_all_{TINY}"]["median"]
    assert measurements[f"export_floor_{TINY}"]["median"] > 0
    for key in ("stall_loading", "stall_saving"):
        assert measurements[f"{key}_{TINY}"]["median"] >= 0
    export = measurements[f"export_{TINY}"]
    assert export["median"] is not None or export["skipped"].startswith("not available yet")


COMMAND_FIGURES = {
    f"commands_floor_{TINY}",
    f"first_read_{TINY}",
    f"first_check_{TINY}",
    *(f"{name}_{TINY}" for name in ("list", "check", "export_summary", "status", "status_json", "status_terminal")),
    *(f"{name}_memory_{TINY}" for name in ("list", "check", "export_summary", "status", "status_json")),
    f"pay_{TINY}",
    f"pay_lock_{TINY}",
    f"pay_concurrent_{TINY}",
}


def test_every_command_is_timed_against_the_parse_floor_and_every_concurrent_payment_lands(
    tiny_run: dict[str, Any],
) -> None:
    measurements = tiny_run["measurements"]
    for key in COMMAND_FIGURES:
        assert "error" not in measurements[key], measurements[key]
        assert measurements[key]["median"] >= 0
    assert measurements[f"pay_concurrent_{TINY}"]["details"] == {"landed": [8], "failures": []}
    checks = {check["name"]: check for check in tiny_run["checks"]}
    assert checks[f"8 pays at once, {TINY}"]["figure"].endswith("saved 8–8 of 8")


@pytest.mark.skipif(pty_unavailable_reason() is not None, reason=pty_unavailable_reason() or "")
def test_start_up_is_timed_in_a_pseudo_terminal_until_the_analysed_data_is_painted(tiny_run: dict[str, Any]) -> None:
    measurements = tiny_run["measurements"]
    keys = (
        "first_paint_bare",
        "first_paint_sample",
        f"first_paint_{TINY}",
        f"whole_load_{TINY}",
        f"whole_load_first_{TINY}",
    )
    for key in keys:
        entry = measurements[key]
        assert "error" not in entry, entry
        assert entry["median"] > 0
        assert entry["details"]["painted_before_exit"] == [True]
    for key in keys[:3]:  # the figure is the data on screen; the exit, after Textual's shutdown, is beside it
        assert measurements[key]["median"] < measurements[key]["details"]["start_to_exit_ms"][0]
    assert measurements[f"peak_memory_{TINY}"]["median"] > 10


def test_the_postgresql_benchmark_times_a_save_list_many_editors_and_the_first_screen(
    postgres_server: str, tmp_path: Path
) -> None:
    out = tmp_path / "pg.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.postgres", "--sizes", str(TINY), "--repeat", "1", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "DRIFT_TEST_POSTGRES": postgres_server},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    measured, checks = result["measurements"], {check["what"]: check for check in result["checks"]}

    assert len(measured[f"pg_pay_{TINY}"]["runs"]) == 10  # 10 a repeat
    assert all(measured[f"pg_{name}_{TINY}"]["median"] > 0 for name in ("pay", "pay_command", "list", "check"))
    assert measured[f"pg_editors_{TINY}"]["details"] == {"kept": 1000, "expected": 1000, "failed": []}
    assert checks[f"20 editors x 50 payments at {TINY}, nothing lost"]["met"]
    assert {f"a save at {TINY} within 50 ms", f"drift list at {TINY} within 1 s"} < set(checks)
    if pty_unavailable_reason() is None:
        assert measured[f"pg_first_paint_{TINY}"]["median"] > measured[f"pg_first_paint_bare_{TINY}"]["median"] > 0
        assert f"first screen at {TINY} within 3x the bare app" in checks
    assert len(done.stdout.splitlines()) == len(checks)  # one line each: met, or NOT MET and its figure
