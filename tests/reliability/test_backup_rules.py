"""Backups: kept by revision, each store's its own, never the reason a save fails, and never through a symlinked folder."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from store import layout
from store.errors import StoreError
from store.persist import Store

from .helpers import assert_one_line_error, on_disk
from .test_refusals import tiny_disk  # noqa: F401 - the 64 KiB tmpfs fixture

PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", "12.50", "--by", "alice", "--allow-duplicate")
"""One more payment each time: these tests count saves, so the same payment is meant each time."""

_KILLED_AFTER_BACKUP = """
import os, signal, sys
from store import persist, tables
tables.Transaction.commit = lambda self: os.kill(os.getpid(), signal.SIGKILL)  # after the backup, before the save
persist.Store(sys.argv[1]).update(lambda current: current.projects)
"""


def save_killed_after_its_backup_step(path: Path) -> None:
    """A save of path killed (SIGKILL) between its backup and the replace: the backup is a second name of the store."""
    killed = subprocess.run([sys.executable, "-c", _KILLED_AFTER_BACKUP, str(path)], capture_output=True, timeout=60)
    assert killed.returncode == -signal.SIGKILL, killed.stderr


def store_id(path: Path) -> str | None:
    return orjson.loads(path.read_bytes())["_meta"]["1"].get("id")


def test_backups_are_kept_by_revision_even_after_the_clock_was_set_back(store_path: Path) -> None:
    store = Store(store_path, keep_backups=3)
    for _ in range(3):
        store.update(lambda current: current.projects)
    ahead = 2_000_000_000  # 2033: the clock was ahead when these were saved, and has been corrected since
    for backup in store.backups():
        os.utime(backup.path, (ahead, ahead))

    for _ in range(2):
        store.update(lambda current: current.projects)

    assert [b.revision for b in store.backups()] == [5, 4, 3]


def test_a_save_killed_after_its_backup_step_leaves_no_copy_behind_and_costs_no_backup(store_path: Path) -> None:
    store = Store(store_path, keep_backups=2)
    store.update(lambda current: current.projects)
    save_killed_after_its_backup_step(store_path)
    assert store_path.stat().st_nlink == 2
    folder = store.backup_folder()
    for name in os.listdir(folder):  # and a save killed inside it, at other revisions
        if not name.startswith("."):
            shutil.copy(folder / name, folder / f".{name[: name.rindex('.')]}.7.tmp")

    store.update(lambda current: current.projects)

    assert [name for name in os.listdir(folder) if name.endswith(".tmp")] == []
    assert [b.revision for b in store.backups()] == [2, 1]  # the killed save's backup is this save's own
    store.update(lambda current: current.projects)
    assert [b.revision for b in store.backups()] == [3, 2]


def test_a_full_disk_names_the_backups_and_lowering_drift_backups_frees_it(
    tiny_disk: Path,  # noqa: F811
    store_path: Path,
) -> None:
    path = tiny_disk / "store.json"
    path.write_bytes(store_path.read_bytes())
    drift = [sys.executable, "-m", "tui.cli", "--store", str(path)]
    environment = {**os.environ, "COLUMNS": "1000", "DRIFT_BACKUPS": "10"}
    for _ in range(10):  # each save keeps the revision it replaced, until the disk holds no further revision
        result = subprocess.run([*drift, *PAY], capture_output=True, text=True, timeout=60, env=environment)
        if result.returncode != 0:
            break
    folder = tiny_disk / ".store.json.bak"
    kept = len(Store(path).backups())
    size = sum(b.size for b in Store(path).backups() if not os.path.samefile(b.path, path))

    assert result.returncode == 2 and kept >= 1
    assert_one_line_error(
        result.stderr,
        f"cannot save {path}",
        "No space left on device",
        f"(backups in {folder} take {size // 1000} KB; lower DRIFT_BACKUPS or remove old ones)",
    )

    lowered = subprocess.run(
        [*drift, *PAY], capture_output=True, text=True, timeout=60, env={**environment, "DRIFT_BACKUPS": "1"}
    )

    assert lowered.returncode == 0, lowered.stderr
    assert [b.revision for b in Store(path).backups()] == [kept + 1]
    assert Store(path).load().revision == kept + 2


def test_a_store_made_again_at_the_same_path_leaves_the_old_stores_backups_alone(store_path: Path, run_cli) -> None:
    for _ in range(3):
        assert run_cli(*PAY, "--store", str(store_path)).code == 0
    folder = Store(store_path).backup_folder()
    old = {name: (folder / name).read_bytes() for name in os.listdir(folder)}
    store_path.unlink()
    assert run_cli("init", "--store", str(store_path)).code == 0

    for _ in range(2):
        assert run_cli(*PAY, "--store", str(store_path), "--amount", "99").code == 0

    assert {name: (folder / name).read_bytes() for name in old} == old
    assert [b.revision for b in Store(store_path).backups()] == [2, 1]
    listed = run_cli("backup", "--list", "--store", str(store_path), "--lang", "en")
    assert len(listed.out.splitlines()) == 2
    assert run_cli("backup", "--restore", "1", "--by", "bob", "--store", str(store_path)).code == 0
    assert Store(store_path).load().projects[0].funding.payments == ()
    assert {name: (folder / name).read_bytes() for name in old} == old


def test_an_old_store_without_an_id_opens_and_gets_one_at_its_next_save_keeping_its_backups(
    store_path: Path, run_cli
) -> None:
    assert run_cli(*PAY, "--store", str(store_path)).code == 0  # revision 2
    folder = Store(store_path).backup_folder()
    shutil.rmtree(folder)
    tables = orjson.loads(store_path.read_bytes())
    del tables["_meta"]["1"]["id"]
    store_path.write_bytes(b"".join(layout.dump(tables)))  # as a drift from before store ids wrote it
    folder.mkdir()
    revision_1 = tables | {"_meta": {"1": {"schema": 1, "revision": 1}}}
    (folder / "store.json.1").write_bytes(b"".join(layout.dump(revision_1)))  # its backup, named as then

    assert Store(store_path).load().revision == 2
    assert [b.revision for b in Store(store_path).backups()] == [1]
    assert run_cli(*PAY, "--store", str(store_path)).code == 0

    given = store_id(store_path)
    assert given is not None and re.fullmatch(r"[0-9a-f]{16}", given)
    assert sorted(os.listdir(folder)) == [f"store.json.{given}.1", f"store.json.{given}.2"]
    assert [b.revision for b in Store(store_path).backups()] == [2, 1]


def test_a_store_id_that_is_not_one_is_refused_naming_the_field(store_path: Path, run_cli) -> None:
    tables = orjson.loads(store_path.read_bytes())
    tables["_meta"]["1"]["id"] = "../../escape"
    store_path.write_bytes(b"".join(layout.dump(tables)))

    result = run_cli("list", "--store", str(store_path))

    assert result.code == 2
    assert_one_line_error(result.err, str(store_path), "_meta.id", "not a store id")


def test_a_backup_folder_that_is_a_symlink_is_refused_and_the_save_goes_ahead(
    store_path: Path, tmp_path: Path, run_cli
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = Store(store_path).backup_folder()
    folder.symlink_to(elsewhere)

    saved = run_cli(*PAY, "--store", str(store_path))
    listed = run_cli("backup", "--list", "--store", str(store_path))

    assert saved.code == 0
    assert saved.err.splitlines()[0].startswith(f"drift: warning: {store_path}: revision 1 was not backed up")
    assert "is a symlink" in saved.err.splitlines()[0]
    assert os.listdir(elsewhere) == []
    assert listed.code == 2
    assert_one_line_error(listed.err, str(folder), "is a symlink")
    with pytest.raises(StoreError, match="is a symlink"):
        Store(store_path).backups()
    assert Store(store_path).load().revision == 2


def test_a_failed_save_on_a_full_disk_keeps_every_backup_it_had(store_path: Path, run_cli, monkeypatch) -> None:
    for _ in range(2):
        assert run_cli(*PAY, "--store", str(store_path)).code == 0
    before = on_disk(store_path)

    def no_space(handle: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    result = run_cli(*PAY, "--store", str(store_path))
    monkeypatch.undo()

    assert result.code == 2
    assert "lower DRIFT_BACKUPS or remove old ones" in result.err
    assert on_disk(store_path) == before


_PAY_WITHOUT_HARD_LINKS = """
import errno, os, sys
def refused(*args, **kwargs):
    raise PermissionError(errno.EPERM, "hard links refused")  # as with fs.protected_hardlinks, or on FAT
os.link = refused
from tui.cli import main
sys.exit(main(sys.argv[1:], environ={"COLUMNS": "1000"}))
"""


def test_a_backup_copy_that_leaves_no_room_for_the_save_gives_way_to_it(
    tiny_disk: Path,  # noqa: F811
    store_path: Path,
) -> None:
    path = tiny_disk / "store.json"  # 21 KB in a 64 KiB disk: room for the new file, not for a copy beside it too
    path.write_bytes(store_path.read_bytes())

    result = subprocess.run(
        [sys.executable, "-c", _PAY_WITHOUT_HARD_LINKS, *PAY, "--store", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"drift: warning: {path}: revision 1 was not backed up to {tiny_disk / '.store.json.bak'} "
        "(No space left on device); the save went ahead",
        "saved as revision 2 by alice",
        "drift: after the as-of date 2023-09-28: it counts from that date on",  # PAY is dated 2023-10-08
    ]
    assert Store(path).load().revision == 2
    assert Store(path).backups() == ()
