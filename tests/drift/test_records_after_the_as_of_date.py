"""Records dated after the as-of date are kept, counted in no figure, and counted and named as such."""

from __future__ import annotations

from decimal import Decimal

from msgspec import structs

from drift.analysis import analyse_project
from drift.document import project_document
from drift.later import Later, later_records, later_text
from drift.markdown import project_markdown
from store.model import Allocation, Event, Payment, Project, SourceKind
from store.values import parse_date as day

AS_OF = day("2023-09-28")
LOCAL = SourceKind.LOCAL


def with_later_records(seed: Project) -> Project:
    """The seed plus a payment on the as-of day (counted), and after it: two payments of 10 and 5, an allocation,
    construction's end and an event."""
    funding = structs.replace(
        seed.funding,
        payments=(
            Payment(id="P1", date=day("2023-09-28"), amount=Decimal("1"), source=LOCAL),
            Payment(id="P2", date=day("2023-09-29"), amount=Decimal("10"), source=LOCAL),
            Payment(id="P3", date=day("2023-10-15"), amount=Decimal("5"), source=LOCAL),
        ),
        allocations=(
            *(seed.funding.allocations or ()),
            Allocation(id="A9", date=day("2023-10-01"), amount=Decimal("3"), source=LOCAL),
        ),
    )
    phases = tuple(
        structs.replace(p, actual_end=day("2023-11-20")) if p.id == "construction" else p for p in seed.phases
    )
    events = (*seed.events, Event("E9", day("2023-10-02"), "开工令"))
    return structs.replace(seed, funding=funding, phases=phases, events=events)


def test_the_seed_has_nothing_after_its_as_of_date(seed: Project) -> None:
    assert later_records(seed, AS_OF) == Later()
    assert later_text(Later(), AS_OF, "en") == ""


def test_records_after_the_as_of_date_are_counted_by_kind_and_in_no_figure(seed: Project) -> None:
    analysis = analyse_project(with_later_records(seed), AS_OF)

    assert analysis.later == Later(payments=2, allocations=1, phase_dates=1, events=1)
    assert analysis.budget.total.paid == Decimal("1.00")  # only the payment of the as-of day itself
    assert analysis.budget.total.allocated == Decimal("589.20")  # the seed's 500 + 7.20 + 82, not the 3 after
    assert analysis.schedule.phase("construction").finish_is_actual is False
    assert later_text(analysis.later, AS_OF, "en") == (
        "2 payments, 1 allocation, 1 phase date, 1 event after the as-of date 2023-09-28 not counted"
    )
    assert later_text(analysis.later, AS_OF, "zh") == (
        "2 笔支出、1 笔下达、1 个阶段实际日期、1 个事件晚于状态日期 2023-09-28，未计入"
    )


def test_a_day_later_the_same_records_count_and_nothing_is_left_after(seed: Project) -> None:
    analysis = analyse_project(with_later_records(seed), day("2023-12-31"))

    assert analysis.later == Later()
    assert analysis.budget.total.paid == Decimal("16.00")


def test_the_json_and_the_export_say_what_is_not_counted(seed: Project) -> None:
    analysis = analyse_project(with_later_records(seed), AS_OF)

    assert project_document(analysis, "en")["after_as_of"] == {
        "payments": 2,
        "allocations": 1,
        "reported": 0,
        "phase_dates": 1,
        "events": 1,
        "claims": 0,
    }
    markdown = project_markdown(analysis, "en")
    assert "\n\n2 payments, 1 allocation, 1 phase date, 1 event after the as-of date 2023-09-28 not counted\n\n" in (
        markdown
    )
    assert "not counted" not in project_markdown(analyse_project(seed, AS_OF), "en")
