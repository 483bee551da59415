"""No export — `drift export -o` or the dashboard's save — writes over the store, its lock, its backups or through a symlink."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from store.persist import Store
from tests.app.conftest import settle
from tests.reliability.helpers import on_disk
from tui.app import DriftApp
from tui.screens.export import ExportScreen

PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", "12.50", "--by", "alice", "--allow-duplicate")
"""One more payment each time: these tests count saves, so the same payment is meant each time."""


@pytest.fixture
def used_store(tmp_path: Path, run_cli) -> Path:
    """The sample store in tmp_path/team after one payment: it has a lock and a backup."""
    folder = tmp_path / "team"
    folder.mkdir()
    path = folder / "store.json"
    assert run_cli("init", "--store", str(path)).code == 0
    assert run_cli(*PAY, "--store", str(path)).code == 0
    return path


def _same_store(store: Path) -> str:
    return "./store.json"  # relative to the store's folder, where the test runs


def _from_a_sibling(store: Path) -> str:
    sibling = store.parent.parent / "sibling"
    sibling.mkdir()
    os.chdir(sibling)
    return "../team/store.json"


def _through_a_linked_folder(store: Path) -> str:
    link = store.parent.parent / "linked"
    link.symlink_to(store.parent)
    return str(link / "store.json")


def _a_hard_link(store: Path) -> str:
    second = store.parent.parent / "second.json"
    os.link(store, second)
    return str(second)


def _the_lock(store: Path) -> str:
    return "store.json.lock"


def _a_backup(store: Path) -> str:
    [backup] = Store(store).backups()
    return str(backup.path)


def _a_new_file_among_the_backups(store: Path) -> str:
    return str(Store(store).backup_folder() / "report.md")


REFUSED: dict[str, tuple[Callable[[Path], str], str]] = {
    "./store.json": (_same_store, "that is the store itself"),
    "../team/store.json": (_from_a_sibling, "that is the store itself"),
    "a linked folder": (_through_a_linked_folder, "that is the store itself"),
    "a hard link": (_a_hard_link, "that is the store itself"),
    "the lock": (_the_lock, "that is the store's lock"),
    "a backup": (_a_backup, "among the store's backups"),
    "the backup folder": (_a_new_file_among_the_backups, "among the store's backups"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_export_o_onto_the_stores_own_files_is_refused_and_changes_nothing(
    case: str, used_store: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(used_store.parent)
    name = REFUSED[case][0](used_store)
    before = on_disk(used_store)
    lock = used_store.with_name("store.json.lock").stat()

    result = run_cli("export", "-o", name, "--store", str(used_store), "--lang", "en")

    assert result.code == 2
    assert result.err.startswith(f"drift: -o {Path(name)}: ") and result.err.count("\n") == 1, result.err
    assert REFUSED[case][1] in result.err
    assert on_disk(used_store) == before
    assert used_store.with_name("store.json.lock").stat().st_ino == lock.st_ino  # the very lock others wait on


def test_export_o_never_writes_through_a_symlink_planted_in_a_shared_folder(
    used_store: Path, tmp_path: Path, run_cli
) -> None:
    victim = tmp_path / "victim" / ".bashrc"
    victim.parent.mkdir()
    victim.write_text("export PATH=~/bin:$PATH\n")
    shared = tmp_path / "shared"
    shared.mkdir()
    planted = shared / "report.md"
    planted.symlink_to(victim)

    result = run_cli("export", "-o", str(planted), "--store", str(used_store), "--lang", "en")

    assert result.code == 2
    assert (
        result.err == f"drift: -o {planted}: is a symlink; an export never writes through one; give a plain file name\n"
    )
    assert victim.read_text() == "export PATH=~/bin:$PATH\n"
    assert planted.is_symlink()


def test_export_o_onto_something_that_is_not_a_regular_file_is_refused(
    used_store: Path, tmp_path: Path, run_cli
) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)

    result = run_cli("export", "-o", str(fifo), "--store", str(used_store), "--lang", "en")

    assert result.code == 2
    assert result.err == f"drift: -o {fifo}: is not a regular file; an export only replaces regular files\n"
    assert fifo.is_fifo()


def test_export_o_still_writes_a_new_file_beside_the_store_and_replaces_a_regular_one(
    used_store: Path, run_cli
) -> None:
    report = used_store.with_name("report.md")

    first = run_cli("export", "-o", str(report), "--store", str(used_store), "--lang", "en")
    report.write_text("old")
    second = run_cli("export", "-o", str(report), "--store", str(used_store), "--lang", "en")

    assert first.code == second.code == 0, second.err
    assert report.read_text(encoding="utf-8").startswith("# ")


async def test_the_dashboards_export_save_onto_the_store_is_refused_and_the_store_kept(used_store: Path) -> None:
    before = on_disk(used_store)
    app = DriftApp(Store(used_store), lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            if app.loaded:
                break
            await pilot.pause(0.05)
        await pilot.press("e")
        for _ in range(100):
            if isinstance(app.screen, ExportScreen):
                break
            await pilot.pause(0.05)
        await pilot.press("s", "ctrl+a", "ctrl+k")
        app.screen.query_one("Input").value = str(used_store)  # typing a long tmp path key by key is slow
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # what a user answers, on a reflex, to "Overwrite it?"
        await settle(pilot)
        notes = [n.message for n in app._notifications]

    assert on_disk(used_store) == before
    assert notes == [f"Not saved: {used_store}: that is the store itself; choose another file"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [("b.json", "that is a drift store"), ("b.json.lock", "the store's lock"), (".b.json.bak/b.json.x.1", "backups")],
    ids=["colleagues-store", "its-lock", "its-backup"],
)
def test_export_o_onto_another_stores_files_is_refused_and_changes_nothing(
    tmp_path: Path, run_cli, target: str, reason: str
) -> None:
    for name in ("a.json", "b.json"):
        assert run_cli("init", "--store", str(tmp_path / name)).code == 0
        assert run_cli(*PAY, "--store", str(tmp_path / name)).code == 0  # b's revision 2 is in no backup yet
    (tmp_path / ".b.json.bak" / "b.json.x.1").write_text("a backup\n")
    before = on_disk(tmp_path)

    result = run_cli("export", "--store", str(tmp_path / "a.json"), "-o", str(tmp_path / target))

    assert result.code == 2 and result.err.count("\n") == 1
    assert reason in result.err
    assert on_disk(tmp_path) == before
