"""Values as offices type them (2023/9/28, 1,200.50, １２０, 228.76万平方米, 中央) turned into the strict canonical forms."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache

from pendulum import Date

from store.errors import ValidationError, Words
from store.model import WHOLE_PROJECT, CauseKind, ClaimKind, Grade, Project, Source, SourceKind
from store.values import FULL_WIDTH, MONEY_PLACES, parse_date, parse_money, shown_text

# Each typed_* returns the canonical text, or the text as typed (trimmed) when it holds no form it knows, so that
# the strict parser after it (store/values.py) refuses it with its own message; read_* are the two together.

_DATE = re.compile(
    r"([0-9]{4})\s*([-/.])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})|([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})[日号]?"
)
_NUMBER = re.compile(r"([-+]?)([0-9][0-9,]*+(?:\.[0-9]++)?)")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_MONEY_UNITS = {"亿元": 4, "亿": 4, "万元": 0, "万": 0, "元": -4}
"""Powers of ten from a written unit to 万元, the unit of every amount drift keeps."""
_QUANTITY = re.compile(r"(≥|>=|≤|<=|=|>|<)?\s*+([-+]?[0-9][0-9,]*+(?:\.[0-9]++)?)\s*+(\S*+)")
"""Possessive (*+): a pasted page that is no quantity fails at once, instead of after trying every split of it."""
MULTIPLIERS = {"万": 4, "亿": 8}
"""Chinese multipliers written before a unit: 228.76万平方米 is 2,287,600 平方米."""


def plain_forms(text: str) -> str:
    """Full-width digits, signs, points, commas and spaces as ASCII, trimmed: what a Chinese input method types."""
    return text.translate(FULL_WIDTH).strip()


def typed_date(text: str) -> str:
    """YYYY-MM-DD from 2023-09-28, 2023/9/28, 2023-9-28, 2023.9.28, 2023年9月28日, in full-width digits too."""
    plain = plain_forms(text)
    match = _DATE.fullmatch(plain)
    if match is None:
        return plain
    year, _, month, day, *chinese = match.groups()
    if year is None:
        year, month, day = chinese
    return f"{year}-{int(month):02d}-{int(day):02d}"


def read_date(text: str) -> Date:
    """A date as typed, read by the store's strict rule."""
    return parse_date(typed_date(text))


def ungrouped(number: str, typed: str) -> str:
    """number without its grouping commas; refused when they are out of place ("1,20.5"), which is a typo."""
    if "," not in number:
        return number
    if not _GROUPED.fullmatch(number.lstrip("+-")):
        raise ValidationError.said("error.grouping_comma", shown=shown_text(typed.strip()))
    return number.replace(",", "")


def _scaled(number: str, power: int, typed: str, unit: str) -> str:
    """number × 10^power, written plainly, with no more than MONEY_PLACES decimals when it is money."""
    value = Decimal(number).scaleb(power).normalize()
    places = max(0, -int(value.as_tuple().exponent))
    if unit == "万元" and places > MONEY_PLACES:
        raise ValidationError.said(
            "error.money_places", shown=shown_text(typed.strip()), value=f"{value:f}", places=MONEY_PLACES
        )
    return f"{value:f}"


def typed_money(text: str, *, yuan: bool = False) -> str:
    """An amount in 万元 as a decimal string: grouping commas and full-width forms removed; 万/万元 kept as they are,
    元 divided by 10,000 and 亿/亿元 multiplied by 10,000. A number with no unit is in 万元, or in 元 if yuan."""
    plain = plain_forms(text)
    unit = next((written for written in _MONEY_UNITS if plain.endswith(written)), "")  # 万元 before 元
    number = _NUMBER.fullmatch(plain[: len(plain) - len(unit)].rstrip())
    if number is None:
        return plain
    sign, digits = number.groups()
    amount = sign + ungrouped(digits, text)
    power = _MONEY_UNITS[unit or ("元" if yuan else "万元")]
    return amount if power == 0 else _scaled(amount, power, text, "万元")


def read_money(text: str, *, yuan: bool = False) -> Decimal:
    """An amount as typed, in 万元, read by the store's strict rule."""
    return parse_money(typed_money(text, yuan=yuan))


_POINTS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,6})?")


def read_points(text: str) -> Decimal:
    """A 分值 or 得分 as typed: "7", "7.5分", "８分"; no sign, at most six decimals, at most 100."""
    plain = plain_forms(text).strip()
    number = plain.removesuffix("分").strip()
    if not _POINTS.fullmatch(number) or Decimal(number) > 100:
        raise ValidationError.said("error.points_form", shown=shown_text(text.strip()))
    return parse_money(number)


