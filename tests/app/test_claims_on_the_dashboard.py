"""Pilot tests: a claim recorded from the Findings view is held against the records there, in both languages."""

from __future__ import annotations

from textual.widgets import Input, Select

from store.persist import Store
from tests.app.conftest import settle, static_text
from tui.screens.forms import ClaimForm

SIZE = (160, 50)


async def open_claim_form(app, pilot) -> ClaimForm:
    await settle(pilot)
    await pilot.press("5", "c")  # claims are recorded from the findings view
    await pilot.pause()
    form = app.screen
    assert isinstance(form, ClaimForm)
    return form


async def save_claim(app, pilot, **fields: str) -> list[str]:
    """Type fields into a new claim's form (kind chosen, the rest typed), save it, and return the Findings view."""
    form = await open_claim_form(app, pilot)
    for name, value in fields.items():
        form.query_one(f"#{name}", Select if name == "kind" else Input).value = value
    await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(app.screen, ClaimForm)
    return [line.rstrip() for line in static_text(app, "#findings-body", SIZE[0]).splitlines()]


async def test_a_claim_typed_in_the_form_is_saved_and_shown_contradicted_in_findings(
    sample_store: Store, make_app
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        body = await save_claim(
            app, pilot, kind="execution_rate", value="100%", date="2023-09-28", reference="自评报告 p.3"
        )

    [claim] = sample_store.load().projects[0].claims
    assert (claim.id, claim.value, claim.reference) == ("C1", "100%", "自评报告 p.3")
    # Recorded to the second, as the command line records its changes: the history reads alike whoever wrote it.
    assert {entry.at.microsecond for entry in sample_store.history()} == {0}
    assert "Claims held against the records" in body
    row = next(line for line in body if line.startswith("C1"))
    cells = "C1 | execution | total | 100% | 2023-09-28 | 0.00% | contradicts | 自评报告 p.3"
    assert row.split() == cells.replace("|", " ").split()
    assert any("the report claims 100% paid (C1, 自评报告 p.3)" in line for line in body)  # the flag above it


async def test_the_claim_form_explains_a_value_or_subject_its_kind_cannot_take(sample_store: Store, make_app) -> None:
    app = make_app(sample_store, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_claim_form(app, pilot)
        form.query_one("#kind", Select).value = "likelihood"
        form.query_one("#value", Input).value = "大概"
        form.query_one("#date", Input).value = "2023-09-28"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        errors = (form.error_text("value"), form.error_text("subject"))

    assert (
        errors
        == (
            "'大概' 不是完成目标可能性：确定能、有可能、完全不可能（certain …）",  # the store's refusal, in the dashboard's words
            "缺少：likelihood 类声明针对本项目的一个指标 (I1, I2, I3, I4, I5, I6, I7, I8, I9, I10, I11)",
        )
    )
    assert sample_store.load().projects[0].claims == ()


async def test_a_claim_dated_after_the_as_of_date_is_named_in_findings_not_dropped(
    sample_store: Store, make_app
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        body = await save_claim(app, pilot, kind="score", value="85.81", date="2023-12-31")

    assert "no claims recorded" not in body
    assert "1 claim after the as-of date 2023-09-28 not counted" in body


async def test_the_claim_forms_tolerance_is_read_as_a_tolerance_and_bounded_for_its_kind(
    sample_store: Store, make_app
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_claim_form(app, pilot)
        form.query_one("#kind", Select).value = "execution_rate"
        form.query_one("#value", Input).value = "100%"
        form.query_one("#date", Input).value = "2023-09-28"
        form.query_one("#tolerance", Input).value = "2023-09-28"
        await pilot.pause()
        wrong = form.error_text("tolerance")
        form.query_one("#tolerance", Input).value = "150"
        await pilot.pause()
        too_much = form.error_text("tolerance")

    assert wrong == '\'2023-09-28\' is not a tolerance such as "1" or "0.5" (not negative)'  # not an amount in 万元
    assert too_much == "150 is more than a claim of execution_rate can be allowed (20)"
