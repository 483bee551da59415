"""The file layout (a document per line) and the saves it allows: only changed projects parsed or encoded again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from msgspec import structs

from store import layout, tables
from store.codec import encode_project
from store.errors import StoreError, ValidationError
from store.fileio import parse_json
from store.files import load_sample
from store.model import Project
from store.persist import Store

TABLES = {
    "_meta": {"1": {"schema": 1, "revision": 3}},
    "projects": {"1": {"code": "A", "name": "甲,}\n"}, "2": {"code": "B", "tags": [1, {"x": None}]}},
    "history": {},
}


def _renamed(projects: tuple[Project, ...], code: str, name: str) -> tuple[Project, ...]:
    return tuple(structs.replace(p, name=name) if p.code == code else p for p in projects)


def _three_projects(tmp_path: Path, sample_projects: tuple[Project, ...]) -> Store:
    (seed,) = sample_projects
    store = Store(tmp_path / "store.json", keep_backups=0)
    store.create(structs.replace(seed, code=f"P-{n}") for n in range(3))
    return store


def test_dump_puts_each_document_on_one_line_and_split_gives_every_table_back() -> None:
    raw = b"".join(layout.dump(TABLES))

    lines = layout.split(raw)

    assert json.loads(raw) == TABLES
    assert raw.count(b"\n") == 10  # braces and table names on their own lines, each document on one
    assert lines is not None
    assert {name: dict(table) for name, table in lines.parsed().items()} == TABLES


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(TABLES, indent=2),  # hand-formatted, or written by an older drift
        json.dumps(TABLES),  # all on one line
        '{\n  "projects": {\n    "1": {"code": "A"}, "2": {"code": "B"}\n  }\n}',  # two documents on a line
        '{\n  "projects": {\n    "1": {"code": "A"},\n    "1": {"code": "B"}\n  }\n}',  # an id twice
        '{\n  "projects": {\n    "1": 7,\n    "2": {"code": "B"}\n  }\n}',  # a document that is not an object
        '{\n  "projects": [\n    "1": {"code": "A"}\n  ]\n}',  # not valid JSON at all
    ],
)
def test_files_in_any_other_shape_are_not_split_or_read_the_same_parsed_whole(text: str) -> None:
    lines = layout.split(text.encode())

    if lines is None:
        return
    with pytest.raises(orjson.JSONDecodeError):  # split, but a line is no one document: the reader parses whole
        [dict(table) for table in lines.parsed().values()]


def test_a_store_written_by_hand_loads_and_its_next_save_is_in_the_layout(tmp_path: Path, sample_doc) -> None:
    path = tmp_path / "store.json"
    project = sample_doc["projects"][0]
    path.write_text(json.dumps({"_meta": {"1": {"schema": 1, "revision": 4}}, "projects": {"1": project}}, indent=4))
    store = Store(path, keep_backups=0)

    portfolio = store.load()
    store.update(
        lambda current: _renamed(current.projects, project["code"], "新名"), expected_revision=portfolio.revision
    )

    assert layout.split(path.read_bytes()) is not None
    assert Store(path).load().projects[0].name == "新名"
    assert Store(path).load().revision == 5


def test_a_save_rewrites_only_the_changed_project_and_keeps_the_others_byte_for_byte(
    tmp_path: Path, sample_projects
) -> None:
    store = _three_projects(tmp_path, sample_projects)

    def line_of(code: str) -> bytes:  # without the comma, which only says whether another line follows
        (line,) = [line for line in store.path.read_bytes().splitlines() if f'"code":"{code}"'.encode() in line]
        return line.rstrip(b",")

    before = {code: line_of(code) for code in ("P-0", "P-1", "P-2")}

    store.update(lambda p: _renamed(p.projects, "P-1", "新名"))

    assert line_of("P-0") == before["P-0"]
    assert line_of("P-2") == before["P-2"]
    assert line_of("P-1") != before["P-1"]
    assert Store(store.path).load().project("P-1").name == "新名"


def test_a_store_that_read_the_file_saves_without_decoding_the_projects_again(
    tmp_path: Path, sample_projects, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _three_projects(tmp_path, sample_projects)
    store.load()
    decoded: list[str] = []
    real = tables.decode_project
    monkeypatch.setattr(tables, "decode_project", lambda doc: decoded.append(doc["code"]) or real(doc))

    store.update(lambda p: _renamed(p.projects, "P-1", "一"))
    store.update(lambda p: _renamed(p.projects, "P-2", "二"))

    assert decoded == ["P-1", "P-2"]  # each save checks the project it writes, and nothing else


def test_a_file_changed_by_someone_else_is_read_again_even_at_the_same_size_and_time(
    tmp_path: Path, sample_projects
) -> None:
    mine = _three_projects(tmp_path, sample_projects)
    mine.load()
    info = mine.path.stat()
    raw = mine.path.read_bytes()
    edited = raw.replace(b'"code":"P-0"', b'"code":"P-9"', 1)  # same size
    mine.path.write_bytes(edited)  # in place, as an editor might, then the modification time put back
    os.utime(mine.path, ns=(info.st_atime_ns, info.st_mtime_ns))

    mine.update(lambda p: _renamed(p.projects, "P-1", "一"))

    now = Store(mine.path).load()
    assert [p.code for p in now.projects if p.code != "P-1"] == ["P-9", "P-2"]  # the other edit survived
    assert now.project("P-1").name == "一"


def test_a_broken_line_in_a_store_in_the_layout_is_reported_as_invalid_json_and_nothing_is_saved(
    tmp_path: Path, sample_projects
) -> None:
    store = _three_projects(tmp_path, sample_projects)
    raw = store.path.read_bytes()
    broken = raw.replace(b'"code":"P-1"', b'"code":"P-1', 1)
    store.path.write_bytes(broken)

    with pytest.raises(StoreError, match="not valid JSON"):
        Store(store.path).load()
    with pytest.raises(StoreError, match="not valid JSON"):
        Store(store.path).update(lambda p: p.projects)
    assert store.path.read_bytes() == broken


def test_load_hands_over_each_project_as_it_is_read(tmp_path: Path, sample_projects) -> None:
    store = _three_projects(tmp_path, sample_projects)
    seen: list[str] = []

    portfolio = store.load(each=lambda project: seen.append(project.code))

    assert seen == [p.code for p in portfolio.projects] == ["P-0", "P-1", "P-2"]


def _three_project_bytes() -> bytes:
    (seed,) = load_sample()
    projects = [structs.replace(seed, code=f"P-{n}") for n in range(3)]
    tables = {
        "_meta": {"1": {"schema": 1, "revision": 7}},
        "projects": {str(n + 1): encode_project(p) for n, p in enumerate(projects)},
        "history": {},
    }
    return b"".join(layout.dump(tables))


VALID = _three_project_bytes()


def _joined(raw: bytes, first: int, last: int) -> bytes:
    """The file with lines first to last (inclusive) joined into one, as an editor's "join lines" does."""
    lines = raw.split(b"\n")
    lines[first : last + 1] = [b" ".join(lines[first : last + 1])]
    return b"\n".join(lines)


