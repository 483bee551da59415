"""The command line's standard streams: any terminal, full disk, closed or broken pipe, without a traceback."""

from __future__ import annotations

import errno
import io
import os
import re
import sys
from collections.abc import Iterable
from typing import IO, cast

from rich.console import Console

from tui import colours

EXIT_OUTPUT_FAILED = 1
"""Nothing was saved and the output could not be written (a full disk, a closed standard output)."""

EXIT_BROKEN_PIPE = 128 + 13
"""Nothing was saved and the reader of the output went away: what a shell shows for any filter stopped by SIGPIPE."""

STDOUT_CLOSED = "standard output is closed"


class _ClosedStdout(io.TextIOBase):
    """Standard output when drift was started without one: writing fails as a write to a closed descriptor does."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, STDOUT_CLOSED)


UNWRAPPED = 1_000_000
"""The width of a console that is not a terminal: wide enough that no line of drift's is wrapped or cut."""

_LINE_END_PADDING = re.compile(r"(?: |\x1b\[[0-9;]*m)+(?=\n|$)")
"""Spaces at the end of a line, with the colour codes among them (which are kept: they close a style)."""


def _without_line_end_padding(text: str) -> str:
    """text without the spaces Rich pads each table line with, its colour codes intact."""
    return _LINE_END_PADDING.sub(lambda match: "".join(re.findall(r"\x1b\[[0-9;]*m", match.group())), text)


class _Trimmed(io.TextIOBase):
    """The console's stream as it is at each write (tests swap sys.stdout), with no line ending in spaces."""

    def __init__(self, stderr: bool) -> None:
        self.stderr = stderr

    @property
    def stream(self) -> IO[str]:
        return sys.stderr if self.stderr else sys.stdout

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        return self.stream.write(_without_line_end_padding(text))

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()


class _Console(Console):
    """A Rich console whose broken pipe is an error like any other, for main() to weigh against what was saved."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))  # Rich's own answer is exit(1), saved or not


def console(*, stderr: bool = False) -> Console:
    """A console for standard output (or error) that prints user text as it is: no markup, highlighting or emoji.

    Lights look as tui.colours says, in colour or, under NO_COLOR (as Rich reads it), by weight and reverse video.
    A terminal's lines are as wide as it is; into a pipe or a file no line is wrapped or cut (a script reads one
    message a line, and a person pastes it), and no line ends with the spaces of a table's padding anywhere.
    """
    out = _Console(file=cast(IO[str], _Trimmed(stderr)), markup=False, highlight=False, emoji=False)
    if not out.is_terminal:
        out.width = UNWRAPPED
    out.push_theme(colours.theme(no_color=out.no_color))
    return out


def prepare_streams() -> None:
    """Ready the standard streams before anything is read or written.

    A closed descriptor 0, 1 or 2 is held by /dev/null so that no file drift opens (the store, its lock) takes its
    number and receives what is meant for the terminal. Text the terminal's encoding cannot show (an ASCII or GBK
    terminal and `—` or 🔴) is written as "?" rather than failing: it is for a person to read, and data formats
    go through write_data.
    """
    closed_stdout = sys.stdout is None  # how Python says descriptor 1 was closed when it started
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # takes the lowest free number: this one
    if closed_stdout:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.errors in ("strict", "surrogateescape"):
        sys.stdout.reconfigure(errors="replace")


def write_data(text: str) -> None:
    """JSON or Markdown on standard output, as UTF-8 whatever the terminal's encoding.

    JSON is UTF-8 by definition (RFC 8259), and `drift export > file.md` must give the same bytes as `-o file.md`;
    "?" in place of a character would be data silently changed.
    """
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None or (stream.encoding or "").lower().replace("-", "").replace("_", "") == "utf8":
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))


def write_data_chunks(chunks: Iterable[bytes]) -> None:
    """UTF-8 data on standard output as it is made (write_data's rules), each chunk whole UTF-8 text."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text stream only (a test's, an embedding's)
        for chunk in chunks:
            stream.write(chunk.decode("utf-8"))
        return
    stream.flush()
    for chunk in chunks:
        buffer.write(chunk)
    buffer.flush()


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal, where binary data (an .xlsx) must never go."""
    try:
        return sys.stdout.isatty()
    except (OSError, ValueError):
        return False


def write_binary(data: bytes) -> None:
    """Binary data (an .xlsx) on standard output, through its byte stream; the caller has refused a terminal."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    stream.flush()
    if buffer is None:
        raise OSError(errno.EBADF, STDOUT_CLOSED)  # a stream without bytes cannot carry them
    buffer.write(data)
    buffer.flush()


def finish_stdout() -> None:
    """Write what is still buffered for standard output now, while the exit status can still say it failed."""
    sys.stdout.flush()


def abandon_stdout() -> None:
    """Drop what could not be written, so that the interpreter's last flush neither fails nor waits on the pipe."""
    stdout = sys.__stdout__
    if stdout is None or sys.stdout is not stdout:  # a test's capture, or _ClosedStdout: nothing is pending at exit
        return
    try:
        fd = stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError):
        return
    os.dup2(devnull, fd)
    os.close(devnull)


def warn(line: str) -> None:
    """One line on standard error that must not fail in its turn: stderr may be the full disk or the closed pipe."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
