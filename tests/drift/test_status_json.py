"""`drift status --json` is written a project at a time, byte for byte the document orjson writes whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from msgspec import structs

from drift.analysis import ProjectAnalysis, analyse_project
from drift.document import status_document, status_json
from store.model import Project
from store.persist import Store
from tests.conftest import CliRunner


def analyses(seed: Project, count: int) -> list[ProjectAnalysis]:
    projects = [structs.replace(seed, code=f"{seed.code}-{n}") for n in range(count)]
    return [analyse_project(project, project.status_date) for project in projects]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_streamed_json_is_the_whole_document_as_orjson_writes_it(
    sample_projects: tuple[Project, ...], count: int, lang: str
) -> None:
    made = analyses(sample_projects[0], count)

    streamed = b"".join(status_json(iter(made), lang))

    assert streamed == orjson.dumps(status_document(made, lang), option=orjson.OPT_INDENT_2)


def test_each_project_is_written_before_the_next_is_analysed(sample_projects: tuple[Project, ...]) -> None:
    made = analyses(sample_projects[0], 3)
    asked: list[int] = []

    def one_at_a_time() -> Iterator[ProjectAnalysis]:
        for n, analysis in enumerate(made):
            asked.append(n)
            yield analysis

    chunks = status_json(one_at_a_time(), "en")
    next(chunks)  # the opening: schema and the projects' bracket
    first = next(chunks)

    assert asked == [0]
    assert b'"code": "' + made[0].project.code.encode() + b'"' in first


def test_drift_status_json_prints_the_document_and_a_newline(
    tmp_path: Path, run_cli: CliRunner, sample_projects: tuple[Project, ...]
) -> None:
    store_path = tmp_path / "two.json"
    Store(store_path).create(structs.replace(sample_projects[0], code=f"C-{n}") for n in range(2))

    result = run_cli("status", "--json", "--store", str(store_path), "--lang", "en")

    assert result.code == 0
    document = orjson.loads(result.out)
    assert [project["code"] for project in document["projects"]] == ["C-0", "C-1"]
    assert result.out.endswith("\n}\n")
