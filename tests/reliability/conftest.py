"""Fixtures of the reliability tests, and the figures they counted printed at the end of the run."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import FIGURES


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder `nobody` can reach and write (pytest's tmp_path sits under root's private folders)."""
    path = Path(tempfile.mkdtemp(prefix="drift-rel-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.write_sep("-", "reliability figures")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value}")
