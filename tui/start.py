"""The `drift` command's entry point: drift's modules load with Python's cycle collector paused and Ctrl+C held."""

from __future__ import annotations

import signal


def main() -> int:
    """Load the command line and run it; loading makes thousands of objects and no garbage worth collecting.

    Ctrl+C is held while the modules load: pressed while a compiled module sets itself up, it crashed the process
    (orjson: a segmentation fault). Pressed then, drift ends there, quietly, as the command line ends on Ctrl+C.
    """
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        from store.collector import collector_paused  # here, not above: held from the first module of drift's

        with collector_paused():
            from tui import cli
            from tui.context import EXIT_INTERRUPTED
        if signal.SIGINT in signal.sigpending():
            signal.sigwait({signal.SIGINT})  # taken, not left to strike once it is let through
            return EXIT_INTERRUPTED
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return cli.main()
