"""The settable rules in words: each rule's name and its value as `drift rules` shows them, in zh and en."""

from __future__ import annotations

from decimal import Decimal

from drift.i18n import t
from store.model import Checkpoint, GradeFloors, LevelPoints, TimeBasis

SEPARATOR = " · "
"""Between the items of a list setting: "产出 50 · 效益 30 · 满意度 10"."""

_UNITS = {
    "budget_yellow_points": "percentage_points",
    "budget_red_points": "percentage_points",
    "schedule_yellow_days": "days",
    "schedule_red_days": "days",
    "budget_points": "score_points",
}
"""The unit each single-number setting is counted in."""


def rule_name(name: str, lang: str) -> str:
    """What a setting (a field of RuleSettings) is called: "spending checkpoints", "累计支出节点"."""
    return t(f"rules.name.{name}", lang)


def number_text(value: Decimal) -> str:
    """A setting's number as it was written, without trailing zeros or an exponent: 10, 12.5."""
    return f"{value.normalize():f}"


def setting_text(name: str, value: object, lang: str) -> str:
    """A setting's value in words: "4月 25% · 6月 40%", "产出 50 · 效益 30", "优 ≥90 · 良 ≥80 · 中 ≥60 · 差 <60"."""
    if isinstance(value, TimeBasis):
        return t(f"time.basis.{value}", lang)
    if isinstance(value, GradeFloors):
        floors = {field: number_text(getattr(value, field)) for field in ("excellent", "good", "fair")}
        return t("rules.value.grade_floors", lang, **floors)
    if isinstance(value, tuple):
        return SEPARATOR.join(_item_text(item, lang) for item in value) or t("rules.value.none", lang)
    shown = number_text(value) if isinstance(value, Decimal) else str(value)
    return t(f"rules.value.{_UNITS[name]}", lang, n=shown)


def _item_text(item: object, lang: str) -> str:
    if isinstance(item, Checkpoint):
        return t("rules.value.checkpoint", lang, month=item.month, pct=number_text(item.min_paid_pct))
    if isinstance(item, LevelPoints):
        return f"{item.level1} {number_text(item.points)}"
    raise TypeError(f"no words for {item!r}")  # pragma: no cover - a list setting nobody worded
