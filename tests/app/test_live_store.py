"""A colleague saves to the store the dashboard has open: it shows within a second, says what, and keeps the place."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from msgspec import structs
from textual.widgets import Input

from store.backend import Backend, open_store
from store.edits import Action, add_payment, edit_record, new_project
from store.files import load_sample
from store.history import HistoryEntry
from store.locations import is_database
from store.model import SourceKind
from store.persist import Store
from tests.app.conftest import settle
from tui.app import DriftApp
from tui.live import WATCH_SECONDS, what_changed
from tui.screens.conflict import ConflictDialog
from tui.screens.forms import IndicatorForm, StatusDateForm
from tui.screens.portfolio import PortfolioScreen
from tui.screens.project import ProjectScreen
from tui.widgets.indicators import IndicatorGrid

SEED = "2306-140423-89-01-317509"
OTHER = "9999-TEST-2"
BOBS = "9999-BOB-1"
AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")
PAID = pendulum.date(2023, 9, 15)
"""Before the sample's status date: the payment counts in the figures shown."""
DEADLINE = 4 * WATCH_SECONDS
"""Generous for a loaded test machine; the watcher itself looks every WATCH_SECONDS."""


def bob_pays(store: Backend, amount: str = "5.00", code: str = SEED) -> None:
    """Bob records a payment in his own process: another store object on the same file or database."""
    payment = add_payment(code, date=PAID, source=SourceKind.LOCAL, amount=Decimal(amount))
    open_store(str(store.path)).apply([payment], by="bob", at=AT)


@pytest.fixture
def two_projects_each(empty_store_at: str, two_project_store: Store) -> Backend:
    """The two projects of two_project_store, in a file and in a PostgreSQL database: whose saves the dashboard
    learns of by looking at the file, or by the database's notifications."""
    if not is_database(empty_store_at):
        return two_project_store
    store = open_store(empty_store_at)
    store.create(two_project_store.load().projects)
    return store


