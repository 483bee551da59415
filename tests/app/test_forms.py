"""Pilot tests of the progress forms: errors beside the field as you type, Enter returns the edit, Escape returns nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, Select

from store.edits import AddRecord, EditRecord, FieldChange, add_payment
from store.files import load_sample
from store.model import Likelihood, Project
from store.persist import Store
from tests.app.conftest import settle
from tui import colours
from tui.history_text import entry_line
from tui.screens.forms import AllocationForm, IndicatorForm, PaymentForm, PhaseActualsForm, StatusDateForm

CODE = "2306-140423-89-01-317509"
AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")
SIZE = (110, 32)


class _Host(App):
    """Pushes one form and records what it dismissed with."""

    lang = "en"

    def __init__(self, form: ModalScreen, lang: str = "en") -> None:
        super().__init__()
        colours.use_in(self)  # as DriftApp does: the forms use its named styles
        self.form = form
        self.lang = lang
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.form, self.results.append)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store.json")
    store.create(load_sample())
    return store


def project_in(store: Store) -> Project:
    return store.load().projects[0]


async def type_into(pilot: Pilot, field: str, text: str) -> None:
    """Focus a field, clear it with the keyboard and type text, as a person would."""
    pilot.app.screen.query_one(f"#{field}", Input).focus()
    await pilot.press("home", "ctrl+k", *text)
    await pilot.pause()


async def fill(pilot: Pilot, field: str, text: str) -> None:
    """Set a field's text at once, as a paste does: the same validation runs, without a Pilot round trip per key."""
    pilot.app.screen.query_one(f"#{field}", Input).value = text
    await pilot.pause()


async def choose(pilot: Pilot, field: str, value: str) -> None:
    pilot.app.screen.query_one(f"#{field}", Select).value = value
    await pilot.pause()


async def test_a_new_payment_typed_in_is_returned_as_an_add_and_lands_with_its_history(store: Store) -> None:
    app = _Host(PaymentForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "date", "2023-10-15")
        await choose(pilot, "source", "local")  # within its 500 (120.50 of the central 82 would ask to confirm)
        await type_into(pilot, "amount", "120.50")
        await fill(pilot, "voucher", "记-12")
        await pilot.press("enter")
        await pilot.pause()

    (edit,) = app.results
    assert edit == add_payment(CODE, date="2023-10-15", source="local", amount="120.50", voucher="记-12")
    saved = store.apply([edit], by="alice", at=AT)
    assert project_in(store).funding.payments[0].amount == Decimal("120.50")
    assert [entry_line(entry, "en") for entry in saved.entries][2] == "payments P1 amount: — → 120.50"
    assert [(e.by, e.field) for e in store.history()] == [
        ("alice", "date"),
        ("alice", "source"),
        ("alice", "amount"),
        ("alice", "voucher"),
    ]


