"""Runs a command in a fresh pseudo-terminal of a fixed size and times it from spawn to exit, with its peak memory."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

COLUMNS = 120
LINES = 40


@dataclass(frozen=True)
class TerminalRun:
    """One run of a command in a pseudo-terminal."""

    seconds: float
    """Wall time from just before the spawn to the moment the process was reaped."""
    max_rss_mib: float
    """The process's own peak resident memory (ru_maxrss from wait4), in MiB."""
    exit_code: int
    output: bytes
    """Everything it wrote to the terminal: escape sequences and text."""
    marker_seconds: float | None = None
    """Wall time from the spawn to the first terminal output matching the marker; None when it never came."""
    timed_out: bool = False


def pty_unavailable_reason() -> str | None:
    """Why no pseudo-terminal can be opened here, or None when one can."""
    try:
        parent, child = os.openpty()
    except OSError as error:
        return f"no pseudo-terminal available ({error.strerror or error})"
    os.close(parent)
    os.close(child)
    return None


def run_in_terminal(
    command: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: str | None = None,
    timeout: float = 600.0,
    columns: int = COLUMNS,
    lines: int = LINES,
    marker: re.Pattern[bytes] | None = None,
) -> TerminalRun:
    """Spawn command with a pseudo-terminal of columns × lines as its stdin, stdout and stderr, and wait for it.

    The terminal side is drained by a thread as the app writes, as a terminal emulator would: an undrained
    pseudo-terminal fills up and blocks the writer, which would time the reader instead of the app. The same
    thread notes when the output first matches marker, which tells what reached the screen before the exit.
    """
    parent, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    watcher = _Watcher(parent, marker)
    reader = threading.Thread(target=watcher.drain, daemon=True)
    started = time.perf_counter()
    watcher.started = started
    reader.start()
    process = subprocess.Popen(
        list(command),
        stdin=child,
        stdout=child,
        stderr=child,
        env=dict(env, COLUMNS=str(columns), LINES=str(lines)),
        cwd=cwd,
        start_new_session=True,  # its own session, so a timeout can end it and everything it started
    )
    os.close(child)  # the app holds the only terminal end now; the reader sees EOF when the app is gone
    timer = threading.Timer(timeout, _kill_group, args=(process.pid,))
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not try again
    reader.join(timeout=5)
    os.close(parent)
    return TerminalRun(
        seconds=seconds,
        max_rss_mib=usage.ru_maxrss / 1024,  # Linux reports KiB
        exit_code=process.returncode,
        output=bytes(watcher.output),
        marker_seconds=watcher.marker_seconds,
        timed_out=process.returncode == -signal.SIGKILL,
    )


class _Watcher:
    """Reads the terminal side until the app is gone, timing the first appearance of the marker."""

    def __init__(self, fd: int, marker: re.Pattern[bytes] | None) -> None:
        self.fd = fd
        self.marker = marker
        self.output = bytearray()
        self.started = 0.0
        self.marker_seconds: float | None = None

    def drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: the last process holding the terminal side has exited
                return
            if not chunk:
                return
            now = time.perf_counter()
            tail = len(self.output)
            self.output.extend(chunk)
            # Search from a little before the new chunk, in case the marker straddles two reads.
            if self.marker and self.marker_seconds is None and self.marker.search(self.output, max(tail - 256, 0)):
                self.marker_seconds = now - self.started


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it exited just in time
        os.killpg(pid, signal.SIGKILL)
