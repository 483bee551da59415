"""A project's rules over the store's over the defaults, and what the time basis does to time progress and the lights."""

from __future__ import annotations

from decimal import Decimal

import pytest
from msgspec import structs

from drift.analysis import analyse_project
from drift.budget import time_text
from drift.markdown.report import report_markdown
from drift.markdown.snapshot import monitoring_period_label, project_markdown
from drift.portfolio import analyse_portfolio
from drift.rules import DEFAULT_RULES, SETTINGS, Light, Origin, Rules, rule_origins, rules_for, rules_in_force
from store.model import Checkpoint, Funding, MonitoringPeriod, Payment, Project, RuleSettings, TimeBasis
from store.values import parse_date as day

D = Decimal
AS_OF = day("2023-09-28")


NONE_STATED = RuleSettings()


def spent(paid: str, rules: RuleSettings = NONE_STATED) -> Project:
    """A 2023 project of 100 万元 with `paid` paid on 2023-03-01, and these rules."""
    return Project(
        code="T-1",
        name="test",
        budget_year=2023,
        funding=Funding(annual_budget=D(100), payments=(Payment(id="P1", date=day("2023-03-01"), amount=D(paid)),)),
        rules=rules,
    )


def test_every_setting_a_project_or_store_states_is_a_rule_of_the_same_name() -> None:
    fields = {spec.name for spec in structs.fields(Rules)}

    assert set(SETTINGS) <= fields
    assert SETTINGS[0] == "time_basis"


def test_without_settings_the_defaults_apply() -> None:
    project = spent("0")

    assert rules_for(project) is DEFAULT_RULES
    assert rules_for(project, RuleSettings()) is DEFAULT_RULES
    assert set(rule_origins(project).values()) == {Origin.DEFAULT}


def test_a_project_rule_overrides_a_store_rule_which_overrides_the_default() -> None:
    store = RuleSettings(
        time_basis=TimeBasis.MONTHS,
        budget_yellow_points=D(5),
        budget_red_points=D(15),
        checkpoints=(),
    )
    project = spent("0", RuleSettings(budget_yellow_points=D(8), budget_red_points=D(12)))

    rules = rules_for(project, store)

    assert rules.time_basis is TimeBasis.MONTHS  # the store's
    assert (rules.budget_yellow_points, rules.budget_red_points) == (D(8), D(12))  # the project's
    assert rules.checkpoints == ()  # the store states there are none
    assert (rules.schedule_yellow_days, rules.schedule_red_days) == (10, 30)  # the defaults
    assert rule_origins(project, store) == {
        "time_basis": Origin.STORE,
        "budget_yellow_points": Origin.PROJECT,
        "budget_red_points": Origin.PROJECT,
        "checkpoints": Origin.STORE,
        "schedule_yellow_days": Origin.DEFAULT,
        "schedule_red_days": Origin.DEFAULT,
        "budget_points": Origin.DEFAULT,
        "level_points": Origin.DEFAULT,
        "grade_floors": Origin.DEFAULT,
    }


def test_the_project_checkpoints_replace_the_stores_whole() -> None:
    store = RuleSettings(checkpoints=(Checkpoint(4, D(25)), Checkpoint(8, D(60))))
    project = spent("0", RuleSettings(checkpoints=(Checkpoint(6, D(40)),)))

    assert rules_for(project, store).checkpoints == (Checkpoint(6, D(40)),)


def test_on_the_months_basis_2023_09_28_is_9_of_12_and_the_trail_and_light_follow() -> None:
    # 65 of 100 paid: by days 271/365 = 74.25%, 9.25 points behind, green (yellow from 10);
    # by months 9/12 = 75.00%, 10.00 points behind: yellow. The August checkpoint (60%) is met either way.
    by_days = analyse_project(spent("65"), AS_OF)
    by_months = analyse_project(spent("65", RuleSettings(time_basis=TimeBasis.MONTHS)), AS_OF)

    assert (by_days.budget.time.elapsed, by_days.budget.time.total, by_days.budget.time.percent) == (
        271,
        365,
        D("74.25"),
    )
    assert by_days.budget.total.trail_points == D("9.25")
    assert by_days.budget.light is Light.GREEN
    assert (by_months.budget.time.elapsed, by_months.budget.time.total) == (9, 12)
    assert by_months.budget.time.percent == D("75.00")
    assert by_months.budget.total.trail_points == D("10.00")
    assert by_months.budget.light is Light.YELLOW
    assert [f.code for f in by_months.budget.flags if f.level is Light.YELLOW] == ["budget.behind_time"]


def test_a_store_rule_reaches_the_lights_and_a_project_rule_wins_over_it() -> None:
    # 9.25 points behind on days: the store calls 5 yellow and 9 red; the project calls 9.5 yellow and 20 red.
    store = RuleSettings(budget_yellow_points=D(5), budget_red_points=D(9))
    own = RuleSettings(budget_yellow_points=D("9.5"), budget_red_points=D(20))

    assert analyse_project(spent("65"), AS_OF, rules_for(spent("65"), store)).budget.light is Light.RED
    assert analyse_project(spent("65", own), AS_OF, rules_for(spent("65", own), store)).budget.light is Light.GREEN


