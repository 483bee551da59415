"""`drift pay` refused by the world — a full disk, permissions, a missing folder, a held lock: one line, exit 2, no change."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.persist import Store

from .helpers import as_root, assert_one_line_error, drift_as_nobody, lock_held_by_another_process, on_disk

PAY = (
    *("pay", "--date", "2023-10-08", "--source", "local", "--amount", "12.50", "--voucher", "记-1", "--by", "alice"),
    "--allow-duplicate",  # each run is one more payment: these tests are about the disk and the lock
)


def no_space(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def no_space_for(path: Path):
    """os.replace that fails as a full disk would when the new file is about to take path's place."""
    replace = os.replace

    def replace_unless_the_store(source: str, target: str) -> None:
        if Path(target) == path:
            no_space()
        replace(source, target)

    return replace_unless_the_store


@pytest.fixture
def used_store(store_path: Path, run_cli) -> Path:
    """The sample store after one payment, so its backup folder exists as it does on any store in use."""
    assert run_cli(*PAY, "--store", str(store_path)).code == 0
    return store_path


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_full_disk_refuses_drift_pay_in_one_line_and_changes_nothing(
    used_store: Path, run_cli, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    before = on_disk(used_store)
    monkeypatch.setattr(os, failing, no_space if failing == "fsync" else no_space_for(used_store))

    result = run_cli(*PAY, "--store", str(used_store))
    monkeypatch.undo()

    assert result.code == 2
    assert_one_line_error(result.err, f"cannot save {used_store}", "No space left on device")
    assert result.out == ""
    assert on_disk(used_store) == before  # the store, its backups, and no temporary file


@pytest.fixture
def tiny_disk() -> Iterator[Path]:
    """A 64 KiB tmpfs: a real file system that runs out of space. Skipped where mounting is not allowed."""
    yield from _tmpfs("64k")


def _tmpfs(size: str) -> Iterator[Path]:
    where = Path(tempfile.mkdtemp(prefix="drift-tiny-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)
        where.rmdir()


def test_a_really_full_disk_refuses_drift_pay_in_one_line_and_changes_nothing(
    tiny_disk: Path, store_path: Path
) -> None:
    path = tiny_disk / "store.json"
    path.write_bytes(store_path.read_bytes())
    drift = [sys.executable, "-m", "tui.cli", "--store", str(path)]
    environment = {**os.environ, "COLUMNS": "1000"}
    first = subprocess.run([*drift, *PAY], capture_output=True, text=True, timeout=60, env=environment)
    assert first.returncode == 0, first.stderr  # fits: the backup is a hard link and costs no space
    with (tiny_disk / "filler").open("wb", buffering=0) as filler:  # then fill the disk to the last block
        try:
            while True:
                filler.write(b"\0" * 1024)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    before = on_disk(path)

    result = subprocess.run([*drift, *PAY], capture_output=True, text=True, timeout=60, env=environment)

    assert result.returncode == 2
    assert_one_line_error(result.stderr, f"cannot save {path}", "No space left on device")
    assert on_disk(path) == before
    assert Store(path).load().revision == 2


def test_a_store_path_that_is_a_folder_refuses_drift_pay(tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "store.json"
    folder.mkdir()

    result = run_cli(*PAY, "--store", str(folder))

    assert result.code == 2
    assert_one_line_error(result.err, str(folder), "is a directory")
    assert list(tmp_path.iterdir()) == [folder] and list(folder.iterdir()) == []


def test_a_store_in_a_missing_folder_refuses_drift_pay_and_creates_nothing(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "gone" / "store.json"

    result = run_cli(*PAY, "--store", str(path))

    assert result.code == 2
    assert_one_line_error(result.err, str(path), "no such store", "create it with `drift init` or `drift import FILE`")
    assert list(tmp_path.iterdir()) == []


def test_a_lock_held_past_the_timeout_refuses_drift_pay_naming_the_lock(
    used_store: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = Store(used_store).lock_path
    before = on_disk(used_store)
    # The command line waits 10 s by default; the test shortens the wait, not the path taken.
    monkeypatch.setitem(Store.__init__.__kwdefaults__, "lock_timeout", 0.3)

    with lock_held_by_another_process(lock):
        result = run_cli(*PAY, "--store", str(used_store))

    assert result.code == 2
    assert_one_line_error(result.err, str(used_store), "another drift is saving", str(lock), "0.3s")
    assert on_disk(used_store) == before


@pytest.fixture
def stores_nobody_may_not_write(shared_dir: Path, store_path: Path) -> dict[str, Path]:
    """Three sample stores `nobody` cannot save: unreadable, read-only, and in a read-only folder."""
    payload = store_path.read_bytes()
    unreadable = shared_dir / "unreadable" / "store.json"
    read_only = shared_dir / "read-only" / "store.json"
    sealed = shared_dir / "sealed" / "store.json"
    for path, file_mode, folder_mode in ((unreadable, 0o600, 0o777), (read_only, 0o444, 0o777), (sealed, 0o666, 0o555)):
        path.parent.mkdir()
        path.write_bytes(payload)
        path.chmod(file_mode)
        path.parent.chmod(folder_mode)
    return {"unreadable": unreadable, "read-only": read_only, "sealed": sealed}


@as_root
@pytest.mark.parametrize(
    ("case", "needles"),
    [
        ("unreadable", ["cannot read", "Permission denied"]),
        ("read-only", ["cannot save", "is read-only for you"]),
        ("sealed", ["cannot save", "the folder", "is read-only for you"]),
    ],
)
def test_drift_pay_without_permission_is_refused_in_one_line_and_changes_nothing(
    stores_nobody_may_not_write: dict[str, Path], case: str, needles: list[str]
) -> None:
    path = stores_nobody_may_not_write[case]
    before = on_disk(path)

    result = drift_as_nobody(*PAY, "--store", str(path))

    assert result.returncode == 2, result.stderr
    at_fault = path.parent if case == "sealed" else path  # a sealed folder is named rather than the file
    assert_one_line_error(result.stderr, str(at_fault), *needles)
    assert result.stdout == ""
    assert on_disk(path) == before


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 96 KiB tmpfs: room for four files of the sample store."""
    yield from _tmpfs("96k")


def test_saves_waiting_for_the_lock_on_a_nearly_full_disk_all_land(
    small_disk: Path, store_path: Path, tmp_path: Path
) -> None:
    # 21 KB in 96 KiB: room for the store, the next file and the files of readers, not for six saves waiting.
    tiny_disk = small_disk
    path = tiny_disk / "store.json"
    path.write_bytes(store_path.read_bytes())
    drift = [sys.executable, "-m", "tui.cli", "--store", str(path)]
    environment = {**os.environ, "COLUMNS": "1000", "DRIFT_BACKUPS": "0", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert subprocess.run([*drift, "list"], capture_output=True, env=environment).returncode == 0  # held checked
    pays = [
        subprocess.Popen(
            [*drift, *PAY[:-4], f"满-{n}", "--by", "alice"], stderr=subprocess.PIPE, text=True, env=environment
        )
        for n in range(6)
    ]
    failures = [pay.stderr.read() for pay in pays if pay.wait(timeout=60) != 0]  # type: ignore[union-attr]

    assert failures == []
    vouchers = [payment.voucher for payment in Store(path).load().projects[0].funding.payments]
    assert sorted(v for v in vouchers if v.startswith("满-")) == [f"满-{n}" for n in range(6)]
    assert not list(tiny_disk.glob(".store.json.*.tmp"))
