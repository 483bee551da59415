"""Undo reverts a change only while nothing later touched it, and never lands on a neighbour that moved."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from store.backend import Backend, open_store
from store.edits import ConflictError, add_compliance, add_payment, delete_record, edit_record
from store.errors import DriftError, TamperedHistoryError
from store.history import ChangedSinceError
from store.model import Project
from store.persist import Store
from store.postgres import PostgresStore
from tests.backends import hand_edit, stored
from tui.history_text import entry_line

CODE = "2306-140423-89-01-317509"
AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")


@pytest.fixture(autouse=True)
def everyone_saves_from_their_own_account(monkeypatch: pytest.MonkeyPatch, as_account) -> None:
    """Each name here is a person with a system account of that name, as on a shared server: undo goes by account."""

    def as_the_author(method):
        def acting(self: Store, *args: object, **kwargs: object):
            as_account(kwargs["by"])
            return method(self, *args, **kwargs)

        return acting

    for back_end in (Store, PostgresStore):
        monkeypatch.setattr(back_end, "apply", as_the_author(back_end.apply))
        monkeypatch.setattr(back_end, "undo", as_the_author(back_end.undo))


def project_in(store: Backend) -> Project:
    project = store.load().project(CODE)
    assert project is not None
    return project


def edit(store: Backend, by: str, hour: int, kind: str, record: str | None, **values: object) -> None:
    store.apply([edit_record(project_in(store), kind, record, **values)], by=by, at=AT.set(hour=hour))


def with_payment(store: Backend) -> None:
    """alice records P1 of 100 (revision 2)."""
    store.apply([add_payment(CODE, date="2023-10-08", source="local", amount="100")], by="alice", at=AT)


def test_undo_of_a_compliance_edit_after_an_earlier_check_was_deleted_never_rewrites_the_neighbour(
    store_at: str,
) -> None:
    store = open_store(store_at)
    edit(store, "bob", 10, "compliance", "3", risk="待核实")  # revision 2: the neighbour holds that value too
    edit(store, "alice", 11, "compliance", "2", risk="待核实")  # revision 3: alice's change
    store.apply([delete_record(project_in(store), "compliance", "1")], by="carol", at=AT.set(hour=12))  # revision 4
    before = stored(store_at)

    with pytest.raises(ChangedSinceError) as refused:
        store.undo(by="alice", at=AT.set(hour=13))

    assert str(refused.value) == (
        "compliance 1 was deleted by carol at 2023-10-16 12:30 (revision 4) after your change (revision 3); "
        "nothing was undone"
    )
    assert stored(store_at) == before
    assert [check.risk for check in project_in(store).compliance[:2]] == ["待核实", "待核实"]


def test_undo_is_refused_when_a_later_change_set_the_same_value_again(store_at: str) -> None:
    store = open_store(store_at)
    with_payment(store)
    edit(store, "alice", 10, "payments", "P1", amount="120")  # revision 3
    edit(store, "bob", 11, "payments", "P1", amount="130")  # revision 4
    edit(store, "carol", 12, "payments", "P1", amount="120")  # revision 5: a deliberate correction, equal by chance
    before = stored(store_at)

    with pytest.raises(ChangedSinceError) as refused:
        store.undo(by="alice", at=AT.set(hour=13))

    assert str(refused.value) == (
        "payments P1 amount was changed by carol at 2023-10-16 12:30 (revision 5) after your change (revision 3); "
        "nothing was undone"
    )
    assert refused.value.older is None  # adding P1 (revision 2) was touched since as well
    assert stored(store_at) == before


def test_a_later_change_that_was_itself_undone_does_not_block_the_undo(store_at: str) -> None:
    store = open_store(store_at)
    with_payment(store)
    edit(store, "alice", 10, "payments", "P1", amount="120")  # revision 3
    edit(store, "bob", 11, "payments", "P1", amount="130")  # revision 4
    store.undo(by="bob", at=AT.set(hour=12))  # revision 5: back to 120

    saved = store.undo(by="alice", at=AT.set(hour=13))

    assert [entry_line(entry, "en") for entry in saved.entries] == ["payments P1 amount: 120 → 100"]
    assert project_in(store).funding.payments[0].amount == Decimal("100")


def test_a_change_of_another_field_or_record_does_not_block_the_undo(store_at: str) -> None:
    store = open_store(store_at)
    with_payment(store)
    edit(store, "alice", 10, "payments", "P1", amount="120")  # revision 3
    edit(store, "bob", 11, "payments", "P1", voucher="V-9")  # revision 4
    edit(store, "bob", 11, "compliance", "1", risk="有")  # revision 5

    store.undo(by="alice", at=AT.set(hour=13))

    assert project_in(store).funding.payments[0].amount == Decimal("100")
    assert project_in(store).funding.payments[0].voucher == "V-9"


def test_a_refused_undo_does_not_block_undoing_an_older_change_by_its_revision(store_at: str) -> None:
    store = open_store(store_at)
    with_payment(store)  # revision 2
    edit(store, "alice", 10, "phases", "design", remark="alice")  # revision 3
    edit(store, "alice", 11, "payments", "P1", amount="120")  # revision 4
    edit(store, "bob", 12, "payments", "P1", amount="130")  # revision 5

    with pytest.raises(ChangedSinceError) as refused:
        store.undo(by="alice", at=AT.set(hour=13))
    assert refused.value.older == 3
    saved = store.undo(by="alice", at=AT.set(hour=13), revision=3)

    assert saved.entries[0].undoes == 3
    assert project_in(store).phases[1].remark == "实际完成日为初设批复日。"  # the sample's, as before alice's change
    assert project_in(store).funding.payments[0].amount == Decimal("130")


def test_undo_of_a_revision_that_is_not_yours_to_undo_is_refused_with_those_that_are(store_at: str) -> None:
    store = open_store(store_at)
    with_payment(store)  # revision 2
    edit(store, "bob", 10, "payments", "P1", amount="120")  # revision 3

    with pytest.raises(
        DriftError, match="revision 3 is not one of your changes still to undo \\(account alice\\); those are: 2"
    ):
        store.undo(by="alice", at=AT, revision=3)


def test_undo_of_an_edit_whose_record_is_no_longer_what_it_left_is_a_conflict(store_at: str) -> None:
    store = open_store(store_at)
    with_payment(store)
    edit(store, "alice", 10, "payments", "P1", amount="120")
    # A change the history does not hold (a store saved by an older drift, or by hand) is still caught by the values.
    hand_edit(store_at, '"amount":"120"', '"amount":"125"')

    with pytest.raises(ConflictError, match="payments P1 amount: theirs 125, yours 100 \\(you read 120\\)"):
        store.undo(by="alice", at=AT)


def test_a_compliance_check_added_after_the_one_changed_does_not_block_its_undo(store_at: str) -> None:
    store = open_store(store_at)
    edit(store, "alice", 10, "compliance", "2", risk="待核实")  # revision 2
    store.apply([add_compliance(CODE, item="新增检查")], by="bob", at=AT.set(hour=11))  # revision 3: goes last, 8th

    store.undo(by="alice", at=AT.set(hour=12))

    assert [check.risk for check in project_in(store).compliance[:2]] == ["无", "无"]
    assert project_in(store).compliance[-1].item == "新增检查"


def test_undo_never_lands_over_a_later_change_to_a_record_that_moved_and_moved_back(store_at: str) -> None:
    store = open_store(store_at)
    edit(store, "alice", 10, "compliance", "3", status="X")  # revision 2: alice's change to the third check
    store.apply([delete_record(project_in(store), "compliance", "1")], by="bob", at=AT.set(hour=11))  # 3: it is 2nd
    edit(store, "carol", 12, "compliance", "2", status="Z")  # revision 4: carol changes it, as the 2nd
    edit(store, "carol", 13, "compliance", "2", status="X")  # revision 5: and sets it back, deliberately
    store.undo(by="bob", at=AT.set(hour=14), revision=3)  # revision 6: bob puts the first check back; 3rd again
    before = stored(store_at)

    with pytest.raises(ChangedSinceError) as refused:
        store.undo(by="alice", at=AT.set(hour=15))

    assert str(refused.value).startswith("compliance 1 was added by bob at 2023-10-16 14:30 (revision 6)")
    assert stored(store_at) == before
    assert project_in(store).compliance[2].status == "X"


def test_undo_is_refused_when_the_history_it_would_write_back_was_changed_by_hand(store_at: str) -> None:
    store = open_store(store_at)
    edit(store, "alice", 10, "compliance", "2", status="核实中")  # revision 2
    (entry,) = store.history()
    hand_edit(store_at, f'"old":"{entry.old}"', '"old":"FORGED"')  # what undo would write back, changed by hand
    before = stored(store_at)

    with pytest.raises(TamperedHistoryError) as refused:
        store.undo(by="alice", at=AT.set(hour=11))

    assert str(refused.value) == (
        f"{store.path}: history entry 1 (revision 2) was changed after it was written; "
        "nothing was undone, as undo takes its values from it"
    )
    assert stored(store_at) == before
    assert project_in(store).compliance[1].status == "核实中"
