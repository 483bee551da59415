"""Every file of the corpus of bad stores is refused by list, status, pay and validate: one line naming file and field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from store.persist import Store

from .helpers import FIGURES, assert_one_line_error, on_disk

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
EXPECTED: dict[str, list[str]] = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))
"""Each bad file, with a fragment naming the field (or the place) at fault and a fragment of the reason."""

COMMANDS = {
    "list": ["list"],
    "status": ["status"],
    "pay": ["pay", "--date", "2023-10-01", "--source", "central", "--amount", "1", "--by", "tester"],
    "validate": ["validate"],
}

_refused: set[tuple[str, str]] = set()


def test_the_corpus_has_at_least_twenty_bad_files_and_an_expected_error_for_each() -> None:
    files = {path.name for path in CORPUS.iterdir()} - {"EXPECTED.json"}

    assert files == set(EXPECTED)
    assert len(files) >= 20


@pytest.mark.parametrize("command", COMMANDS)
def test_the_valid_store_the_corpus_is_made_from_passes_every_command(tmp_path: Path, run_cli, command: str) -> None:
    path = tmp_path / "store.json"
    shutil.copyfile(HERE / "valid_store.json", path)

    result = run_cli(*COMMANDS[command], "--store", str(path))

    assert result.code == 0, result.err  # so each refusal below comes from the file, not from the command


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_store_is_refused_in_one_line_naming_the_file_and_the_field_and_left_as_it_was(
    tmp_path: Path, run_cli, name: str, command: str
) -> None:
    path = tmp_path / name
    shutil.copyfile(CORPUS / name, path)
    before = on_disk(path)
    field, reason = EXPECTED[name]

    result = run_cli(*COMMANDS[command], "--store", str(path))

    assert result.code == 2
    assert result.out == ""
    assert_one_line_error(result.err, f"drift: {path}: ", field, reason)
    assert "\x1b" not in result.err and "\x9b" not in result.err and "\x07" not in result.err
    assert on_disk(path) == before  # nothing half-loaded saved back; no backup, lock-free reads left no trace
    _refused.add((name, command))
    files = len({name for name, _ in _refused})
    FIGURES["bad files refused"] = f"{files} bad files × {len(COMMANDS)} commands = {len(_refused)} refusals"


def test_a_bad_store_is_never_backed_up_nor_given_a_new_revision(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "store.json"
    shutil.copyfile(CORPUS / "negative-money.json", path)

    run_cli(*COMMANDS["pay"], "--store", str(path))

    assert Store(path).backups() == ()
    assert not Store(path).backup_folder().exists()