def test_a_project_analysed_without_rules_given_takes_its_own_and_the_portfolio_takes_the_stores() -> None:
    project = spent("65", RuleSettings(time_basis=TimeBasis.MONTHS))
    store = RuleSettings(budget_yellow_points=D(5), budget_red_points=D(9))

    assert analyse_project(project, AS_OF).budget.light is Light.YELLOW  # months, default thresholds
    [row] = analyse_portfolio([project], AS_OF, store)

    assert (row.time_pct, row.execution_trail_points, row.budget_light) == (D("75.00"), D("10.00"), Light.RED)


def test_time_progress_is_shown_with_its_basis_in_both_languages() -> None:
    by_days = analyse_project(spent("0"), AS_OF).budget.time
    by_months = analyse_project(spent("0", RuleSettings(time_basis=TimeBasis.MONTHS)), AS_OF).budget.time

    assert time_text(by_days, "en") == "74.25% (days 271/365)"
    assert time_text(by_months, "en") == "75.00% (months 9/12)"
    assert time_text(by_days, "zh") == "74.25%（按日 271/365）"
    assert time_text(by_months, "zh") == "75.00%（按月 9/12）"


def test_the_snapshot_and_the_report_draft_name_the_basis_beside_time_progress() -> None:
    analysis = analyse_project(spent("0", RuleSettings(time_basis=TimeBasis.MONTHS)), AS_OF)

    assert "序时进度 75.00%（按月 9/12）" in project_markdown(analysis, "zh")
    assert "Time progress 75.00% (months 9/12)" in project_markdown(analysis, "en")
    assert "序时进度 75.00%（按月 9/12），落后 75.00 个百分点" in report_markdown(analysis, "zh")


@pytest.mark.parametrize(
    ("as_of", "basis", "zh", "en"),
    [
        ("2023-06-15", TimeBasis.MONTHS, "2023年1–6月", "2023, months 1–6"),
        ("2023-06-15", TimeBasis.DAYS, "2023-01-01至2023-06-15", "2023-01-01 to 2023-06-15"),
        ("2023-06-30", TimeBasis.DAYS, "2023年1–6月", "2023, months 1–6"),  # a month's end: whole months
        ("2023-01-20", TimeBasis.MONTHS, "2023年1月", "2023, month 1"),
        ("2024-03-31", TimeBasis.MONTHS, "2023年1月至2024年3月", "2023, month 1 to 2024, month 3"),
        ("2022-12-20", TimeBasis.MONTHS, "截至 2022-12-20", "to 2022-12-20"),
    ],
)
def test_the_monitored_span_follows_the_as_of_date_and_the_basis(
    as_of: str, basis: TimeBasis, zh: str, en: str
) -> None:
    analysis = analyse_project(spent("0", RuleSettings(time_basis=basis)), day(as_of))

    assert monitoring_period_label(analysis, "zh") == zh
    assert monitoring_period_label(analysis, "en") == en


def test_the_reports_own_period_label_names_its_own_last_month_only(seed: Project) -> None:
    # The seed states 2023-01-01..2023-09-30 as "2023年1-9月" and is dated 2023-09-28.
    assert seed.period == MonitoringPeriod(day("2023-01-01"), day("2023-09-30"), "2023年1-9月")

    assert monitoring_period_label(analyse_project(seed, AS_OF), "zh") == "2023年1-9月"
    assert monitoring_period_label(analyse_project(seed, day("2023-09-01")), "zh") == "2023年1-9月"
    assert monitoring_period_label(analyse_project(seed, day("2023-06-30")), "zh") == "2023年1–6月"
    report = report_markdown(analyse_project(seed, day("2023-06-30")), "zh")
    assert "2023年1–6月支出数" in report
    assert "2023年1-9月" not in report  # the remarks the report wrote keep their "1-9月"


def test_the_users_config_comes_below_the_store_file_and_above_the_default() -> None:
    project = spent("0", RuleSettings(schedule_yellow_days=1, schedule_red_days=2))
    store = RuleSettings(time_basis=TimeBasis.MONTHS)
    user = RuleSettings(time_basis=TimeBasis.DAYS, budget_points=D(20), schedule_yellow_days=5, schedule_red_days=6)

    found = {rule.name: (rule.value, rule.origin) for rule in rules_in_force(project.rules, store, user)}

    assert found["time_basis"] == (TimeBasis.MONTHS, Origin.STORE)
    assert found["budget_points"] == (D(20), Origin.CONFIG)
    assert found["schedule_yellow_days"] == (1, Origin.PROJECT)
    assert found["grade_floors"] == (DEFAULT_RULES.grade_floors, Origin.DEFAULT)
    assert list(found) == list(SETTINGS)
    assert rule_origins(project, store, user)["budget_points"] is Origin.CONFIG
    # rules_for takes the store's settings as Store.rules() merges them: the same values rules_in_force shows.
    merged = rules_for(project, RuleSettings(time_basis=TimeBasis.MONTHS, budget_points=D(20)))
    assert {name: getattr(merged, name) for name in SETTINGS} == {name: value for name, (value, _) in found.items()}
