"""One project as of a date: schedule, budget, earned value and indicators computed together, with every flag."""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import Date

from drift.budget import BudgetAnalysis, analyse_budget
from drift.earned_value import EarnedValue, earned_value
from drift.flags import Flag
from drift.indicators import IndicatorAnalysis, analyse_indicators
from drift.rules import DEFAULT_RULES, Light, Rules, worst
from drift.schedule import ScheduleAnalysis, analyse_schedule
from store.model import Project


@dataclass(frozen=True, slots=True)
class ProjectAnalysis:
    """Everything a supervisor acts on for one project, as of one date, under one set of rules."""

    project: Project
    as_of: Date
    rules: Rules
    schedule: ScheduleAnalysis
    budget: BudgetAnalysis
    earned_value: EarnedValue
    indicators: IndicatorAnalysis
    flags: tuple[Flag, ...]
    """Schedule flags, then budget, then indicators, each in the project's order."""
    light: Light
    """The worst of the schedule light, the budget lights and every flag."""

    def flags_at_least(self, level: Light) -> tuple[Flag, ...]:
        """The flags at level or worse."""
        return tuple(item for item in self.flags if item.level.rank >= level.rank)


def analyse_project(project: Project, as_of: Date, rules: Rules = DEFAULT_RULES) -> ProjectAnalysis:
    """The full analysis of project as of as_of; the schedule is computed once and shared."""
    schedule = analyse_schedule(project, as_of, rules)
    budget = analyse_budget(project, as_of, rules)
    indicators = analyse_indicators(project, as_of, rules, schedule=schedule)
    flags = (*schedule.flags, *budget.flags, *indicators.flags)
    lights = [schedule.light, budget.light, *(line.light for line in budget.sources), *(f.level for f in flags)]
    return ProjectAnalysis(
        project=project,
        as_of=as_of,
        rules=rules,
        schedule=schedule,
        budget=budget,
        earned_value=earned_value(project, as_of, rules, schedule=schedule),
        indicators=indicators,
        flags=flags,
        light=worst(lights),
    )
