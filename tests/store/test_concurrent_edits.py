"""Several people, one store: edits of different records made at once all land; of the same field, one wins and the other is told."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import pendulum

from store.backend import Backend, open_store
from store.edits import add_payment

CODE = "2306-140423-89-01-317509"

_EDITOR = textwrap.dedent(
    """
    import pathlib, sys, time
    import pendulum
    from store.edits import ConflictError, edit_record
    from store.backend import open_store

    path, record, amount, by, ready, go = sys.argv[1:7]
    store = open_store(path)
    store.lock_timeout = 30
    edit = edit_record(store.load().projects[0], "payments", record, amount=amount)  # what this person saw
    pathlib.Path(ready).touch()
    deadline = time.monotonic() + 20
    while not pathlib.Path(go).exists() and time.monotonic() < deadline:  # save together, to collide
        time.sleep(0.002)
    try:
        saved = store.apply([edit], by=by, at=pendulum.now())
    except ConflictError as error:
        print(error, file=sys.stderr)
        sys.exit(3)
    print(saved.revision)
    """
)


def with_payments(store_at: str, count: int) -> Backend:
    """The sample store with payments P1 … Pn of 100 each, saved as revision 2."""
    store = open_store(store_at)
    edits = [add_payment(CODE, date="2023-10-08", source="local", amount="100") for _ in range(count)]
    store.apply(edits, by="setup", at=pendulum.datetime(2023, 10, 1, tz="Asia/Shanghai"))
    return store


def edit_at_once(store_at: str, tmp_path: Path, edits: list[tuple[str, str, str]]) -> list[tuple[int, str, str]]:
    """Run one process per (record, amount, by), each based on the same revision, released together."""
    go = tmp_path / "go"
    readies = [tmp_path / f"ready-{n}" for n in range(len(edits))]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _EDITOR, store_at, record, amount, by, str(ready), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for (record, amount, by), ready in zip(edits, readies, strict=True)
    ]
    deadline = time.monotonic() + 30
    while not all(ready.exists() for ready in readies) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=60)
        results.append((process.returncode, out, err))
    return results


def test_two_people_editing_different_records_from_the_same_revision_both_land(store_at: str, tmp_path) -> None:
    store = with_payments(store_at, 2)

    results = edit_at_once(store_at, tmp_path, [("P1", "111", "alice"), ("P2", "222", "bob")])

    assert [code for code, _, _ in results] == [0, 0], results
    portfolio = store.load()
    assert [p.amount for p in portfolio.projects[0].funding.payments] == [Decimal("111"), Decimal("222")]
    assert portfolio.revision == 4
    edits = [(e.by, e.record, e.old, e.new) for e in store.history() if e.action == "edit"]
    assert sorted(edits) == [("alice", "P1", "100", "111"), ("bob", "P2", "100", "222")]


def test_two_people_editing_the_same_field_one_wins_and_the_other_gets_a_conflict_with_both_values(
    store_at: str, tmp_path
) -> None:
    store = with_payments(store_at, 1)

    results = edit_at_once(store_at, tmp_path, [("P1", "111", "alice"), ("P1", "222", "bob")])

    assert sorted(code for code, _, _ in results) == [0, 3], results
    winner, loser = ("111", "222") if results[0][0] == 0 else ("222", "111")
    (conflict,) = [err for code, _, err in results if code == 3]
    assert f"payments P1 amount: theirs {winner}, yours {loser} (you read 100)" in conflict
    assert "nothing was saved" in conflict
    assert store.load().projects[0].funding.payments[0].amount == Decimal(winner)
    assert store.load().revision == 3
    assert [(e.old, e.new) for e in store.history() if e.action == "edit"] == [("100", winner)]


def test_four_drift_commands_editing_different_payments_at_once_all_land(store_at: str) -> None:
    store = with_payments(store_at, 4)
    drift = [sys.executable, "-m", "tui.cli", "--store", store_at]
    processes = [
        subprocess.Popen(
            [*drift, "pay", "--edit", f"P{n}", "--amount", f"{n}0", "--by", f"user{n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(1, 5)
    ]
    outputs = [process.communicate(timeout=60) for process in processes]
    results = [(process.returncode, out, err) for process, (out, err) in zip(processes, outputs, strict=True)]

    assert [code for code, _, _ in results] == [0, 0, 0, 0], results
    assert [out for _, out, _ in results] == [f"payments P{n} amount: 100 → {n}0\n" for n in range(1, 5)]
    portfolio = store.load()
    assert [p.amount for p in portfolio.projects[0].funding.payments] == [10, 20, 30, 40]
    assert portfolio.revision == 6
    assert sorted(e.by for e in store.history() if e.action == "edit") == ["user1", "user2", "user3", "user4"]
