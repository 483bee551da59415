"""Pilot tests: the Budget view records that a report states no allocation, or takes it back, after a confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec import structs

from drift.i18n import t
from store.files import load_sample
from store.persist import Store
from tests.app.conftest import settle, static_text
from tui.app import DriftApp
from tui.screens.confirm import ConfirmDialog
from tui.screens.project import ProjectScreen

SEED = load_sample()[0].code
SIZE = (160, 50)


@pytest.fixture
def unstated_store(tmp_path: Path) -> Store:
    """The sample with its allocations left out, dated or reported: the report does not state them."""
    seed = load_sample()[0]
    (tmp_path / "unstated").mkdir()
    store = Store(tmp_path / "unstated" / "store.json")
    store.create([structs.replace(seed, funding=structs.replace(seed.funding, allocations=None, reported=()))])
    return store


def allocations_part(app: DriftApp) -> list[str]:
    """The lines of the Budget view from its "Allocations" title to the blank line after it."""
    lines = [line.rstrip() for line in static_text(app, "#budget-body", SIZE[0]).splitlines()]
    start = lines.index("Allocations")
    return lines[start : lines.index("", start)]


def footer_key(app: DriftApp) -> str:
    """What the footer says n does."""
    return t(app.screen.active_bindings["n"].binding.description, "en")


async def test_n_states_that_nothing_was_allocated_and_n_again_takes_it_back(unstated_store: Store) -> None:
    app = DriftApp(unstated_store, user="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        assert allocations_part(app) == [
            "Allocations",
            "the report does not state its allocations: allocated amounts and rates unknown",
        ]
        assert footer_key(app) == "allocations: none"
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question == (
            "Record that the report states no allocation was made (allocated 0.00 万元)? Enter confirms, Esc cancels"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        stated = allocations_part(app)
        assert footer_key(app) == "allocations: not stated"
        allocated = app.analysis(SEED).budget.total.allocated
        await pilot.press("n")
        back = app.screen.question
        await pilot.press("enter")
        await settle(pilot)
        not_stated = allocations_part(app)

    assert stated == ["Allocations", "none"]
    assert str(allocated) == "0"
    assert back == "Record that the report does not state its allocations (unknown)? Enter confirms, Esc cancels"
    assert not_stated[1].startswith("the report does not state its allocations")
    assert unstated_store.load().project(SEED).funding.allocations is None
    changes = [(e.revision, e.field, e.old, e.new, e.by) for e in unstated_store.history() if e.revision > 1]
    assert changes == [(2, "allocations", None, [], "alice"), (3, "allocations", [], None, "alice")]


async def test_escape_in_the_confirmation_records_nothing(unstated_store: Store) -> None:
    before = unstated_store.path.read_bytes()
    app = DriftApp(unstated_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "n", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)

    assert unstated_store.path.read_bytes() == before


async def test_the_key_is_offered_only_on_the_budget_view_of_a_project_without_allocations(
    unstated_store: Store, sample_store: Store
) -> None:
    app = DriftApp(unstated_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")  # on the Schedule view
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)

    recorded = DriftApp(sample_store)  # the sample records three allocations: they state them already
    async with recorded.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "n")
        await pilot.pause()
        assert isinstance(recorded.screen, ProjectScreen)


async def test_u_undoes_stating_the_allocations_as_none(unstated_store: Store) -> None:
    app = DriftApp(unstated_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "n", "enter")
        await settle(pilot)
        assert unstated_store.load().project(SEED).funding.allocations == ()
        await pilot.press("u")
        await settle(pilot)
        assert footer_key(app) == "allocations: none"

    assert unstated_store.load().project(SEED).funding.allocations is None