async def test_a_negative_amount_is_explained_beside_the_field_and_enter_keeps_the_form_and_the_input(
    store: Store,
) -> None:
    app = _Host(PaymentForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        form = app.form
        await type_into(pilot, "amount", "-5")
        assert form.error_text("amount") == "'-5' must not be negative"

        await pilot.press("enter")
        await pilot.pause()

        assert app.screen is form
        assert app.results == []
        assert form.query_one("#amount", Input).value == "-5"
        assert form.error_text("date") == "required"
        assert form.error_text("source") == "required"

        await fill(pilot, "amount", "abc")
        assert "'abc' is not an amount" in form.error_text("amount")
        await fill(pilot, "amount", "5")
        assert form.error_text("amount") == ""


async def test_a_payment_dated_outside_the_years_its_money_moves_in_is_refused_beside_the_date(store: Store) -> None:
    app = _Host(PaymentForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "date", "2024-01-05")  # carried-over money of 2023, paid the next year: no refusal
        assert app.form.error_text("date") == "after the as-of date 2023-09-28: it counts from that date on"
        await fill(pilot, "date", "2025-01-05")
        assert app.form.error_text("date") == (
            "outside 2022–2024 (money may be allocated a year ahead and paid a year after)"
        )
        await fill(pilot, "date", "2023-02-30")
        assert app.form.error_text("date") == "'2023-02-30' is not a day in the calendar"


async def test_escape_cancels_with_nothing_returned_and_nothing_changed(store: Store) -> None:
    before = store.path.read_bytes()
    app = _Host(PaymentForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "amount", "120")
        await pilot.press("escape")
        await pilot.pause()

    assert app.results == [None]
    assert store.path.read_bytes() == before


async def test_editing_a_payment_returns_an_edit_based_on_what_was_shown_that_lands_on_a_newer_revision(
    store: Store,
) -> None:
    store.apply([add_payment(CODE, date="2023-10-08", source="local", amount="100")], by="alice", at=AT)
    shown = project_in(store)
    app = _Host(PaymentForm(shown, "P1"))
    async with app.run_test(size=SIZE) as pilot:
        assert app.form.query_one("#amount", Input).value == "100"
        await type_into(pilot, "amount", "130")
        await pilot.press("enter")
        await pilot.pause()

    (edit,) = app.results
    assert edit == EditRecord(CODE, "payments", "P1", (FieldChange("amount", "100", "130"),))
    store.apply([AddRecord(CODE, "recommendations", (("text", "someone else's"),))], by="bob", at=AT)
    saved = store.apply([edit], by="alice", at=AT)
    assert saved.revision == 4
    assert project_in(store).funding.payments[0].amount == Decimal("130")
    assert project_in(store).recommendations[-1] == "someone else's"


async def test_saving_a_form_without_changes_returns_nothing_to_save(store: Store) -> None:
    app = _Host(StatusDateForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        app.form.query_one("#status_date", Input).focus()
        await pilot.press("enter")
        await pilot.pause()

    assert app.results == [None]


async def test_an_allocation_is_added_with_its_document_number(store: Store) -> None:
    app = _Host(AllocationForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "date", "2023-10-09")
        await choose(pilot, "source", "provincial")
        await fill(pilot, "amount", "3")
        await fill(pilot, "document", "襄财综[2023]9号")
        await pilot.press("ctrl+s")
        await pilot.pause()

    (edit,) = app.results
    store.apply([edit], by="alice", at=AT)
    allocation = project_in(store).funding.allocations[-1]
    assert (allocation.id, allocation.document, allocation.amount) == ("A4", "襄财综[2023]9号", Decimal("3"))


async def test_a_phase_end_before_its_start_is_shown_beside_the_end_and_an_empty_start_clears_it(store: Store) -> None:
    app = _Host(PhaseActualsForm(project_in(store), "construction"))
    async with app.run_test(size=SIZE) as pilot:
        form = app.form
        await type_into(pilot, "actual_end", "2023-09-01")
        assert form.error_text("actual_end") == "before the actual start 2023-09-28"
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []

        await fill(pilot, "actual_start", "")
        app.form.query_one("#actual_start", Input).focus()
        await pilot.press("enter")
        await pilot.pause()

    (edit,) = app.results
    assert edit.changes == (
        FieldChange("actual_start", "2023-09-28", None),
        FieldChange("actual_end", None, "2023-09-01"),
    )
    store.apply([edit], by="alice", at=AT)
    assert [entry_line(e, "en") for e in store.history()] == [
        "phases construction actual_start: 2023-09-28 → —",
        "phases construction actual_end: — → 2023-09-01",
    ]


async def test_indicator_progress_sets_value_to_date_likelihood_and_cause(store: Store) -> None:
    app = _Host(IndicatorForm(project_in(store), "I5"))
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "to_date", "40%")
        await choose(pilot, "likelihood", "impossible")
        await fill(pilot, "deviation_cause", "前期手续滞后")
        app.form.query_one("#remark", Input).value = "pasted\x1b[31m"  # a paste can carry what no key types
        await pilot.pause()
        assert "control character U+001B" in app.form.error_text("remark")
        await fill(pilot, "remark", "")
        await pilot.press("enter")
        await pilot.pause()

    (edit,) = app.results
    store.apply([edit], by="alice", at=AT)
    indicator = project_in(store).indicators[4]
    assert (indicator.to_date, indicator.likelihood, indicator.deviation_cause, indicator.remark) == (
        "40%",
        Likelihood.IMPOSSIBLE,
        "前期手续滞后",
        "",
    )
    assert {e.field for e in store.history()} == {"to_date", "likelihood", "deviation_cause", "remark"}


async def test_the_status_date_form_saves_a_new_date(store: Store) -> None:
    app = _Host(StatusDateForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "status_date", "2023-10-31")
        app.form.query_one("#status_date", Input).focus()
        await pilot.press("enter")
        await pilot.pause()

    (edit,) = app.results
    saved = store.apply([edit], by="alice", at=AT)
    assert [entry_line(entry, "en") for entry in saved.entries] == ["project status_date: 2023-09-28 → 2023-10-31"]


async def test_a_status_date_or_amount_beyond_what_drift_can_analyse_is_refused_beside_the_field(
    store: Store,
) -> None:
    app = _Host(StatusDateForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "status_date", "9999-12-31")
        assert app.form.error_text("status_date") == "'9999-12-31' is outside the years drift accepts (1900–2200)"
    app = _Host(PaymentForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "amount", "1" * 27)
        assert app.form.error_text("amount") == (
            "'111111111111111111111111111' is more than the largest amount drift accepts, 1000000000000 万元"
        )


async def test_labels_follow_the_language_and_user_text_is_never_markup(store: Store) -> None:
    project = project_in(store)
    phases = tuple(
        phase if phase.id != "design" else type(phase)(**{**_fields(phase), "name": "[red]设计[/red]"})
        for phase in project.phases
    )
    project = type(project)(**{**_fields(project), "phases": phases})
    app = _Host(PhaseActualsForm(project, "design"), lang="zh")
    async with app.run_test(size=SIZE):
        title = app.form.query_one("#form-title").content
        labels = [str(label.content) for label in app.form.query(".form-label")]

    assert title.plain == "实际日期：[red]设计[/red]"
    assert labels == ["实际开始", "实际完成"]


async def test_a_field_refused_by_the_store_s_rule_says_so_in_the_dashboard_s_language(store: Store) -> None:
    """The form shows the store's own refusal beside the field, in Chinese on a Chinese dashboard: not the English
    the command line's --lang en gives."""
    app = _Host(PaymentForm(project_in(store)), lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "amount", "1,200.5x")
        assert app.form.error_text("amount") == "'1,200.5x' 不是“589.20”这样的金额（数字，至多 6 位小数）"
        await fill(pilot, "amount", "-5")
        assert app.form.error_text("amount") == "'-5' 不能为负数"
        await fill(pilot, "date", "2023-02-30")
        assert app.form.error_text("date") == "'2023-02-30' 不是日历上存在的日期"


def _fields(record: object) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__struct_fields__}


