"""`drift migrate --to` moves a store between a file and a database with everything, history and rules included."""

from __future__ import annotations

from pathlib import Path

import pendulum

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
