"""Indicators: values to date and forecasts against their targets, the counts, and the consistency flags."""

from __future__ import annotations

import pytest
from msgspec import structs

from drift.indicators import Outcome, analyse_indicators, evaluate
from drift.rules import Light
from drift.schedule import analyse_schedule
from store.model import Indicator, Likelihood, Project
from store.values import parse_date as day
from store.values import parse_target


@pytest.mark.parametrize(
    ("target", "measured", "outcome"),
    [
        ("2", "2", Outcome.MET),
        ("2", "0", Outcome.NOT_MET),
        ("100%", "0", Outcome.NOT_MET),  # the form drops the unit of 0%
        ("100%", "100%", Outcome.MET),
        ("0%", "0", Outcome.MET),  # no accidents is the target
        ("0%", "1%", Outcome.NOT_MET),
        ("≤10%", "0", Outcome.MET),
        ("≤10%", "≤10%", Outcome.MET),
        ("≤10%", "12%", Outcome.NOT_MET),
        ("≥95%", "≥95%", Outcome.MET),
        ("≥95%", "96%", Outcome.MET),
        ("≥95%", "94.5%", Outcome.NOT_MET),
        ("≥95%", "≤99%", Outcome.UNDETERMINED),  # could be either
        ("≥95%", "≤90%", Outcome.NOT_MET),
        (">90", "90", Outcome.NOT_MET),
        ("<5", "4", Outcome.MET),
        ("100%", "100个", Outcome.UNREADABLE),  # different units: flagged, never passed over
        ("提升", "提升", Outcome.QUALITATIVE),
        ("100%", "满意", Outcome.UNREADABLE),  # a word against a number: flagged, never qualitative
        ("提升", "-", Outcome.MISSING),
        ("100%", "", Outcome.MISSING),
    ],
)
def test_a_measured_value_is_held_against_its_target(target: str, measured: str, outcome: Outcome) -> None:
    assert evaluate(parse_target(target), measured) is outcome


def test_the_seed_has_11_indicators_7_certain_3_possible_and_1_without_likelihood(seed: Project) -> None:
    analysis = analyse_indicators(seed, day("2023-09-28"))

    assert len(analysis.evaluations) == 11
    assert analysis.by_likelihood == {"certain": 7, "possible": 3, "impossible": 0, "none": 1}
    assert analysis.by_level1 == {"产出指标": 6, "效益指标": 4, "满意度": 1}
    assert list(analysis.by_level1) == ["产出指标", "效益指标", "满意度"]


def test_the_seed_forecasts_all_meet_their_targets_where_they_are_measurable(seed: Project) -> None:
    analysis = analyse_indicators(seed, day("2023-09-28"))

    assert [(e.indicator.id, e.to_date, e.forecast) for e in analysis.evaluations] == [
        ("I1", Outcome.NOT_MET, Outcome.MET),
        ("I2", Outcome.NOT_MET, Outcome.MET),
        ("I3", Outcome.MET, Outcome.MET),
        ("I4", Outcome.NOT_MET, Outcome.MET),
        ("I5", Outcome.NOT_MET, Outcome.MET),
        ("I6", Outcome.MET, Outcome.MET),
        ("I7", Outcome.MISSING, Outcome.QUALITATIVE),
        ("I8", Outcome.MISSING, Outcome.MET),
        ("I9", Outcome.MISSING, Outcome.QUALITATIVE),
        ("I10", Outcome.MISSING, Outcome.QUALITATIVE),
        ("I11", Outcome.MET, Outcome.MET),
    ]
    # At risk: the three the monitor rates only "possible" (I3 accidents, I4 acceptance, I5 on time).
    assert analysis.at_risk == 3
    assert [e.indicator.id for e in analysis.evaluations if e.at_risk] == ["I3", "I4", "I5"]


def test_certain_output_indicators_with_nothing_done_under_a_red_schedule_are_flagged(seed: Project) -> None:
    flags = analyse_indicators(seed, day("2023-09-28")).flags

    certain = [f for f in flags if f.code == "indicator.certain_without_progress"]
    # I6 (cost overrun ≤10%, to date 0) is certain with a zero too, but a zero overrun meets its target.
    assert [(f.subject, f.value("name"), f.value("to_date"), f.level) for f in certain] == [
        ("I1", "改造小区数量", "0", Light.YELLOW),
        ("I2", "配套设施完成率", "0", Light.YELLOW),
    ]


def test_an_on_time_forecast_that_the_computed_schedule_contradicts_is_flagged(seed: Project) -> None:
    flags = analyse_indicators(seed, day("2023-09-28")).flags

    [contradiction] = [f for f in flags if f.code == "indicator.forecast_contradicts_schedule"]
    assert contradiction.subject == "I5"
    assert contradiction.data() == {
        "name": "按时完工率",
        "forecast": "100%",
        "completion": day("2024-03-29"),
        "planned": day("2023-12-31"),
    }


def test_deviations_without_a_stated_cause_are_flagged(seed: Project) -> None:
    flags = analyse_indicators(seed, day("2023-09-28")).flags

    missing = [f.subject for f in flags if f.code == "indicator.missing_deviation_cause"]
    assert missing == ["I1", "I2", "I4", "I5"]


def test_a_stated_cause_or_a_schedule_on_time_clears_the_missing_cause_flag(seed: Project) -> None:
    explained = tuple(
        structs.replace(i, deviation_cause="前期手续滞后") if i.id == "I1" else i for i in seed.indicators
    )
    project = structs.replace(seed, indicators=explained)
    missing = [f.subject for f in analyse_indicators(project, day("2023-09-28")).flags if "deviation" in f.code]
    assert missing == ["I2", "I4", "I5"]

    on_time = analyse_schedule(seed, day("2023-01-15"))
    assert on_time.light is Light.GREEN
    assert analyse_indicators(seed, day("2023-01-15"), schedule=on_time).flags == ()


def test_a_forecast_short_of_target_and_an_impossible_likelihood_are_red(seed: Project) -> None:
    doomed = Indicator(
        id="X",
        level1="产出指标",
        level2="数量指标",
        level3="路灯",
        target=parse_target("19"),
        to_date="3",
        forecast="12",
        likelihood=Likelihood.IMPOSSIBLE,
        deviation_cause="材料未到",
    )
    analysis = analyse_indicators(structs.replace(seed, indicators=(doomed,)), day("2023-09-28"))

    assert [(f.code, f.level) for f in analysis.flags] == [
        ("indicator.impossible", Light.RED),
        ("indicator.forecast_short", Light.RED),
    ]
    assert (analysis.at_risk, analysis.by_likelihood["impossible"]) == (1, 1)
