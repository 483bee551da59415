"""Saving replaces the file atomically: mode kept, umask followed, no temp files, no half writes, locks honoured."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from store import locking, persist
from store.edits import add_payment
from store.errors import ReadOnlyStoreError, StoreError
from store.model import Project
from store.persist import Store

TEMP_GLOB = ".store.json.*.tmp"
CODE = "2306-140423-89-01-317509"
AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def touch_revision(store: Store) -> None:
    store.update(lambda current: current.projects)


def test_saving_keeps_the_file_mode(store_path: Path) -> None:
    store_path.chmod(0o640)

    touch_revision(Store(store_path))

    assert mode_of(store_path) == 0o640
    assert Store(store_path).load().revision == 2


def test_saving_keeps_an_unusual_file_mode_too(store_path: Path) -> None:
    store_path.chmod(0o604)

    touch_revision(Store(store_path))

    assert mode_of(store_path) == 0o604


def test_a_new_store_follows_the_umask(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import os, stat, sys
        os.umask(0o027)  # before importing store, as a shell's umask would be
        from store.persist import Store
        path = sys.argv[1]
        Store(path).create(())
        print(oct(stat.S_IMODE(os.stat(path).st_mode)))
        """
    )
    path = tmp_path / "store.json"

    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=30)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0o640"


def test_no_temp_file_is_left_after_a_save(store_path: Path) -> None:
    touch_revision(Store(store_path))

    assert sorted(p.name for p in store_path.parent.iterdir()) == [".store.json.bak", "store.json", "store.json.lock"]
    [backup] = Store(store_path).backups()
    assert [p.name for p in (store_path.parent / ".store.json.bak").iterdir()] == [backup.path.name]


@pytest.mark.parametrize("failing", ["writev", "replace", "fsync"])
def test_a_full_disk_refuses_the_save_and_leaves_the_file_and_no_temp_file(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    before = store_path.read_bytes()

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing, no_space)
    with pytest.raises(StoreError, match="No space left on device") as caught:
        touch_revision(Store(store_path))
    monkeypatch.undo()

    assert str(store_path) in str(caught.value)
    assert store_path.read_bytes() == before
    assert not list(store_path.parent.glob(TEMP_GLOB))
    assert Store(store_path).load().revision == 1


