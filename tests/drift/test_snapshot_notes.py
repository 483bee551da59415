"""The Markdown snapshot ends with the project's notes, where its provenance is kept, escaped as all user text is."""

from __future__ import annotations

import pendulum
from markdown_it import MarkdownIt
from msgspec import structs

from drift.analysis import analyse_project
from drift.markdown import portfolio_markdown, project_markdown
from drift.rules import Rules
from store.model import Note, Project

AS_OF = pendulum.date(2023, 9, 28)


def test_the_seed_snapshot_ends_with_its_notes_in_their_order(sample_projects: tuple[Project, ...]) -> None:
    markdown = project_markdown(analyse_project(sample_projects[0], AS_OF, Rules()), "zh")

    tail = markdown.split("\n## 说明与来源\n\n", 1)[1].splitlines()
    assert len(tail) == 8  # the seed's eight notes, one bullet each, and nothing after them
    assert tail[0] == "- **项目实施周期**：2023年1月至2023年12月"
    assert tail[-1] == "- **其他需要说明的事项**：无"


def test_notes_are_escaped_and_a_note_without_a_title_is_its_text(sample_projects: tuple[Project, ...]) -> None:
    project = structs.replace(
        sample_projects[0],
        notes=(
            Note(title="# 来源 *网址*", text="https://example.org/a_b\n<b>2024-05-01</b> [link](x)"),
            Note(title="", text="| 摘自年报 |"),
            Note(title="  ", text=" "),  # nothing to say: left out
        ),
    )

    markdown = project_markdown(analyse_project(project, AS_OF, Rules()), "en")

    assert markdown.endswith(
        "## Notes and sources\n\n"
        "- **\\# 来源 \\*网址\\***: https\\://example\\.org/a\\_b\\\n"
        "  &lt;b&gt;2024-05-01&lt;/b&gt; \\[link\\](x)\n"
        "- \\| 摘自年报 \\|\n"
    )
    html = MarkdownIt("commonmark").render(markdown)
    assert "<b>" not in html and "<h1># 来源" not in html and 'href="x"' not in html


def test_a_project_without_notes_has_no_notes_section(sample_projects: tuple[Project, ...]) -> None:
    project = structs.replace(sample_projects[0], notes=())

    markdown = project_markdown(analyse_project(project, AS_OF, Rules()), "en")

    assert "Notes and sources" not in markdown


def test_the_portfolio_export_carries_each_projects_notes(sample_projects: tuple[Project, ...]) -> None:
    other = structs.replace(sample_projects[0], code="X-2", name="Second", notes=(Note("来源", "某区年报 p.3"),))
    analyses = [analyse_project(p, AS_OF, Rules()) for p in (sample_projects[0], other)]

    markdown = portfolio_markdown(analyses, "en")

    assert markdown.count("### Notes and sources") == 2
    assert markdown.rstrip().endswith("- **来源**: 某区年报 p.3")
