"""Edits: each operation applies and validates with exact paths, conflicts are caught, history and undo are kept."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from msgspec import structs

from store.codec import encode_project
from store.edits import (
    Action,
    AddRecord,
    ConflictError,
    EditRecord,
    FieldChange,
    UnknownRecordError,
    add_allocation,
    add_compliance,
    add_event,
    add_finding,
    add_payment,
    add_recommendation,
    apply_edits,
    delete_record,
    edit_record,
    new_project,
)
from store.errors import DriftError, NoStoreError, StoreError, ValidationError
from store.history import ChangedSinceError, project_digest, system_account
from store.model import EventMark, Likelihood, Project, SourceKind
from store.persist import Store
from tui.history_text import entry_line

CODE = "2306-140423-89-01-317509"
AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")
LATER = AT.add(hours=1)
ME = system_account()
"""The system account the tests run as, which every change they make records."""


def store_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_bytes())


def project_in(store: Store, code: str = CODE) -> Project:
    project = store.load().project(code)
    assert project is not None
    return project


def with_payment(store: Store, amount: str = "100", voucher: str = "V-1") -> Project:
    """The project after alice records one payment P1 (revision 2)."""
    edit = add_payment(CODE, date=pendulum.date(2023, 10, 8), source="local", amount=amount, voucher=voucher)
    store.apply([edit], by="alice", at=AT)
    return project_in(store)


# Each operation


def test_adding_a_payment_gives_it_the_next_free_id_and_keeps_money_as_decimal(sample_projects) -> None:
    (seed,) = sample_projects
    edit = add_payment(CODE, date=pendulum.date(2023, 10, 15), source=SourceKind.CENTRAL, amount=Decimal("120.50"))

    first = edit.apply(seed)
    second = structs.replace(edit, values=(*edit.values, ("voucher", "记-2"))).apply(first)

    assert [p.id for p in second.funding.payments] == ["P1", "P2"]
    assert second.funding.payments[0].amount == Decimal("120.50")
    assert second.funding.payments[0].date == pendulum.date(2023, 10, 15)


def test_adding_an_allocation_continues_after_the_highest_id(sample_projects) -> None:
    (seed,) = sample_projects
    edit = add_allocation(CODE, date="2023-10-09", source="central", amount="5", document="襄财综[2023]9号")

    result = edit.apply(seed)

    assert result.funding.allocations[-1].id == "A4"
    assert result.funding.allocations[-1].document == "襄财综[2023]9号"


def test_an_added_event_carries_its_document_and_the_end_of_the_phase_it_marks(sample_projects) -> None:
    (seed,) = sample_projects
    edit = add_event(
        CODE, date="2023-12-20", name="竣工验收", document="X〔2023〕1号", phase="acceptance", marks=EventMark.END
    )

    event = edit.apply(seed).events[-1]

    assert (event.id, event.document, event.phase, event.marks) == ("E5", "X〔2023〕1号", "acceptance", EventMark.END)


def test_editing_a_payment_changes_only_the_fields_given(store_path: Path) -> None:
    store = Store(store_path)
    project = with_payment(store)

    edit = edit_record(project, "payments", "P1", amount=Decimal("120.50"), voucher="V-1")

    assert edit == EditRecord(CODE, "payments", "P1", (FieldChange("amount", "100", "120.50"),))
    payment = edit.apply(project).funding.payments[0]
    assert (payment.amount, payment.voucher, payment.source) == (Decimal("120.50"), "V-1", SourceKind.LOCAL)


def test_a_phase_actual_start_is_cleared_and_its_actual_end_set(sample_projects) -> None:
    (seed,) = sample_projects
    edit = edit_record(seed, "phases", "construction", actual_start=None, actual_end=pendulum.date(2023, 12, 20))

    phase = edit.apply(seed).phases[3]

    assert (phase.actual_start, phase.actual_end) == (None, pendulum.date(2023, 12, 20))


def test_indicator_progress_sets_the_values_to_date_the_likelihood_and_the_cause(sample_projects) -> None:
    (seed,) = sample_projects
    edit = edit_record(
        seed, "indicators", "I5", to_date="40%", likelihood=Likelihood.IMPOSSIBLE, deviation_cause="前期手续滞后"
    )
    indicator = edit.apply(seed).indicators[4]
    assert (indicator.to_date, indicator.likelihood, indicator.deviation_cause) == (
        "40%",
        Likelihood.IMPOSSIBLE,
        "前期手续滞后",
    )

    cleared = edit_record(edit.apply(seed), "indicators", "I5", likelihood=None).apply(edit.apply(seed))
    assert cleared.indicators[4].likelihood is None


def test_the_status_date_is_a_field_of_the_project_record(sample_projects) -> None:
    (seed,) = sample_projects

    result = edit_record(seed, "project", None, status_date=pendulum.date(2023, 12, 31)).apply(seed)

    assert result.status_date == pendulum.date(2023, 12, 31)


def test_findings_recommendations_and_compliance_checks_are_added_edited_and_deleted_by_position(
    sample_projects,
) -> None:
    (seed,) = sample_projects
    project, _ = apply_edits(
        [seed],
        [
            add_finding(CODE, problem="资金未支出", cause="手续滞后"),
            add_recommendation(CODE, "加快支付"),
            add_compliance(CODE, item="合同管理", status="已签订", risk="无"),
        ],
    )
    (project,) = project
    assert project.findings[-1].problem == "资金未支出"
    assert project.recommendations[-1] == "加快支付"
    assert project.compliance[-1].item == "合同管理"

    project = edit_record(project, "findings", "3", recommendation="督促支付").apply(project)
    project = delete_record(project, "recommendations", "1").apply(project)

    assert project.findings[2].recommendation == "督促支付"
    assert project.recommendations == (seed.recommendations[1], "加快支付")


def test_a_new_project_needs_only_code_name_year_and_budget_and_its_code_must_be_new(store_path: Path) -> None:
    store = Store(store_path)
    edit = new_project("N-1", name="新项目", budget_year=2024, annual_budget=Decimal("100"), sources=[("local", "100")])

    store.apply([edit], by="alice", at=AT)
    created = project_in(store, "N-1")

    assert (created.name, created.budget_year, created.funding.annual_budget) == ("新项目", 2024, Decimal("100"))
    assert created.funding.sources[0].kind == SourceKind.LOCAL
    with pytest.raises(ValidationError, match="already in the store"):
        store.apply([edit], by="alice", at=AT)


# Validation: every rule of the codec, with the exact path


def _negative_payment(seed: Project):
    return add_payment(CODE, date="2023-10-08", source="local", amount="-5")


def _payment_outside_the_year(seed: Project):
    return add_payment(CODE, date="2025-01-02", source="local", amount="5")


def _payment_from_an_unlisted_source(seed: Project):
    return add_payment(CODE, date="2023-10-08", source="other", amount="5")


def _payment_from_an_unknown_source(seed: Project):
    return add_payment(CODE, date="2023-10-08", source="bank", amount="5")


def _non_numeric_allocation(seed: Project):
    return edit_record(seed, "allocations", "A3", amount="8万")


def _actual_end_before_start(seed: Project):
    return edit_record(seed, "phases", "construction", actual_end=pendulum.date(2023, 9, 1))


def _event_of_an_unknown_phase(seed: Project):
    return add_event(CODE, date="2023-10-01", name="x", phase="nowhere")


def _control_character_in_a_remark(seed: Project):
    return edit_record(seed, "indicators", "I1", remark="bad\x1b[31m")


@pytest.mark.parametrize(
    ("make", "path", "words"),
    [
        (_negative_payment, "funding.payments[0].amount", "'-5' must not be negative"),
        (_payment_outside_the_year, "funding.payments[0].date", "2025-01-02 is outside 2022–2024"),
        (_payment_from_an_unlisted_source, "funding.payments[0].source", "is not a funding source of this project"),
        (_payment_from_an_unknown_source, "funding.payments[0].source", "list it under funding.sources first"),
        (
            _non_numeric_allocation,
            "funding.allocations[2].amount",
            "'8万' must be a decimal string in 万元: write it as \"8\"",
        ),
        (_actual_end_before_start, "phases[3].actual_end", "is before actual_start 2023-09-28"),
        (_event_of_an_unknown_phase, "events[4].phase", "'nowhere' is not a phase"),
        (_control_character_in_a_remark, "indicators[0].remark", "control character U+001B"),
    ],
)
def test_an_edit_that_breaks_a_rule_is_refused_with_the_path_of_the_field(sample_projects, make, path, words) -> None:
    (seed,) = sample_projects

    with pytest.raises(ValidationError) as caught:
        make(seed).apply(seed)

    assert caught.value.path == f"projects[{CODE}].{path}"
    assert words in caught.value.message


def test_many_new_records_are_checked_in_one_pass_and_a_bad_one_is_named_by_its_place(sample_projects) -> None:
    edits = [add_payment(CODE, date="2023-10-01", source="local", amount=amount) for amount in ("1", "2", "-3")]

    with pytest.raises(ValidationError) as caught:
        apply_edits(sample_projects, edits)
    _, changes = apply_edits(sample_projects, edits[:2])

    assert caught.value.path == f"projects[{CODE}].funding.payments[2].amount"
    assert [(change.record, change.fields[-1]) for change in changes] == [
        ("P1", FieldChange("amount", None, "1")),
        ("P2", FieldChange("amount", None, "2")),
    ]


def test_money_as_a_float_is_refused_before_it_can_lose_cents() -> None:
    with pytest.raises(TypeError, match="never float"):
        add_payment(CODE, date="2023-10-08", source="local", amount=0.1)


def test_a_field_a_record_does_not_have_is_refused(sample_projects) -> None:
    (seed,) = sample_projects

    with pytest.raises(ValidationError, match="payments records have no field 'colour'"):
        edit_record(seed, "payments", "P1", colour="red")
    with pytest.raises(ValidationError, match="no field 'id'"):
        edit_record(seed, "phases", "design", id="other")


def test_an_unknown_record_id_is_refused_with_the_ids_there_are(sample_projects) -> None:
    (seed,) = sample_projects

    with pytest.raises(UnknownRecordError, match=r"no phase record 'build' .*feasibility, design, tendering"):
        edit_record(seed, "phases", "build", actual_end=None)
    with pytest.raises(UnknownRecordError, match=r"no payment record 'P9'.*none yet"):
        delete_record(seed, "payments", "P9")


# Several people, one store


def test_an_edit_based_on_a_value_someone_changed_since_is_a_conflict_naming_both_values(store_path: Path) -> None:
    store = Store(store_path)
    seen_by_both = with_payment(store)
    store.apply([edit_record(seen_by_both, "payments", "P1", amount="130")], by="bob", at=AT)
    before = store_path.read_bytes()

    with pytest.raises(ConflictError) as caught:
        store.apply([edit_record(seen_by_both, "payments", "P1", amount="120.50")], by="alice", at=LATER)

    (conflict,) = caught.value.conflicts
    assert (conflict.kind, conflict.record, conflict.field) == ("payments", "P1", "amount")
    assert (conflict.based_on, conflict.theirs, conflict.yours) == ("100", "130", "120.50")
    assert "payments P1 amount: theirs 130, yours 120.50 (you read 100)" in str(caught.value)
    assert store_path.read_bytes() == before


def test_an_edit_of_another_record_lands_on_top_of_a_newer_revision(store_path: Path) -> None:
    store = Store(store_path)
    stale = store.load().projects[0]
    store.apply([edit_record(stale, "phases", "design", remark="bob's")], by="bob", at=AT)

    saved = store.apply([edit_record(stale, "phases", "construction", actual_end="2023-12-20")], by="alice", at=AT)

    phases = {p.id: p for p in project_in(store).phases}
    assert saved.revision == 3
    assert phases["design"].remark == "bob's"
    assert phases["construction"].actual_end == pendulum.date(2023, 12, 20)


def test_an_edit_of_another_field_of_the_same_record_lands_too(store_path: Path) -> None:
    store = Store(store_path)
    stale = with_payment(store)
    store.apply([edit_record(stale, "payments", "P1", voucher="V-9")], by="bob", at=AT)

    store.apply([edit_record(stale, "payments", "P1", amount="120")], by="alice", at=AT)

    payment = project_in(store).funding.payments[0]
    assert (payment.voucher, payment.amount) == ("V-9", Decimal("120"))


def test_adds_from_two_stale_copies_never_conflict_and_get_different_ids(store_path: Path) -> None:
    store = Store(store_path)
    alice = add_payment(CODE, date="2023-10-01", source="local", amount="1")
    bob = add_payment(CODE, date="2023-10-02", source="local", amount="2")

    store.apply([alice], by="alice", at=AT)
    store.apply([bob], by="bob", at=AT)

    assert [(p.id, p.amount) for p in project_in(store).funding.payments] == [("P1", 1), ("P2", 2)]


def test_deleting_a_record_someone_else_edited_is_a_conflict(store_path: Path) -> None:
    store = Store(store_path)
    stale = with_payment(store)
    store.apply([edit_record(stale, "payments", "P1", amount="130")], by="bob", at=AT)

    with pytest.raises(ConflictError, match="payments P1 amount: theirs 130, you read 100 and would delete it"):
        store.apply([delete_record(stale, "payments", "P1")], by="alice", at=AT)

    assert project_in(store).funding.payments[0].amount == Decimal("130")


def test_editing_a_record_someone_deleted_is_a_conflict(store_path: Path) -> None:
    store = Store(store_path)
    stale = with_payment(store)
    store.apply([delete_record(stale, "payments", "P1")], by="bob", at=AT)

    with pytest.raises(ConflictError, match="payments P1 was deleted"):
        store.apply([edit_record(stale, "payments", "P1", amount="1")], by="alice", at=AT)


def test_an_edit_of_a_finding_never_lands_on_a_neighbour_that_moved_up(store_path: Path) -> None:
    store = Store(store_path)
    store.apply([add_finding(CODE, problem="third")], by="alice", at=AT)
    stale = project_in(store)
    store.apply([delete_record(stale, "findings", "2")], by="bob", at=AT)

    with pytest.raises(ConflictError):
        store.apply([edit_record(stale, "findings", "2", cause="for the second")], by="alice", at=AT)

    assert project_in(store).findings[1].problem == "third"
    assert project_in(store).findings[1].cause == ""


# History


def test_each_changed_field_is_one_history_entry_written_in_the_same_save(store_path: Path) -> None:
    store = Store(store_path)
    project = with_payment(store)

    saved = store.apply(
        [edit_record(project, "payments", "P1", amount="120", voucher="V-2")], by="bob", at=AT, note="n"
    )

    data = store_json(store_path)
    assert data["_meta"]["1"]["revision"] == saved.revision == 3
    rows = [doc for doc in data["history"].values() if doc["revision"] == 3]
    links = [(row.pop("previous"), row.pop("hash")) for row in rows]  # the chain: tests/reliability/test_audit_trail.py
    assert links[1][0] == links[0][1] and all(len(link) == 64 for pair in links for link in pair)
    states = {row.pop("state") for row in rows}  # one save, one project: the one state it left the project in
    assert states == {project_digest(encode_project(project_in(store)))}
    assert rows == [
        {
            "revision": 3,
            "at": "2023-10-16T09:30:00+08:00",
            "by": "bob",
            "account": ME,
            "project": CODE,
            "action": "edit",
            "kind": "payments",
            "record": "P1",
            "field": field,
            "old": old,
            "new": new,
            "note": "n",
            "undoes": None,
        }
        for field, old, new in (("amount", "100", "120"), ("voucher", "V-1", "V-2"))
    ]
    assert [entry_line(entry, "en") for entry in saved.entries] == [
        "payments P1 amount: 100 → 120",
        "payments P1 voucher: V-1 → V-2",
    ]


def test_an_add_is_recorded_field_by_field_from_nothing(store_path: Path) -> None:
    store = Store(store_path)
    with_payment(store)

    entries = store.history()

    assert [(e.action, e.field, e.old, e.new) for e in entries] == [
        (Action.ADD, "date", None, "2023-10-08"),
        (Action.ADD, "source", None, "local"),
        (Action.ADD, "amount", None, "100"),
        (Action.ADD, "voucher", None, "V-1"),
    ]
    assert entry_line(entries[2], "en") == "payments P1 amount: — → 100"


def test_a_refused_edit_writes_neither_the_projects_nor_the_history(store_path: Path) -> None:
    store = Store(store_path)
    with_payment(store)
    before = store_path.read_bytes()

    with pytest.raises(ValidationError):
        store.apply([add_payment(CODE, date="2023-10-08", source="local", amount="-1")], by="alice", at=AT)

    assert store_path.read_bytes() == before


def test_an_edit_that_changes_nothing_saves_nothing(store_path: Path) -> None:
    store = Store(store_path)
    project = project_in(store)
    before = store_path.read_bytes()

    saved = store.apply([edit_record(project, "phases", "design", remark=project.phases[1].remark)], by="a", at=AT)

    assert (saved.revision, saved.entries) == (1, ())
    assert store_path.read_bytes() == before


def test_history_is_read_by_project_and_from_a_day_on(store_path: Path) -> None:
    store = Store(store_path)
    store.apply([new_project("N-1", name="n", budget_year=2024, annual_budget="1")], by="a", at=AT)
    project = project_in(store)
    store.apply([edit_record(project, "project", None, status_date="2023-10-31")], by="a", at=AT.add(days=2))

    assert {e.project for e in store.history()} == {"N-1", CODE}
    assert [e.field for e in store.history(project=CODE)] == ["status_date"]
    assert [e.field for e in store.history(since=datetime.date(2023, 10, 17))] == ["status_date"]
    assert store.history(since=AT.add(days=3)) == ()


def test_a_store_from_before_the_history_table_loads_and_gains_one_with_the_first_edit(store_path: Path) -> None:
    store = Store(store_path)
    assert "history" not in store_json(store_path)
    assert store.history() == ()

    with_payment(store)

    assert len(store_json(store_path)["history"]) == 4
    assert store.load().revision == 2


def test_update_keeps_the_history_it_does_not_write(store_path: Path) -> None:
    store = Store(store_path)
    with_payment(store)

    store.update(lambda current: current.projects)

    assert len(store.history()) == 4


def test_a_history_table_that_is_not_a_table_is_refused_on_load(store_path: Path) -> None:
    data = store_json(store_path)
    data["history"] = ["not", "a", "table"]
    store_path.write_text(json.dumps(data))

    with pytest.raises(ValidationError, match=r"store.json: history: must be a table"):
        Store(store_path).load()


def test_a_history_entry_without_a_time_zone_is_refused_with_its_path(store_path: Path) -> None:
    store = Store(store_path)
    with_payment(store)
    data = store_json(store_path)
    data["history"]["2"]["at"] = "2023-10-16T09:30:00"
    store_path.write_text(json.dumps(data))

    with pytest.raises(ValidationError, match=r"history\[2\]\.at: '2023-10-16T09:30:00' is not a date and time"):
        store.history()


@pytest.mark.parametrize(
    ("by", "at", "words"),
    [
        ("", AT, "who made the change"),
        ("alice", datetime.datetime(2023, 10, 16, 9, 30), "time zone"),
        ("al\x1bice", AT, "control character"),
    ],
)
def test_a_change_nobody_could_trace_is_refused(store_path: Path, by: str, at: datetime.datetime, words: str) -> None:
    before = store_path.read_bytes()

    with pytest.raises(ValidationError, match=words):
        Store(store_path).apply([add_recommendation(CODE, "x")], by=by, at=at)

    assert store_path.read_bytes() == before


# Undo


def test_undo_reverts_your_last_change_as_a_new_revision_with_its_own_history(store_path: Path) -> None:
    store = Store(store_path)
    project = with_payment(store)
    store.apply([edit_record(project, "payments", "P1", amount="120")], by="alice", at=AT)

    saved = store.undo(by="alice", at=LATER, note="typo")

    assert saved.revision == 4
    assert [entry_line(entry, "en") for entry in saved.entries] == ["payments P1 amount: 120 → 100"]
    assert project_in(store).funding.payments[0].amount == Decimal("100")
    last = store.history()[-1]
    assert (last.revision, last.by, last.undoes, last.note, last.at) == (4, "alice", 3, "typo", LATER)


def test_undo_skips_other_peoples_changes_and_walks_back_through_yours(store_path: Path, as_account) -> None:
    store = Store(store_path)
    as_account("alice")
    project = with_payment(store)  # alice, revision 2
    as_account("bob")
    store.apply([edit_record(project, "phases", "design", remark="bob")], by="bob", at=AT)  # revision 3

    as_account("alice")
    store.undo(by="alice", at=AT)  # undoes revision 2: the payment goes
    assert project_in(store).funding.payments == ()
    assert project_in(store).phases[1].remark == "bob"

    with pytest.raises(DriftError, match="nothing to undo: no change made from the account alice"):
        store.undo(by="alice", at=AT)
    as_account("bob")
    store.undo(by="bob", at=AT)
    assert project_in(store).phases[1].remark == project.phases[1].remark


def test_undo_of_a_delete_brings_the_record_back_with_its_id(store_path: Path) -> None:
    store = Store(store_path)
    project = with_payment(store)
    store.apply([delete_record(project, "payments", "P1")], by="alice", at=AT)

    store.undo(by="alice", at=AT)

    assert project_in(store).funding.payments == project.funding.payments


def test_undo_of_several_records_added_at_once_deletes_them_all(store_path: Path) -> None:
    store = Store(store_path)
    edits = [add_payment(CODE, date="2023-10-01", source="local", amount=str(n)) for n in range(1, 4)]
    store.apply(edits, by="alice", at=AT)

    saved = store.undo(by="alice", at=AT)

    assert project_in(store).funding.payments == ()
    assert [entry.record for entry in saved.entries if entry.field == "amount"] == ["P3", "P2", "P1"]


def test_undo_is_refused_when_the_field_changed_since(store_path: Path, as_account) -> None:
    store = Store(store_path)
    project = with_payment(store)
    store.apply([edit_record(project, "payments", "P1", amount="120")], by="alice", at=AT)
    as_account("bob")
    store.apply([edit_record(project_in(store), "payments", "P1", amount="130")], by="bob", at=AT)
    as_account(ME)
    before = store_path.read_bytes()

    with pytest.raises(
        ChangedSinceError, match="payments P1 amount was changed by bob at 2023-10-16 09:30 \\(revision 4\\)"
    ):
        store.undo(by="alice", at=AT)

    assert store_path.read_bytes() == before


def test_undo_of_a_new_project_removes_it_unless_someone_changed_it(store_path: Path, as_account) -> None:
    store = Store(store_path)
    store.apply([new_project("N-1", name="n", budget_year=2024, annual_budget="1")], by="alice", at=AT)

    store.undo(by="alice", at=AT)

    assert store.load().project("N-1") is None
    store.apply([new_project("N-2", name="n", budget_year=2024, annual_budget="1")], by="alice", at=AT)
    as_account("bob")
    store.apply([edit_record(project_in(store, "N-2"), "project", None, name="m")], by="bob", at=AT)
    as_account(ME)
    with pytest.raises(ChangedSinceError, match="project N-2 name was changed by bob"):
        store.undo(by="alice", at=AT)


def test_undo_on_a_store_without_history_says_there_is_nothing_to_undo(store_path: Path) -> None:
    with pytest.raises(DriftError, match="nothing to undo"):
        Store(store_path).undo(by="alice", at=AT)


def test_a_missing_store_has_no_history_to_read(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "none.json").history()


def test_the_store_says_a_store_is_missing_and_leaves_what_to_do_to_the_program(tmp_path: Path) -> None:
    # The command line adds "create it with `drift init` …"; a script using the library has no such command.
    path = tmp_path / "none.json"

    with pytest.raises(NoStoreError) as caught:
        Store(path).load()

    assert str(caught.value) == f"{path}: no such store"


def test_an_edit_is_a_frozen_value_that_can_be_kept_and_applied_later(sample_projects) -> None:
    (seed,) = sample_projects
    edit = add_recommendation(CODE, "later")

    with pytest.raises(AttributeError, match="immutable"):
        edit.kind = "findings"  # type: ignore[misc]
    assert isinstance(edit, AddRecord)
    assert edit.apply(seed).recommendations[-1] == "later"