def test_a_save_written_a_few_bytes_a_call_is_whole(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """writev may write less than asked (a signal, a nearly full disk): the rest is written from the first byte
    that was not."""
    twin = store_path.parent / "twin" / "store.json"
    twin.parent.mkdir()
    shutil.copyfile(store_path, twin)
    touch_revision(Store(twin))
    real_writev = os.writev
    calls = []

    def a_few_bytes(fd: int, buffers: list[memoryview]) -> int:
        calls.append(len(buffers))
        return real_writev(fd, [memoryview(b"".join(buffers))[:7]])

    monkeypatch.setattr(os, "writev", a_few_bytes)
    touch_revision(Store(store_path))
    monkeypatch.undo()

    assert store_path.read_bytes() == twin.read_bytes()
    assert len(calls) >= len(twin.read_bytes()) // 7


def test_a_disk_that_takes_nothing_refuses_the_save_rather_than_trying_forever(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store_path.read_bytes()
    monkeypatch.setattr(os, "writev", lambda fd, buffers: 0)
    with pytest.raises(StoreError, match="nothing could be written"):
        touch_revision(Store(store_path))
    monkeypatch.undo()

    assert store_path.read_bytes() == before
    assert not list(store_path.parent.glob(TEMP_GLOB))


def test_a_full_disk_while_creating_leaves_no_store_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_projects: tuple[Project, ...]
) -> None:
    path = tmp_path / "store.json"

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(StoreError, match="No space left on device"):
        Store(path).create(sample_projects)
    monkeypatch.undo()

    assert not path.exists()
    assert not list(tmp_path.glob(TEMP_GLOB))


def test_creating_over_an_existing_store_is_refused(store_path: Path) -> None:
    before = store_path.read_bytes()

    with pytest.raises(StoreError, match="already exists"):
        Store(store_path).create(())

    assert store_path.read_bytes() == before


def test_saving_through_a_symlink_updates_the_target_and_keeps_the_link(store_path: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(store_path)

    touch_revision(Store(link))

    assert link.is_symlink()
    assert Store(store_path).load().revision == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root bypasses file permissions")
def test_a_read_only_store_says_why_and_refuses_to_save(store_path: Path) -> None:
    store_path.chmod(0o444)
    before = store_path.read_bytes()
    store = Store(store_path)

    assert str(store.read_only_reason()) == f"{store_path} is read-only for you"
    with pytest.raises(ReadOnlyStoreError, match="read-only"):
        touch_revision(store)
    assert store_path.read_bytes() == before
    assert store.load().revision == 1  # reading still works


@pytest.mark.skipif(os.geteuid() == 0, reason="root bypasses file permissions")
def test_a_store_in_a_read_only_folder_says_why_and_refuses_to_save(store_path: Path) -> None:
    before = store_path.read_bytes()
    store_path.parent.chmod(0o555)
    try:
        store = Store(store_path)
        assert str(store.read_only_reason()) == f"the folder {store_path.parent} is read-only for you"
        with pytest.raises(ReadOnlyStoreError):
            touch_revision(store)
    finally:
        store_path.parent.chmod(0o755)
    assert store_path.read_bytes() == before


@pytest.fixture
def world_writable_dir() -> Iterator[Path]:
    """A folder that the unprivileged user can reach (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="drift-ro-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path)


@pytest.mark.skipif(os.geteuid() != 0 or sys.platform != "linux", reason="needs root to become another user")
def test_read_only_store_is_refused_for_an_unprivileged_user(
    world_writable_dir: Path, sample_projects: tuple[Project, ...]
) -> None:
    # Root passes every permission check, so the check runs in a child that drops to `nobody`
    # after importing everything (the interpreter itself lives where nobody may not read).
    store_path = world_writable_dir / "store.json"
    Store(store_path).create(sample_projects)
    store_path.chmod(0o444)
    locked_dir = world_writable_dir / "sealed"
    locked_dir.mkdir(mode=0o755)
    Store(locked_dir / "store.json").create(sample_projects)
    (locked_dir / "store.json").chmod(0o666)
    before = store_path.read_bytes()
    script = textwrap.dedent(
        """
        import os, sys
        from store.errors import ReadOnlyStoreError
        from store.persist import Store
        os.setgroups([]); os.setgid(65534); os.setuid(65534)
        for name in sys.argv[1:]:
            store = Store(name)
            print(store.read_only_reason())
            try:
                store.update(lambda current: current.projects)
            except ReadOnlyStoreError as error:
                print("refused:", error)
            print("revision", store.load().revision)
        """
    )

    result = subprocess.run(
        [sys.executable, "-c", script, str(store_path), str(locked_dir / "store.json")],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{store_path} is read-only for you",
        f"refused: cannot save: {store_path} is read-only for you",
        "revision 1",
        f"the folder {locked_dir} is read-only for you",
        f"refused: cannot save: the folder {locked_dir} is read-only for you",
        "revision 1",
    ]
    assert store_path.read_bytes() == before


_HOLD_LOCK = textwrap.dedent(
    """
    import fcntl, os, sys
    fcntl.flock(os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644), fcntl.LOCK_EX)  # as a saving drift holds it
    print("held", flush=True)
    sys.stdin.read()  # hold until the test closes our stdin
    """
)


@pytest.fixture
def lock_held_elsewhere(store_path: Path) -> Iterator[subprocess.Popen[str]]:
    """The store's lock held by another process until the fixture ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(Store(store_path).lock_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        if holder.poll() is None:
            holder.communicate(timeout=10)  # closes stdin, so the holder releases and exits


def test_a_lock_held_by_another_process_refuses_the_save_naming_the_lock(
    store_path: Path, lock_held_elsewhere: subprocess.Popen[str]
) -> None:
    before = store_path.read_bytes()
    store = Store(store_path, lock_timeout=0.2)

    with pytest.raises(StoreError, match="another drift is saving") as caught:
        touch_revision(store)

    assert str(store.lock_path) in str(caught.value)
    assert store_path.read_bytes() == before
    assert store.load().revision == 1  # reading never waits for the lock


def test_saving_works_again_once_the_other_process_lets_go(
    store_path: Path, lock_held_elsewhere: subprocess.Popen[str]
) -> None:
    store = Store(store_path, lock_timeout=0.2)
    with pytest.raises(StoreError):
        touch_revision(store)

    lock_held_elsewhere.communicate(timeout=10)
    touch_revision(store)

    assert store.load().revision == 2


def test_a_save_that_waited_on_a_lock_file_replaced_meanwhile_takes_the_new_one(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save waiting on the lock file's old inode, replaced while it waited (by hand, by a restore of the folder), is
    not alone when it gets that inode: whoever holds the file now named as the lock holds the store."""
    store = Store(store_path, lock_timeout=1.0)
    lock = store.lock_path
    first = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(first, fcntl.LOCK_EX)
    waiting = threading.Event()
    real_taken = locking._taken

    def noted(fd: int, deadline: float) -> bool:
        waiting.set()
        return real_taken(fd, deadline)

    monkeypatch.setattr(locking, "_taken", noted)
    failed: list[BaseException] = []

    def save() -> None:
        try:
            touch_revision(store)
        except BaseException as error:  # the test thread reports it below
            failed.append(error)

    saver = threading.Thread(target=save)
    saver.start()
    assert waiting.wait(10)
    replacement = lock.with_name("replacement.lock")
    replacement.touch()
    os.replace(replacement, lock)
    second = os.open(lock, os.O_RDWR)
    fcntl.flock(second, fcntl.LOCK_EX)  # another drift, saving under the lock file as it is named now
    os.close(first)  # the old inode let go: the waiting save gets it, and must not save on it
    saver.join(10)
    os.close(second)

    assert [type(error) for error in failed] == [StoreError] and "another drift is saving" in str(failed[0])
    assert store.load().revision == 1


@pytest.mark.parametrize("save", ["whole store", "one project"])
def test_a_lock_file_removed_during_a_save_refuses_it(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, save: str
) -> None:
    """Someone removed the lock file while a save held it (to "unstick" drift): another save may have found no lock
    and be saving too, so this one saves nothing rather than put its file over theirs unseen."""
    store = Store(store_path)
    before, backups = store_path.read_bytes(), store.backups()
    real_cleanup = persist.remove_stale_temp_files

    def lock_removed_meanwhile(*args: object) -> None:  # runs under the lock, before the file is put in place
        store.lock_path.unlink()
        real_cleanup(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(persist, "remove_stale_temp_files", lock_removed_meanwhile)
    with pytest.raises(StoreError, match="was removed or replaced during this save") as caught:
        if save == "whole store":
            touch_revision(store)
        else:
            store.one(CODE)
            store.apply([add_payment(CODE, date="2023-09-01", source="local", amount="1")], by="alice", at=AT)
    monkeypatch.undo()

    assert str(store.lock_path) in str(caught.value)
    assert store_path.read_bytes() == before and store.backups() == backups
    touch_revision(store)  # the next save makes the lock file again and saves
    assert store.load().revision == 2
