"""A save of one project read alone (Store.one): only its line read and built, the next file written before the lock,
the lock held only to put it in place; what any other save would write, and nothing trusted that was not checked."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from msgspec import structs

from store import fileio, persist
from store.edits import ConflictError, DuplicatePaymentError, Duplicates, Edit, add_payment, edit_record
from store.errors import StoreError, ValidationError
from store.model import Project
from store.persist import Store
from store.tables import decode_one
from tests.conftest import CliRunner, built_lines

NOW = pendulum.datetime(2023, 10, 20, 9, 0, tz="Asia/Shanghai")


@pytest.fixture
def alice(tmp_path: Path) -> dict[str, str]:
    """A user whose drift remembers what it checked in a cache folder of her own."""
    return {"XDG_CACHE_HOME": str(tmp_path / "alice-cache")}


@pytest.fixture
def five(tmp_path: Path, sample_projects: tuple[Project, ...], alice: dict[str, str]) -> Path:
    """A store of five projects that alice's drift has read once, whole, and so holds checked."""
    seed = sample_projects[0]
    path = tmp_path / "store.json"
    Store(path).create([seed, *(structs.replace(seed, code=f"{seed.code}-{n}") for n in range(1, 5))])
    Store(path, environ=alice).load()
    return path


def code(n: int, seed: str = "2306-140423-89-01-317509") -> str:
    return seed if n == 0 else f"{seed}-{n}"


def pay(project: str, amount: str = "5", voucher: str = "V1") -> Edit:
    return add_payment(project, date="2023-10-09", source="local", amount=amount, voucher=voucher)