async def _fill_payment(pilot: Pilot, amount: str) -> None:
    await fill(pilot, "date", "2023-10-08")
    await choose(pilot, "source", "local")
    await fill(pilot, "amount", amount)
    await fill(pilot, "voucher", "V-1")


async def test_the_same_payment_again_is_refused_in_the_form_and_a_second_ctrl_s_records_it(store: Store) -> None:
    store.apply([add_payment(CODE, date="2023-10-08", source="local", amount="100", voucher="V-1")], by="alice", at=AT)
    app = _Host(PaymentForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        await _fill_payment(pilot, "100.00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert app.form.error_text("form") == (
            f"same as payment P1 of project {CODE} (2023-10-08, local, 100, voucher V-1); "
            "save again (Enter or Ctrl+S) if this is a second payment"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()

    (edit,) = app.results
    store.apply([edit], by="alice", at=AT)
    assert [(p.id, p.amount) for p in project_in(store).funding.payments] == [("P1", 100), ("P2", 100)]


async def test_a_payment_someone_recorded_while_the_form_was_open_is_refused_on_save_naming_them(
    store: Store,
) -> None:
    form = PaymentForm(project_in(store))
    form.saver = lambda edits: store.apply(edits, by="bob", at=AT)
    app = _Host(form)
    async with app.run_test(size=SIZE) as pilot:
        await _fill_payment(pilot, "100")
        store.apply(
            [add_payment(CODE, date="2023-10-08", source="local", amount="100", voucher="V-1")], by="alice", at=AT
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.results == []
        assert "same as payment P1" in form.error_text("form")
        assert "recorded 2023-10-16 09:30 by alice; save again (Enter or Ctrl+S)" in form.error_text("form")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert len(app.results) == 1
    assert [p.id for p in project_in(store).funding.payments] == ["P1", "P2"]
    assert [e.by for e in store.history() if e.record == "P2" and e.field == "amount"] == ["bob"]


# Values as offices type them: 2023/9/28, 1,200.50, full-width digits, read by store/typed.py.


async def test_a_payment_typed_with_a_slashed_date_and_a_grouped_amount_is_returned_canonical(store: Store) -> None:
    app = _Host(PaymentForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "date", "2023/9/28")
        await choose(pilot, "source", "local")
        await type_into(pilot, "amount", "1,200.50")
        assert (app.form.error_text("date"), app.form.error_text("amount")) == ("", "")
        await fill(pilot, "voucher", "记-12")
        await pilot.press("enter")  # 1,200.50 of the local 500 overspends it: the form asks once more
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert app.results == [add_payment(CODE, date="2023-09-28", source="local", amount="1200.50", voucher="记-12")]


async def test_a_misplaced_grouping_comma_and_an_amount_in_yuan_are_explained_beside_the_field(store: Store) -> None:
    app = _Host(PaymentForm(project_in(store)))
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "amount", "1,20.5")
        assert app.form.error_text("amount") == (
            "'1,20.5' has a grouping comma out of place (groups of three digits, as in 1,200.50); "
            "write the number without commas"
        )
        await fill(pilot, "amount", "１２０")
        assert app.form.error_text("amount") == ""
        await fill(pilot, "date", "２０２３年１３月１日")
        assert app.form.error_text("date") == "'2023-13-01' is not a day in the calendar"


async def test_an_indicator_value_is_kept_in_its_targets_unit(store: Store) -> None:
    app = _Host(IndicatorForm(project_in(store), "I5"))  # target 100%
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "to_date", "４０％")  # as an input method commits it, at once
        await pilot.press("enter")
        await pilot.pause()

    (edit,) = app.results
    store.apply([edit], by="alice", at=AT)
    assert project_in(store).indicators[4].to_date == "40%"
