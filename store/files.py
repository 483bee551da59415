"""Import files: the hand-writable JSON form of one or more projects, and the bundled sample."""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson

from store.codec import encode_project
from store.errors import ValidationError
from store.fileio import read_json
from store.migrations import SCHEMA_VERSION, check_version, migrate
from store.model import Project
from store.tables import decode_projects
from store.values import made_code

SAMPLE_NAME = "xiangyuan-2023.json"


def read_import_file(path: str | Path) -> tuple[Project, ...]:
    """The projects in an import file, each validated; errors name the file and the field."""
    path = Path(path)
    return decode_import(read_json(path), path)


def decode_import(data: Any, file: Path | str) -> tuple[Project, ...]:
    """The projects of an import document: {"schema": 2, "projects": [...]}."""
    try:
        if not isinstance(data, dict):
            raise ValidationError.said("error.import_form", example='{"schema": 2, "projects": [...]}')
        unknown = data.keys() - {"schema", "projects"}
        if unknown:
            raise ValidationError.said("error.unknown_here").located(prefix=sorted(unknown)[0])
        version = check_version(data.get("schema"), "schema")
        data = migrate(data, version)
        projects = data.get("projects")
        if not isinstance(projects, list):
            raise ValidationError.said("error.not_a_project_list").located(prefix="projects")
        return decode_projects((f"projects[{i}]", _with_code(doc)) for i, doc in enumerate(projects))
    except ValidationError as error:
        raise error.located(file=str(file)) from None


def _with_code(doc: Any) -> Any:
    """A project of a report that gives no code (项目代码) gets one drift makes, marked as made by drift."""
    if not isinstance(doc, dict) or "code" in doc:
        return doc
    name, year = doc.get("name"), doc.get("budget_year")
    if not isinstance(name, str) or isinstance(year, bool) or not isinstance(year, int):
        return doc  # decoding names what is wrong with these first
    places = (doc.get(key, "") for key in ("department", "implementing_unit", "location"))
    return {**doc, "code": made_code(name, year, *(p if isinstance(p, str) else "" for p in places)), "code_made": True}


def encode_import(projects: tuple[Project, ...]) -> bytes:
    """An import file holding these projects, the same shape drift reads."""
    document = {"schema": SCHEMA_VERSION, "projects": [encode_project(p) for p in projects]}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def sample_path() -> Path:
    """Where the bundled sample, the seed monitoring report, is installed."""
    return Path(str(files("samples") / SAMPLE_NAME))


def load_sample() -> tuple[Project, ...]:
    """The bundled sample's projects."""
    return read_import_file(sample_path())


def is_sample(projects: Iterable[Project]) -> bool:
    """Whether these are the bundled sample's projects (by code, edited or not): what a first run shows."""
    return sorted(p.code for p in projects) == sorted(p.code for p in load_sample())
