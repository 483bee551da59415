"""The `drift` command's entry point: drift's modules load with Python's cycle collector paused."""

from __future__ import annotations

from store.collector import collector_paused


def main() -> int:
    """Load the command line and run it; loading makes thousands of objects and no garbage worth collecting."""
    with collector_paused():
        from tui import cli
    return cli.main()
