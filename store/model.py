"""The drift data model: frozen records for everything a monitoring report holds."""

# Every record of drift is a msgspec Struct: made in C, a class costs 15 µs where a frozen dataclass costs 0.6 ms
# (47 ms of every command's start, 66 ms of the dashboard's, when they were dataclasses), and msgspec builds them
# straight from JSON.
# Textual's messages stay dataclasses: Textual's Message is their base. The model's records hold no cycle, so the
# garbage collector need not track them (gc=False): 100,000 projects are millions of them.

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, NamedTuple

from msgspec import Struct, structs
from msgspec.structs import force_setattr
from pendulum import Date

Percent = Annotated[Decimal, "percent"]
"""A share from 0 to 100, read with the percentage parser rather than the money one."""

Tolerance = Annotated[Decimal, "tolerance"]
"""How far a claim may be from the records, in its own unit: read as a plain non-negative number, not as money."""

LongText = Annotated[str, "long text"]
"""A passage (background, remark, finding …), allowed more characters than a name (store.values.MAX_LONG_TEXT)."""


class SourceKind(StrEnum):
    """What kind of money a funding source is (资金来源), for roll-ups; a project may list several of one kind."""

    CENTRAL = "central"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    COUNTY = "county"
    LOCAL = "local"
    """市县: municipal and county money not told apart, as schema 1 had it."""
    SPECIAL_BONDS = "special_bonds"
    SOCIAL_CAPITAL = "social_capital"
    SELF_RAISED = "self_raised"
    OTHER = "other"


WHOLE_PROJECT = ""
"""The source of money a report gives only for the project as a whole: never split among the sources by drift."""


class Likelihood(StrEnum):
    """The monitor's judgement of reaching a target (完成目标可能性)."""

    CERTAIN = "certain"
    POSSIBLE = "possible"
    IMPOSSIBLE = "impossible"


class Grade(StrEnum):
    """The grade a person gives a qualitative indicator at the self-evaluation (达成 / 部分达成 / 未达成)."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"


class CauseKind(StrEnum):
    """The headings of the monitoring table's deviation causes (偏差原因分析), each ticked where it applies."""

    FUNDING = "funding"
    """经费保障"""
    RULES = "rules"
    """制度保障"""
    STAFF = "staff"
    """人员保障"""
    FACILITIES = "facilities"
    """硬件条件保障"""
    OTHER = "other"
    """其他"""


class Comparator(StrEnum):
    """How a measured value is compared with an indicator's target."""

    EQ = "="
    GE = "≥"
    LE = "≤"
    GT = ">"
    LT = "<"
    QUALITATIVE = "qualitative"


class ClaimKind(StrEnum):
    """What a report claims about itself, each held against drift's own figures (drift/claims.py)."""

    EXECUTION_RATE = "execution_rate"
    """预算执行率 / 资金拨付进度: paid ÷ annual budget, in percent, of the total or of one funding source."""
    ALLOCATION_RATE = "allocation_rate"
    """下达率 / 到位率: allocated ÷ annual budget, in percent, of the total or of one funding source."""
    COMPLETION_DATE = "completion_date"
    """The project, or one phase, finishes by this date ("预计年底完成")."""
    INDICATOR_VALUE = "indicator_value"
    """An indicator's completion value (实际完成值), as written."""
    LIKELIHOOD = "likelihood"
    """An indicator's likelihood of meeting its target (完成目标可能性): certain, possible or impossible."""
    SCORE = "score"
    """The self-evaluation score (自评得分), out of 100."""


class EventMark(StrEnum):
    """Which end of a phase a milestone event marks."""

    START = "start"
    END = "end"


class Target:
    """An indicator's annual target (年度指标值), kept as written and as parsed.

    Not a Struct: a store holds it as its text, which a reader of records (store.schema) would take for an
    object of its fields; as a class of its own it is read by store.values.parse_target.
    """

    __slots__ = ("comparator", "text", "unit", "value")

    text: str
    comparator: Comparator
    value: Decimal | None
    unit: str

    def __init__(self, text: str, comparator: Comparator, value: Decimal | None = None, unit: str = "") -> None:
        for name, item in (("text", text), ("comparator", comparator), ("value", value), ("unit", unit)):
            object.__setattr__(self, name, item)

    def _fields(self) -> tuple[str, Comparator, Decimal | None, str]:
        return (self.text, self.comparator, self.value, self.unit)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Target is not changed: {name} stays as read")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Target) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Target(text={self.text!r}, comparator={self.comparator!r}, value={self.value!r}, unit={self.unit!r})"