META_AND_FIRST_PROJECT_ON_ONE_LINE = _joined(VALID, 2, 5)
"""Found by Hypothesis: the `_meta` document, the end of its table and the first project share a line."""


@st.composite
def mutated_stores(draw: st.DrawFn) -> bytes:
    """The valid store with a few edits of the kinds that break a layout: bytes cut, put in, lines moved."""
    raw = VALID
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cut", "insert", "duplicate_line", "join_lines"]))
        at = draw(st.integers(0, len(raw)))
        if kind == "cut":
            raw = raw[:at] + raw[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            raw = (
                raw[:at]
                + draw(st.binary(max_size=6) | st.sampled_from([b"{", b"}", b",", b'"', b"\n", b'    "9": {}']))
                + raw[at:]
            )
        else:
            lines = raw.split(b"\n")
            index = draw(st.integers(0, len(lines) - 2))
            if kind == "duplicate_line":
                lines.insert(index, lines[index])
            else:
                lines[index : index + 2] = [lines[index] + b" " + lines[index + 1]]
            raw = b"\n".join(lines)
    return raw


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_stores())
@example(META_AND_FIRST_PROJECT_ON_ONE_LINE)
def test_reading_by_lines_accepts_exactly_what_parsing_whole_accepts_and_sees_the_same(raw: bytes) -> None:
    path = Path("store.json")

    def whole() -> object:  # parse_json: orjson, and a key written twice refused
        return tables.decode_store(parse_json(raw, path), path)

    try:
        expected: object = whole()
    except (StoreError, ValidationError) as error:
        expected = type(error)
    try:
        got: object = tables.decode_file(raw, path)[0]
    except (StoreError, ValidationError) as error:
        got = type(error)
    if isinstance(expected, type):
        assert isinstance(got, type), "the line reader accepted a store the whole parser refuses"
    else:
        assert got == expected


def test_a_store_whose_meta_line_also_holds_the_first_project_loads_with_every_project(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_bytes(META_AND_FIRST_PROJECT_ON_ONE_LINE)

    portfolio = Store(path).load()

    assert portfolio.revision == 7
    assert [p.code for p in portfolio.projects] == ["P-0", "P-1", "P-2"]
