"""A read that shows projects as it goes shows the first hundred from the file's first bytes, each checked in full,
before the rest of the file is read; what the whole file says wins, and a file written in place meanwhile is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from msgspec import structs

from store import persist, tables
from store.errors import StoreError, ValidationError
from store.files import load_sample
from store.model import Project
from store.persist import OPENING_PROJECTS, Store
from store.tables import decode_opening

COUNT = 150


@pytest.fixture
def big_store(tmp_path: Path) -> Path:
    seed = load_sample()[0]
    path = tmp_path / "store.json"
    Store(path).create(structs.replace(seed, code=f"P-{n:03d}") for n in range(COUNT))
    return path


def test_the_first_hundred_projects_are_seen_before_the_whole_file_is_read_and_each_once(
    big_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    seen_when_the_whole_file_was_read: list[int] = []
    decode_file = persist.decode_file

    def whole_file(*args: Any, **kwargs: Any) -> Any:
        seen_when_the_whole_file_was_read.append(len(seen))
        return decode_file(*args, **kwargs)

    monkeypatch.setattr(persist, "decode_file", whole_file)
    store = Store(big_store)
    portfolio = store.read(lambda project: seen.append(project.code)).portfolio

    assert seen_when_the_whole_file_was_read == [OPENING_PROJECTS] == [100]
    assert seen == [f"P-{n:03d}" for n in range(COUNT)] == [project.code for project in portfolio.projects]
    assert portfolio == Store(big_store).load()  # the same projects as a read that shows none early


def test_the_projects_shown_first_are_the_very_ones_the_whole_read_keeps(big_store: Path) -> None:
    shown: list[Project] = []
    portfolio = Store(big_store).read(shown.append).portfolio

    assert all(first is kept for first, kept in zip(shown, portfolio.projects, strict=True))


def test_a_project_the_checks_refuse_is_refused_as_by_a_read_that_shows_nothing_early(big_store: Path) -> None:
    raw = big_store.read_bytes()
    fifth = raw.index(b'"code":"P-004"')
    big_store.write_bytes(raw[:fifth] + raw[fifth:].replace(b'"annual_budget":"', b'"annual_budget":"-', 1))
    seen: list[str] = []

    with pytest.raises(ValidationError) as early:
        Store(big_store).read(lambda project: seen.append(project.code))
    with pytest.raises(ValidationError) as whole:
        Store(big_store).load()

    assert str(early.value) == str(whole.value)
    assert "projects[5].funding.annual_budget: '-" in str(early.value) and "must not be negative" in str(early.value)
    assert seen == ["P-000", "P-001", "P-002", "P-003"]  # none past the bad one


def written_in_place_after_the_opening(monkeypatch: pytest.MonkeyPatch, path: Path, text: bytes) -> None:
    """Once the read has taken its first projects from the file's first bytes, the file holds text: the same file,
    written in place, not replaced, as an editor or another tool saving in place would."""
    decode = tables.decode_opening

    def then_written_in_place(head: bytes, count: int) -> list[tables.Opening]:
        opening = decode(head, count)
        with path.open("r+b") as file:
            file.write(text)
            file.truncate()
        return opening

    monkeypatch.setattr(persist, "decode_opening", then_written_in_place)


def test_a_file_written_in_place_between_its_first_bytes_and_the_rest_is_refused(
    big_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written_in_place_after_the_opening(
        monkeypatch, big_store, big_store.read_bytes().replace(b'"code":"P-000"', b'"code":"Q-000"')
    )

    with pytest.raises(StoreError, match=r"store\.json: changed while drift read it .* read it again"):
        Store(big_store).read(lambda project: None)
    assert Store(big_store).load().projects[0].code == "Q-000"  # read again, it is what the file now says


def test_the_opening_stops_at_a_repeated_code_and_at_a_line_drift_does_not_write(tmp_path: Path) -> None:
    seed = load_sample()[0]
    path = tmp_path / "store.json"
    Store(path).create(structs.replace(seed, code=f"P-{n}") for n in range(3))
    raw = path.read_bytes()

    assert [opening.project.code for opening in decode_opening(raw, 100)] == ["P-0", "P-1", "P-2"]
    assert [opening.project.code for opening in decode_opening(raw.replace(b"P-1", b"P-0"), 100)] == ["P-0"]
    spaced = raw.replace(b'    "3": {', b'    "3":  {')  # the third project's line
    assert [opening.project.code for opening in decode_opening(spaced, 100)] == ["P-0", "P-1"]
    assert [opening.project.code for opening in decode_opening(raw, 2)] == ["P-0", "P-1"]
    cut = raw[: raw.index(b'    "3": {') + 30]  # the third line not whole in the head
    assert [opening.project.code for opening in decode_opening(cut, 100)] == ["P-0", "P-1"]


def test_no_opening_for_a_store_of_an_older_schema_or_written_otherwise(store_path: Path) -> None:
    raw = store_path.read_bytes()
    older = raw.replace(b'{"schema":3,', b'{"schema":2,', 1)
    indented = orjson.dumps(orjson.loads(raw), option=orjson.OPT_INDENT_2)

    assert len(decode_opening(raw, 100)) == 1
    assert decode_opening(older, 100) == []  # migrated first, by the whole read
    assert decode_opening(indented, 100) == []


def test_a_file_whose_later_lines_are_not_as_drift_writes_them_shows_its_first_projects_once(big_store: Path) -> None:
    # Valid JSON, but the 150th project's line indented otherwise: the file is parsed whole, and the projects shown
    # from its first bytes must not be shown again.
    lines = big_store.read_bytes().split(b"\n")
    at = lines.index(b'  "projects": {') + 150
    lines[at] = lines[at][2:]
    big_store.write_bytes(b"\n".join(lines))
    seen: list[str] = []

    portfolio = Store(big_store).read(lambda project: seen.append(project.code)).portfolio

    assert seen == [f"P-{n:03d}" for n in range(COUNT)] == [project.code for project in portfolio.projects]
    assert portfolio == Store(big_store).load()


def test_a_file_written_in_place_as_json_of_another_layout_is_refused_when_its_first_projects_changed(
    big_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = orjson.loads(big_store.read_bytes().replace(b'"code":"P-004"', b'"code":"Q-004"'))
    # Indented: the whole file is parsed as JSON of any layout, not split into drift's lines.
    written_in_place_after_the_opening(monkeypatch, big_store, orjson.dumps(changed, option=orjson.OPT_INDENT_2))
    seen: list[str] = []

    with pytest.raises(StoreError, match="changed while drift read it"):
        Store(big_store).read(lambda project: seen.append(project.code))
    assert len(seen) == OPENING_PROJECTS  # what the first bytes showed, and nothing of the other version
