"""`drift claim`: record what a report claims, see at once what its records say, and find it in every output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CODE = "2306-140423-89-01-317509"
EXECUTION_LINE = (
    "total: the report claims 100% paid (C1, 自评报告 p.3); its records give 0.00% (0.00 of 589.20 万元 paid by "
    "2023-09-28), 100.00 points apart"
)


def claims_of(store: Path, run_cli) -> list[dict]:
    [project] = json.loads(run_cli("status", "--json", "--store", str(store)).out)["projects"]
    return project["claims"]


def test_a_new_claim_is_saved_and_its_verdict_printed_at_once(store_path: Path, run_cli) -> None:
    result = run_cli(
        "claim", "--kind", "execution_rate", "--value", "100%", "--date", "2023-09-28",
        "--reference", "自评报告 p.3", "--store", str(store_path), "--by", "ann",
    )  # fmt: skip
    assert result.code == 0
    assert result.out.splitlines() == [
        "claims C1 kind: — → execution_rate",
        "claims C1 value: — → 100%",
        "claims C1 date: — → 2023-09-28",
        "claims C1 reference: — → 自评报告 p.3",
    ]
    assert result.err.splitlines() == ["saved as revision 2 by ann", f"drift: claim C1: {EXECUTION_LINE}"]

    check = run_cli("check", "--store", str(store_path))
    assert f"{CODE}\tyellow\tclaim.execution_rate\t{EXECUTION_LINE}" in check.out.splitlines()
    [claim] = claims_of(store_path, run_cli)
    assert (claim["verdict"], claim["computed"], claim["flag"]["values"]["gap_points"]) == (
        "contradicts",
        "0.00",
        "100.00",
    )


def test_an_agreeing_claim_says_so_and_raises_no_flag(store_path: Path, run_cli) -> None:
    result = run_cli(
        "--lang", "zh", "claim", "--kind", "allocation_rate", "--value", "100%", "--subject", "central",
        "--date", "2023-09-28", "--store", str(store_path), "--by", "ann",
    )  # fmt: skip
    assert result.err.splitlines()[-1] == "drift: 报告声明 C1 与记录相符"  # 82 of 82 万元 allocated
    before = run_cli("check", "--store", str(store_path)).out
    assert "claim." not in before
    assert [claim["verdict"] for claim in claims_of(store_path, run_cli)] == ["agrees"]


def test_editing_a_claim_checks_it_again_and_deleting_it_removes_its_flag(store_path: Path, run_cli) -> None:
    add = ("claim", "--kind", "execution_rate", "--value", "100%", "--date", "2023-09-28")
    assert run_cli(*add, "--store", str(store_path), "--by", "ann").code == 0
    edit = run_cli("claim", "--edit", "C1", "--value", "0.5%", "--store", str(store_path), "--by", "ann")
    assert edit.out.splitlines() == ["claims C1 value: 100% → 0.5%"]
    assert edit.err.splitlines()[-1] == "drift: claim C1 agrees with the records"  # 0.5 points: within 1
    delete = run_cli("claim", "--delete", "C1", "--store", str(store_path), "--by", "ann")
    assert delete.code == 0
    assert claims_of(store_path, run_cli) == []


def test_an_unchecked_claim_is_listed_only_from_the_unknown_level(store_path: Path, run_cli) -> None:
    add = ("claim", "--kind", "score", "--value", "85.81", "--date", "2023-09-28", "--store", str(store_path))
    result = run_cli(*add, "--by", "ann")
    assert result.err.splitlines()[-1] == (
        'drift: claim C1: the self-evaluation score the report claims, "85.81" (C1), cannot be checked: '
        "the project is not in its self-evaluation (no final value or grade is recorded)"
    )
    assert "claim.unchecked" not in run_cli("check", "--store", str(store_path)).out
    unknown = run_cli("check", "--fail-on", "unknown", "--store", str(store_path)).out
    assert f"{CODE}\tunknown\tclaim.unchecked\t" in unknown


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("--kind", "likelihood", "--value", "大概", "--subject", "I1", "--date", "2023-09-28"),
            "drift: --value: '大概' is not a likelihood: certain, possible, impossible (确定能 …)",
        ),
        (
            ("--kind", "execution_rate", "--value", "100%", "--subject", "nope", "--date", "2023-09-28"),
            "drift: --subject: 'nope' is not a funding source of this project, or nothing for the total "
            "(central, provincial, local)",
        ),
        (
            ("--kind", "indicator_value", "--value", "2", "--date", "2023-09-28"),
            "drift: --subject: is missing: a claim of indicator_value is about an indicator of this project "
            "(I1, I2, I3, I4, I5, I6, I7, I8, I9, I10, I11)",
        ),
        (
            ("--kind", "completion_date", "--value", "2023-12-31", "--date", "28.09.2023"),
            "drift: --date: '28.09.2023' is not a date in the form YYYY-MM-DD",
        ),
        (("--kind", "score", "--value", "85"), "drift: a new claim needs --date"),
        (("--edit", "C9", "--value", "1"), "drift: no claim record 'C9' in project"),
    ],
)
def test_a_bad_claim_is_refused_in_one_line_naming_the_option_and_changes_nothing(
    argv: tuple[str, ...], message: str, store_path: Path, run_cli
) -> None:
    before = store_path.read_bytes()
    result = run_cli("claim", *argv, "--store", str(store_path), "--by", "ann")
    assert result.code == 2
    assert result.err.startswith(message)
    assert len(result.err.splitlines()) == 1
    assert store_path.read_bytes() == before


def test_a_claim_changed_to_another_kind_must_carry_a_value_of_that_kind(store_path: Path, run_cli) -> None:
    add = ("claim", "--kind", "likelihood", "--value", "确定能", "--subject", "I1", "--date", "2023-09-28")
    assert run_cli(*add, "--store", str(store_path), "--by", "ann").code == 0
    result = run_cli("claim", "--edit", "C1", "--kind", "execution_rate", "--store", str(store_path), "--by", "ann")
    assert result.code == 2
    assert result.err.startswith("drift: --value: '确定能' is not a rate")


def test_only_the_claims_this_command_saved_are_reported_not_a_colleagues_saved_meanwhile(
    store_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pendulum

    from store.edits import add_claim
    from store.persist import Store

    real_apply = Store.apply

    def colleague_first(self, edits, **kwargs):  # a colleague's claim lands between our load and our save
        real_apply(Store(store_path), [add_claim(CODE, kind="score", value="90", date="2023-09-28")],
                   by="bob", at=pendulum.now())  # fmt: skip
        monkeypatch.setattr(Store, "apply", real_apply)
        return real_apply(self, edits, **kwargs)

    monkeypatch.setattr(Store, "apply", colleague_first)
    result = run_cli(
        "claim", "--kind", "execution_rate", "--value", "0%", "--date", "2023-09-28",
        "--store", str(store_path), "--by", "ann",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert [claim["id"] for claim in claims_of(store_path, run_cli)] == ["C1", "C2"]
    assert [line for line in result.err.splitlines() if "claim" in line] == ["drift: claim C2 agrees with the records"]


def test_a_claims_tolerance_goes_back_to_the_rules_with_default(store_path: Path, run_cli) -> None:
    add = ("claim", "--kind", "execution_rate", "--value", "3%", "--date", "2023-09-28", "--tolerance", "5")
    assert "agrees" in run_cli(*add, "--store", str(store_path), "--by", "ann").err
    result = run_cli("claim", "--edit", "C1", "--tolerance", "default", "--store", str(store_path), "--by", "ann")
    assert result.out.splitlines() == ["claims C1 tolerance: 5 → —"]
    assert "3.00 points apart" in result.err  # 3 against 0.00, beyond the rule's 1 point
    [claim] = claims_of(store_path, run_cli)
    assert claim["tolerance"] is None
