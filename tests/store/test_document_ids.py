"""Document ids in a store file: TinyDB keys documents by int(id), so only the canonical spelling is accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from msgspec import structs

from store.errors import ValidationError
from store.model import Project
from store.persist import Store


def _two_project_store(tmp_path: Path, sample_projects: tuple[Project, ...]) -> Path:
    (seed,) = sample_projects
    path = tmp_path / "store.json"
    Store(path, keep_backups=0).create(structs.replace(seed, code=f"P-{n}") for n in (1, 2))
    return path


def _rewritten(path: Path, table: str, old_id: str, new_id: str) -> bytes:
    """The store with one document of a table moved to another id, written by hand as a text editor would."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data[table] = {(new_id if key == old_id else key): doc for key, doc in data[table].items()}
    raw = json.dumps(data, ensure_ascii=False, indent=1).encode()
    path.write_bytes(raw)
    return raw


def test_projects_under_ids_1_and_01_are_refused_on_load_and_save_naming_the_file_and_the_id(
    tmp_path: Path, sample_projects
) -> None:
    path = _two_project_store(tmp_path, sample_projects)
    raw = _rewritten(path, "projects", "2", "01")  # TinyDB would read both as document 1 and keep one

    with pytest.raises(ValidationError) as loading:
        Store(path).load()
    with pytest.raises(ValidationError):
        Store(path).update(lambda portfolio: portfolio.projects)

    assert loading.value.file == str(path)
    assert loading.value.path == "projects[01]"
    assert "'01'" in loading.value.message
    assert path.read_bytes() == raw


def test_a_history_entry_under_a_non_canonical_id_is_refused_naming_the_file_and_the_id(
    tmp_path: Path, sample_projects
) -> None:
    path = _two_project_store(tmp_path, sample_projects)
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = {
        "revision": 1,
        "at": "2026-01-02T03:04:05+08:00",
        "by": "ann",
        "project": "P-1",
        "action": "edit",
        "kind": "project",
        "record": None,
        "field": "name",
        "old": "a",
        "new": "b",
        "note": "",
        "undoes": None,
    }
    data["history"] = {"1": entry, "001": entry}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(ValidationError) as loading:
        Store(path).load()
    with pytest.raises(ValidationError) as reading:
        Store(path).history()

    assert str(loading.value).startswith(f"{path}: history[001]: ")
    assert str(reading.value).startswith(f"{path}: history[001]: ")


@pytest.mark.parametrize("doc_id", ["01", "00", "1.0", "1e0", " 1", "١"])
def test_a_project_id_spelt_other_than_drift_writes_it_is_refused(tmp_path: Path, sample_projects, doc_id: str) -> None:
    path = _two_project_store(tmp_path, sample_projects)
    _rewritten(path, "projects", "2", doc_id)

    with pytest.raises(ValidationError, match="document id") as loading:
        Store(path).load()

    assert loading.value.path == f"projects[{doc_id}]"


def test_the_canonical_ids_drift_writes_are_accepted_in_any_order(tmp_path: Path, sample_projects) -> None:
    path = _two_project_store(tmp_path, sample_projects)
    _rewritten(path, "projects", "1", "10")

    assert [p.code for p in Store(path).load().projects] == ["P-1", "P-2"]
