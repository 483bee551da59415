"""A report that gives no project code (项目代码) gets one drift makes, the same each time, marked everywhere."""

from __future__ import annotations

import copy
from typing import Any

import orjson

from drift.analysis import analyse_project
from drift.document import project_document
from drift.markdown import project_markdown
from drift.portfolio import portfolio_row
from drift.tables import portfolio_table
from store.files import decode_import, encode_import
from store.values import made_code, parse_date


def codeless(sample_doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(sample_doc)
    del doc["projects"][0]["code"]
    return doc


def test_a_project_without_a_code_gets_one_made_from_its_name_year_and_department(sample_doc) -> None:
    (project,) = decode_import(codeless(sample_doc), "x.json")
    expected = made_code("2023年度襄垣县城镇老旧小区改造项目", 2023, "襄垣县住房和城乡建设管理局")

    assert (project.code, project.code_made) == (expected, True)
    assert expected.startswith("D2023-") and len(expected) == len("D2023-") + 6
    # Read again, from the file drift writes, it is the same project: importing twice finds it.
    (again,) = decode_import(codeless(sample_doc), "y.json")
    (written,) = decode_import(orjson.loads(encode_import((project,))), "z.json")
    assert again.code == written.code == expected and written.code_made


def test_a_made_code_is_marked_as_made_by_drift_wherever_it_is_shown(sample_doc) -> None:
    (project,) = decode_import(codeless(sample_doc), "x.json")
    analysis = analyse_project(project, parse_date("2023-09-28"))

    assert f"{project.code} (made by drift)" in project_markdown(analysis, "en")
    assert f"{project.code}（drift 生成）" in project_markdown(analysis, "zh")
    assert portfolio_table([portfolio_row(analysis)], "en").rows[0].cells[0] == f"{project.code} (made by drift)"
    assert project_document(analysis, "en")["code_made"] is True
