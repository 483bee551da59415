"""Schedule as of a date: phase status, start and finish slip, the finish-to-start forecast, milestones."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from msgspec import Struct
from pendulum import Date

from drift.dates import days_after, finish_after, inclusive_days, shift
from drift.flags import Flag, flag
from drift.later import counts, known
from drift.numbers import HUNDRED
from drift.rules import DEFAULT_RULES, Light, Rules, worst
from store.model import Event, EventMark, Phase, Project


class PhaseStatus(StrEnum):
    """Where a phase stands on the as-of date."""

    NOT_STARTED = "not_started"
    """Not begun, and not yet due to begin."""
    IN_PROGRESS = "in_progress"
    """Begun on time and forecast to finish on time."""
    DONE = "done"
    """Finished on or before the as-of date (on time or not: see finish_slip_days)."""
    STARTED_LATE = "started_late"
    """Begun after its planned start, yet forecast (from its percent complete) to finish on time."""
    FINISHING_LATE = "finishing_late"
    """Due to begin or begun, planned finish not yet passed, but forecast to finish after it."""
    OVERDUE = "overdue"
    """Past its planned finish and not finished."""


class PhaseSchedule(Struct, frozen=True):
    """One phase as of the date: actual dates where known, forecast ones where not."""

    phase: Phase
    status: PhaseStatus
    planned_days: int
    """Planned duration, inclusive: 2023-07-01..2023-11-30 is 153 days."""
    start: Date | None
    """Actual start if known, else the forecast; None for a finished phase whose start was never recorded."""
    start_is_actual: bool
    finish: Date
    """Actual finish if known, else the forecast."""
    finish_is_actual: bool
    start_slip_days: int | None
    """start minus planned start, in days; None when start is None."""
    finish_slip_days: int
    """finish minus planned finish, in days; positive is late."""
    inherited_slip_days: int
    """The largest finish slip among the predecessors (0 without any): what the plan pushed onto this phase."""
    light: Light


class MilestoneCheck(Struct, frozen=True):
    """A dated event that opens or closes a phase, held against that phase's plan and record."""

    event: Event
    planned: Date
    """The planned start or end of the phase, whichever the event marks."""
    slip_days: int
    recorded: Date | None
    """The phase's own actual date for that end, when known as of the date."""

    @property
    def agrees(self) -> bool | None:
        """Whether the event and the phase record give the same date; None when the phase has no record."""
        return None if self.recorded is None else self.recorded == self.event.date


class ScheduleAnalysis(Struct, frozen=True):
    """The whole schedule as of a date."""

    as_of: Date
    phases: tuple[PhaseSchedule, ...]
    """In the project's order."""
    milestones: tuple[MilestoneCheck, ...]
    planned_completion: Date | None
    """The latest planned finish; None without phases."""
    completion: Date | None
    """The latest actual or forecast finish."""
    completion_is_actual: bool
    completion_slip_days: int | None
    light: Light
    """From the completion slip; unknown without phases."""
    flags: tuple[Flag, ...]

    def phase(self, phase_id: str) -> PhaseSchedule:
        """The schedule of one phase by id; KeyError when there is none."""
        for item in self.phases:
            if item.phase.id == phase_id:
                return item
        raise KeyError(phase_id)


def analyse_schedule(project: Project, as_of: Date, rules: Rules = DEFAULT_RULES) -> ScheduleAnalysis:
    """Status, slip and forecast of every phase, the project completion and the schedule flags, as of as_of."""
    known_events = [event for event in project.events if event.phase and counts(event.date, as_of)]
    event_dates = _event_dates(known_events)
    computed: dict[str, PhaseSchedule] = {}
    for phase in _in_dependency_order(project.phases):
        predecessors = [computed[p] for p in phase.predecessors]
        computed[phase.id] = _phase_schedule(phase, as_of, rules, event_dates, predecessors)
    phases = tuple(computed[phase.id] for phase in project.phases)
    by_id = {phase.id: phase for phase in project.phases}
    milestones = tuple(_milestone(event, by_id[event.phase], as_of) for event in known_events)

    planned_completion = max((p.phase.planned_end for p in phases), default=None)
    completion = max((p.finish for p in phases), default=None)
    completion_slip = days_after(planned_completion, completion) if planned_completion and completion else None
    light = rules.slip_light(completion_slip)

    flags = [*_phase_flags(phases, as_of), *_milestone_flags(milestones, computed)]
    if light is Light.UNKNOWN:
        flags.append(flag(Light.UNKNOWN, "schedule.unknown"))
    if planned_completion and completion and light is not Light.GREEN:
        flags.append(
            flag(
                light,
                "schedule.completion_late",
                completion=completion,
                planned=planned_completion,
                slip_days=completion_slip,
            )
        )
    return ScheduleAnalysis(
        as_of=as_of,
        phases=phases,
        milestones=milestones,
        planned_completion=planned_completion,
        completion=completion,
        completion_is_actual=bool(phases) and all(p.finish_is_actual for p in phases),
        completion_slip_days=completion_slip,
        light=light,
        flags=tuple(flags),
    )


def _in_dependency_order(phases: tuple[Phase, ...]) -> list[Phase]:
    """Predecessors before successors, otherwise in the project's order; a cycle (the store refuses them) is cut."""
    by_id = {phase.id: phase for phase in phases}
    ordered: list[Phase] = []
    seen: set[str] = set()

    def place(phase: Phase) -> None:
        if phase.id in seen:
            return
        seen.add(phase.id)
        for pred in phase.predecessors:
            if pred in by_id:
                place(by_id[pred])
        ordered.append(phase)

    for phase in phases:
        place(phase)
    return ordered


