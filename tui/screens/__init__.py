"""Screens of the dashboard: the portfolio, one project, help."""