class Scale(Struct, frozen=True, gc=False):
    """The physical size of the project (建设规模)."""

    floor_area: Decimal | None = None
    renovated_area: Decimal | None = None
    buildings: int | None = None
    households: int | None = None
    communities: int | None = None


class WorkItem(Struct, frozen=True, gc=False):
    """One line of the construction content, e.g. 路灯 19 盏."""

    name: str
    quantity: Decimal
    unit: str


class Party(Struct, frozen=True, gc=False):
    """An organisation and its role in the project (建设单位, 施工单位, 监理 …)."""

    role: str
    name: str


class TeamRole(Struct, frozen=True, gc=False):
    """A role in the monitoring team; personal names are deliberately not kept."""

    role: str
    duty: str = ""


class Monitor(Struct, frozen=True, gc=False):
    """Who monitored the project, for whom, and when."""

    organisation: str
    commissioned_by: str = ""
    fieldwork_start: Date | None = None
    fieldwork_end: Date | None = None
    report_date: Date | None = None
    team: tuple[TeamRole, ...] = ()


class MonitoringPeriod(Struct, frozen=True, gc=False):
    """The span the monitoring covers (监控时段), e.g. 1–9月."""

    start: Date
    end: Date
    label: str = ""


class Phase(Struct, frozen=True, gc=False):
    """A planned stage of the work with what actually happened."""

    id: str
    name: str
    planned_start: Date
    planned_end: Date
    actual_start: Date | None = None
    actual_end: Date | None = None
    predecessors: tuple[str, ...] = ()
    expectation: LongText = ""
    expected_end: Date | None = None
    percent_complete: Percent | None = None
    remark: LongText = ""


class Event(Struct, frozen=True, gc=False):
    """A dated milestone that is not a phase: an approval, a tender award, site entry."""

    id: str
    date: Date
    name: str
    document: str = ""
    title: str = ""
    issuer: str = ""
    phase: str = ""
    marks: EventMark = EventMark.END


class Source(Struct, frozen=True, gc=False):
    """A funding source with its share of the annual budget and the monitor's forecast."""

    kind: SourceKind
    name: str
    id: str = ""
    """What allocations, payments, reported figures and claims name it by; left out, its kind (so a project with
    one source of each kind, and every schema 1 file, needs none)."""
    annual_budget: Decimal | None = None
    """None when the report does not split the budget by source."""
    forecast: Decimal | None = None

    def __post_init__(self) -> None:
        if not self.id:
            force_setattr(self, "id", str(self.kind))


class Allocation(Struct, frozen=True, kw_only=True, gc=False):
    """Money released to the spending unit (下达), with the notice's number."""

    id: str
    date: Date
    source: str = WHOLE_PROJECT
    """A source id, or WHOLE_PROJECT when the report gives this money only for the project as a whole."""
    amount: Decimal
    document: str = ""
    note: LongText = ""


class Payment(Struct, frozen=True, kw_only=True, gc=False):
    """Money actually paid out (支出), with its voucher or description."""

    id: str
    date: Date
    source: str = WHOLE_PROJECT
    """A source id, or WHOLE_PROJECT when the report gives this money only for the project as a whole."""
    amount: Decimal
    voucher: str = ""
    note: LongText = ""


class ReportedFigure(Struct, frozen=True, gc=False):
    """A cumulative figure a report states as of a date ("截至12月31日已拨付66.86万元"), not a dated transaction.

    As of any later date it stands for all the money of its source up to its own date (drift/money.py)."""

    id: str
    date: Date
    source: str = WHOLE_PROJECT
    """A source id, or WHOLE_PROJECT when the report gives the figure for the project as a whole."""
    allocated: Decimal | None = None
    """Allocated (下达/到位) up to the date; None when the report does not say."""
    paid: Decimal | None = None
    """Paid (支出) up to the date; None when the report does not say."""
    reference: str = ""
    """Where the report says so: "自评报告 第二部分"."""
    note: LongText = ""


class PlannedSpend(Struct, frozen=True, gc=False):
    """A point on the planned cumulative spending curve, for earned value."""

    date: Date
    amount: Decimal