def _event_dates(events: Iterable[Event]) -> dict[tuple[str, EventMark], Date]:
    """For each phase end that events mark, the date they give: the earliest start, the latest end."""
    dates: dict[tuple[str, EventMark], Date] = {}
    for event in events:
        key = (event.phase, event.marks)
        seen = dates.get(key)
        if seen is None or (event.date < seen if event.marks is EventMark.START else event.date > seen):
            dates[key] = event.date
    return dates


def _phase_schedule(
    phase: Phase,
    as_of: Date,
    rules: Rules,
    event_dates: dict[tuple[str, EventMark], Date],
    predecessors: list[PhaseSchedule],
) -> PhaseSchedule:
    planned_days = inclusive_days(phase.planned_start, phase.planned_end)
    # A milestone event fills in a date the phase itself does not record.
    actual_start = known(phase.actual_start, as_of) or event_dates.get((phase.id, EventMark.START))
    actual_end = known(phase.actual_end, as_of) or event_dates.get((phase.id, EventMark.END))
    inherited = max((max(p.finish_slip_days, 0) for p in predecessors), default=0)

    start: Date | None
    if actual_end is not None:
        start, finish = actual_start, actual_end  # the start may be None: finished, but nobody wrote down when
    else:
        # Not recorded as started means it starts tomorrow at the earliest (as MS Project moves unstarted
        # work after the status date), never before its plan, and each predecessor's finish slip pushes it
        # by as many days: a finish-to-start link that keeps the planned gap or overlap between the two.
        start = actual_start or max(
            [
                phase.planned_start,
                shift(as_of, 1),
                *(shift(phase.planned_start, p.finish_slip_days) for p in predecessors),
            ]
        )
        if actual_start is not None and phase.percent_complete is not None:
            # Under way with an estimate: the work left, as a share of the planned duration, runs from tomorrow.
            left = Decimal(planned_days) * (HUNDRED - phase.percent_complete) / HUNDRED
            finish = shift(as_of, int(left.to_integral_value(rounding=ROUND_CEILING)))
        else:
            finish = finish_after(start, planned_days)
        finish = max(finish, shift(as_of, 1))  # unfinished today, so tomorrow at the earliest

    start_slip = days_after(phase.planned_start, start) if start is not None else None
    finish_slip = days_after(phase.planned_end, finish)
    if actual_end is not None:
        status = PhaseStatus.DONE
    elif as_of > phase.planned_end:
        status = PhaseStatus.OVERDUE
    elif actual_start is None and as_of < phase.planned_start:
        status = PhaseStatus.NOT_STARTED
    elif finish > phase.planned_end:
        status = PhaseStatus.FINISHING_LATE
    elif start is not None and start > phase.planned_start:
        status = PhaseStatus.STARTED_LATE
    else:
        status = PhaseStatus.IN_PROGRESS
    return PhaseSchedule(
        phase=phase,
        status=status,
        planned_days=planned_days,
        start=start,
        start_is_actual=actual_start is not None,
        finish=finish,
        finish_is_actual=actual_end is not None,
        start_slip_days=start_slip,
        finish_slip_days=finish_slip,
        inherited_slip_days=inherited,
        light=rules.slip_light(finish_slip),
    )


def _milestone(event: Event, phase: Phase, as_of: Date) -> MilestoneCheck:
    if event.marks is EventMark.START:
        planned, recorded = phase.planned_start, known(phase.actual_start, as_of)
    else:
        planned, recorded = phase.planned_end, known(phase.actual_end, as_of)
    return MilestoneCheck(event=event, planned=planned, slip_days=days_after(planned, event.date), recorded=recorded)


def _phase_flags(phases: tuple[PhaseSchedule, ...], as_of: Date) -> list[Flag]:
    flags: list[Flag] = []
    for item in phases:
        phase = item.phase
        if item.status is PhaseStatus.OVERDUE:
            flags.append(
                flag(
                    worst((item.light, Light.YELLOW)),
                    "schedule.overdue",
                    phase.id,
                    name=phase.name,
                    planned_end=phase.planned_end,
                    overdue_days=days_after(phase.planned_end, as_of),
                    forecast=item.finish,
                    slip_days=item.finish_slip_days,
                )
            )
            continue
        # A late predecessor pushes every successor; flag only the phases that add slip of their own,
        # so one root cause is one line and the project completion carries the sum.
        if item.light is Light.GREEN or item.finish_slip_days <= item.inherited_slip_days:
            continue
        code = "schedule.finished_late" if item.finish_is_actual else "schedule.forecast_late"
        flags.append(
            flag(
                item.light,
                code,
                phase.id,
                name=phase.name,
                planned_end=phase.planned_end,
                finish=item.finish,
                slip_days=item.finish_slip_days,
            )
        )
    for item in phases:
        expected = item.phase.expected_end
        if expected is not None and not item.finish_is_actual and expected < item.finish:
            flags.append(
                flag(
                    Light.YELLOW,
                    "schedule.expectation_behind_forecast",
                    item.phase.id,
                    name=item.phase.name,
                    expected=expected,
                    forecast=item.finish,
                    gap_days=days_after(expected, item.finish),
                )
            )
    return flags


def _milestone_flags(milestones: tuple[MilestoneCheck, ...], phases: dict[str, PhaseSchedule]) -> list[Flag]:
    return [
        flag(
            Light.YELLOW,
            "schedule.milestone_mismatch",
            check.event.phase,
            event=check.event.name,
            event_date=check.event.date,
            name=phases[check.event.phase].phase.name,
            recorded=check.recorded,
        )
        for check in milestones
        if check.agrees is False
    ]
