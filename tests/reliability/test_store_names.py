"""One store file, however it is named: a symlink shares the real file's lock, a second hard link and a non-file are refused."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest

from store import persist
from store.edits import add_payment
from store.errors import StoreError
from store.fileio import FileRead
from store.persist import Store

from .helpers import FIGURES, as_root, assert_one_line_error, drift_as_nobody, on_disk
from .test_backup_rules import save_killed_after_its_backup_step
from .test_race import _WRITER

EDITS = 60
"""Per writer: enough saves that writers under two different locks would collide many times."""

PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", "12.50", "--by", "alice", "--allow-duplicate")
"""One more payment each time: these tests count saves, so the same payment is meant each time."""

AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")


def race(stores: list[Path], tmp_path: Path) -> list[tuple[str, str]]:
    """Run one `drift pay` writer per store name, EDITS payments each, started together; their output."""
    go = tmp_path / "go"
    readies = [tmp_path / f"ready-{w}" for w in range(len(stores))]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(store), f"writer{w}", str(EDITS), str(ready), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w, (store, ready) in enumerate(zip(stores, readies, strict=True))
    ]
    deadline = time.monotonic() + 30
    while not all(ready.exists() for ready in readies) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    results = [writer.communicate(timeout=120) for writer in writers]
    assert [writer.returncode for writer in writers] == [0] * len(stores), results
    return results


def test_two_writers_one_through_a_symlink_lose_no_payment(store_path: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    alias = elsewhere / "alias.json"
    alias.symlink_to(store_path)

    race([store_path, alias], tmp_path)

    portfolio = Store(store_path).load()
    vouchers = Counter(p.voucher for p in portfolio.projects[0].funding.payments)
    assert set(vouchers) == {f"writer{w}-{n}" for w in range(2) for n in range(1, EDITS + 1)}
    assert max(vouchers.values()) == 1
    assert portfolio.revision == 1 + 2 * EDITS
    assert alias.is_symlink()
    assert not (elsewhere / "alias.json.lock").exists()  # the lock is the real file's, beside it
    FIGURES["writers through two names"] = f"2 × {EDITS} `drift pay`, one through a symlink: {len(vouchers)} kept"


def test_a_symlinked_folder_and_a_dotted_path_share_the_stores_lock(store_path: Path, tmp_path: Path) -> None:
    folder_link = tmp_path / "folder-link"
    folder_link.symlink_to(store_path.parent)
    names = [folder_link / "store.json", store_path.parent / "." / ".." / store_path.parent.name / "store.json"]

    assert {Store(name).lock_path for name in names} == {store_path.with_name("store.json.lock")}


def test_a_store_with_a_second_hard_link_is_refused_for_saving_and_reading(store_path: Path, run_cli) -> None:
    second = store_path.with_name("second.json")
    os.link(store_path, second)
    before = on_disk(store_path)

    for name in (store_path, second):
        saved = run_cli(*PAY, "--store", str(name))
        listed = run_cli("list", "--store", str(name))
        for result in (saved, listed):
            assert result.code == 2
            assert_one_line_error(result.err, str(name), "2 hard links", "remove the other name")

    assert on_disk(store_path) == before


def test_drifts_own_backup_link_left_by_a_killed_save_is_no_second_name(store_path: Path) -> None:
    store = Store(store_path)
    store.update(lambda current: current.projects)
    save_killed_after_its_backup_step(store_path)
    assert store_path.stat().st_nlink == 2

    assert store.load().revision == 2
    assert store.update(lambda current: current.projects).revision == 3
    assert store_path.stat().st_nlink == 1


def test_a_store_while_another_drift_backs_it_up_is_read_without_complaint(store_path: Path) -> None:
    save_killed_after_its_backup_step(store_path)  # stopped where a reader may find a save: linked, not replaced
    [backup] = Store(store_path).backups()
    assert os.path.samefile(backup.path, store_path)

    assert Store(store_path).load().revision == 1


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_store_path_that_is_not_a_regular_file_is_refused_at_once(special: str, tmp_path: Path) -> None:
    if special == "fifo":
        special = str(tmp_path / "fifo.json")
        os.mkfifo(special)

    for argv in (PAY, ("list",), ("validate",), ("log",)):
        # A process of its own with a time limit: a FIFO would hang the reader, /dev/zero would fill the memory.
        result = subprocess.run(
            [sys.executable, "-m", "tui.cli", *argv, "--store", special],
            capture_output=True,
            text=True,
            timeout=20,
            env={**os.environ, "COLUMNS": "1000"},
        )
        assert result.returncode == 2
        assert_one_line_error(result.stderr, special, "not a regular file")


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
@pytest.mark.parametrize(
    "argv",
    [("import", "{}"), ("import-payments", "{}"), ("validate", "{}")],
    ids=["import", "import-payments", "validate"],
)
def test_an_input_file_that_is_not_a_regular_file_is_refused_at_once(
    special: str, argv: tuple[str, ...], store_path: Path, tmp_path: Path
) -> None:
    if special == "fifo":
        special = str(tmp_path / "ledger.csv")
        os.mkfifo(special)
    before = store_path.read_bytes()

    result = subprocess.run(  # its own process with a time limit: before, a FIFO hung and /dev/zero filled the memory
        [sys.executable, "-m", "tui.cli", *(a.format(special) for a in argv), "--store", str(store_path), "--by", "a"]
        if argv[0] != "validate"
        else [sys.executable, "-m", "tui.cli", "validate", special],
        capture_output=True,
        text=True,
        timeout=20,
        env={**os.environ, "COLUMNS": "1000"},
    )

    assert result.returncode == 2
    assert_one_line_error(result.stderr, special, "not a regular file")
    assert store_path.read_bytes() == before


def test_a_store_named_through_a_descriptor_of_a_file_since_replaced_is_refused(store_path: Path) -> None:
    with open(store_path, "rb") as held:
        Store(store_path).apply(  # replaces the file: the descriptor now holds the old one, which has no name
            [add_payment(Store(store_path).load().projects[0].code, date="2023-10-08", source="local", amount="1")],
            by="alice",
            at=AT,
        )
        stale = Path(f"/proc/self/fd/{held.fileno()}")

        with pytest.raises(StoreError, match="names a file that was deleted or replaced since"):
            Store(stale).apply(
                [add_payment(Store(store_path).load().projects[0].code, date="2023-10-09", source="local", amount="2")],
                by="alice",
                at=AT,
            )

    assert [p.amount for p in Store(store_path).load().projects[0].funding.payments] == [Decimal("1")]


def test_a_lock_path_that_is_a_folder_is_named_at_once_not_taken_for_another_drift(store_path: Path) -> None:
    store_path.with_name("store.json.lock").unlink(missing_ok=True)  # left by the save that made the store
    store_path.with_name("store.json.lock").mkdir()
    store = Store(store_path, lock_timeout=3600)  # were the failure taken for a held lock, the test would hang

    with pytest.raises(StoreError, match=re.escape("store.json.lock is a folder, not a lock file")):
        store.update(lambda current: current.projects)


def test_a_lock_path_that_is_a_socket_is_named_at_once(store_path: Path) -> None:
    lock = store_path.with_name("store.json.lock")
    lock.unlink(missing_ok=True)
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(lock))
        with pytest.raises(StoreError, match=re.escape("store.json.lock: it is a socket, not a lock file; remove it")):
            Store(store_path, lock_timeout=3600).update(lambda current: current.projects)


@as_root
def test_a_lock_that_cannot_be_made_in_a_read_only_folder_says_so_at_once(shared_dir: Path) -> None:
    folder = shared_dir / "read-only"
    folder.mkdir(mode=0o555)  # root's: nobody may not create the store's lock here

    result = drift_as_nobody("init", "--store", str(folder / "store.json"))

    assert result.returncode == 2
    assert_one_line_error(
        result.stderr,
        f"cannot create the lock {folder / 'store.json.lock'}",
        f"the folder {folder} is read-only for you",
    )
    assert list(folder.iterdir()) == []


def test_a_symlink_pointed_at_another_store_while_a_save_runs_changes_neither_store_behind_its_back(
    tmp_path: Path, sample_projects, monkeypatch: pytest.MonkeyPatch
) -> None:
    this_year, next_year = tmp_path / "2023.json", tmp_path / "2024.json"
    Store(this_year).create(sample_projects)
    Store(next_year).create(sample_projects)
    untouched = next_year.read_bytes()
    current = tmp_path / "current.json"
    current.symlink_to(this_year.name)
    read = persist.read_file

    def read_then_switch(path: Path) -> FileRead:
        file = read(path)
        switched = tmp_path / "switched.json"  # the year-end switch, as `ln -s … && mv -T` makes it: atomic
        switched.symlink_to(next_year.name)
        os.replace(switched, current)
        return file

    monkeypatch.setattr(persist, "read_file", read_then_switch)
    code = sample_projects[0].code
    Store(current).apply([add_payment(code, date="2023-10-08", source="local", amount="1")], by="alice", at=AT)
    monkeypatch.undo()

    assert next_year.read_bytes() == untouched  # before: 2023's projects and the payment, written over 2024
    assert [p.amount for p in Store(this_year).load().projects[0].funding.payments] == [Decimal("1")]
