"""Fixtures of the command-line tests: drift run on the sample store as alice, and the seed project as saved."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED_CODE, CliResult


@pytest.fixture
def drift(run_cli, store_path: Path) -> Callable[..., CliResult]:
    """Runs drift on the sample store (budget year 2023; sources central, provincial, local) as alice, who is $USER."""

    def run(*argv: str) -> CliResult:
        return run_cli(*argv, "--store", str(store_path), environ={"USER": "alice"})

    return run


@pytest.fixture
def saved(store_path: Path) -> Callable[[str], dict[str, Any]]:
    """The project with a code as the store file holds it now (the seed's by default), read afresh on each call."""

    def project(code: str = SEED_CODE) -> dict[str, Any]:
        doc = json.loads(store_path.read_bytes())
        return next(p for p in doc["projects"].values() if p["code"] == code)

    return project
