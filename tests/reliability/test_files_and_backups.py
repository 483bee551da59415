"""Files and permissions of a shared store, and the rotating backups with `drift backup --list` and `--restore`."""

from __future__ import annotations

import errno
import grp
import json
import os
import stat
from pathlib import Path

import pytest

from store.backups import DEFAULT_BACKUPS
from store.fileio import read_json
from store.persist import Store
from store.tables import decode_store

from .helpers import (
    CODE,
    NOBODY,
    as_root,
    assert_one_line_error,
    drift_as_nobody,
    lock_held_by_another_process,
    on_disk,
)

TEAM = grp.getgrnam("staff").gr_gid if os.geteuid() == 0 else os.getgid()
"""A group the test can give files to: any group when root, else the user's own."""


def backup_name(store: Path, revision: int) -> str:
    """The name the backup of this revision of the store has: the store's id, from its _meta record, and the revision."""
    return f"{store.name}.{json.loads(store.read_bytes())['_meta']['1']['id']}.{revision}"


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def pay(run_cli, path: Path, amount: str = "1", *extra: str, environ: dict[str, str] | None = None):
    """`drift pay` of one payment; every call is one new revision."""
    argv = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", amount, "--by", "alice", *extra)
    return run_cli(*argv, "--store", str(path), environ=environ)


# The store's own file


@as_root
def test_drift_pay_keeps_the_stores_mode_and_group_and_its_backups_have_them_too(store_path: Path, run_cli) -> None:
    os.chown(store_path, -1, TEAM)
    store_path.chmod(0o640)

    assert pay(run_cli, store_path).code == 0

    assert (mode_of(store_path), store_path.stat().st_gid) == (0o640, TEAM)
    (backup,) = Store(store_path).backups()
    assert (mode_of(backup.path), backup.path.stat().st_gid) == (0o640, TEAM)
    folder = Store(store_path).backup_folder()
    assert (mode_of(folder), folder.stat().st_gid) == (0o750, TEAM)  # as private as the store: group may read


@as_root
def test_a_team_store_in_a_setgid_folder_stays_the_teams_through_every_save(shared_dir: Path) -> None:
    team = shared_dir / "team"
    team.mkdir()
    os.chown(team, 0, TEAM)
    team.chmod(0o2770)  # the recipe of docs/reliability.md: group-owned, setgid, closed to others
    path = team / "store.json"

    created = drift_as_nobody("init", "--store", str(path), umask=0o007, groups=(TEAM,))
    paid = drift_as_nobody(
        "pay", "--date", "2023-10-08", "--source", "local", "--amount", "1", "--store", str(path), groups=(TEAM,)
    )
    outsider = drift_as_nobody("list", "--store", str(path))

    assert created.returncode == 0, created.stderr
    assert paid.returncode == 0, paid.stderr
    lock = Store(path).lock_path
    folder = Store(path).backup_folder()
    (backup,) = Store(path).backups()
    assert (mode_of(path), path.stat().st_gid) == (0o660, TEAM)
    assert (mode_of(lock), lock.stat().st_gid) == (0o660, TEAM)
    assert (mode_of(backup.path), backup.path.stat().st_gid) == (0o660, TEAM)
    assert (stat.S_IMODE(folder.stat().st_mode), folder.stat().st_gid) == (0o2770, TEAM)
    assert path.stat().st_uid == NOBODY
    assert outsider.returncode == 2
    assert_one_line_error(outsider.stderr, str(path), "Permission denied")


# Backups


def test_each_save_keeps_the_revision_it_replaced_and_the_last_ten_are_kept(store_path: Path, run_cli) -> None:
    for n in range(12):
        assert pay(run_cli, store_path, str(n)).code == 0

    backups = Store(store_path).backups()

    assert [b.revision for b in backups] == list(range(12, 2, -1))  # revision 13 is the store itself
    assert len(backups) == DEFAULT_BACKUPS
    for backup in backups:
        assert decode_store(read_json(backup.path), backup.path).revision == backup.revision


def test_where_hard_links_are_refused_the_backup_is_a_copy_with_the_stores_mode_and_group(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.chown(store_path, -1, TEAM)
    store_path.chmod(0o604)
    before = store_path.read_bytes()

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "hard links refused")  # as with fs.protected_hardlinks, or on FAT

    monkeypatch.setattr(os, "link", refused)
    Store(store_path).update(lambda current: current.projects)

    (backup,) = Store(store_path).backups()
    assert backup.path.read_bytes() == before
    assert (mode_of(backup.path), backup.path.stat().st_gid) == (0o604, TEAM)
    assert backup.path.stat().st_ino != store_path.stat().st_ino