class Funding(Struct, frozen=True, gc=False):
    """The project's money in 万元: budgets, sources, allocations, payments and reported cumulative figures.

    Money of the budget year may move from the start of the year before it (提前下达, advance allocations) to the
    end of the year after it (结转, carried-over money paid the next year)."""

    annual_budget: Decimal | None = None
    """年度预算; None when the report states none (execution is then measured against what was allocated)."""
    total_budget: Decimal | None = None
    """The whole project's budget or investment estimate (总投资/概算), across all its years."""
    carried_over: Decimal | None = None
    """The carry-over (结转) the report states at the end of the budget year, held against drift's own figure."""
    sources: tuple[Source, ...] = ()
    allocations: tuple[Allocation, ...] | None = None
    """None when the report does not state its allocations (key left out); () when it states there were none."""
    payments: tuple[Payment, ...] = ()
    reported: tuple[ReportedFigure, ...] = ()
    spending_plan: tuple[PlannedSpend, ...] = ()
    initial_budget: Decimal | None = None
    """年初预算数: the budget at the start of the year, before adjustments; the forms show it beside annual_budget."""


class TimeBasis(StrEnum):
    """How time progress (序时进度) counts the elapsed share of the budget year."""

    DAYS = "days"
    """Day of year, counted inclusively, over the days in the year: 2023-09-28 is 271/365."""
    MONTHS = "months"
    """Month of the as-of date, counted inclusively, over 12: a 1–9月 report is 9/12."""


class Checkpoint(Struct, frozen=True, gc=False):
    """By the last day of month, cumulative spending should reach min_paid_pct of the annual budget."""

    month: int
    min_paid_pct: Percent


class LevelPoints(Struct, frozen=True, gc=False):
    """The 分值 a level-1 indicator group carries when its indicators state none: 产出 50 (a prefix of 产出指标)."""

    level1: str
    points: Decimal


class GradeFloors(Struct, frozen=True, gc=False):
    """The lowest self-evaluation total of each grade: 优 from excellent, 良 from good, 中 from fair, else 差."""

    excellent: Decimal
    good: Decimal
    fair: Decimal


class RuleSettings(Struct, frozen=True, gc=False):
    """The analysis settings a project (its `rules`) or a store (its rules file) states; each None is left to the
    next layer: the project's, then the store's, then drift's defaults (drift.rules.rules_for)."""

    time_basis: TimeBasis | None = None
    budget_yellow_points: Percent | None = None
    """Yellow when paid ÷ annual budget trails time progress by this many percentage points or more."""
    budget_red_points: Percent | None = None
    """Red at this many points or more; stated together with budget_yellow_points, and above it."""
    checkpoints: tuple[Checkpoint, ...] | None = None
    """Replaces the next layer's checkpoints whole; () states there are none."""
    schedule_yellow_days: int | None = None
    """Yellow when a phase or the project finishes this many days late or more."""
    schedule_red_days: int | None = None
    """Red at this many days late or more; stated together with schedule_yellow_days, and above it."""
    budget_points: Decimal | None = None
    """The self-evaluation's 分值 of budget execution (预算执行率)."""
    level_points: tuple[LevelPoints, ...] | None = None
    """The 分值 of each level-1 group whose indicators state none; replaces the next layer's list whole."""
    grade_floors: GradeFloors | None = None
    """The lowest total of each self-evaluation grade."""


class Indicator(Struct, frozen=True, gc=False):
    """One row of the three-level performance indicator grid."""

    id: str
    level1: str
    level2: str
    level3: str
    target: Target
    to_date: str = ""
    forecast: str = ""
    deviation_cause: LongText = ""
    likelihood: Likelihood | None = None
    analysis: LongText = ""
    remark: LongText = ""
    weight: Decimal | None = None
    """分值: the points this indicator carries in the self-evaluation score."""
    final: str = ""
    """实际完成值: the value at the self-evaluation, judged against the target whatever the schedule says."""
    grade: Grade | None = None
    """A qualitative indicator's grade at the self-evaluation."""
    points: Decimal | None = None
    """得分 a person gives a qualitative indicator, within its grade's band; quantitative ones are computed."""
    cause_kinds: tuple[CauseKind, ...] = ()
    """The deviation-cause headings ticked for this indicator in the monitoring table."""


