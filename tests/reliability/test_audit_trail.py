"""The history as an audit trail: who really made each change, undo acting for its maker, hand edits found out."""

from __future__ import annotations

import hashlib
import json
import os
import pwd
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
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
    for amount, by in (("1", ME), ("2", "alice")):
        assert run_cli(*PAY, "--amount", amount, "--by", by, "--store", str(store_path), environ={}).code == 0
    document = json.loads(store_path.read_bytes())
    for entry in document["history"].values():  # as an older drift wrote them: alice's is the last
        for field in ("account", "hash", "previous"):
            del entry[field]
    for record in document["_meta"].values():
        del record["history"]  # an older drift kept no chain either
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


# A tamper-evident history


@pytest.fixture
def paid(store_path: Path, run_cli) -> Path:
    """The sample store with three payments of alice's: revisions 2, 3 and 4, history entries 1–4, 5–8 and 9–12."""
    for amount in ("1", "2", "3"):
        assert run_cli(*PAY, "--amount", amount, "--store", str(store_path), environ={"USER": "alice"}).code == 0
    return store_path


def by_hand(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """The store file changed as someone with a text editor would, the way a JSON library writes it back."""
    document = json.loads(path.read_bytes())
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


def renumbered(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(n): entry for n, entry in enumerate(entries, start=1)}


def sealed(entry: dict[str, Any], previous: str) -> dict[str, Any]:
    """The entry linked to previous and hashed by the recipe docs/reliability.md gives, as anyone could do it."""
    linked = {name: value for name, value in entry.items() if name != "hash"} | {"previous": previous}
    return linked | {"hash": hashlib.sha256(orjson.dumps(linked, option=orjson.OPT_SORT_KEYS)).hexdigest()}


def verified(path: Path, run_cli) -> tuple[Any, Any]:
    """What `drift validate` and `drift log --verify` say of the store."""
    return run_cli("validate", "--store", str(path)), run_cli("log", "--verify", "--store", str(path))


def assert_both_report(results: tuple[Any, Any], path: Path, *needles: str) -> None:
    for result in results:
        assert result.code == 2, result.err
        assert result.out == ""
        assert_one_line_error(result.err, str(path), *needles)


def test_every_entry_is_chained_by_the_documented_recipe_and_the_store_keeps_the_last_hash(paid: Path) -> None:
    document = json.loads(paid.read_bytes())
    previous = ""
    for n, entry in sorted(document["history"].items(), key=lambda item: int(item[0])):
        assert entry == sealed(entry, previous), n
        previous = entry["hash"]

    assert len(document["history"]) == 12
    assert document["_meta"]["1"]["history"] == {"head": previous, "last": 12}


def test_an_untouched_history_is_verified_by_validate_and_log_verify(paid: Path, run_cli) -> None:
    head = json.loads(paid.read_bytes())["history"]["12"]["hash"]

    validate, log = verified(paid, run_cli)

    assert validate.code == 0, validate.err
    assert validate.out.splitlines() == [
        f"{paid}: valid, 1 project",
        f"{paid}: history intact: entries 1–12 verified, last hash {head}; "
        "1 of 1 project as its last recorded change left it",
    ]
    assert log.code == 0, log.err
    assert len(log.out.splitlines()) == 12
    assert f"history intact: entries 1–12 verified, last hash {head}" in log.err


@pytest.mark.parametrize("number", [1, 6, 12])
def test_an_entry_changed_by_hand_is_named_while_everyday_commands_still_read_the_store(
    paid: Path, run_cli, number: int
) -> None:
    by_hand(paid, lambda document: document["history"][str(number)].update(by="mallory"))
    revision = (number - 1) // 4 + 2

    assert_both_report(verified(paid, run_cli), paid, f"history entry {number} (revision {revision}) was changed")
    assert run_cli("log", "--store", str(paid)).code == 0  # the chain is checked when asked, not at every load
    assert run_cli("list", "--store", str(paid)).code == 0


@pytest.mark.parametrize(
    ("removed", "message"),
    [([6], "history entry 6 is missing"), ([5, 6, 7, 8], "history entries 5–8 are missing")],
    ids=["one", "a-whole-revision"],
)
def test_removed_entries_are_named(paid: Path, run_cli, removed: list[int], message: str) -> None:
    def remove(document: dict[str, Any]) -> None:
        for number in removed:
            del document["history"][str(number)]

    by_hand(paid, remove)

    assert_both_report(verified(paid, run_cli), paid, message)


def test_a_removed_entry_with_the_rest_renumbered_is_reported_where_the_history_breaks(paid: Path, run_cli) -> None:
    def remove(document: dict[str, Any]) -> None:
        entries = list(document["history"].values())
        del entries[5]
        document["history"] = renumbered(entries)

    by_hand(paid, remove)

    assert_both_report(verified(paid, run_cli), paid, "history entry 6 (revision 3) does not follow entry 5")


def test_the_last_entries_removed_are_reported_even_after_later_saves(paid: Path, run_cli) -> None:
    def remove(document: dict[str, Any]) -> None:
        for number in (9, 10, 11, 12):
            del document["history"][str(number)]

    by_hand(paid, remove)
    missing = "history entries 9–12 are missing"
    assert_both_report(verified(paid, run_cli), paid, missing)

    assert run_cli(*PAY, "--amount", "4", "--store", str(paid), environ={"USER": "bob"}).code == 0

    assert_both_report(verified(paid, run_cli), paid, missing)


def forged_after(entry: dict[str, Any], **changes: object) -> dict[str, Any]:
    return {**entry, "by": "mallory", "note": "forged", **changes}


def test_a_forged_entry_without_a_hash_after_chained_ones_is_reported(paid: Path, run_cli) -> None:
    def forge(document: dict[str, Any]) -> None:
        last = document["history"]["12"]
        document["history"]["13"] = {name: value for name, value in forged_after(last).items() if name != "hash"}

    by_hand(paid, forge)

    assert_both_report(
        verified(paid, run_cli), paid, "history entry 13 (revision 4) has no hash though the entries before it do"
    )


def test_a_forged_entry_hashed_as_drift_would_is_reported_as_added_after_the_last_entry_drift_wrote(
    paid: Path, run_cli
) -> None:
    def forge(document: dict[str, Any]) -> None:
        last = document["history"]["12"]
        document["history"]["13"] = sealed(forged_after(last), last["hash"])

    by_hand(paid, forge)

    assert_both_report(
        verified(paid, run_cli), paid, "history entry 13 was added after the last entry drift wrote (entry 12)"
    )


def test_a_forged_entry_inserted_and_hashed_is_reported_at_the_entry_it_pushed_aside(paid: Path, run_cli) -> None:
    def forge(document: dict[str, Any]) -> None:
        entries = list(document["history"].values())
        entries.insert(6, sealed(forged_after(entries[5]), entries[5]["hash"]))
        document["history"] = renumbered(entries)

    by_hand(paid, forge)

    assert_both_report(verified(paid, run_cli), paid, "history entry 8 (revision 3) does not follow entry 7")


def test_an_entry_beyond_the_stores_revision_is_reported_even_when_the_whole_chain_was_rehashed(
    paid: Path, run_cli
) -> None:
    def forge(document: dict[str, Any]) -> None:
        last = document["history"]["12"]
        document["history"]["13"] = sealed(forged_after(last, revision=5), last["hash"])
        document["_meta"]["1"]["history"] = {"head": document["history"]["13"]["hash"], "last": 13}

    by_hand(paid, forge)

    assert_both_report(verified(paid, run_cli), paid, "history entry 13 (revision 5) is beyond the store's revision 4")


def test_entries_from_before_the_chain_are_an_unverified_prefix_that_the_first_chained_save_seals(
    paid: Path, run_cli
) -> None:
    def as_an_older_drift_wrote_it(document: dict[str, Any]) -> None:
        for entry in document["history"].values():
            del entry["hash"], entry["previous"], entry["account"]
        del document["_meta"]["1"]["history"]

    by_hand(paid, as_an_older_drift_wrote_it)
    old = run_cli("validate", "--store", str(paid))
    assert old.code == 0, old.err
    assert f"{paid}: none of the 12 history entries is chained" in old.out

    assert run_cli(*PAY, "--amount", "4", "--store", str(paid), environ={"USER": "alice"}).code == 0
    head = json.loads(paid.read_bytes())["history"]["16"]["hash"]
    validate, log = verified(paid, run_cli)

    assert validate.code == 0 and log.code == 0, validate.err + log.err
    assert validate.out.splitlines()[1] == (
        f"{paid}: history intact: entries 13–16 verified, last hash {head}; entries 1–12 were written before the "
        "history was chained and are verified only as they were when entry 13 sealed them; "
        "1 of 1 project as its last recorded change left it"
    )
    by_hand(paid, lambda document: document["history"]["3"].update(new="999"))
    assert_both_report(
        verified(paid, run_cli),
        paid,
        "history entry 13 (revision 5) sealed entries 1–12, written before the history was chained, as they no longer are",
    )


def test_an_entry_changed_and_hashed_again_is_reported_where_it_no_longer_links(paid: Path, run_cli) -> None:
    def forge(document: dict[str, Any]) -> None:
        history = document["history"]
        history["6"] = sealed(history["6"] | {"by": "mallory"}, history["5"]["hash"])

    by_hand(paid, forge)

    assert_both_report(
        verified(paid, run_cli),
        paid,
        "history entry 7 (revision 3) does not follow entry 6",
        "or entry 6 was changed and hashed again",
    )


def test_a_consistent_rewrite_is_caught_only_by_a_hash_noted_outside_the_store(paid: Path, run_cli) -> None:
    noted = json.loads(paid.read_bytes())["history"]["8"]["hash"]  # as an auditor wrote it down at revision 3

    def rewrite(document: dict[str, Any]) -> None:
        previous = ""
        history = document["history"]
        for number in range(1, 13):  # every hash recomputed by the recipe, and the head put back in _meta
            entry = history[str(number)] | ({"by": "mallory"} if number == 6 else {})
            history[str(number)] = sealed(entry, previous)
            previous = history[str(number)]["hash"]
        document["_meta"]["1"]["history"]["head"] = previous

    before = run_cli("log", "--anchor", noted, "--store", str(paid))
    assert before.code == 0 and "the hash you noted is still entry 8's" in before.err, before.err
    by_hand(paid, rewrite)

    assert run_cli("log", "--verify", "--store", str(paid)).code == 0  # the chain alone cannot tell
    anchored = run_cli("log", "--verify", "--anchor", noted, "--store", str(paid))
    assert anchored.code == 2
    assert_one_line_error(anchored.err, str(paid), f"no history entry has the hash {noted}")


# The data held against the history


def test_a_payment_changed_by_hand_in_the_data_is_named_though_the_history_is_untouched(paid: Path, run_cli) -> None:
    def pay_more(document: dict[str, Any]) -> None:
        (project,) = document["projects"].values()
        project["funding"]["payments"][0]["amount"] = "1000"  # the history still says 1

    by_hand(paid, pay_more)

    assert_both_report(
        verified(paid, run_cli),
        "project 2306-140423-89-01-317509 is not what its last recorded change left (revision 4, ",
        "by alice (account",
        "it was changed outside drift, and no history entry says so",
    )


def test_a_project_removed_by_hand_is_named_and_one_removed_by_drift_is_not(paid: Path, run_cli) -> None:
    new = ("new", "--code", "N-1", "--name", "n", "--year", "2023", "--annual-budget", "1", "--by", "alice")
    assert run_cli(*new, "--store", str(paid)).code == 0
    assert run_cli("undo", "--store", str(paid)).code == 0  # removed through drift: its last entry says so
    assert run_cli(*new, "--store", str(paid)).code == 0
    assert verified(paid, run_cli)[0].code == 0

    by_hand(paid, lambda document: document["projects"].pop("2"))  # N-1, as it was added last

    assert_both_report(verified(paid, run_cli), "project N-1 is gone", "it was removed outside drift")
