"""Factories for dashboard tests: an app over a fresh copy of the sample store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from store.files import load_sample
from store.persist import Store
from tui.app import DriftApp


@pytest.fixture
def sample_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store.json")
    store.create(load_sample())
    return store


@pytest.fixture
def two_project_store(tmp_path: Path) -> Store:
    seed = load_sample()[0]
    other = dataclasses.replace(seed, code="9999-TEST-2", name="另一个项目 [bold]x[/bold]", department="某某局")
    store = Store(tmp_path / "store.json")
    store.create([seed, other])
    return store


@pytest.fixture
def make_app():
    def factory(store: Store, lang: str = "en") -> DriftApp:
        return DriftApp(store, lang=lang)

    return factory
