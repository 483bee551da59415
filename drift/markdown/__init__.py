"""Markdown snapshots of analyses (one project, a portfolio, the draft monitoring report) for GitHub and GitLab."""

from drift.markdown.blocks import LIGHT_MARKS, bold, bullets, document, heading, light_label, table
from drift.markdown.escape import CELL_LINE_BREAK, cell, escape_line, hard_broken, inline, mermaid_label, paragraphs
from drift.markdown.portfolio import portfolio_markdown, portfolio_pieces, portfolio_table, worst_first
from drift.markdown.report import blank, export_filename, report_markdown
from drift.markdown.snapshot import project_blocks, project_markdown
from drift.tables import days_text

__all__ = [
    "CELL_LINE_BREAK",
    "LIGHT_MARKS",
    "blank",
    "bold",
    "bullets",
    "cell",
    "days_text",
    "document",
    "escape_line",
    "export_filename",
    "hard_broken",
    "heading",
    "inline",
    "light_label",
    "mermaid_label",
    "paragraphs",
    "portfolio_markdown",
    "portfolio_pieces",
    "portfolio_table",
    "project_blocks",
    "project_markdown",
    "report_markdown",
    "table",
    "worst_first",
]
