"""Traffic lights and the configurable thresholds (Rules) that turn figures into them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from store.model import Checkpoint, GradeFloors, LevelPoints, Project, RuleSettings, TimeBasis


class Light(StrEnum):
    """A traffic light; also the level of a flag. Compare with .rank, worst is red."""

    GREEN = "green"
    UNKNOWN = "unknown"
    """Not enough data to say: never shown as green, never counted as good or bad."""
    YELLOW = "yellow"
    RED = "red"

    @property
    def rank(self) -> int:
        """0 for green, 1 for unknown, 2 for yellow, 3 for red: `--fail-on unknown` counts unknown and worse."""
        return _RANKS[self]


UNKNOWN_MARK = "—"
"""The neutral mark shown beside the word "unknown": no colour, nothing that reads as green."""

_RANKS = {Light.GREEN: 0, Light.UNKNOWN: 1, Light.YELLOW: 2, Light.RED: 3}


def worst(lights: Iterable[Light]) -> Light:
    """The worst known light; unknown when every light is unknown, green when there are none."""
    given = list(lights)
    known = [light for light in given if light is not Light.UNKNOWN]
    if not known and given:
        return Light.UNKNOWN
    return max(known, key=lambda light: light.rank, default=Light.GREEN)


_GRADE_FLOORS = GradeFloors(Decimal(90), Decimal(80), Decimal(60))
"""财预〔2020〕10号 (项目支出绩效评价管理办法) art. 26: 优 90–100, 良 80–90, 中 60–80, 差 below 60."""


@dataclass(frozen=True, slots=True)
class Rules:
    """Every threshold the analysis uses; the defaults follow common county finance practice."""

    budget_yellow_points: Decimal = Decimal(10)
    """Yellow when paid ÷ annual budget trails time progress by this many percentage points or more."""
    budget_red_points: Decimal = Decimal(20)
    """Red when it trails by this many points or more."""
    checkpoints: tuple[Checkpoint, ...] = (
        Checkpoint(4, Decimal(25)),
        Checkpoint(6, Decimal(40)),
        Checkpoint(8, Decimal(60)),
        Checkpoint(10, Decimal(80)),
    )
    """Cumulative spending checkpoints; the latest one passed applies."""
    checkpoint_light: Light = Light.YELLOW
    """The light a missed checkpoint gives."""
    time_basis: TimeBasis = TimeBasis.DAYS
    """Whether time progress counts days or months."""
    schedule_yellow_days: int = 10
    """Yellow when a phase or the project finishes this many days late or more."""
    schedule_red_days: int = 30
    """Red at this many days late or more."""
    output_level1: str = "产出"
    """A level-1 indicator name starting with this is an output indicator (产出指标)."""
    timeliness_level2: str = "时效"
    """A level-2 indicator name containing this measures timeliness (时效指标), which the schedule can contradict."""

    budget_points: Decimal = Decimal(10)
    """The self-evaluation's 分值 of budget execution (预算执行率)."""
    level_points: tuple[LevelPoints, ...] = (
        LevelPoints("产出", Decimal(50)),
        LevelPoints("效益", Decimal(30)),
        LevelPoints("满意度", Decimal(10)),
    )
    """The 分值 of each level-1 group whose indicators state none, shared equally among its indicators."""
    grade_floors: GradeFloors = _GRADE_FLOORS
    """优 from 90, 良 from 80, 中 from 60, else 差: the grades of the self-evaluation total."""

    claim_rate_points: Decimal = Decimal(1)
    """A claimed execution or allocation rate contradicts the records when it differs by more than this many points."""
    claim_days: int = 0
    """A claimed completion date contradicts the schedule when its forecast is later by more than this many days."""
    claim_score_points: Decimal = Decimal("0.5")
    """A claimed self-evaluation score contradicts drift's when it is further than this from it."""
    claim_light: Light = Light.YELLOW
    """The light a claim the records contradict gives."""

    def slip_light(self, slip_days: int | None) -> Light:
        """The light for finishing slip_days late; unknown without a slip (no phases)."""
        if slip_days is None:
            return Light.UNKNOWN
        if slip_days < self.schedule_yellow_days:
            return Light.GREEN
        return Light.RED if slip_days >= self.schedule_red_days else Light.YELLOW

    def trail_light(self, trail_points: Decimal | None) -> Light:
        """The light for spending trail_points behind time progress; unknown without a rate (no budget)."""
        if trail_points is None:
            return Light.UNKNOWN
        if trail_points < self.budget_yellow_points:
            return Light.GREEN
        return Light.RED if trail_points >= self.budget_red_points else Light.YELLOW


DEFAULT_RULES = Rules()


NO_SETTINGS = RuleSettings()
"""A layer that states nothing: a store without a rules file, a project without `rules`."""

SETTINGS = tuple(spec.name for spec in dataclasses.fields(RuleSettings))
"""The rules a project or a store can set, in the order they are shown; each is a field of Rules of the same name."""


class Origin(StrEnum):
    """Which layer a rule's value comes from."""

    PROJECT = "project"
    STORE = "store"
    DEFAULT = "default"


def rule_origins(project: Project, store_rules: RuleSettings = NO_SETTINGS) -> dict[str, Origin]:
    """Where each settable rule comes from for project: its own `rules`, else the store's file, else the default."""
    origins = {}
    for name in SETTINGS:
        if getattr(project.rules, name) is not None:
            origins[name] = Origin.PROJECT
        elif getattr(store_rules, name) is not None:
            origins[name] = Origin.STORE
        else:
            origins[name] = Origin.DEFAULT
    return origins


def rules_for(project: Project, store_rules: RuleSettings = NO_SETTINGS) -> Rules:
    """The rules project is analysed under: each setting from the project, else the store, else DEFAULT_RULES.

    The one place the layers meet: every command, the dashboard, the exports and the portfolio take their rules here.
    Both layers are valid on their own (store.codec.rule_settings_problem), so any layering of them is valid too.
    """
    if project.rules == NO_SETTINGS and store_rules == NO_SETTINGS:
        return DEFAULT_RULES
    layers = {Origin.PROJECT: project.rules, Origin.STORE: store_rules}
    chosen = {
        name: getattr(layers[origin], name)
        for name, origin in rule_origins(project, store_rules).items()
        if origin is not Origin.DEFAULT
    }
    return dataclasses.replace(DEFAULT_RULES, **chosen)
