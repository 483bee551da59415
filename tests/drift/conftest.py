"""Fixtures for the analysis tests: the seed project, decoded once."""

from __future__ import annotations

import pytest

from store.files import load_sample
from store.model import Project

_SEED = load_sample()[0]


@pytest.fixture
def seed() -> Project:
    """The seed monitoring report as a project (records are frozen, so sharing one is safe)."""
    return _SEED
