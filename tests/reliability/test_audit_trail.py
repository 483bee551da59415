"""The history as an audit trail: who really made each change, and undo acting only for the person running it."""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

import pytest

from store.files import load_sample
from store.persist import Store

from .helpers import as_root, assert_one_line_error, drift_as_nobody

PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--voucher", "V")
"""A payment but its amount."""

ME = pwd.getpwuid(os.geteuid()).pw_name
"""The account this test process runs as, by the rule the history follows, written out here."""


def amounts(path: Path) -> list[str]:
    return [payment.amount.to_eng_string() for payment in Store(path).load().projects[0].funding.payments]


# Who really made a change


def test_each_change_records_the_system_account_that_made_it_beside_the_declared_name(
    store_path: Path, run_cli
) -> None:
    result = run_cli(*PAY, "--amount", "1", "--by", "alice", "--store", str(store_path), environ={"USER": "mallory"})

    assert result.code == 0, result.err
    assert {(entry.by, entry.account) for entry in Store(store_path).history()} == {("alice", ME)}
    rows = [line.split("\t") for line in run_cli("log", "--store", str(store_path)).out.splitlines()]
    assert {(row[2], row[3]) for row in rows} == {("alice", ME)}
    logged = json.loads(run_cli("log", "--json", "--store", str(store_path)).out)
    assert {(entry["by"], entry["account"]) for entry in logged} == {("alice", ME)}


def test_an_account_without_a_passwd_entry_is_recorded_as_its_uid(
    store_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)  # as in a container started with a bare --user 4242

    assert run_cli(*PAY, "--amount", "1", "--store", str(store_path), environ={"USER": "alice"}).code == 0

    assert {entry.account for entry in Store(store_path).history()} == {str(os.geteuid())}


def test_without_user_or_logname_a_change_is_declared_by_the_login_name(store_path: Path, run_cli) -> None:
    result = run_cli(*PAY, "--amount", "1", "--store", str(store_path), environ={})

    assert result.code == 0, result.err
    assert {(entry.by, entry.account) for entry in Store(store_path).history()} == {(ME, ME)}


def test_the_dashboard_without_a_user_declares_its_changes_by_the_login_name_and_records_the_account(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.edits import add_payment
    from tui.app import DriftApp

    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("LOGNAME", raising=False)
    store = Store(store_path)
    app = DriftApp(store, lang="en")
    code = store.load().projects[0].code

    app.save_edits([add_payment(code, date="2023-10-08", source="local", amount="1")])

    assert {(entry.by, entry.account) for entry in store.history()} == {(ME, ME)}


def test_old_entries_without_an_account_load_and_show_it_as_unknown(store_path: Path, run_cli) -> None:
    assert run_cli(*PAY, "--amount", "1", "--store", str(store_path), environ={"USER": "alice"}).code == 0
    document = json.loads(store_path.read_bytes())
    for entry in document["history"].values():
        del entry["account"]  # as an older drift wrote them
    store_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    rows = [line.split("\t") for line in run_cli("log", "--store", str(store_path)).out.splitlines()]
    logged = json.loads(run_cli("log", "--json", "--store", str(store_path)).out)

    assert {(row[2], row[3]) for row in rows} == {("alice", "(unknown)")}
    assert {(entry["by"], entry["account"]) for entry in logged} == {("alice", None)}


# Undo acts for the person running it


def test_undo_takes_back_the_last_change_of_this_account_not_the_last_one_declared_in_its_name(
    store_path: Path, run_cli, as_account
) -> None:
    as_alice = {"USER": "alice"}
    assert run_cli(*PAY, "--amount", "1", "--store", str(store_path), environ=as_alice).code == 0
    as_account("mallory")  # another account, declaring itself alice
    assert run_cli(*PAY, "--amount", "2", "--store", str(store_path), environ=as_alice).code == 0
    as_account(ME)

    result = run_cli("undo", "--store", str(store_path), environ=as_alice)

    assert result.code == 0, result.err
    assert amounts(store_path) == ["2"]
    assert "undid revision 2" in result.err


def test_undo_by_a_name_is_recorded_on_behalf_of_that_name_by_this_account(store_path: Path, run_cli) -> None:
    assert run_cli(*PAY, "--amount", "1", "--store", str(store_path), environ={"USER": "alice"}).code == 0

    result = run_cli("undo", "--by", "bob", "--store", str(store_path), environ={"USER": "alice"})

    assert result.code == 0, result.err
    assert f"saved as revision 3 by the account {ME} on behalf of bob" in result.err
    undo = [entry for entry in Store(store_path).history() if entry.undoes == 2]
    assert len(undo) == 4 and {(entry.by, entry.account) for entry in undo} == {("bob", ME)}
    assert amounts(store_path) == []


def test_an_old_entry_without_an_account_is_undone_only_by_the_account_of_its_name(store_path: Path, run_cli) -> None:
    for by in (ME, "alice"):
        assert run_cli(*PAY, "--amount", "1", "--by", by, "--store", str(store_path), environ={}).code == 0
    document = json.loads(store_path.read_bytes())
    for entry in document["history"].values():
        del entry["account"]  # as an older drift wrote them: alice's is the last, then the account's own
    store_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    first = run_cli("undo", "--store", str(store_path), environ={"USER": "alice"})
    second = run_cli("undo", "--store", str(store_path), environ={"USER": "alice"})

    assert first.code == 0, first.err
    assert "undid revision 2" in first.err  # its own, by its login name; alice's revision 3 stays
    assert second.code == 2
    assert_one_line_error(second.err, f"nothing to undo: no change made from the account {ME}")
    assert [entry.revision for entry in Store(store_path).history() if entry.undoes] == [4] * 4


@as_root
def test_two_accounts_declaring_the_same_name_each_undo_only_their_own(shared_dir: Path, run_cli) -> None:
    path = shared_dir / "store.json"
    Store(path).create(load_sample())
    for shared in (path, Store(path).lock_path):
        shared.touch()
        shared.chmod(0o666)  # a store both may write: each save keeps the mode
    as_alice = ("--store", str(path), "--by", "alice")
    assert run_cli(*PAY, "--amount", "1", *as_alice, environ={}).code == 0  # root, as alice
    paid = drift_as_nobody(*PAY, "--amount", "2", *as_alice)  # nobody, as alice
    assert paid.returncode == 0, paid.stderr

    by_root = run_cli("undo", "--store", str(path), environ={"USER": "alice"})
    by_nobody = drift_as_nobody("undo", "--store", str(path))

    assert by_root.code == 0 and "undid revision 2" in by_root.err, by_root.err
    assert by_nobody.returncode == 0 and "undid revision 3" in by_nobody.stderr, by_nobody.stderr
    assert amounts(path) == []
    assert {(entry.revision, entry.account) for entry in Store(path).history()} == {
        (2, "root"),
        (3, "nobody"),
        (4, "root"),
        (5, "nobody"),
    }
