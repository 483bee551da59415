"""`drift import` into a store saves like every edit: its history is in `drift log`, and `drift undo` reverts it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from msgspec import structs

from store import backups, codec, edits, persist, tables
from store.edits import edit_record
from store.persist import Store

SEED = "2306-140423-89-01-317509"
ALICE = {"USER": "alice"}


def import_file(folder: Path, doc: dict[str, Any], name: str = "import.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_imported_project_is_in_the_log_by_who_imported_it_and_undo_removes_it(
    run_cli, store_path: Path, sample_doc: dict[str, Any], tmp_path: Path
) -> None:
    sample_doc["projects"][0]["code"] = "NEW-1"
    source = import_file(tmp_path, sample_doc)

    imported = run_cli("import", str(source), "--store", str(store_path), "--note", "月报", environ=ALICE)

    assert imported.code == 0, imported.err
    history = Store(store_path).history()
    assert {(e.revision, e.by, e.project, e.action, e.kind, e.note) for e in history} == {
        (2, "alice", "NEW-1", "add", "project", "月报")
    }
    assert "project name: — → " in run_cli("log", "--store", str(store_path)).out
    undone = run_cli("undo", "--store", str(store_path), environ=ALICE)
    assert undone.code == 0, undone.err
    assert [p.code for p in Store(store_path).load().projects] == [SEED]


def test_an_import_replace_is_in_the_log_and_undo_brings_back_the_project_it_replaced(
    run_cli, store_path: Path, sample_doc: dict[str, Any], tmp_path: Path
) -> None:
    before = Store(store_path).load().projects
    sample_doc["projects"][0]["name"] = "改过的名字"
    source = import_file(tmp_path, sample_doc)

    imported = run_cli("import", str(source), "--replace", "--store", str(store_path), environ=ALICE)

    assert imported.code == 0, imported.err
    assert Store(store_path).load().projects[0].name == "改过的名字"
    names = [(e.action, e.old, e.new) for e in Store(store_path).history() if e.field == "name"]
    assert names == [("delete", before[0].name, None), ("add", None, "改过的名字")]
    undone = run_cli("undo", "--store", str(store_path), environ=ALICE)
    assert undone.code == 0, undone.err
    assert Store(store_path).load().projects == before


def test_importing_a_project_exactly_as_it_is_changes_nothing(run_cli, store_path: Path, sample_file: Path) -> None:
    before = store_path.read_bytes()

    result = run_cli("import", str(sample_file), "--replace", "--store", str(store_path), environ=ALICE)

    assert result.code == 0, result.err
    assert store_path.read_bytes() == before


def test_an_import_replace_over_a_change_made_since_it_read_the_store_is_a_conflict(
    run_cli, store_path: Path, sample_doc: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample_name = sample_doc["projects"][0]["name"]
    sample_doc["projects"][0]["name"] = "改过的名字"
    source = import_file(tmp_path, sample_doc)
    apply = Store.apply

    def bob_saves_first(self: Store, *args: Any, **kwargs: Any) -> persist.Saved:
        if kwargs.get("by") == "alice":  # between the import's read and its save
            project = Store(store_path).load().projects[0]
            apply(
                Store(store_path),
                [edit_record(project, "project", None, progress_summary="bob's")],
                by="bob",
                at=kwargs["at"],
            )
        return apply(self, *args, **kwargs)

    monkeypatch.setattr(Store, "apply", bob_saves_first)
    result = run_cli("import", str(source), "--replace", "--store", str(store_path), environ=ALICE)

    assert result.code == 2
    assert result.err.startswith("drift: conflict: ") and "project progress_summary" in result.err
    project = Store(store_path).load().projects[0]
    assert (project.name, project.progress_summary) == (sample_name, "bob's")  # bob's change kept, nothing imported


def test_importing_one_project_into_a_big_store_encodes_only_that_project(
    run_cli, tmp_path: Path, sample_projects, sample_doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    (seed,) = sample_projects
    path = tmp_path / "store.json"
    Store(path).create([structs.replace(seed, code=f"P-{n}") for n in range(300)])
    sample_doc["projects"][0]["code"] = "NEW-1"
    source = import_file(tmp_path, sample_doc)
    encoded: list[str] = []
    encode = codec.encode_project

    def counted(project: Any) -> Any:
        encoded.append(project.code)
        return encode(project)

    for module in (persist, tables, backups, edits):  # every store module that encodes a project
        monkeypatch.setattr(module, "encode_project", counted)

    result = run_cli("import", str(source), "--store", str(path), environ=ALICE)

    assert result.code == 0, result.err
    assert set(encoded) == {"NEW-1"}
    assert len(Store(path).load().projects) == 301
