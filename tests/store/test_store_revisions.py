"""Revisions: a stale copy is never saved over a newer one, and writers in parallel processes lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from msgspec import structs

from store.errors import StaleRevisionError, StoreError, ValidationError
from store.migrations import SCHEMA_VERSION
from store.model import Portfolio, Project
from store.persist import Store


def renamed(project: Project, name: str) -> Project:
    return structs.replace(project, name=name)


def save(store: Store, portfolio: Portfolio) -> Portfolio:
    """Write this portfolio if nobody saved since it was read: update with the revision it was read at."""
    return store.update(lambda _: portfolio.projects, expected_revision=portfolio.revision)


def test_each_save_moves_the_revision_by_one(store_path: Path) -> None:
    store = Store(store_path)
    first = store.load()

    second = save(store, first)
    third = save(store, second)

    assert (first.revision, second.revision, third.revision) == (1, 2, 3)
    assert store.load().revision == 3
    meta = json.loads(store_path.read_bytes())["_meta"]
    assert meta == {
        "1": {"schema": SCHEMA_VERSION, "revision": 3, "id": meta["1"]["id"]}
    }  # the id the store was made with


def test_saving_a_stale_copy_is_refused_and_leaves_the_file_untouched(store_path: Path) -> None:
    store = Store(store_path)
    mine = store.load()
    theirs = store.load()
    (seed,) = theirs.projects
    save(store, structs.replace(theirs, projects=(renamed(seed, "theirs"),)))
    saved_bytes = store_path.read_bytes()

    with pytest.raises(StaleRevisionError, match=r"changed by someone else.*revision 2, yours 1"):
        save(store, structs.replace(mine, projects=(renamed(seed, "mine"),)))

    assert store_path.read_bytes() == saved_bytes
    assert store.load().projects[0].name == "theirs"


def test_update_with_an_expected_revision_that_moved_on_is_refused(store_path: Path) -> None:
    store = Store(store_path)
    store.update(lambda current: current.projects)
    before = store_path.read_bytes()

    with pytest.raises(StaleRevisionError):
        store.update(lambda current: (), expected_revision=1)

    assert store_path.read_bytes() == before


def test_update_gets_the_freshest_data_without_an_expected_revision(store_path: Path) -> None:
    store = Store(store_path)
    stale = store.load()
    (seed,) = stale.projects
    store.update(lambda current: (*current.projects, structs.replace(seed, code="B")))

    result = store.update(lambda current: (*current.projects, structs.replace(seed, code="C")))

    assert result.revision == 3
    assert [p.code for p in store.load().projects] == [seed.code, "B", "C"]


def test_a_change_that_fails_leaves_the_file_untouched(store_path: Path) -> None:
    store = Store(store_path)
    before = store_path.read_bytes()

    def change(current):
        raise StoreError("no, thank you")

    with pytest.raises(StoreError, match="no, thank you"):
        store.update(change)

    assert store_path.read_bytes() == before


def test_a_change_that_repeats_a_project_code_is_refused_and_leaves_the_file_untouched(store_path: Path) -> None:
    store = Store(store_path)
    before = store_path.read_bytes()

    with pytest.raises(ValidationError, match="appears twice"):
        store.update(lambda current: (*current.projects, renamed(current.projects[0], "again")))

    assert store_path.read_bytes() == before


def test_an_edited_project_is_written_whole_and_a_removed_one_disappears(store_path: Path) -> None:
    store = Store(store_path)
    (seed,) = store.load().projects
    store.update(lambda current: (*current.projects, structs.replace(seed, code="B")))

    cleared = structs.replace(seed, survey=None, notes=())
    store.update(lambda current: (cleared,))

    data = json.loads(store_path.read_bytes())
    assert list(data["projects"]) == ["1"]
    assert "survey" not in data["projects"]["1"]
    assert "notes" not in data["projects"]["1"]
    assert store.load().projects == (cleared,)


_WRITER = textwrap.dedent(
    """
    import pathlib, sys, time
    from msgspec import structs
    from store.files import load_sample
    from store.persist import Store

    path, tag, go, count = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]), int(sys.argv[4])
    (seed,) = load_sample()
    store = Store(path, lock_timeout=30)
    deadline = time.monotonic() + 15
    while not go.exists() and time.monotonic() < deadline:  # start together, to collide as much as possible
        time.sleep(0.002)
    for i in range(count):
        project = structs.replace(seed, code=f"{tag}-{i:02d}", name=f"{tag} {i}")
        store.update(lambda current, project=project: (*current.projects, project))
    print("done", tag)
    """
)


def test_three_processes_adding_projects_at_once_lose_none(store_path: Path, tmp_path: Path) -> None:
    writers, per_writer = ("red", "green", "blue"), 30
    go = tmp_path / "go"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(store_path), tag, str(go), str(per_writer)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in writers
    ]
    time.sleep(0.3)  # let the interpreters start and import
    go.touch()
    results = [process.communicate(timeout=60) for process in processes]

    for process, (out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
        assert out.startswith("done")
    portfolio = Store(store_path).load()  # validates every project
    codes = [p.code for p in portfolio.projects]
    expected = {f"{tag}-{i:02d}" for tag in writers for i in range(per_writer)}
    assert len(codes) == len(set(codes)) == 1 + len(expected)
    assert expected <= set(codes)
    assert portfolio.revision == 1 + len(writers) * per_writer
    assert not list(tmp_path.glob(".store.json.*.tmp"))


def test_a_change_that_builds_an_invalid_project_is_refused_and_leaves_the_file_untouched(store_path: Path) -> None:
    store = Store(store_path)
    before = store_path.read_bytes()
    seed = store.load().projects[0]
    broken = structs.replace(seed, name="bad\x1b[31m name")

    with pytest.raises(ValidationError, match=r"projects\[2306-140423-89-01-317509\]\.name: contains the control"):
        store.update(lambda _: [broken])

    assert store_path.read_bytes() == before