def typed_quantity(text: str, unit: str) -> str:
    """A measured value in the field's unit: "228.76万平方米" is "2287600平方米" when unit is 平方米, and "1,200个" is
    "1200个". Text that holds no number ("提升", "-") or another unit is kept as typed."""
    plain = plain_forms(text)
    match = _QUANTITY.fullmatch(plain)
    if match is None:
        return text
    symbol, number, written = match.groups()
    number = ungrouped(number, text)
    power = 0
    if unit and written != unit:
        if written[:1] in MULTIPLIERS and written[1:] == unit:
            power = MULTIPLIERS[written[0]]
        elif unit[:1] in MULTIPLIERS and unit[1:] == written:
            power = -MULTIPLIERS[unit[0]]
        if power:
            written = unit
    elif not unit and written[:1] in MULTIPLIERS:  # a target of plain numbers: 1.2万 is 12000, 120万元 1200000元
        power, written = MULTIPLIERS[written[0]], written[1:]
    if power:
        number = _scaled(number, power, text, unit)
    return f"{symbol or ''}{number}{written}"


def typed_claim_value(project: Project, kind: ClaimKind, subject: str, text: str) -> str:
    """A claimed value as typed, in the form its kind reads: a completion date as YYYY-MM-DD, an indicator's value in
    its target's unit ("228.76万平方米"); other kinds, and text in no known form, as typed (their reader says why)."""
    if kind is ClaimKind.COMPLETION_DATE:
        return typed_date(text)
    if kind is ClaimKind.INDICATOR_VALUE:
        unit = next((item.target.unit for item in project.indicators if item.id == subject), "")
        return typed_quantity(text, unit)
    return text


# Funding sources as people name them.

KIND_NAMES: dict[SourceKind, tuple[str, ...]] = {
    SourceKind.CENTRAL: ("中央", "中央补助资金", "中央财政资金", "中央资金", "Central funds"),
    SourceKind.PROVINCIAL: ("省级", "省级补助资金", "省级财政资金", "省级资金", "Provincial funds"),
    SourceKind.MUNICIPAL: ("市级", "市级财政资金", "市级资金", "Municipal funds"),
    SourceKind.COUNTY: ("县级", "县级财政资金", "县级资金", "区级财政资金", "County funds"),
    SourceKind.LOCAL: ("市县", "市县财政资金", "市县资金", "地方财政资金", "City and county funds"),
    SourceKind.SPECIAL_BONDS: ("专项债券", "专项债", "专项债券资金", "地方政府专项债券", "Special bonds"),
    SourceKind.SOCIAL_CAPITAL: ("社会资本", "社会资本投入", "社会筹集资金", "Social capital"),
    SourceKind.SELF_RAISED: ("单位自筹", "自筹", "自筹资金", "Self-raised"),
    SourceKind.OTHER: ("其他", "其他资金", "Other funds"),
}
"""Names of each kind besides its own (central): the glossary's short ones, the reports' long ones and the labels
drift shows (drift/i18n.py's md.kind.*, which a test holds to this table)."""

_SHOWN = re.compile(r"(.+?)\s*\(([^()]+)\)")
"""A source as the dashboard's choices show it, "中央补助资金 (central)": copied from the screen into a command."""


def _key(text: str) -> str:
    return " ".join(plain_forms(text).casefold().replace("_", " ").replace("-", " ").split())


_KEYS = {_key(name): kind for kind, names in KIND_NAMES.items() for name in (*names, kind.value)}


@lru_cache(maxsize=1024)  # every source of every project is asked about as a store is checked: ids repeat
def typed_kind(text: str) -> SourceKind | None:
    """The kind of source text names (central, 中央, 中央补助资金, Central funds …), or None."""
    shown = _SHOWN.fullmatch(plain_forms(text))
    return _KEYS.get(_key(shown.group(2) if shown else text))


def shown_sources(sources: Sequence[Source]) -> str:
    """The sources listed as the dashboard shows them, name and id, for a message: "中央补助资金 (central), …"."""
    return ", ".join(f"{source.name} ({source.id})" for source in sources) or "none"


def unlisted_source(named: str, sources: Sequence[Source]) -> Words:
    """Why money cannot come from a source the project does not list, and what to do."""
    return Words("error.source_unlisted", {"shown": shown_text(named), "sources": shown_sources(sources)})


def typed_source(sources: Sequence[Source], text: str) -> str:
    """The id of the source among the project's sources that text names: by id, by kind (central, 中央, 中央补助资金,
    Central funds), by its name as listed, or as the dashboard shows it; nothing typed is money of the whole project.
    Refused, listing the choices, when it names none or several.
    """
    if not plain_forms(text).strip():
        return WHOLE_PROJECT
    shown = _SHOWN.fullmatch(plain_forms(text))
    by_id = [source for source in sources if source.id in (text.strip(), shown.group(2) if shown else None)]
    if len(by_id) == 1:
        return by_id[0].id
    kind = typed_kind(text)
    name = _key(shown.group(1) if shown else text)
    found = [source for source in sources if source.kind == kind or _key(source.name) == name]
    if len(found) == 1:
        return found[0].id
    if found:
        raise ValidationError.said(
            "error.source_ambiguous", shown=shown_text(text.strip()), sources=shown_sources(found)
        )
    if kind is not None:
        raise ValidationError.of(unlisted_source(text.strip(), sources))
    raise ValidationError.said("error.source_unknown", shown=shown_text(text.strip()), sources=shown_sources(sources))


# JSON import files stay strict; their messages say what to change.


