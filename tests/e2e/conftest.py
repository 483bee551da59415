"""One tmux server for every end-to-end test, held open for the whole run."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_tmux import SOCKET, TMUX, Terminal


@pytest.fixture(scope="session", autouse=True)
def tmux_server() -> Iterator[None]:
    """A session held open so the server never exits between two tests: a test's new session could otherwise reach
    a server still exiting after the last test closed its own, and fail with "server exited unexpectedly"."""
    if TMUX is None:
        yield
        return
    keeper = Terminal(["sleep", "3600"], 20, 5)
    yield
    keeper.close()
    subprocess.run([TMUX, "-L", SOCKET, "kill-server"], capture_output=True)  # the server is these tests' own
    socket_dir = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
    (socket_dir / SOCKET).unlink(missing_ok=True)  # tmux leaves its socket behind