@pytest.mark.parametrize(("variable", "argument", "kept"), [("3", None, 3), ("0", None, 0), ("3", 1, 1), (None, 0, 0)])
def test_how_many_backups_are_kept_comes_from_the_store_argument_then_drift_backups(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str | None, argument: int | None, kept: int
) -> None:
    if variable is not None:
        monkeypatch.setenv("DRIFT_BACKUPS", variable)
    store = Store(store_path, keep_backups=argument)

    for _ in range(5):
        store.update(lambda current: current.projects)

    assert len(store.backups()) == kept
    assert store.backup_folder().exists() == bool(kept)


def test_a_drift_backups_that_is_not_a_number_is_reported_and_the_default_kept(store_path: Path, run_cli) -> None:
    result = pay(run_cli, store_path, environ={"DRIFT_BACKUPS": "ten"})

    assert result.code == 0
    assert result.err.splitlines() == [
        "drift: warning: DRIFT_BACKUPS='ten' is not a number of backups to keep (0 for none); keeping 10",
        "saved as revision 2 by alice",
        "drift: after the as-of date 2023-09-28: it counts from that date on",  # pay() is dated 2023-10-08
    ]
    assert len(Store(store_path).backups()) == 1


def test_the_drift_backups_given_to_main_is_the_one_kept_whatever_the_process_environment_says(
    store_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRIFT_BACKUPS", "5")

    for amount in ("1", "2", "3", "4"):
        assert pay(run_cli, store_path, amount, environ={"DRIFT_BACKUPS": "2"}).code == 0

    assert len(Store(store_path).backups()) == 2


def test_a_dashboard_opened_by_drift_saves_with_the_drift_backups_given_to_main(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The dashboard saves through the Store main()'s Context hands it, as every subcommand does.
    from rich.console import Console

    from tui.context import Context

    monkeypatch.setenv("DRIFT_BACKUPS", "5")
    quiet = Console(quiet=True)
    context = Context(store_path, False, "en", quiet, quiet, environ={"DRIFT_BACKUPS": "1"})
    store = context.store()

    for _ in range(3):
        store.update(lambda current: current.projects)

    assert len(store.backups()) == 1


def test_a_backup_that_cannot_be_made_is_reported_once_and_the_save_goes_ahead(store_path: Path, run_cli) -> None:
    Store(store_path).backup_folder().write_text("in the way")

    result = pay(run_cli, store_path)

    assert result.code == 0
    assert result.err.splitlines() == [
        f"drift: warning: {store_path}: revision 1 was not backed up to {Store(store_path).backup_folder()} "
        "(.store.json.bak is there but is not a folder); the save went ahead",
        "saved as revision 2 by alice",
        "drift: after the as-of date 2023-09-28: it counts from that date on",  # pay() is dated 2023-10-08
    ]
    assert Store(store_path).load().revision == 2


@as_root
def test_a_backup_folder_the_user_may_not_write_is_reported_and_the_save_goes_ahead(
    shared_dir: Path, store_path: Path
) -> None:
    path = shared_dir / "store.json"
    path.write_bytes(store_path.read_bytes())
    path.chmod(0o666)
    Store(path).backup_folder().mkdir(mode=0o755)  # root's

    result = drift_as_nobody("pay", "--date", "2023-10-08", "--source", "local", "--amount", "1", "--store", str(path))

    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0].endswith("(Permission denied); the save went ahead")
    assert Store(path).load().revision == 2


def test_a_failed_save_leaves_the_backups_as_they_were(store_path: Path, run_cli, monkeypatch) -> None:
    assert pay(run_cli, store_path).code == 0
    before = on_disk(store_path)

    def no_space(handle: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    result = pay(run_cli, store_path, "2")
    monkeypatch.undo()

    assert result.code == 2
    assert on_disk(store_path) == before  # the backup of revision 2 it made on the way was taken back


def test_what_killed_saves_left_behind_is_cleared_by_the_next_save_and_nothing_else(store_path: Path) -> None:
    folder = store_path.parent
    partial = f".{backup_name(store_path, 1)}.tmp"
    orphans = [folder / ".store.json.k3x_9a2b.tmp", Store(store_path).backup_folder() / partial]
    Store(store_path).backup_folder().mkdir()
    for orphan in orphans:
        orphan.write_text("half a save")
    kept = [folder / ".store.json.notes.tmp", folder / ".other.json.k3x_9a2b.tmp", folder / "store.json.k3x_9a2b.tmp"]
    for other in kept:
        other.write_text("not drift's")

    Store(store_path).update(lambda current: current.projects)

    assert not any(orphan.exists() for orphan in orphans)
    assert all(other.exists() for other in kept)
    assert [b.revision for b in Store(store_path).backups()] == [1]


def test_a_symlinked_store_keeps_its_backups_beside_the_file_it_points_to(store_path: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "links"
    elsewhere.mkdir()
    link = elsewhere / "store.json"
    link.symlink_to(store_path)

    Store(link).update(lambda current: current.projects)

    assert [b.path for b in Store(link).backups()] == [
        store_path.parent / ".store.json.bak" / backup_name(store_path, 1)
    ]
    assert link.is_symlink()


# drift backup


def test_drift_backup_lists_the_backups_newest_first(store_path: Path, run_cli) -> None:
    empty = run_cli("backup", "--store", str(store_path))
    for amount in ("1", "2"):
        pay(run_cli, store_path, amount)

    listed = run_cli("backup", "--list", "--store", str(store_path))

    assert (empty.code, empty.out) == (0, "")
    assert empty.err == f"no backups in {Store(store_path).backup_folder()} yet\n"
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["revision 2", "revision 1"]
    assert lines[0].endswith(str(Store(store_path).backup_folder() / backup_name(store_path, 2)))


def test_restoring_a_backup_is_a_new_revision_with_its_history_and_undo_takes_it_back(
    store_path: Path, run_cli
) -> None:
    pay(run_cli, store_path, "1")
    wrong = pay(run_cli, store_path, "999999")  # the wrong edit to roll back
    assert wrong.code == 0
    before_restore = Store(store_path).load()

    restored = run_cli("backup", "--restore", "2", "--by", "carol", "--store", str(store_path))

    assert restored.code == 0, restored.err
    assert restored.out == f"project {CODE}: as it was in revision 2\n"
    assert restored.err == (
        f"restored revision 2 from {Store(store_path).backup_folder() / backup_name(store_path, 2)}; "
        "saved as revision 4 by carol (drift undo takes it back)\n"
    )
    store = Store(store_path)
    now = store.load()
    assert now.revision == 4
    assert [p.amount for p in now.projects[0].funding.payments] == [1]
    assert now.projects == decode_store(read_json(store.backup_path(2)), store.backup_path(2)).projects
    entries = [e for e in store.history() if e.revision == 4]
    assert entries and {(e.by, e.note) for e in entries} == {("carol", "restored from the backup of revision 2")}
    assert store.backup_path(3)  # the state before the restore is itself backed up

    undone = run_cli("undo", "--by", "carol", "--store", str(store_path))

    assert undone.code == 0, undone.err
    assert Store(store_path).load().projects == before_restore.projects
    assert Store(store_path).load().revision == 5


def test_restoring_a_backup_that_does_not_validate_is_refused_naming_the_file_and_the_field(
    store_path: Path, run_cli
) -> None:
    pay(run_cli, store_path)
    backup = Store(store_path).backup_path(1)
    document = json.loads(backup.read_bytes())
    backup.unlink()  # a hard link shares its bytes with nothing now, but edit a copy all the same
    document["projects"]["1"]["funding"]["annual_budget"] = "-1"
    backup.write_text(json.dumps(document), encoding="utf-8")
    before = on_disk(store_path)

    result = run_cli("backup", "--restore", "1", "--by", "carol", "--store", str(store_path))

    assert result.code == 2
    assert_one_line_error(result.err, f"{backup}: projects[1].funding.annual_budget: '-1' must not be negative")
    assert on_disk(store_path) == before


def test_restoring_a_revision_with_no_backup_lists_those_kept(store_path: Path, run_cli) -> None:
    pay(run_cli, store_path)
    pay(run_cli, store_path, "2")
    before = on_disk(store_path)

    result = run_cli("backup", "--restore", "99", "--by", "carol", "--store", str(store_path))

    assert result.code == 2
    assert_one_line_error(result.err, f"no backup of revision 99 in {Store(store_path).backup_folder()} (kept: 1, 2)")
    assert on_disk(store_path) == before


def test_restoring_over_a_store_that_cannot_be_read_says_how_to_put_a_backup_back(store_path: Path, run_cli) -> None:
    pay(run_cli, store_path)
    backup = Store(store_path).backup_folder() / backup_name(store_path, 1)
    store_path.write_bytes(b'{"_meta": ')
    before = on_disk(store_path)

    result = run_cli("backup", "--restore", "1", "--by", "carol", "--store", str(store_path))

    assert result.code == 2
    assert_one_line_error(result.err, "not valid JSON", f"cp {backup} {store_path}")
    assert on_disk(store_path) == before


def test_restoring_waits_for_the_lock_like_any_save(store_path: Path, run_cli, monkeypatch) -> None:
    pay(run_cli, store_path)
    before = on_disk(store_path)
    monkeypatch.setitem(Store.__init__.__kwdefaults__, "lock_timeout", 0.2)

    with lock_held_by_another_process(Store(store_path).lock_path):
        result = run_cli("backup", "--restore", "1", "--by", "carol", "--store", str(store_path))

    assert result.code == 2
    assert_one_line_error(result.err, "another drift is saving")
    assert on_disk(store_path) == before