def test_one_project_is_built_from_its_line_alone_and_saved_as_a_whole_read_would_save_it(
    five: Path, tmp_path: Path, alice: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    twin = tmp_path / "twin" / "store.json"
    twin.parent.mkdir()
    shutil.copy(five, twin)
    whole = Store(twin, environ=alice)
    whole.load()
    whole.apply([pay(code(3))], by="alice", at=NOW)
    built = built_lines(monkeypatch)
    store = Store(five, environ=alice)

    found = store.one(code(3))
    saved = store.apply([pay(code(3))], by="alice", at=NOW)

    assert built == [code(3)]
    assert found.total == 5 and found.project is not None and found.project.code == code(3)
    assert [p.code for p in saved.portfolio.projects] == [code(3)]  # the project saved, alone
    assert saved.portfolio.projects[0].funding.payments[-1].amount == Decimal("5")
    assert five.read_bytes() == twin.read_bytes()  # the same bytes, history and its hashes included


def test_the_file_a_save_of_one_project_writes_is_one_the_user_holds_checked(
    five: Path, alice: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(five, environ=alice)
    store.one(code(1))
    store.apply([pay(code(1))], by="alice", at=NOW)
    built = built_lines(monkeypatch)

    again = Store(five, environ=alice).one(code(2))
    assert built == [code(2)]  # read alone: the file written is held checked
    checked_whole = Store(five, environ={"XDG_CACHE_HOME": str(five.parent / "nobody")}).load()

    assert again.project == checked_whole.project(code(2))
    assert checked_whole.project(code(1)).funding.payments[-1].voucher == "V1"


def test_a_line_changed_by_hand_is_never_taken_as_checked(five: Path, alice: dict[str, str]) -> None:
    raw = five.read_bytes()
    bad = re.sub(rb'("code":"2306-140423-89-01-317509-4".*?"annual_budget":)"([0-9.]+)"', rb"\1\2", raw, count=1)
    assert bad != raw
    five.write_bytes(bad)

    with pytest.raises(ValidationError, match=r"projects\[5\]\.funding\.annual_budget: 589.2 must be a decimal string"):
        Store(five, environ=alice).one(code(1))
    assert decode_one(bad, five, code(1), Store(five, environ=alice).checked) is None
    assert five.read_bytes() == bad  # nothing saved


def test_a_project_not_in_the_store_is_told_with_how_many_there_are(five: Path, alice: dict[str, str]) -> None:
    store = Store(five, environ=alice)

    assert store.one("NO-SUCH") == persist.Found(None, 5)
    assert store.one(None) == persist.Found(None, 5)  # not the only one


def test_the_only_project_is_found_without_its_code(tmp_path: Path, store_path: Path, alice: dict[str, str]) -> None:
    Store(store_path, environ=alice).load()

    found = Store(store_path, environ=alice).one(None)

    assert found.total == 1 and found.project is not None and found.project.code == code(0)


def test_the_next_file_is_written_before_the_lock_is_taken_which_is_held_only_to_put_it_in_place(
    five: Path, alice: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[str] = []
    write, replace, locked = fileio.NextFile.write, fileio.NextFile.replace, Store._locked

    def writing(*args: object, **kwargs: object) -> fileio.NextFile:
        steps.append("write")
        return write(*args, **kwargs)  # type: ignore[arg-type]

    def replacing(self: fileio.NextFile) -> None:
        steps.append("replace")
        replace(self)

    def locking(self: Store) -> object:
        steps.append("lock")
        return locked(self)

    monkeypatch.setattr(fileio.NextFile, "write", writing)
    monkeypatch.setattr(fileio.NextFile, "replace", replacing)
    monkeypatch.setattr(Store, "_locked", locking)
    store = Store(five, environ=alice)
    store.one(code(2))

    store.apply([pay(code(2))], by="alice", at=NOW)

    assert steps == ["write", "lock", "replace"]


def test_a_save_made_meanwhile_is_kept_and_only_the_project_read_again(
    five: Path, alice: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = Store(five, environ=alice), Store(five, environ=alice)
    mine.one(code(0))
    theirs.one(code(3))
    theirs.apply([pay(code(3), "7")], by="bob", at=NOW)
    built = built_lines(monkeypatch)

    saved = mine.apply([pay(code(0))], by="alice", at=NOW)

    assert built == [code(0)]  # read again under the lock, alone: the file bob's drift wrote is held checked
    built.clear()
    after = Store(five, environ={"XDG_CACHE_HOME": str(five.parent / "nobody")}).load()
    assert saved.revision == after.revision == 3
    assert after.project(code(0)).funding.payments[-1].amount == Decimal("5")
    assert after.project(code(3)).funding.payments[-1].amount == Decimal("7")


def test_a_field_changed_meanwhile_is_a_conflict_and_nothing_is_saved(five: Path, alice: dict[str, str]) -> None:
    setup = Store(five, environ=alice)
    setup.one(code(1))
    setup.apply([pay(code(1), "5")], by="alice", at=NOW)
    mine, theirs = Store(five, environ=alice), Store(five, environ=alice)
    project = mine.one(code(1)).project
    assert project is not None
    payment = project.funding.payments[-1]
    theirs.one(code(1))
    theirs.apply([edit_record(project, "payments", payment.id, amount="6")], by="bob", at=NOW)
    before = five.read_bytes()

    with pytest.raises(ConflictError):
        mine.apply([edit_record(project, "payments", payment.id, amount="8")], by="alice", at=NOW)

    assert five.read_bytes() == before
    assert not list(five.parent.glob(".store.json.*.tmp"))


def test_a_duplicate_payment_names_who_recorded_it_when_read_alone(five: Path, alice: dict[str, str]) -> None:
    first = Store(five, environ=alice)
    first.one(code(4))
    first.apply([pay(code(4))], by="bob", at=NOW)
    store = Store(five, environ=alice)
    store.one(code(4))

    with pytest.raises(DuplicatePaymentError, match="bob"):
        store.apply([add_payment(code(4), date="2023-10-09", source="local", amount="5", voucher="V1")], by="a", at=NOW)
    store.one(code(4))
    saved = store.apply(
        [
            add_payment(
                code(4), date="2023-10-09", source="local", amount="5", voucher="V1", duplicates=Duplicates.ALLOW
            )
        ],
        by="alice",
        at=NOW,
    )
    assert saved.revision == 3


def test_a_next_file_of_a_killed_save_is_removed_and_one_waiting_for_the_lock_is_kept(
    five: Path, alice: dict[str, str]
) -> None:
    orphan = five.parent / ".store.json.next.k3x_9a2b.tmp"
    orphan.write_bytes(b"{}")
    waiting = fileio.NextFile.write(five, b"{}", waiting=True)
    assert waiting.temp is not None and Path(waiting.temp).name.startswith(".store.json.next.")
    store = Store(five, environ=alice)
    store.one(code(1))

    store.apply([pay(code(1))], by="alice", at=NOW)

    assert not orphan.exists()
    assert os.path.exists(waiting.temp)
    waiting.discard()
    assert not list(five.parent.glob(".store.json.*.tmp"))


def test_a_next_file_holds_its_lock_until_it_is_in_place(tmp_path: Path) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(b"old")
    written = fileio.NextFile.write(path, b"new", waiting=True)
    assert written.temp is not None
    probe = os.open(written.temp, os.O_RDONLY)
    try:
        with pytest.raises(BlockingIOError):
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        written.replace()
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)  # let go once in place
    finally:
        os.close(probe)
    assert path.read_bytes() == b"new"


def test_pay_reads_only_the_project_it_pays_into(
    five: Path, alice: dict[str, str], run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = built_lines(monkeypatch)

    result = run_cli(
        *("pay", "--store", str(five), "--project", code(2), "--date", "2023-10-01", "--source", "central"),
        *("--amount", "1.50", "--by", "tester"),
        environ=alice,
    )

    assert result.code == 0, result.err
    assert built == [code(2)]
    assert Store(five).load().project(code(2)).funding.payments[-1].amount == Decimal("1.50")


def test_pay_into_a_project_not_in_the_store_names_it(five: Path, alice: dict[str, str], run_cli: CliRunner) -> None:
    before = five.read_bytes()

    result = run_cli(*("pay", "--store", str(five), "--project", "NO-SUCH", "--date", "2023-10-01"), environ=alice)
    chosen = run_cli(*("pay", "--store", str(five), "--date", "2023-10-01", "--amount", "1"), environ=alice)

    assert result.code == 2 and "no project NO-SUCH" in result.err
    assert chosen.code == 2 and "5" in chosen.err  # the store holds five: --project is needed
    assert five.read_bytes() == before


def test_a_broken_meta_line_is_said_in_one_line_naming_the_file_even_when_the_projects_are_held_checked(
    five: Path, alice: dict[str, str], run_cli: CliRunner
) -> None:
    broken = five.read_bytes().replace(b'"schema":3', b'"schema":3x', 1)
    twice = five.read_bytes().replace(b'"schema":3', b'"schema":3,"schema":3', 1)
    for raw, problem in ((broken, "not valid JSON"), (twice, "key 'schema' appears twice")):
        five.write_bytes(raw)

        result = run_cli(*("pay", "--store", str(five), "--project", code(1), "--date", "2023-10-01"), environ=alice)

        assert result.code == 2 and result.err.count("\n") == 1
        assert str(five) in result.err and problem in result.err
        assert five.read_bytes() == raw


def test_a_table_that_is_not_one_is_refused_on_reading_not_when_saving(
    five: Path, alice: dict[str, str], run_cli: CliRunner
) -> None:
    raw = five.read_bytes()
    five.write_bytes(raw[: raw.rindex(b"}")] + b',"junk": 5}\n')

    result = run_cli(*("pay", "--store", str(five), "--project", code(1), "--date", "2023-10-01"), environ=alice)

    assert result.code == 2 and "junk: must be a table of documents" in result.err


def test_a_next_file_emptied_while_it_waited_is_written_again_under_the_lock(
    five: Path, alice: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write = fileio.NextFile.write

    def emptied_by_a_save_holding_the_lock(*args: object, **kwargs: object) -> fileio.NextFile:
        written = write(*args, **kwargs)  # type: ignore[arg-type]
        if kwargs.get("waiting"):
            assert fileio.free_waiting_files(five)
            assert not written.intact()
        return written

    monkeypatch.setattr(fileio.NextFile, "write", emptied_by_a_save_holding_the_lock)
    store = Store(five, environ=alice)
    store.one(code(1))

    store.apply([pay(code(1))], by="alice", at=NOW)

    after = Store(five, environ={"XDG_CACHE_HOME": str(five.parent / "nobody")}).load()
    assert after.project(code(1)).funding.payments[-1].voucher == "V1"
    assert not list(five.parent.glob(".store.json.*.tmp"))


def test_a_store_whose_name_leaves_no_room_for_the_mark_of_a_waiting_file_is_saved_under_the_lock(
    tmp_path: Path, sample_projects: tuple[Project, ...], alice: dict[str, str]
) -> None:
    path = tmp_path / ("s" * 236 + ".json")  # the longest name a temporary file of it can have: 255 characters
    Store(path).create(sample_projects)
    store = Store(path, environ=alice)
    store.load()
    store = Store(path, environ=alice)
    assert store.one(None).project is not None

    saved = store.apply([pay(code(0))], by="alice", at=NOW)

    assert saved.revision == 2  # its backup's name is too long, as before: said, and the save goes ahead
    assert Store(path).load().project(code(0)).funding.payments[-1].voucher == "V1"


def test_a_next_file_emptied_while_it_was_being_written_is_never_taken_as_whole(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_bytes(b"old")

    def pieces() -> Iterator[bytes]:
        yield b"x" * 100_000  # past the write buffer: on disk before the cut
        assert fileio.free_waiting_files(path)  # a save holding the lock on a full disk
        yield b"the rest"

    # Refused, so written again under the lock: never put in place with zeros where it was cut.
    with pytest.raises(StoreError, match="cannot save"):
        fileio.NextFile.write(path, pieces(), waiting=True)

    assert path.read_bytes() == b"old" and not list(tmp_path.glob(".store.json.*.tmp"))
