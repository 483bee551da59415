"""portfolio_pieces: the portfolio export made of headline rows and one analysis at a time: 10,000 projects fit."""

from __future__ import annotations

import pendulum
from msgspec import structs

from drift.analysis import ProjectAnalysis, analyse_project
from drift.markdown import portfolio_markdown, portfolio_pieces
from drift.portfolio import headline_row
from store.files import load_sample

AS_OF = pendulum.date(2023, 9, 28)


def test_each_project_section_is_analysed_only_when_it_is_written_worst_first() -> None:
    seed = load_sample()[0]
    projects = [
        structs.replace(seed, code="A-1"),
        structs.replace(seed, code="A-2", status_date=pendulum.date(2023, 2, 15)),  # yellow: listed last
        structs.replace(seed, code="A-3"),
    ]
    rows = [headline_row(project) for project in projects]
    asked: list[int] = []

    def analysis_of(n: int) -> ProjectAnalysis:
        asked.append(n)
        return analyse_project(projects[n], projects[n].status_date or AS_OF)

    pieces = portfolio_pieces(rows, "en", analysis_of)
    head, summary = next(pieces), next(pieces)
    assert asked == []  # the summary table is made of the headline rows given
    first = next(pieces)
    assert asked == [0] and first.startswith("\n\n## ")  # then one project at a time, worst first
    rest = list(pieces)

    assert asked == [0, 2, 1]
    whole = portfolio_markdown([analyse_project(p, p.status_date or AS_OF) for p in projects], "en")
    assert "".join([head, summary, first, *rest]) == whole
    assert summary.index("A-3") < summary.index("A-2")


def test_the_summary_alone_analyses_no_project() -> None:
    seed = load_sample()[0]
    projects = [structs.replace(seed, code=f"S-{n}") for n in range(4)]

    text = "".join(portfolio_pieces([headline_row(project, AS_OF) for project in projects], "zh"))

    analyses = [analyse_project(project, AS_OF) for project in projects]
    assert text == portfolio_markdown(analyses, "zh", summary_only=True)
    assert text.count("| S-") == 4
