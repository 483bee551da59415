"""The sample survives import file → store → load → import file unchanged, field for field."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from store.codec import decode_project, encode_project
from store.files import decode_import, encode_import, read_import_file
from store.migrations import SCHEMA_VERSION
from store.model import Project
from store.persist import Store

SEED_CODE = "2306-140423-89-01-317509"


def test_sample_decodes_to_the_seed_project(sample_projects: tuple[Project, ...]) -> None:
    (project,) = sample_projects
    assert project.code == SEED_CODE
    assert project.budget_year == 2023
    assert str(project.funding.annual_budget) == "589.20"
    phases = ["feasibility", "design", "tendering", "construction", "acceptance"]
    assert [phase.id for phase in project.phases] == phases


def test_sample_goes_through_store_create_and_comes_back_as_the_same_document(
    tmp_path: Path, sample_file: Path, sample_doc: dict[str, Any]
) -> None:
    store = Store(tmp_path / "store.json")
    store.create(read_import_file(sample_file))

    exported = json.loads(encode_import(store.load().projects))

    assert exported == sample_doc


def test_sample_goes_through_drift_import_and_comes_back_as_the_same_document(
    tmp_path: Path, sample_file: Path, sample_doc: dict[str, Any], run_cli
) -> None:
    path = tmp_path / "store.json"

    result = run_cli("import", str(sample_file), "--store", str(path))

    assert result.code == 0, result.err
    assert json.loads(encode_import(Store(path).load().projects)) == sample_doc


def test_store_file_keeps_each_project_in_its_import_form(store_path: Path, sample_doc: dict[str, Any]) -> None:
    data = json.loads(store_path.read_bytes())

    assert data["_meta"] == {"1": {"schema": SCHEMA_VERSION, "revision": 1, "id": data["_meta"]["1"]["id"]}}
    assert re.fullmatch(r"[0-9a-f]{16}", data["_meta"]["1"]["id"])  # new at each store made, for its backups
    assert data["projects"] == {"1": sample_doc["projects"][0]}


def test_decode_encode_decode_gives_equal_projects(sample_doc: dict[str, Any]) -> None:
    first = decode_import(sample_doc, "x.json")
    second = decode_import(json.loads(encode_import(first)), "x.json")

    assert second == first
    assert [decode_project(encode_project(p)) for p in first] == list(first)


def test_encoding_keeps_money_and_dates_as_strings(sample_projects: tuple[Project, ...]) -> None:
    encoded = encode_project(sample_projects[0])

    assert encoded["funding"]["annual_budget"] == "589.20"
    assert encoded["funding"]["allocations"][1]["amount"] == "7.20"
    assert encoded["status_date"] == "2023-09-28"
    assert encoded["scale"]["buildings"] == 7


def test_saving_an_unchanged_portfolio_keeps_every_project_equal(store_path: Path) -> None:
    store = Store(store_path)
    before = store.load()

    after = store.update(lambda current: current.projects, expected_revision=before.revision)

    assert after.revision == before.revision + 1
    assert store.load().projects == before.projects


def test_allocations_left_out_stay_not_stated_and_an_empty_list_stays_stated_as_none(
    tmp_path: Path, sample_doc: dict[str, Any]
) -> None:
    unstated = sample_doc["projects"][0]
    del unstated["funding"]["allocations"]
    none = json.loads(json.dumps(unstated))
    none["code"], none["funding"]["allocations"] = "NONE-1", []
    store = Store(tmp_path / "store.json")
    store.create([decode_project(unstated), decode_project(none)])

    first, second = store.load().projects
    assert (first.funding.allocations, second.funding.allocations) == (None, ())
    assert "allocations" not in encode_project(first)["funding"]
    assert encode_project(second)["funding"]["allocations"] == []
