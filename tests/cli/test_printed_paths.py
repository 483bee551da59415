"""Every path drift prints reaches the terminal as characters: an escape sequence or a newline in a file name is shown, never sent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from store.errors import Words
from store.files import sample_path
from store.persist import Store
from tui.app import DriftApp

EVIL = "evil\x1b[31m\nname"
"""A file name that, printed raw, would turn the terminal red and start a line of its own."""

SHOWN = r"evil\x1b[31m\nname"
"""The same name as drift prints it."""

PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", "12.50", "--by", "alice", "--allow-duplicate")
"""One more payment each time: these tests count saves, so the same payment is meant each time."""


def assert_shown_not_sent(text: str) -> None:
    assert SHOWN in text, text
    assert "\x1b" not in text and "\nname" not in text, text


@pytest.fixture
def evil_store(tmp_path: Path) -> Path:
    return tmp_path / f"{EVIL}.json"


def test_drift_init_prints_a_hostile_store_name_as_characters(evil_store: Path, run_cli) -> None:
    result = run_cli("init", "--store", str(evil_store))

    assert result.code == 0, result.err
    assert_shown_not_sent(result.out)


def test_drift_validate_prints_hostile_file_names_as_characters(evil_store: Path, tmp_path: Path, run_cli) -> None:
    assert run_cli("init", "--store", str(evil_store)).code == 0
    imported = tmp_path / f"{EVIL}.import.json"
    shutil.copy(sample_path(), imported)

    of_store = run_cli("validate", "--store", str(evil_store))
    of_files = run_cli("validate", str(imported), "--store", str(evil_store))

    assert of_store.code == of_files.code == 0
    assert_shown_not_sent(of_store.out)
    assert_shown_not_sent(of_files.out)


def test_drift_export_prints_a_hostile_output_name_as_characters(store_path: Path, tmp_path: Path, run_cli) -> None:
    target = tmp_path / f"{EVIL}.md"

    result = run_cli("export", "-o", str(target), "--store", str(store_path), "--lang", "en")

    assert result.code == 0, result.err
    assert target.read_text(encoding="utf-8").startswith("#")
    assert_shown_not_sent(result.err)


def test_drift_backup_prints_hostile_backup_names_as_characters(evil_store: Path, run_cli) -> None:
    assert run_cli("init", "--store", str(evil_store)).code == 0
    none_yet = run_cli("backup", "--list", "--store", str(evil_store), "--lang", "en")
    assert run_cli(*PAY, "--store", str(evil_store)).code == 0

    listed = run_cli("backup", "--list", "--store", str(evil_store), "--lang", "en")
    restored = run_cli("backup", "--restore", "1", "--by", "alice", "--store", str(evil_store), "--lang", "en")

    assert none_yet.code == listed.code == restored.code == 0, restored.err
    assert_shown_not_sent(none_yet.err)
    assert_shown_not_sent(listed.out)
    assert_shown_not_sent(restored.err)


async def test_the_dashboard_header_shows_a_hostile_store_name_as_characters(evil_store: Path) -> None:
    store = Store(evil_store)
    app = DriftApp(store, lang="en")
    app._update_subtitle()  # before the store is read: "Reading <path> …"

    assert_shown_not_sent(app.sub_title)


async def test_the_dashboard_header_shows_a_hostile_name_in_the_read_only_reason_as_characters(
    evil_store: Path,
) -> None:
    app = DriftApp(Store(evil_store), lang="en")
    app.loaded, app.read_only_reason = True, Words("error.read_only_file", {"path": evil_store})
    app._update_subtitle()

    assert_shown_not_sent(app.sub_title)
