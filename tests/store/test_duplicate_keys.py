"""A key written twice in one JSON object is refused with the file, the object's path and the key, never resolved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import layout
from store.errors import ValidationError
from store.files import read_import_file
from store.persist import Store

CODE = "2306-140423-89-01-317509"


def _with_line_edited(path: Path, old: bytes, new: bytes) -> bytes:
    raw = path.read_bytes()
    assert raw.count(old) == 1
    edited = raw.replace(old, new)
    path.write_bytes(edited)
    return edited


def test_a_name_written_twice_on_a_project_line_is_refused_on_load_and_save(store_path: Path) -> None:
    code = f'"code":"{CODE}",'.encode()
    raw = _with_line_edited(store_path, code, code + b'"name":"\xe6\x97\xa7\xe5\x90\x8d",')  # "name":"旧名" first
    assert layout.split(raw) is not None  # still drift's layout: read a line at a time

    with pytest.raises(ValidationError) as loading:
        Store(store_path).load()
    with pytest.raises(ValidationError):
        Store(store_path).update(lambda portfolio: portfolio.projects)

    assert str(loading.value) == f"{store_path}: projects[1]: key 'name' appears twice"
    assert store_path.read_bytes() == raw


def test_an_amount_written_twice_deep_in_a_line_is_refused_with_the_path_of_its_object(store_path: Path) -> None:
    _with_line_edited(store_path, b'"annual_budget":"82"', b'"annual_budget":"82","annual_budget":"8200"')

    with pytest.raises(ValidationError) as loading:
        Store(store_path).load()

    assert str(loading.value) == f"{store_path}: projects[1].funding.sources[0]: key 'annual_budget' appears twice"


def test_a_project_id_written_twice_in_a_hand_formatted_store_is_refused(store_path: Path) -> None:
    data = json.loads(store_path.read_bytes())
    project = json.dumps(data["projects"]["1"], ensure_ascii=False)
    text = (
        '{"_meta": {"1": {"schema": 1, "revision": 1}},\n'
        f' "projects": {{\n  "1": {project},\n  "1": {project.replace(CODE, "OTHER")}\n }}\n}}\n'
    )
    store_path.write_text(text, encoding="utf-8")

    with pytest.raises(ValidationError) as loading:
        Store(store_path).load()

    assert str(loading.value) == f"{store_path}: projects: key '1' appears twice"


def test_a_history_entry_with_a_key_twice_is_refused_by_load_and_by_the_log(store_path: Path, run_cli) -> None:
    assert run_cli("project", "--status-date", "2023-10-31", "--store", str(store_path), "--by", "ann").code == 0
    _with_line_edited(store_path, b'"by":"ann"', b'"by":"ann","by":"bob"')

    with pytest.raises(ValidationError) as loading:
        Store(store_path).load()
    logged = run_cli("log", "--store", str(store_path))

    assert str(loading.value) == f"{store_path}: history[1]: key 'by' appears twice"
    assert (logged.code, logged.out) == (2, "")
    assert logged.err == f"drift: {store_path}: history[1]: key 'by' appears twice\n"
    verified = run_cli("log", "--verify", "--store", str(store_path))
    assert verified.err == logged.err  # the check names the file too


def test_an_import_file_with_a_key_twice_is_refused_naming_the_file_and_the_object(
    tmp_path: Path, sample_file: Path
) -> None:
    text = sample_file.read_text(encoding="utf-8")
    assert text.count('"annual_budget": "589.20"') == 1
    path = tmp_path / "in.json"
    path.write_text(text.replace('"annual_budget": "589.20"', '"annual_budget": "589.20", "annual_budget": "1"'))

    with pytest.raises(ValidationError) as reading:
        read_import_file(path)

    assert str(reading.value) == f"{path}: projects[0].funding: key 'annual_budget' appears twice"


def test_lines_formatted_by_hand_without_a_repeated_key_still_load(store_path: Path) -> None:
    code = f'"code":"{CODE}",'.encode()
    _with_line_edited(store_path, code, f'"code" :  "{CODE}" ,'.encode())

    assert Store(store_path).load().project(CODE) is not None
