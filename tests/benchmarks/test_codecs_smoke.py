"""The codec comparison runs at a tiny size: every decoder timed, one row for each file of the malformed corpus.

The full run (a 10,000-project store) is for people, see docs/benchmarks.md; this proves it still runs.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from benchmarks import codecs
from benchmarks.generate import write_portfolio

REPO = Path(__file__).resolve().parents[2]
CORPUS_FILES = sorted(json.loads((codecs.CORPUS / "EXPECTED.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def old_tree(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """The old codec's source tree, made as docs/benchmarks.md says; None in a clone without that commit."""
    archive = subprocess.run(["git", "archive", "5baf905", "store"], cwd=REPO, capture_output=True, check=False)
    if archive.returncode != 0:
        return None
    folder = tmp_path_factory.mktemp("old")
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def test_every_decoder_is_timed_and_every_corpus_file_gets_one_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old_tree: Path | None
) -> None:
    store = tmp_path / "store.json"
    write_portfolio(store, 5, seed=1, as_store=True)
    figures = tmp_path / "codecs.json"
    old = ["--old", str(old_tree)] if old_tree else []

    code = codecs.main(["--store", str(store), "--repeat", "1", "--json", str(figures), "--markdown", *old])

    assert code == 0
    printed = capsys.readouterr().out.splitlines()
    result = json.loads(figures.read_text(encoding="utf-8"))
    decoders = [*codecs.contenders(), codecs.WHOLE, *([codecs.OLD] if old_tree else [])]
    assert list(result["runs"]) == decoders
    assert all(len(seconds) == 1 and seconds[0] > 0 for seconds in result["runs"].values())
    for name in decoders:
        assert sum(line.startswith(f"| {name} | ") for line in printed) == 1, name
    assert [row["file"] for row in result["errors"]] == CORPUS_FILES
    for name in CORPUS_FILES:
        assert sum(line.startswith(f"| `{name}` | ") for line in printed) == 1, name


def test_drift_names_the_unknown_field_and_neither_library_sees_a_file_that_is_not_json() -> None:
    rows = {row["file"]: row for row in codecs.error_rows()}

    assert "'colour'" in rows["unknown-field.json"]["drift"]
    assert "colour" in rows["unknown-field.json"]["msgspec"]
    assert "colour" in rows["unknown-field.json"]["pydantic"]
    assert rows["not-json.json"]["msgspec"] == rows["not-json.json"]["pydantic"] == codecs.NOT_REACHED
    assert rows["duplicate-phase-ids.json"]["msgspec"] == "passes"  # a rule across fields, after decoding
