"""portfolio_pieces: the portfolio export made one project at a time, so that 10,000 projects fit in memory."""

from __future__ import annotations

import dataclasses

import pendulum

from drift.analysis import ProjectAnalysis, analyse_project
from drift.markdown import portfolio_markdown, portfolio_pieces
from store.files import load_sample

AS_OF = pendulum.date(2023, 9, 28)


def test_each_project_is_analysed_for_the_summary_and_again_only_when_its_section_is_written() -> None:
    seed = load_sample()[0]
    projects = [
        dataclasses.replace(seed, code="A-1"),
        dataclasses.replace(seed, code="A-2", status_date=pendulum.date(2023, 2, 15)),  # yellow: listed last
        dataclasses.replace(seed, code="A-3"),
    ]
    asked: list[int] = []

    def analysis_of(n: int) -> ProjectAnalysis:
        asked.append(n)
        return analyse_project(projects[n], projects[n].status_date or AS_OF)

    pieces = portfolio_pieces(3, analysis_of, "en")
    head, summary = next(pieces), next(pieces)
    assert asked == [0, 1, 2]  # the summary table needs every project once; nothing of them is kept but its row
    first = next(pieces)
    assert asked == [0, 1, 2, 0] and first.startswith("\n\n## ")  # then one project at a time, worst first
    rest = list(pieces)

    assert asked[3:] == [0, 2, 1]
    whole = portfolio_markdown([analysis_of(n) for n in range(3)], "en")
    assert "".join([head, summary, first, *rest]) == whole
    assert summary.index("A-3") < summary.index("A-2")


def test_the_summary_alone_analyses_each_project_once() -> None:
    seed = load_sample()[0]
    asked: list[int] = []

    def analysis_of(n: int) -> ProjectAnalysis:
        asked.append(n)
        return analyse_project(dataclasses.replace(seed, code=f"S-{n}"), AS_OF)

    text = "".join(portfolio_pieces(4, analysis_of, "zh", summary_only=True))

    assert asked == [0, 1, 2, 3]
    assert text == portfolio_markdown([analysis_of(n) for n in range(4)], "zh", summary_only=True)
