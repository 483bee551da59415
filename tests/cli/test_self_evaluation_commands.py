"""The self-evaluation from the command line: final values, 分值, grades, points and ticked causes recorded with
history, the initial budget, and the score in `drift status` hand-computed on the sample."""

from __future__ import annotations

import json
from pathlib import Path


def test_an_indicator_takes_its_final_value_weight_grade_points_and_causes(drift, saved) -> None:
    assert drift("indicator", "I1", "--final", "2", "--weight", "10").code == 0
    assert drift("indicator", "I9", "--grade", "部分达成", "--points", "5", "--causes", "经费保障、其他").code == 0

    rows = {row["id"]: row for row in saved()["indicators"]}
    assert (rows["I1"]["final"], rows["I1"]["weight"]) == ("2", "10")
    assert (rows["I9"]["grade"], rows["I9"]["points"], rows["I9"]["cause_kinds"]) == (
        "partly",
        "5",
        ["funding", "other"],
    )
    log = drift("log").out
    assert "indicators I9 grade" in log and "indicators I1 final" in log

    assert drift("indicator", "I9", "--grade", "none", "--points", "无", "--causes", "none").code == 0
    cleared = {row["id"]: row for row in saved()["indicators"]}["I9"]
    assert "grade" not in cleared and "points" not in cleared and "cause_kinds" not in cleared


def test_a_bad_grade_cause_or_points_is_one_line_and_saves_nothing(drift, store_path: Path) -> None:
    before = store_path.read_bytes()
    for option, value, message in (
        (
            "--grade",
            "good",
            "drift: --grade: 'good' is not a grade: 达成 (achieved), 部分达成 (partly), 未达成 (not_achieved)",
        ),
        (
            "--causes",
            "经费",
            "drift: --causes: '经费' is not a deviation cause: 经费保障 (funding), 制度保障 (rules), "
            "人员保障 (staff), 硬件条件保障 (facilities), 其他 (other)",
        ),
        ("--points", "-3", "drift: --points: '-3' must not be negative"),
    ):
        result = drift("indicator", "I9", option, value)
        assert (result.code, result.err.strip()) == (2, message)
    assert store_path.read_bytes() == before


def test_the_initial_budget_is_recorded_and_cleared(drift, saved) -> None:
    assert drift("budget", "--initial-budget", "500").code == 0
    assert saved()["funding"]["initial_budget"] == "500"
    assert drift("budget", "--initial-budget", "none").code == 0
    assert "initial_budget" not in saved()["funding"]


def evaluate_the_sample(drift) -> None:
    """Finals for every indicator of the seed and 530.28 万元 paid on 2023-12-20 (90% of 589.20)."""
    for indicator, *options in (
        ("I1", "--final", "2"),
        ("I2", "--final", "100%"),
        ("I3", "--final", "0%"),
        ("I4", "--final", "100%"),
        ("I5", "--final", "90%"),
        ("I6", "--final", "12%"),
        ("I7", "--grade", "达成"),
        ("I8", "--final", "100%"),
        ("I9", "--grade", "部分达成", "--points", "5"),
        ("I10", "--grade", "达成", "--points", "7.5"),
        ("I11", "--final", "96%"),
    ):
        assert drift("indicator", indicator, *options).code == 0
    assert drift("pay", "--date", "2023-12-20", "--amount", "530.28", "--source", "central").code == 0


def test_status_gives_the_score_of_the_sample_row_by_row(drift) -> None:
    evaluate_the_sample(drift)

    result = drift("status", "--json", "--as-of", "2023-12-31")
    evaluation = json.loads(result.out)["projects"][0]["self_evaluation"]
    # 产出 50 over 6 rows: 8.33 each; I5 90% of 100%: 7.50; I6 12% over ≤10%: 10 ÷ 12 × 8.33 = 6.94.
    # 效益 30 over 4 rows: 7.50 each; I7 达成 without points: 80–100% = 6.00–7.50; I9 5 within 4.50–6.00.
    # Budget 530.28 ÷ 589.20 × 10 = 9.00. Total 47.78 + 26.00–27.50 + 10 + 9 = 92.78–94.28: 优 either way.
    scores = {row["indicator"]: row for row in evaluation["rows"]}
    assert scores[None]["arithmetic"] == "530.28 ÷ 589.20 × 10 = 9.00"
    assert scores["I5"]["arithmetic"] == "90 ÷ 100 × 8.33 = 7.50"
    assert scores["I6"]["arithmetic"] == "10 ÷ 12 × 8.33 = 6.94"
    assert scores["I7"]["score"] == {"low": "6.00", "high": "7.50"}
    assert scores["I9"]["score"] == {"low": "5.00", "high": "5.00"}
    assert evaluation["total"] == {"low": "92.78", "high": "94.28"}
    assert (evaluation["maximum"], evaluation["grade"], evaluation["provisional"]) == ("100.00", "excellent", False)

    text = drift("status", "--as-of", "2023-12-31").out
    assert "Score 92.78–94.28 of 100.00 · excellent; budget execution 530.28 ÷ 589.20 × 10 = 9.00" in text


def test_a_claimed_score_is_held_against_the_computed_band(drift) -> None:
    evaluate_the_sample(drift)

    agree = drift("claim", "--kind", "score", "--value", "94.5", "--date", "2023-12-31")
    assert agree.err.splitlines()[-1] == "drift: claim C1 agrees with the records"  # 0.22 above 94.28: within 0.5
    differ = drift("claim", "--kind", "score", "--value", "96", "--date", "2023-12-31", "--reference", "自评报告")
    assert differ.err.splitlines()[-1] == (
        "drift: claim C2: 2023年度襄垣县城镇老旧小区改造项目: the report claims a score of 96 (C2, 自评报告); its "
        "records give 92.78–94.28 by 2023-12-31, 1.72 points apart"
    )
