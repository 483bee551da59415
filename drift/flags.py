"""Flags: what needs a supervisor's attention, as data (level, stable code, values), and its sentence."""

from __future__ import annotations

from decimal import Decimal

from msgspec import Struct
from pendulum import Date

from drift.dates import shown_date
from drift.i18n import t
from drift.money import Figure
from drift.rules import Light, ScoreGrade
from store.model import ClaimKind, Grade, Likelihood, SourceKind

TOTAL = "total"
"""The subject of a budget flag about the project's total rather than one funding source."""


class Flag(Struct, frozen=True):
    """One deviation or inconsistency. code is stable for scripts; values fill the sentence."""

    level: Light
    code: str
    subject: str = ""
    """What it is about: a phase id, a funding source kind, TOTAL, an indicator id; "" for the project."""
    values: tuple[tuple[str, object], ...] = ()

    def value(self, name: str) -> object:
        """One of the values by name; KeyError when the flag has no such value."""
        for key, value in self.values:
            if key == name:
                return value
        raise KeyError(name)

    def data(self) -> dict[str, object]:
        """The values as a dict, in their order."""
        return dict(self.values)


def at_least(flags: tuple[Flag, ...], level: Light) -> tuple[Flag, ...]:
    """The flags at level or worse, in their order."""
    return tuple(item for item in flags if item.level.rank >= level.rank)


def flag(level: Light, code: str, subject: str = "", **values: object) -> Flag:
    """A Flag with its values given as keywords."""
    return Flag(level=level, code=code, subject=subject, values=tuple(values.items()))


def describe(item: Flag, lang: str) -> str:
    """The flag as one sentence in lang (zh or en), from the i18n table."""
    values = {name: _text(value, lang) for name, value in item.values}
    if item.subject == TOTAL and not values.get("name"):
        values["name"] = t("budget.total", lang)
    if "kind" in values and not values.get("name"):  # a source the budget does not list has only its kind
        values["name"] = values["kind"]
    if "basis" in values:
        values["unit"] = t(f"unit.{values['basis']}", lang)
    if "field" in values:
        values["field_name"] = t(f"indicator.field.{values['field']}", lang)
    if "claim" in values:  # which claim, and where the report says it: "(C1, 自评报告 p.3)"
        where = "claim.cited_at" if item.data().get("reference") else "claim.cited"
        values["cited"] = t(where, lang, claim=values["claim"], reference=values.get("reference", ""))
    if "reason" in values:
        values["reason_text"] = t(f"claim.reason.{values['reason']}", lang)
    if "score_reason" in values:
        values["reason_text"] = t(f"score.reason.{values['score_reason']}", lang)
        values["name"] = values.get("name") or t("score.budget_row", lang)
    return t(f"flag.{item.code}", lang, **values)


_NAMED = (
    (SourceKind, "md.kind"),
    (ClaimKind, "claim.kind"),
    (Likelihood, "likelihood"),
    (Figure, "money.figure"),
    (Grade, "grade"),
    (ScoreGrade, "score_grade"),
)
"""Values a sentence gives by their name in the language, never by their code: 中央补助资金, not central."""


_PREFIXES: dict[type, str] = dict(_NAMED)
_AS_IT_IS = frozenset({str, int, Decimal})
"""What a sentence gives as it is: text, counts, figures."""


def _text(value: object, lang: str) -> str:
    if value is None:
        return "—"
    # By its very type first: 56,000 flags of `drift check` at 10,000 projects ask this some 200,000 times.
    if type(value) in _AS_IT_IS:
        return str(value)
    prefix = _PREFIXES.get(type(value)) or next((p for kind, p in _NAMED if isinstance(value, kind)), None)
    if prefix is not None:
        return t(f"{prefix}.{value}", lang)
    return shown_date(value) if isinstance(value, Date) else str(value)
