"""The store and the analysis load without Textual, so scripts, cron jobs and tests run without a terminal."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

_PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    loaded = []
    for root in sys.argv[1:]:
        package = importlib.import_module(root)
        loaded.append(root)
        for info in pkgutil.walk_packages(getattr(package, "__path__", []), prefix=root + "."):
            importlib.import_module(info.name)
            loaded.append(info.name)
    print(json.dumps({"loaded": loaded, "textual": sorted(m for m in sys.modules if m.split(".")[0] == "textual")}))
    """
)


def import_in_a_fresh_interpreter(*packages: str) -> dict[str, list[str]]:
    """Import the packages and all their submodules in a new Python; what loaded, and which textual modules came."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *packages], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_importing_every_store_module_leaves_textual_unloaded() -> None:
    report = import_in_a_fresh_interpreter("store")

    assert {"store", "store.persist", "store.files", "store.codec", "store.values", "store.model"} <= set(
        report["loaded"]
    )
    assert report["textual"] == []


def test_importing_every_drift_module_leaves_textual_unloaded() -> None:
    report = import_in_a_fresh_interpreter("drift")

    assert "drift" in report["loaded"]
    assert report["textual"] == []


def test_importing_store_and_drift_together_leaves_textual_unloaded() -> None:
    report = import_in_a_fresh_interpreter("store", "drift", "samples")

    assert report["textual"] == []


@pytest.mark.parametrize("module", ["tui.cli"])
def test_the_scripted_command_line_loads_textual_only_for_the_dashboard(module: str) -> None:
    # tui.cli imports the App late so that `drift list` and friends start fast and work without Textual.
    result = subprocess.run(
        [sys.executable, "-c", f"import sys, {module}; print(any(m.startswith('textual') for m in sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_probe_would_notice_textual() -> None:
    # Guards the guard: a module that loads Textual must show up in the report.
    report = import_in_a_fresh_interpreter("textual.app")

    assert "textual" in report["textual"]