def toasts(app: DriftApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


async def until(pilot, condition: Callable[[], bool], seconds: float = DEADLINE) -> None:
    """Wait for condition with a deadline: the app's timer runs meanwhile."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the deadline"
        await pilot.pause(0.05)
    await settle(pilot)


async def test_a_colleagues_payment_shows_within_a_second_saying_who_and_what_keeping_sort_and_cursor(
    two_projects_each: Backend,
) -> None:
    app = DriftApp(two_projects_each)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        await pilot.press("s", "down")  # sorted by slip, the second row chosen
        selected = screen.selected_code
        assert screen.sort_key == "slip" and selected == screen.visible_codes()[1]

        bob_pays(two_projects_each)
        await until(pilot, lambda: app.portfolio.revision == 2)

        assert toasts(app) == ["revision 2 by bob: 1 payment"]
        assert "revision 2" in app.sub_title
        assert app.screen is screen and screen.sort_key == "slip" and screen.selected_code == selected
        assert str(app.analysis(SEED).budget.total.paid) == "5.00"


async def test_the_portfolios_filter_stays_while_a_colleagues_change_comes_in(two_projects_each: Backend) -> None:
    app = DriftApp(two_projects_each, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        await pilot.press("slash", *"9999")
        assert screen.visible_codes() == [OTHER]

        bob_pays(two_projects_each, code=OTHER)
        await until(pilot, lambda: app.portfolio.revision == 2)

        assert toasts(app) == ["版本 2（bob）：支出 1 条"]
        assert "版本 2" in app.sub_title
        assert screen.query_one("#filter", Input).value == "9999"
        assert screen.visible_codes() == [OTHER]
        assert str(app.analysis(OTHER).budget.total.paid) == "5.00"


async def test_the_open_project_keeps_its_view_and_cursor_and_shows_the_new_figures(sample_store: Store) -> None:
    app = DriftApp(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProjectScreen)
        grid = screen.query_one(IndicatorGrid)
        grid.focus()
        await pilot.press("down", "down")
        row = grid.cursor_row
        assert row == 2

        bob_pays(sample_store, "7.50")
        bob_pays(sample_store, "2.50")  # two saves before the next look: both named
        await until(pilot, lambda: app.portfolio.revision == 3)

        assert toasts(app) == ["revisions 2–3 by bob: 2 payments"]
        assert app.screen is screen and screen.active_view == "indicators" and grid.cursor_row == row
        assert str(app.analysis(SEED).budget.total.paid) == "10.00"


async def test_r_reloads_at_once_when_watching_is_off(sample_store: Store) -> None:
    app = DriftApp(sample_store, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        bob_pays(sample_store)
        await pilot.pause(3 * WATCH_SECONDS)  # what would be three looks: none is made
        assert app.portfolio.revision == 1

        await pilot.press("R")
        await until(pilot, lambda: app.portfolio.revision == 2)
        assert toasts(app) == ["revision 2 by bob: 1 payment"]

        await pilot.press("R")  # nothing new: said so
        await until(pilot, lambda: len(toasts(app)) == 2)
        assert toasts(app)[1] == "Reloaded: still revision 2"


async def test_our_own_save_is_announced_once_not_again_as_a_change_found_in_the_file(sample_store: Store) -> None:
    from tui.screens.forms import PaymentForm

    app = DriftApp(sample_store, user="alice")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3", "p")
        form = app.screen
        assert isinstance(form, PaymentForm)
        form.query_one("#date", Input).value = "2023-09-15"
        form.query_one("#source").value = "central"
        form.query_one("#amount", Input).value = "41.00"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.portfolio.revision == 2)

        assert app.shown_key == sample_store.file_key()  # the file as our save left it: nothing to reload
        await pilot.pause(3 * WATCH_SECONDS)  # three looks at the file
        app.reload_store(forced=False)  # and one more, made now
        await settle(pilot)
        assert len(toasts(app)) == 1 and toasts(app)[0].startswith("payments P1")
        assert not any(toast.startswith("revision") for toast in toasts(app))


def bob_edits_indicator(store: Store, **values: str) -> None:
    """Bob records indicator I1's figures in his own process, after alice opened her form."""
    colleague = Store(store.path)
    colleague.apply([edit_record(colleague.load().project(SEED), "indicators", "I1", **values)], by="bob", at=AT)


async def alice_types_into_the_indicator_form(app: DriftApp, pilot) -> IndicatorForm:
    """I1 holds to date 0, forecast 2 in the sample; alice changes the forecast to 3 and the remark."""
    await settle(pilot)
    await pilot.press("4", "r")
    form = app.screen
    assert isinstance(form, IndicatorForm) and form.indicator.id == "I1"
    form.query_one("#forecast", Input).value = "3"
    form.query_one("#remark", Input).value = "alice's note"
    return form


def indicator(store: Store) -> tuple[str, str, str]:
    found = store.load().project(SEED).indicators[0]
    return found.to_date, found.forecast, found.remark


async def test_a_conflict_shows_theirs_beside_yours_and_m_saves_mine_on_top_of_theirs(sample_store: Store) -> None:
    app = DriftApp(sample_store, user="alice", watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await alice_types_into_the_indicator_form(app, pilot)
        bob_edits_indicator(sample_store, to_date="1", forecast="1")  # revision 2

        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        dialog = app.screen
        rows = {row.label: row for row in dialog.rows}
        assert set(rows) == {"Forecast"}  # bob's to date is no conflict: alice did not change it
        assert (rows["Forecast"].theirs, rows["Forecast"].yours) == ("1", "3")
        by = rows["Forecast"].by  # "bob (account root), …" when the account differs from the name declared
        assert by.startswith("bob") and by.endswith(f", {AT.astimezone():%Y-%m-%d %H:%M}")  # in this machine's zone
        assert form.error_text("forecast") == f"theirs: 1 ({by})"

        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ProjectScreen))

        # Bob's to date stays (alice left it as it was), alice's forecast and remark land on top: revision 3.
        assert indicator(sample_store) == ("1", "3", "alice's note")
        assert app.portfolio.revision == 3
        assert [entry.by for entry in sample_store.history() if entry.revision == 3] == ["alice", "alice"]


async def test_t_keeps_theirs_in_the_fields_they_changed_and_ctrl_s_saves_the_rest_of_mine(sample_store: Store) -> None:
    app = DriftApp(sample_store, user="alice", watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await alice_types_into_the_indicator_form(app, pilot)
        bob_edits_indicator(sample_store, to_date="1", forecast="1")

        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("t")
        await until(pilot, lambda: app.screen is form)

        assert form.query_one("#forecast", Input).value == "1"  # theirs, mine dropped
        assert form.query_one("#to_date", Input).value == "1"
        assert form.query_one("#remark", Input).value == "alice's note"  # not theirs: still to save
        await until(pilot, lambda: form.error_text("form") == "Kept theirs; Ctrl+S saves the rest of your changes")
        assert indicator(sample_store)[2] != "alice's note"

        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ProjectScreen))
        assert indicator(sample_store) == ("1", "1", "alice's note")


