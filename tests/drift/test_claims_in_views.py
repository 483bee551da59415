"""Every view shows the claims beside what the records give: the snapshot, the report draft, the JSON, the status."""

from __future__ import annotations

from msgspec import structs
from rich.console import Console

from drift.analysis import analyse_project
from drift.document import project_document
from drift.markdown import project_markdown, report_markdown
from store.model import Claim, ClaimKind, Project
from store.values import parse_date as day
from tui.widgets.report import project_view

AS_OF = day("2023-09-28")
CLAIMS = (
    Claim(id="C1", kind=ClaimKind.EXECUTION_RATE, value="100%", date=AS_OF, reference="自评报告|p.3"),
    Claim(id="C2", kind=ClaimKind.ALLOCATION_RATE, value="100%", date=AS_OF, subject="central"),
    Claim(id="C3", kind=ClaimKind.SCORE, value="85.81", date=day("2023-12-31")),
)


def analysed(seed: Project):
    return analyse_project(structs.replace(seed, claims=CLAIMS), AS_OF)


def test_the_snapshot_has_a_claims_table_with_each_verdict(seed: Project) -> None:
    text = project_markdown(analysed(seed), "en")
    assert "## Claims held against the records" in text
    assert "| C1 | execution | total | 100% | 2023-09-28 | 0.00% | 🟡 contradicts | 自评报告\\|p.3 |" in text
    assert "| C2 | allocation | 中央补助资金 | 100% | 2023-09-28 | 100.00% | 🟢 agrees | — |" in text
    assert "C3" not in text  # dated after the as-of date: waits, and is counted as later
    assert "1 claim after the as-of date 2023-09-28 not counted" in text


def test_the_report_draft_lists_the_claims_under_its_problems(seed: Project) -> None:
    text = report_markdown(analysed(seed), "zh")
    problems = text[text.index("## 四、") :]
    assert "### 报告声明核对" in problems
    assert "| C1 | 执行率 | 合计 | 100% | 2023年9月28日 | 0.00% | 🟡 不符 |" in problems
    assert "合计：报告称预算执行率 100%（C1，自评报告\\|p.3）" in problems  # the flag, for reference


def test_the_json_carries_each_claim_its_verdict_and_flag(seed: Project) -> None:
    claims = project_document(analysed(seed), "en")["claims"]
    assert [(c["id"], c["verdict"], c["computed"]) for c in claims] == [
        ("C1", "contradicts", "0.00"),
        ("C2", "agrees", "100.00"),
    ]
    assert claims[0]["flag"]["code"] == "claim.execution_rate"
    assert claims[1]["flag"] is None
    assert project_document(analysed(seed), "en")["after_as_of"]["claims"] == 1


def test_the_status_view_shows_the_claims_table_only_when_there_are_claims(seed: Project) -> None:
    console = Console(width=160, record=True)
    console.print(project_view(analysed(seed), "en"))
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    assert "Claims held against the records" in lines
    row = next(line for line in lines if line.startswith("C1 "))
    cells = ["C1", "execution", "total", "100%", "2023-09-28", "0.00%", "contradicts", "自评报告|p.3"]
    assert row.split() == cells
    assert "1 claim after the as-of date 2023-09-28 not counted" in lines
    console = Console(width=160, record=True)
    console.print(project_view(analyse_project(seed, AS_OF), "en"))
    assert "Claims held against the records" not in console.export_text()


def test_at_80_columns_the_claims_table_drops_the_date_and_the_reference_and_breaks_no_figure(seed: Project) -> None:
    console = Console(width=80, record=True)
    console.print(project_view(analysed(seed), "en"))
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    header = lines[lines.index("Claims held against the records") + 1]
    assert header.split() == ["ID", "Claim", "About", "Claimed", "Records", "give", "Verdict"]
    assert next(line for line in lines if line.startswith("C1 ")).split() == [
        "C1",
        "execution",
        "total",
        "100%",
        "0.00%",
        "contradicts",
    ]
