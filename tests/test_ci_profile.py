"""The Hypothesis profiles: CI draws the same examples every run, a local run keeps exploring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SHOW = "import tests.conftest; from hypothesis import settings; print(settings.default.derandomize, settings.default.database)"


def _settings_with(environ: dict[str, str]) -> str:
    env = {key: value for key, value in os.environ.items() if key != "CI"} | environ
    done = subprocess.run([sys.executable, "-c", _SHOW], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_ci_runs_draw_the_same_examples_and_share_no_example_database() -> None:
    assert _settings_with({"CI": "true"}) == "True None"


def test_local_runs_keep_exploring_and_replay_what_they_found() -> None:
    derandomize, database = _settings_with({}).split(" ", 1)

    assert derandomize == "False"
    assert database != "None"