class Claim(Struct, frozen=True, gc=False):
    """A figure the report states about itself, with where it says so, to be checked against its own records."""

    id: str
    kind: ClaimKind
    value: str
    """As the report writes it: "100%", "2023-12-31", "≥95%", "certain", "85.81"; read by kind."""
    date: Date
    """The date the claim speaks for (截至…): drift computes its own figure as of this day."""
    subject: str = ""
    """A funding source id for a rate ("" for the total), a phase id for a completion date ("" for the project),
    an indicator id for a value or likelihood; "" for the score."""
    reference: str = ""
    """Where the report says so: "自评报告 第二部分", "监控报告 p.7"."""
    tolerance: Tolerance | None = None
    """How far drift's figure may differ before it is a contradiction, in the claim's unit (percentage points,
    days, the indicator's unit, score points); None takes the rule's default."""


class Finding(Struct, frozen=True, gc=False):
    """A problem the monitor found, its cause and the recommendation made for it."""

    problem: LongText
    cause: LongText = ""
    recommendation: LongText = ""


class ComplianceCheck(Struct, frozen=True, gc=False):
    """One row of the compliance checks (延伸监控)."""

    item: str
    status: LongText = ""
    risk: LongText = ""


class SurveyOption(Struct, frozen=True, gc=False):
    """An answer to a survey question and its share in percent, where reported."""

    label: str
    share: Percent | None = None


class SurveyQuestion(Struct, frozen=True, gc=False):
    """A survey question, its options and what the monitor concluded from it."""

    text: str
    options: tuple[SurveyOption, ...] = ()
    finding: LongText = ""


class Survey(Struct, frozen=True, gc=False):
    """The satisfaction survey (满意度调查)."""

    respondents: str = ""
    issued: int | None = None
    valid: int | None = None
    questions: tuple[SurveyQuestion, ...] = ()
    conclusion: LongText = ""


class Note(Struct, frozen=True, gc=False):
    """A titled passage of the report that fits no other record."""

    title: str
    text: LongText


class Project(Struct, frozen=True, gc=False):
    """A funded project as monitored: plan, actuals, money, targets and findings."""

    code: str
    name: str
    budget_year: int
    funding: Funding
    code_made: bool = False
    """True when the report gave no project code (项目代码) and drift made this one (store/files.py)."""
    department: str = ""
    implementing_unit: str = ""
    location: str = ""
    status_date: Date | None = None
    period: MonitoringPeriod | None = None
    monitor: Monitor | None = None
    scale: Scale = Scale()
    work_items: tuple[WorkItem, ...] = ()
    parties: tuple[Party, ...] = ()
    basis: tuple[str, ...] = ()
    background: LongText = ""
    overall_goal: LongText = ""
    annual_goal: LongText = ""
    progress_summary: LongText = ""
    phases: tuple[Phase, ...] = ()
    events: tuple[Event, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    findings: tuple[Finding, ...] = ()
    claims: tuple[Claim, ...] = ()
    recommendations: tuple[LongText, ...] = ()
    compliance: tuple[ComplianceCheck, ...] = ()
    survey: Survey | None = None
    notes: tuple[Note, ...] = ()
    rules: RuleSettings = RuleSettings()
    """The analysis settings this project states; what it leaves out comes from the store's, then the defaults."""


class Portfolio(Struct, frozen=True, dict=True):
    """Every project in a store, as read at one revision."""

    projects: tuple[Project, ...] = ()
    revision: int = 0

    def project(self, code: str) -> Project | None:
        """The project with this code, or None."""
        # A dashboard looks projects up by code for every row it draws: with 10,000 a scan would show. The index
        # lives in the instance's own __dict__ (dict=True), beside its fields, and is made at the first look-up.
        by_code: dict[str, Project] | None = self.__dict__.get("by_code")
        if by_code is None:
            by_code = self.__dict__["by_code"] = {p.code: p for p in self.projects}
        return by_code.get(code)


class Listed(NamedTuple):
    """What `drift list` shows of a project: a database store reads these columns alone, not whole projects."""

    code: str
    name: str
    department: str
    budget_year: int
    status_date: datetime.date | None
    """A Date when read from a project; a database's column is read as it comes, a datetime.date."""
    annual_budget: Decimal | None
    code_made: bool

    @classmethod
    def of(cls, project: Project) -> Listed:
        budget = project.funding.annual_budget
        return cls(
            project.code,
            project.name,
            project.department,
            project.budget_year,
            project.status_date,
            budget,
            project.code_made,
        )


@functools.cache
def defaults(kind: type[Struct]) -> tuple[tuple[str, Any], ...]:
    """Each field of a record type and its default (msgspec.NODEFAULT: none), in order. structs.fields reads the
    type's hints at every call: too slow for every record of every project a save writes."""
    return tuple((spec.name, spec.default) for spec in structs.fields(kind))