def strict_money(value: object) -> Decimal:
    """parse_money, whose refusal of a typed form ("1,200.50", "１２０", "1200元") says what to write instead."""
    try:
        return parse_money(value)  # type: ignore[arg-type]  # parse_money refuses a non-string itself
    except ValidationError as error:
        if isinstance(value, str) and (fixed := _fixed(value, typed_money, parse_money)) is not None:
            if fixed == value.replace(",", ""):
                raise ValidationError.said("error.money_comma", value=value) from None
            if fixed == plain_forms(value) and value.translate(FULL_WIDTH) != value:
                raise ValidationError.said("error.money_ascii", value=value, fixed=fixed) from None
            raise ValidationError.said("error.money_written", value=value, fixed=fixed) from None
        raise error from None


def strict_date(value: object) -> Date:
    """parse_date, whose refusal of a typed form ("2023/9/28", "２０２３－０９－２８") says what to write instead."""
    try:
        return parse_date(value)  # type: ignore[arg-type]  # parse_date refuses a non-string itself
    except ValidationError as error:
        if isinstance(value, str) and (fixed := _fixed(value, typed_date, parse_date)) is not None:
            raise ValidationError.said("error.date_written", value=value, fixed=fixed) from None
        raise error from None


def _fixed(value: str, typed: Callable[[str], str], parse: Callable[[str], object]) -> str | None:
    """The canonical form of value when its typed form differs from it and parse accepts it, else None."""
    try:
        fixed = typed(value)
        parse(fixed)
    except ValidationError:
        return None
    return fixed if fixed != value else None


GRADE_NAMES: dict[Grade, tuple[str, ...]] = {
    Grade.ACHIEVED: ("达成", "达成年度指标", "achieved"),
    Grade.PARTLY: ("部分达成", "部分达成年度指标", "partly achieved"),
    Grade.NOT_ACHIEVED: ("未达成", "未达成年度指标", "not achieved"),
}
"""The self-evaluation forms' words for each grade of a qualitative indicator, and the labels drift shows."""

CAUSE_NAMES: dict[CauseKind, str] = {
    CauseKind.FUNDING: "经费保障",
    CauseKind.RULES: "制度保障",
    CauseKind.STAFF: "人员保障",
    CauseKind.FACILITIES: "硬件条件保障",
    CauseKind.OTHER: "其他",
}
"""The monitoring table's headings of deviation causes."""


def typed_grade(text: str) -> Grade:
    """A grade as typed: achieved, 达成, 部分达成 …; ValidationError listing them."""
    key = _key(text)
    for grade, names in GRADE_NAMES.items():
        if key in {_key(name) for name in (*names, grade.value)}:
            return grade
    listed = ", ".join(f"{names[0]} ({grade})" for grade, names in GRADE_NAMES.items())
    raise ValidationError.said("error.grade_form", shown=shown_text(text), listed=listed)


def typed_causes(text: str) -> tuple[CauseKind, ...]:
    """Deviation-cause headings as typed, separated by commas or 、 (funding, 经费保障 …), in the form's order."""
    chosen: set[CauseKind] = set()
    for part in re.split(r"[,，、;；]", plain_forms(text)):
        if not part.strip():
            continue
        key = _key(part)
        kind = next((cause for cause, name in CAUSE_NAMES.items() if key in (_key(name), _key(cause.value))), None)
        if kind is None:
            names = ", ".join(f"{name} ({cause})" for cause, name in CAUSE_NAMES.items())
            raise ValidationError.said("error.cause_form", shown=shown_text(part.strip()), names=names)
        chosen.add(kind)
    return tuple(cause for cause in CauseKind if cause in chosen)


# Spreadsheet cells (drift import-form): what a number or a tick holds, without arithmetic in float.

CELL_PLACES = 6
"""Decimals kept of a number a spreadsheet stores as a binary float: 0.1 + 0.2 is 0.30000000000000004 there."""

TICKED = frozenset({"✓", "√", "✔", "☑", "是", "Y", "YES"})
"""What offices write in a tick column (完成目标可能性, 偏差原因 headings) to tick it."""
NOT_TICKED = frozenset({"", "否", "×", "✗", "✘", "N", "NO"})
"""What they write to leave it unticked; blank is the usual way."""


def typed_cell_number(value: int | float | Decimal) -> str:
    """A spreadsheet's number as a decimal string: read through its shortest repr, never through float arithmetic,
    rounded to CELL_PLACES decimals and without trailing zeros ("1200.5", "0.3", "86")."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValidationError.said("error.not_a_number", value=value)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValidationError.said("error.not_a_number", value=value)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -CELL_PLACES:  # only what has more decimals: a huge number stays whole
        number = number.quantize(Decimal(1).scaleb(-CELL_PLACES))
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "0") else text


def typed_tick(text: str) -> bool | None:
    """True for a tick (✓ √ 是 Y), False for blank or a cross (否 ×), None for anything else: unreadable."""
    plain = plain_forms(text).upper()
    if plain in TICKED:
        return True
    if plain in NOT_TICKED:
        return False
    return None