async def test_t_closes_the_form_when_theirs_leaves_nothing_of_mine_to_save(sample_store: Store) -> None:
    app = DriftApp(sample_store, user="alice", watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        form = app.screen
        assert isinstance(form, StatusDateForm)
        form.query_one("#status_date", Input).value = "2023-10-31"
        colleague = Store(sample_store.path)
        bobs = edit_record(colleague.load().project(SEED), "project", None, status_date=pendulum.date(2023, 11, 30))
        colleague.apply([bobs], by="bob", at=AT)

        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ProjectScreen))

        assert toasts(app)[-1] == "Kept theirs; nothing else of yours was left to save"
        assert str(sample_store.load().project(SEED).status_date) == "2023-11-30"
        assert {entry.by for entry in sample_store.history()} == {"bob"}


async def test_the_conflict_dialog_fits_60_by_20_in_chinese_and_escape_goes_back_to_the_form(
    sample_store: Store,
) -> None:
    app = DriftApp(sample_store, lang="zh", user="alice", watch=False)
    async with app.run_test(size=(60, 20)) as pilot:
        form = await alice_types_into_the_indicator_form(app, pilot)
        bob_edits_indicator(sample_store, forecast="1")

        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        dialog = app.screen
        keys = dialog.query_one("#conflict-keys")
        box = dialog.query_one(".dialog-box")
        assert box.region.right <= 60 and box.region.bottom <= 20
        assert keys.region.bottom <= box.region.bottom  # the choice is on screen, not scrolled away
        assert "t 保留对方的" in str(keys.render())
        assert {row.label for row in dialog.rows} == {"全年预计"}  # the form's own label

        await pilot.press("escape")
        await until(pilot, lambda: app.screen is form)
        assert form.query_one("#forecast", Input).value == "3"  # nothing typed is lost
        assert indicator(sample_store)[1] == "1"


async def test_a_project_a_colleague_removes_while_open_returns_to_the_portfolio_saying_who(
    sample_store: Store,
) -> None:
    bobs = new_project(
        BOBS, name="鲍勃的项目", budget_year=2023, annual_budget=Decimal("10"), sources=[("local", Decimal("10"))]
    )
    sample_store.apply([bobs], by="bob", at=AT)  # revision 2
    app = DriftApp(sample_store, user="alice")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_project(BOBS, "budget")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)

        Store(sample_store.path).undo(by="bob", at=AT.add(minutes=5))  # bob takes his `drift new` back
        await until(pilot, lambda: app.portfolio.revision == 3)

        assert isinstance(app.screen, PortfolioScreen)
        assert [p.code for p in app.projects()] == [SEED]
        assert toasts(app) == [
            "revision 3 by bob: 1 project",
            f"Project {BOBS} was removed by bob; back to the portfolio",
        ]


