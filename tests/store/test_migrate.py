"""`drift migrate --to` moves a store between a file and a database with everything, history and rules included."""

from __future__ import annotations

from pathlib import Path

import pendulum
from msgspec import structs

from store.backend import open_store
from store.edits import add_payment, edit_record
from store.rulesfile import rules_path
from tests.backends import stored

CODE = "2306-140423-89-01-317509"
AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")
RULES = "schedule_yellow_days = 10\nschedule_red_days = 45\n"


def worked_on(location: str) -> None:
    """Three saves and an undo, so the history has entries, a chain and an undo in it."""
    store = open_store(location)
    store.apply([add_payment(CODE, date="2023-10-08", source="local", amount="100")], by="alice", at=AT)
    project = store.load().projects[0]
    store.apply([edit_record(project, "payments", "P1", amount="120.50")], by="bob", at=AT.add(hours=1))
    store.undo(by="bob", at=AT.add(hours=2))


def test_a_file_moved_to_a_database_and_back_is_the_same_store(
    store_path: Path, tmp_path: Path, database: str, run_cli
) -> None:
    worked_on(str(store_path))
    rules_path(store_path).write_text(RULES, encoding="utf-8")
    back = tmp_path / "back" / "store.json"
    back.parent.mkdir()
    file_before = open_store(str(store_path)).contents()

    there = run_cli("--store", str(store_path), "migrate", "--to", database)
    again = run_cli("--store", database, "migrate", "--to", str(back))

    assert (there.code, again.code) == (0, 0), (there.err, again.err)
    assert there.out == f"moved 1 project, 5 history entries and the store's rules (revision 4) to {database}\n"
    assert open_store(database).contents() == file_before
    assert open_store(str(back)).contents() == file_before
    assert back.read_bytes() == store_path.read_bytes()  # line for line the file it came from
    assert rules_path(back).read_text(encoding="utf-8") == RULES
    assert open_store(database).rules().schedule_red_days == 45
    report = open_store(database).verify_history()
    assert (report.count, report.head, report.projects) == (
        5,
        open_store(str(store_path)).verify_history().head,
        (1, 1),
    )
    # The database goes on from where the file left off: revision 5, the chain continued.
    open_store(database).apply([add_payment(CODE, date="2023-10-09", amount="1")], by="carol", at=AT)
    assert open_store(database).verify_history().count == 5 + 2


def test_a_move_onto_an_existing_store_is_refused_and_changes_neither(store_at: str, tmp_path: Path, run_cli) -> None:
    other = tmp_path / "other.json"
    run_cli("--store", str(other), "init")
    before, other_before = stored(store_at), other.read_bytes()

    refused = run_cli("--store", store_at, "migrate", "--to", str(other))

    assert refused.code == 2
    assert refused.err == f"drift: {other}: already exists\n"
    assert (stored(store_at), other.read_bytes()) == (before, other_before)


def test_a_move_to_a_file_beside_a_rules_file_of_another_store_is_refused_before_anything_is_made(
    store_at: str, tmp_path: Path, run_cli
) -> None:
    """The new store would follow rules that are not the moved store's, even when it brings none of its own."""
    target = tmp_path / "new.json"
    rules_path(target).write_text(RULES, encoding="utf-8")

    refused = run_cli("--store", store_at, "migrate", "--to", str(target))

    assert refused.code == 2
    assert refused.err == f"drift: {rules_path(target)}: already exists\n"
    assert not target.exists()


def test_a_rules_file_the_store_cannot_read_is_not_moved_and_nothing_is_made(
    store_path: Path, database: str, run_cli
) -> None:
    rules_path(store_path).write_bytes("schedule_red_days = 45 # 红色\n".encode("gbk"))

    refused = run_cli("--store", str(store_path), "migrate", "--to", database)

    assert refused.code == 2
    assert refused.err == f"drift: {rules_path(store_path)}: not UTF-8 text (byte 0xba at offset 25)\n"
    assert not open_store(database).exists()


def test_a_copy_that_does_not_read_back_as_what_was_moved_is_a_failure(
    store_path: Path, tmp_path: Path, run_cli, monkeypatch
) -> None:
    """Made but not the store it should be: the exit status must not say "moved", so no script goes on to use it."""
    from store.persist import Store

    target = tmp_path / "copy.json"
    read = Store.contents

    def misread(store: Store) -> object:
        contents = read(store)
        return contents if store.path != target else structs.replace(contents, meta={**contents.meta, "id": "x"})

    monkeypatch.setattr(Store, "contents", misread)
    failed = run_cli("--store", str(store_path), "migrate", "--to", str(target))

    assert failed.code == 2
    assert failed.err == f"drift: {target}: the copy does not read back as what was moved; do not use it\n"
