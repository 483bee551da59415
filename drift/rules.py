"""Traffic lights and the configurable thresholds (Rules) that turn figures into them."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from msgspec import Struct, structs

from store.model import Checkpoint, GradeFloors, LevelPoints, Project, RuleSettings, TimeBasis
from store.rulesfile import layered


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


class ScoreGrade(StrEnum):
    """The grade of a self-evaluation's total (优 良 中 差), by the rules' grade floors."""

    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


UNKNOWN_MARK = "—"
"""The neutral mark shown beside the word "unknown": no colour, nothing that reads as green."""

_RANKS = {Light.GREEN: 0, Light.UNKNOWN: 1, Light.YELLOW: 2, Light.RED: 3}


def worst(lights: Iterable[Light]) -> Light:
    """The worst known light; unknown when every light is unknown, green when there are none."""
    found, rank, given = Light.GREEN, -1, False
    for light in lights:  # one pass: every flag of every project comes through here
        given = True
        if light is not Light.UNKNOWN and _RANKS[light] > rank:
            found, rank = light, _RANKS[light]
    return Light.UNKNOWN if given and rank < 0 else found


_GRADE_FLOORS = GradeFloors(Decimal(90), Decimal(80), Decimal(60))
"""财预〔2020〕10号 (项目支出绩效评价管理办法) art. 26: 优 90–100, 良 80–90, 中 60–80, 差 below 60."""


class Rules(Struct, frozen=True):
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
    reverse_words: tuple[str, ...] = ("成本", "事故", "投诉", "超概算", "超支", "差错", "损失", "违规", "返工")
    """A target without a comparator ("500万元") is a ceiling when an indicator's names hold one of these."""

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

    def score_grade(self, total: Decimal) -> ScoreGrade:
        """优 from grade_floors.excellent, 良 from .good, 中 from .fair, else 差."""
        floors = self.grade_floors
        if total >= floors.excellent:
            return ScoreGrade.EXCELLENT
        if total >= floors.good:
            return ScoreGrade.GOOD
        return ScoreGrade.FAIR if total >= floors.fair else ScoreGrade.POOR

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

SETTINGS = RuleSettings.__struct_fields__
"""The rules a project or a store can set, in the order they are shown; each is a field of Rules of the same name."""


class Origin(StrEnum):
    """Which layer a rule's value comes from, the one above the others first."""

    PROJECT = "project"
    """The project's own `rules` (drift set-rules, or the import file)."""
    STORE = "store"
    """The store's rules file beside it, store.rules.toml."""
    CONFIG = "config"
    """The user's rules for every store, $XDG_CONFIG_HOME/drift/rules.toml."""
    DEFAULT = "default"
    """DEFAULT_RULES."""


class RuleInForce(Struct, frozen=True):
    """One settable rule as it applies: its value (as Rules holds it) and the layer that gave it."""

    name: str
    value: object
    origin: Origin


def rules_in_force(
    own: RuleSettings = NO_SETTINGS, store_rules: RuleSettings = NO_SETTINGS, user_rules: RuleSettings = NO_SETTINGS
) -> tuple[RuleInForce, ...]:
    """Every settable rule, in SETTINGS order, from the first layer stating it: a project's own settings, the store's
    rules file, the user's config, else the default. What `drift rules` shows; rules_for gives the same values."""
    layers = ((Origin.PROJECT, own), (Origin.STORE, store_rules), (Origin.CONFIG, user_rules))
    found = []
    for name in SETTINGS:
        origin, value = next(
            ((origin, value) for origin, layer in layers if (value := getattr(layer, name)) is not None),
            (Origin.DEFAULT, getattr(DEFAULT_RULES, name)),
        )
        found.append(RuleInForce(name, value, origin))
    return tuple(found)


def rule_origins(
    project: Project, store_rules: RuleSettings = NO_SETTINGS, user_rules: RuleSettings = NO_SETTINGS
) -> dict[str, Origin]:
    """Where each settable rule comes from for project: its own `rules`, else the store's file, else the user's
    config, else the default."""
    return {rule.name: rule.origin for rule in rules_in_force(project.rules, store_rules, user_rules)}


class Ruled(Protocol):
    """What a project's rules depend on besides the store's: a Project has it, and so has what a memory keeps."""

    @property
    def rules(self) -> RuleSettings: ...


def rules_for(project: Ruled, store_rules: RuleSettings = NO_SETTINGS) -> Rules:
    """The rules project is analysed under: each setting from the project, else the store's, else DEFAULT_RULES.

    store_rules are the store's as Store.rules() gives them: its rules file over the user's config, merged setting
    by setting. The one place the layers meet: every command, the dashboard, the exports and the portfolio take
    their rules here. Every layer is valid on its own (store.codec.rule_settings_problem), so any layering is too.
    """
    if project.rules == NO_SETTINGS and store_rules == NO_SETTINGS:
        return DEFAULT_RULES
    stated = layered(project.rules, store_rules)
    return structs.replace(
        DEFAULT_RULES, **{name: value for name in SETTINGS if (value := getattr(stated, name)) is not None}
    )