@pytest.mark.parametrize("how", ["broken", "deleted"])
async def test_a_store_file_broken_or_deleted_is_said_once_and_read_again_when_it_comes_back(
    sample_store: Store, how: str
) -> None:
    app = DriftApp(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        good = sample_store.path.read_bytes()
        if how == "broken":
            broken = sample_store.path.with_name("broken.json")
            broken.write_bytes(good[: len(good) // 2])
            broken.replace(sample_store.path)  # someone copied half a file over it by hand
        else:
            sample_store.path.unlink()  # someone deleted it (or moved it away): no file to look at
        await until(pilot, lambda: len(toasts(app)) == 1)
        await pilot.pause(3 * WATCH_SECONDS)  # three more looks at the same broken or missing file: said once

        assert len(toasts(app)) == 1
        assert toasts(app)[0].startswith("Cannot read the store again, still showing revision 1: ")
        assert how == "deleted" or "not valid JSON" in toasts(app)[0]
        assert app.portfolio.revision == 1 and app.project(SEED).code == SEED

        sample_store.path.write_bytes(good)  # put back whole
        bob_pays(sample_store)
        await until(pilot, lambda: app.portfolio.revision == 2)
        assert toasts(app)[-1] == "revision 2 by bob: 1 payment"


async def test_our_save_landing_on_a_colleagues_says_what_theirs_changed_too(sample_store: Store) -> None:
    app = DriftApp(sample_store, user="alice", watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        bob_pays(sample_store)  # revision 2, not seen: watching is off

        await pilot.press("d")
        form = app.screen
        assert isinstance(form, StatusDateForm)
        form.query_one("#status_date", Input).value = "2023-09-30"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.portfolio.revision == 3)

        assert toasts(app)[0] == "revision 2 by bob: 1 payment"  # before alice's own "Saved"
        assert toasts(app)[1].startswith("project status_date: 2023-09-28 → 2023-09-30")
        assert str(app.analysis(SEED).budget.total.paid) == "5.00"  # bob's payment of 15 September counts


async def test_a_symlinked_store_pointed_at_another_years_file_shows_that_file_even_at_the_same_revision(
    tmp_path: Path,
) -> None:
    Store(tmp_path / "2023.json").create(load_sample())
    other = structs.replace(load_sample()[0], code=OTHER, name="另一个项目")
    Store(tmp_path / "2024.json").create([other])  # revision 1 as well
    link = tmp_path / "store.json"
    link.symlink_to("2023.json")
    app = DriftApp(Store(link))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert [p.code for p in app.projects()] == [SEED]

        staged = tmp_path / "store.json.new"
        staged.symlink_to("2024.json")
        staged.replace(link)  # the year's store switched, as an administrator does it: atomically
        await until(pilot, lambda: [p.code for p in app.projects()] == [OTHER])

        assert toasts(app)[0] == "revision 1: the store file changed (no history recorded)"
        assert app.portfolio.revision == 1


@pytest.mark.parametrize(("argv", "watching"), [((), True), (("--no-watch",), False)])
def test_drift_watches_the_store_unless_told_no_watch(
    sample_store: Store, run_cli, monkeypatch, argv: tuple[str, ...], watching: bool
) -> None:
    opened: list[bool] = []
    monkeypatch.setattr(DriftApp, "run", lambda app: opened.append(app.watching))  # no terminal here

    result = run_cli("--store", str(sample_store.path), *argv)

    assert result.code == 0 and opened == [watching]


def test_what_changed_counts_records_not_fields_and_names_every_author_in_both_languages() -> None:
    def entry(revision: int, by: str, action: Action, kind: str, record: str | None, field: str) -> HistoryEntry:
        return HistoryEntry(revision, AT, by, SEED, action, kind, record, field, None, "1")

    entries = [
        entry(6, "ann", Action.EDIT, "payments", "P1", "amount"),  # before the revision shown: not said
        entry(7, "bob", Action.ADD, "payments", "P2", "date"),
        entry(7, "bob", Action.ADD, "payments", "P2", "amount"),  # the same payment: one
        entry(8, "carol", Action.EDIT, "indicators", "I1", "forecast"),
        entry(8, "carol", Action.EDIT, "project", None, "status_date"),
    ]

    assert what_changed(entries, 6, 8, "en") == "revisions 7–8 by bob, carol: 1 project detail, 1 payment, 1 indicator"
    assert what_changed(entries, 6, 8, "zh") == "版本 7–8（bob、carol）：项目信息 1 条、支出 1 条、指标 1 条"
    assert what_changed(entries, 7, 8, "en") == "revision 8 by carol: 1 project detail, 1 indicator"
    assert what_changed((), 8, 9, "en") == "revision 9: the store file changed (no history recorded)"


async def test_u_on_a_shared_login_says_whose_change_it_reverted(sample_store: Store) -> None:
    # Undo is per OS account: alice and carol share one, so alice's u reverts carol's later change. Say so.
    Store(sample_store.path).apply(
        [add_payment(SEED, date=PAID, source=SourceKind.LOCAL, amount=Decimal("1"))], by="alice", at=AT
    )
    bob_pays(sample_store, "2.00")  # revision 3, bob's … on the same account, as every process of this test
    app = DriftApp(sample_store, user="alice", watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await until(pilot, lambda: app.portfolio.revision == 4)
        titles = [notice.title for notice in app._notifications]
    assert "Undid revision 3 by bob; saved as revision 4" in titles


async def test_a_form_closed_because_its_project_was_removed_says_what_was_typed(sample_store: Store) -> None:
    bobs = new_project(
        BOBS, name="鲍勃的项目", budget_year=2023, annual_budget=Decimal("10"), sources=[("local", Decimal("10"))]
    )
    sample_store.apply([bobs], by="bob", at=AT)
    app = DriftApp(sample_store, user="alice")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_project(BOBS, "budget")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one("#amount", Input).value = "12.5"
        app.screen.query_one("#voucher", Input).value = "记-0042"

        Store(sample_store.path).undo(by="bob", at=AT.add(minutes=5))
        await until(pilot, lambda: app.portfolio.revision == 3)

        assert isinstance(app.screen, PortfolioScreen)
        assert "New payment was not saved; what you typed: Amount (万元): 12.5; Voucher: 记-0042" in toasts(app)
