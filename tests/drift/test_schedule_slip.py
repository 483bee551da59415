"""Schedule: phase status, slip against plan, the finish-to-start forecast and milestones, from the seed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from msgspec import structs

from drift.rules import Light, Rules
from drift.schedule import PhaseStatus, analyse_schedule
from store.model import Event, EventMark, Funding, Phase, Project
from store.values import parse_date as day


def test_as_of_the_status_date_the_three_preparatory_phases_finished_16_21_and_87_days_late(seed: Project) -> None:
    schedule = analyse_schedule(seed, day("2023-09-28"))

    finished = {p.phase.id: (p.status, p.finish, p.finish_slip_days) for p in schedule.phases[:3]}
    assert finished == {
        "feasibility": (PhaseStatus.DONE, day("2023-05-16"), 16),
        "design": (PhaseStatus.DONE, day("2023-06-21"), 21),
        "tendering": (PhaseStatus.DONE, day("2023-09-25"), 87),
    }
    # The report gives only approval dates, so when these phases began is unknown.
    assert all(p.start is None and p.start_slip_days is None for p in schedule.phases[:3])


def test_construction_started_89_days_late_and_is_forecast_to_finish_on_2024_02_27(seed: Project) -> None:
    construction = analyse_schedule(seed, day("2023-09-28")).phase("construction")

    assert construction.planned_days == 153  # 07-01..11-30, both ends counted
    assert (construction.start, construction.start_is_actual, construction.start_slip_days) == (
        day("2023-09-28"),
        True,
        89,
    )
    assert (construction.finish, construction.finish_is_actual, construction.finish_slip_days) == (
        day("2024-02-27"),  # 2023-09-28 + 152 days
        False,
        89,
    )
    assert construction.status is PhaseStatus.FINISHING_LATE
    assert construction.light is Light.RED


def test_the_late_construction_pushes_acceptance_to_2024_02_28_through_2024_03_29(seed: Project) -> None:
    schedule = analyse_schedule(seed, day("2023-09-28"))
    acceptance = schedule.phase("acceptance")

    assert (acceptance.start, acceptance.finish) == (day("2024-02-28"), day("2024-03-29"))
    assert (acceptance.start_slip_days, acceptance.finish_slip_days, acceptance.inherited_slip_days) == (89, 89, 89)
    assert acceptance.status is PhaseStatus.NOT_STARTED
    assert (schedule.planned_completion, schedule.completion, schedule.completion_slip_days) == (
        day("2023-12-31"),
        day("2024-03-29"),
        89,
    )
    assert schedule.completion_is_actual is False
    assert schedule.light is Light.RED


def test_the_monitors_year_end_expectation_is_flagged_with_both_dates(seed: Project) -> None:
    schedule = analyse_schedule(seed, day("2023-09-28"))

    [expectation] = [f for f in schedule.flags if f.code == "schedule.expectation_behind_forecast"]
    assert expectation.subject == "construction"
    assert expectation.data() == {
        "name": "工程建设",
        "expected": day("2023-12-31"),
        "forecast": day("2024-02-27"),
        "gap_days": 58,
    }


def test_only_phases_that_add_slip_of_their_own_are_flagged(seed: Project) -> None:
    schedule = analyse_schedule(seed, day("2023-09-28"))

    assert [(f.code, f.subject, f.level, f.value("slip_days")) for f in schedule.flags if "slip_days" in f.data()] == [
        ("schedule.finished_late", "feasibility", Light.YELLOW, 16),
        ("schedule.finished_late", "design", Light.YELLOW, 21),
        ("schedule.finished_late", "tendering", Light.RED, 87),
        ("schedule.forecast_late", "construction", Light.RED, 89),
        ("schedule.completion_late", "", Light.RED, 89),
    ]  # acceptance only inherits construction's 89 days


def test_milestone_events_agree_with_the_phases_they_close(seed: Project) -> None:
    milestones = analyse_schedule(seed, day("2023-09-28")).milestones

    assert [(m.event.id, m.planned, m.slip_days, m.agrees) for m in milestones] == [
        ("E1", day("2023-04-30"), 16, True),
        ("E2", day("2023-05-31"), 21, True),
        ("E3", day("2023-06-30"), 87, True),
        ("E4", day("2023-07-01"), 89, True),  # E4 marks the start of construction
    ]


def test_as_of_july_31_tendering_is_overdue_and_everything_after_it_slips_61_days(seed: Project) -> None:
    schedule = analyse_schedule(seed, day("2023-07-31"))
    tendering = schedule.phase("tendering")

    # The 09-25 award is in the future on 07-31, so tendering has neither started nor finished on record:
    # it starts 08-01 at the earliest and takes its planned 30 days.
    assert tendering.status is PhaseStatus.OVERDUE
    assert (tendering.start, tendering.finish, tendering.finish_slip_days) == (day("2023-08-01"), day("2023-08-30"), 61)
    construction = schedule.phase("construction")
    assert construction.status is PhaseStatus.FINISHING_LATE
    assert (construction.start, construction.finish) == (day("2023-08-31"), day("2024-01-30"))
    assert (schedule.completion, schedule.completion_slip_days) == (day("2024-03-01"), 61)
    assert [m.event.id for m in schedule.milestones] == ["E1", "E2"]
    [overdue] = [f for f in schedule.flags if f.code == "schedule.overdue"]
    assert overdue.data() == {
        "name": "招投标",
        "planned_end": day("2023-06-30"),
        "overdue_days": 31,
        "forecast": day("2023-08-30"),
        "slip_days": 61,
    }


def test_as_of_june_30_construction_is_not_yet_due_but_already_forecast_30_days_late(seed: Project) -> None:
    schedule = analyse_schedule(seed, day("2023-06-30"))

    statuses = {p.phase.id: p.status for p in schedule.phases}
    assert statuses == {
        "feasibility": PhaseStatus.DONE,
        "design": PhaseStatus.DONE,
        "tendering": PhaseStatus.FINISHING_LATE,  # due 06-30, not started on record
        "construction": PhaseStatus.NOT_STARTED,
        "acceptance": PhaseStatus.NOT_STARTED,
    }
    construction = schedule.phase("construction")
    assert (construction.start, construction.finish, construction.finish_slip_days) == (
        day("2023-07-31"),
        day("2023-12-30"),
        30,
    )
    assert schedule.completion == day("2024-01-30")
    # The forecast 12-30 is still before the monitor's 12-31, so no expectation flag yet.
    assert not [f for f in schedule.flags if f.code == "schedule.expectation_behind_forecast"]


def plan(*phases: Phase, events: tuple[Event, ...] = ()) -> Project:
    """A project holding only a schedule."""
    return Project(code="T", name="t", budget_year=2023, funding=Funding(Decimal(0)), phases=phases, events=events)


def phase(pid: str, start: str, end: str, *preds: str, **actual: str) -> Phase:
    return Phase(
        id=pid,
        name=pid,
        planned_start=day(start),
        planned_end=day(end),
        predecessors=preds,
        **{key: day(value) for key, value in actual.items()},
    )


def test_a_phase_begun_on_time_is_in_progress() -> None:
    project = plan(phase("a", "2023-03-01", "2023-03-31", actual_start="2023-03-01"))

    a = analyse_schedule(project, day("2023-03-10")).phase("a")

    assert (a.status, a.finish, a.finish_slip_days) == (PhaseStatus.IN_PROGRESS, day("2023-03-31"), 0)


def test_a_late_starter_whose_percent_complete_still_makes_the_date_is_started_late() -> None:
    late = Phase(
        id="a",
        name="a",
        planned_start=day("2023-03-01"),
        planned_end=day("2023-06-30"),  # 122 days
        actual_start=day("2023-03-10"),
        percent_complete=Decimal(50),
    )

    a = analyse_schedule(plan(late), day("2023-04-30")).phase("a")

    # Half of 122 days is left: 61 days from 05-01 is 06-30, on time.
    assert (a.status, a.start_slip_days, a.finish, a.finish_slip_days) == (
        PhaseStatus.STARTED_LATE,
        9,
        day("2023-06-30"),
        0,
    )


def test_a_slow_phase_begun_on_time_is_finishing_late_by_its_percent_complete() -> None:
    slow = Phase(
        id="a",
        name="a",
        planned_start=day("2023-03-01"),
        planned_end=day("2023-03-31"),  # 31 days
        actual_start=day("2023-03-01"),
        percent_complete=Decimal(10),
    )

    a = analyse_schedule(plan(slow), day("2023-03-20")).phase("a")

    # 90% of 31 days is 27.9, so 28 days from 03-21: 04-17.
    assert (a.status, a.finish, a.finish_slip_days) == (PhaseStatus.FINISHING_LATE, day("2023-04-17"), 17)


def test_a_plan_overlap_is_kept_when_the_predecessor_slips() -> None:
    project = plan(
        phase("a", "2023-02-01", "2023-04-30", actual_start="2023-02-15"),  # 89 days, begun 14 days late
        phase("b", "2023-04-01", "2023-05-31", "a"),
    )

    schedule = analyse_schedule(project, day("2023-03-15"))

    assert (schedule.phase("a").finish, schedule.phase("a").finish_slip_days) == (day("2023-05-14"), 14)
    # b was planned to begin a month before a ends; a's 14 days move b's start by 14 days, not past a's end.
    b = schedule.phase("b")
    assert (b.start, b.finish, b.finish_slip_days) == (day("2023-04-15"), day("2023-06-14"), 14)


def test_a_predecessor_finishing_late_pushes_a_back_to_back_successor_by_the_same_days() -> None:
    project = plan(
        phase("a", "2023-01-01", "2023-01-31", actual_start="2023-01-01", actual_end="2023-02-10"),
        phase("b", "2023-02-01", "2023-02-28", "a"),
        phase("c", "2023-03-01", "2023-03-31", "b"),
    )
    schedule = analyse_schedule(project, day("2023-02-10"))

    assert [(p.phase.id, p.start, p.finish, p.finish_slip_days) for p in schedule.phases] == [
        ("a", day("2023-01-01"), day("2023-02-10"), 10),
        ("b", day("2023-02-11"), day("2023-03-10"), 10),
        ("c", day("2023-03-11"), day("2023-04-10"), 10),
    ]
    assert [p.status for p in schedule.phases] == [
        PhaseStatus.DONE,
        PhaseStatus.FINISHING_LATE,
        PhaseStatus.NOT_STARTED,
    ]


def test_a_phase_started_on_time_but_past_its_planned_duration_is_forecast_to_finish_tomorrow() -> None:
    project = plan(phase("a", "2023-01-01", "2023-01-31", actual_start="2023-01-01"))
    a = analyse_schedule(project, day("2023-02-15")).phase("a")

    assert (a.status, a.finish, a.finish_slip_days) == (PhaseStatus.OVERDUE, day("2023-02-16"), 16)


def test_records_dated_after_the_as_of_date_are_unknown_then() -> None:
    project = plan(phase("a", "2023-01-01", "2023-01-31", actual_start="2023-01-05", actual_end="2023-01-30"))

    before = analyse_schedule(project, day("2023-01-04")).phase("a")
    during = analyse_schedule(project, day("2023-01-10")).phase("a")
    after = analyse_schedule(project, day("2023-01-30")).phase("a")

    assert (before.start_is_actual, before.start, before.finish) == (False, day("2023-01-05"), day("2023-02-04"))
    assert before.status is PhaseStatus.FINISHING_LATE
    assert (during.start, during.start_is_actual, during.finish_is_actual) == (day("2023-01-05"), True, False)
    assert (after.status, after.finish, after.finish_slip_days) == (PhaseStatus.DONE, day("2023-01-30"), -1)


def test_a_milestone_event_fills_in_a_date_the_phase_does_not_record() -> None:
    event = Event(id="E", date=day("2023-01-20"), name="开工", phase="a", marks=EventMark.START)
    project = plan(phase("a", "2023-01-10", "2023-02-28"), events=(event,))

    a = analyse_schedule(project, day("2023-01-25")).phase("a")

    assert (a.start, a.start_is_actual, a.start_slip_days) == (day("2023-01-20"), True, 10)


def test_a_milestone_that_disagrees_with_the_phase_record_is_flagged() -> None:
    event = Event(id="E", date=day("2023-02-03"), name="验收", phase="a")
    project = plan(phase("a", "2023-01-01", "2023-01-31", actual_end="2023-02-01"), events=(event,))

    schedule = analyse_schedule(project, day("2023-03-01"))

    assert schedule.milestones[0].agrees is False
    [mismatch] = [f for f in schedule.flags if f.code == "schedule.milestone_mismatch"]
    assert mismatch.data() == {
        "event": "验收",
        "event_date": day("2023-02-03"),
        "name": "a",
        "recorded": day("2023-02-01"),
    }


@pytest.mark.parametrize(("slip", "light"), [(0, Light.GREEN), (9, Light.GREEN), (10, Light.YELLOW), (30, Light.RED)])
def test_the_schedule_light_follows_the_completion_slip(slip: int, light: Light) -> None:
    project = plan(phase("a", "2023-01-01", "2023-01-31", actual_end="2023-01-31"))
    late = structs.replace(project.phases[0], actual_end=day("2023-01-31").add(days=slip))

    schedule = analyse_schedule(structs.replace(project, phases=(late,)), day("2023-06-30"))

    assert (schedule.completion_slip_days, schedule.light) == (slip, light)


def test_the_schedule_thresholds_come_from_the_rules(seed: Project) -> None:
    lenient = Rules(schedule_yellow_days=100, schedule_red_days=200)

    schedule = analyse_schedule(seed, day("2023-09-28"), lenient)

    assert schedule.light is Light.GREEN
    assert [f.code for f in schedule.flags] == ["schedule.expectation_behind_forecast"]


def test_a_project_without_phases_has_no_completion_and_an_unknown_light() -> None:
    schedule = analyse_schedule(plan(), day("2023-06-30"))

    assert (schedule.completion, schedule.completion_slip_days, schedule.light, [f.code for f in schedule.flags]) == (
        None,
        None,
        Light.UNKNOWN,
        ["schedule.unknown"],
    )
