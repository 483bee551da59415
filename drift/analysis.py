"""One project as of a date: schedule, budget, earned value and indicators computed together, with every flag."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from msgspec import Struct
from pendulum import Date

from drift.budget import BudgetAnalysis, analyse_budget
from drift.claims import ClaimCheck, check_claims
from drift.earned_value import EarnedValue, earned_value
from drift.flags import Flag, at_least
from drift.i18n import t
from drift.indicators import IndicatorAnalysis, analyse_indicators
from drift.later import Later, later_records
from drift.rules import Light, Rules, rules_for, worst
from drift.schedule import ScheduleAnalysis, analyse_schedule
from drift.selfeval import SelfEvaluation, score_flags, self_evaluate
from store.model import Project


class ProjectAnalysis(Struct, frozen=True, dict=True):
    """Everything a supervisor acts on for one project, as of one date, under one set of rules."""

    project: Project
    as_of: Date
    rules: Rules
    schedule: ScheduleAnalysis
    budget: BudgetAnalysis
    indicators: IndicatorAnalysis
    self_evaluation: SelfEvaluation | None
    """The year-end score when some indicator has a final value or grade; None before then."""
    claims: tuple[ClaimCheck, ...]
    """The report's claims dated on or before as_of, each held against the records as of its own date."""
    flags: tuple[Flag, ...]
    """Schedule flags, then budget, then indicators, then the score, then claims, each in the project's order."""
    light: Light
    """The worst known light of the schedule, the budget lines, the indicators and every flag."""
    unknown: tuple[str, ...]
    """The parts (schedule, budget, indicators) whose light is unknown, in that order: "red · schedule unknown"."""
    later: Later
    """The records dated after as_of: kept, counted in no figure until then, and said so in every view."""

    @functools.cached_property
    def earned_value(self) -> EarnedValue:
        """Worked out when first asked: no light or flag depends on it, and a portfolio's rows never ask."""
        return earned_value(self.project, self.as_of, self.rules, schedule=self.schedule)

    def flags_at_least(self, level: Light) -> tuple[Flag, ...]:
        """The flags at level or worse."""
        return at_least(self.flags, level)

    @property
    def deviation_count(self) -> int:
        """The yellow and red flags: what every flag count shows; unknown parts are named beside the light instead."""
        return len(self.flags_at_least(Light.YELLOW))


def unknown_text(analysis: ProjectAnalysis, lang: str) -> str:
    """Which parts are unknown, "schedule, indicators unknown"; "" when every part is known."""
    return unknown_parts_text(analysis.unknown, lang)


def unknown_parts_text(unknown: Sequence[str], lang: str) -> str:
    """The parts named (as ProjectAnalysis.unknown names them) said to be unknown; "" when there are none."""
    if not unknown:
        return ""
    parts = ("、" if lang == "zh" else ", ").join(t(f"part.{part}", lang) for part in unknown)
    return t("light.unknown_parts", lang, parts=parts)


def analyse_project(project: Project, as_of: Date, rules: Rules | None = None) -> ProjectAnalysis:
    """The full analysis of project as of as_of; the schedule is computed once and shared.

    rules defaults to the project's own settings over the defaults; a view of a store passes
    rules_for(project, the store's settings).
    """
    rules = rules_for(project) if rules is None else rules
    schedule = analyse_schedule(project, as_of, rules)
    budget = analyse_budget(project, as_of, rules)
    indicators = analyse_indicators(project, as_of, rules, schedule=schedule)
    evaluation = self_evaluate(project, as_of, rules)
    score = score_flags(evaluation) if evaluation else []
    claims = check_claims(project, as_of, rules)
    flags = (
        *schedule.flags,
        *budget.flags,
        *indicators.flags,
        *score,
        *(check.flag for check in claims if check.flag),
    )
    parts = {"schedule": schedule.light, "budget": budget.light, "indicators": indicators.light}
    # A source's light counts only when it warns: one green source must not make a project of unknowns green.
    warnings = (line.light for line in budget.sources if line.light.rank > Light.UNKNOWN.rank)
    lights = [*parts.values(), *warnings, *(f.level for f in flags)]
    return ProjectAnalysis(
        project=project,
        as_of=as_of,
        rules=rules,
        schedule=schedule,
        budget=budget,
        indicators=indicators,
        self_evaluation=evaluation,
        claims=claims,
        flags=flags,
        light=worst(lights),
        unknown=tuple(part for part, light in parts.items() if light is Light.UNKNOWN),
        later=later_records(project, as_of),
    )
