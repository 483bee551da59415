"""The exit status answers "was it saved?": output that fails after a save (full disk, closed stdout, broken pipe,
a terminal that cannot show a character, Ctrl+C) is a warning and exit 0, never an error that invites a second try."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from store.persist import Store

from .helpers import assert_one_line_error

PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", "12.50", "--voucher", "记-1", "--by", "alice")
DRIFT = (sys.executable, "-m", "tui.cli")


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "COLUMNS": "1000", "LANG": "en_US.UTF-8", **extra}


def payments(path: Path) -> list[str]:
    return [payment.voucher for payment in Store(path).load().projects[0].funding.payments]


def in_shell(script: str, store: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """drift ARGV run by bash with the redirection script, where "$@" is the drift command line.

    What it prints is read in $PYTHONIOENCODING when that is set, as a terminal in that encoding would show it.
    """
    command = [*DRIFT, "--store", str(store), *argv]
    return subprocess.run(
        ["bash", "-c", script, "bash", *command],
        capture_output=True,
        encoding=env.get("PYTHONIOENCODING", "utf-8"),
        timeout=60,
        env=environment(**env),
    )


def assert_saved_with_a_warning(result: subprocess.CompletedProcess[str], store: Path, *needles: str) -> None:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warning = [line for line in result.stderr.splitlines() if line.startswith("drift: warning: ")]
    assert len(warning) == 1, result.stderr
    for needle in ("saved (revision 2)", *needles):
        assert needle in warning[0], result.stderr
    assert payments(store) == ["记-1"]


def test_a_payment_printed_to_a_full_disk_is_saved_and_exits_0(store_path: Path) -> None:
    result = in_shell('"$@" > /dev/full', store_path, *PAY)

    assert_saved_with_a_warning(result, store_path, "No space left on device")


def test_a_payment_printed_to_a_closed_stdout_is_saved_and_exits_0(store_path: Path) -> None:
    result = in_shell('"$@" >&-', store_path, *PAY)

    assert_saved_with_a_warning(result, store_path, "standard output is closed")


def test_a_payment_whose_confirmation_cannot_reach_stderr_is_saved_and_exits_0(store_path: Path) -> None:
    result = in_shell('"$@" 2> /dev/full', store_path, *PAY)

    assert result.returncode == 0
    assert "payments P1 voucher: — → 记-1" in result.stdout
    assert payments(store_path) == ["记-1"]


def test_a_payment_printed_into_a_pipe_nobody_reads_is_saved_and_exits_0(store_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before drift writes: every write is a broken pipe
    try:
        result = subprocess.run(
            [*DRIFT, "--store", str(store_path), *PAY],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env=environment(),
        )
    finally:
        os.close(write)

    assert_saved_with_a_warning(result, store_path, "Broken pipe")


def test_a_store_created_into_a_pipe_nobody_reads_is_kept_and_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [*DRIFT, "--store", str(path), "init"], stdout=write, stderr=subprocess.PIPE, text=True, timeout=60
        )
    finally:
        os.close(write)

    assert result.returncode == 0, result.stderr
    assert result.stderr == "drift: warning: saved (revision 1), but the output failed: Broken pipe\n"
    assert Store(path).load().revision == 1


def test_a_payment_piped_into_head_exits_0_whether_or_not_the_pipe_broke(store_path: Path) -> None:
    result = in_shell('"$@" | head -c 1 > /dev/null; exit "${PIPESTATUS[0]}"', store_path, *PAY)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert payments(store_path) == ["记-1"]


@pytest.mark.parametrize(
    ("encoding", "shown"), [("ascii", "voucher: ? ? ?-?"), ("gbk", "voucher: — → 记-?")], ids=["ascii", "gbk"]
)
def test_a_payment_on_a_terminal_without_its_characters_is_saved_printed_with_replacements_and_exits_0(
    store_path: Path, encoding: str, shown: str
) -> None:
    result = in_shell('"$@"', store_path, *PAY[:-3], "记-🔴", "--by", "alice", PYTHONIOENCODING=encoding)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[-1] == f"payments P1 {shown}"  # GBK has — and →, but no 🔴
    assert payments(store_path) == ["记-🔴"]


def test_a_payment_in_the_c_locale_is_saved_printed_and_exits_0(store_path: Path) -> None:
    result = in_shell('"$@"', store_path, *PAY, LANG="C", LC_ALL="C")

    assert result.returncode == 0, result.stderr
    assert "payments P1 voucher: — → 记-1" in result.stdout
    assert payments(store_path) == ["记-1"]


def test_a_payment_in_an_ascii_c_locale_without_coercion_is_saved_printed_with_replacements_and_exits_0(
    store_path: Path,
) -> None:
    # Python's own fallback for the C locale (ASCII with surrogateescape), when its UTF-8 coercion is turned off.
    pay = (*PAY[:-3], "V-1", "--by", "alice")
    result = in_shell('"$@"', store_path, *pay, LC_ALL="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0")

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "payments P1 voucher: ? ? V-1" in result.stdout
    assert payments(store_path) == ["V-1"]


def test_ctrl_c_while_the_saved_payment_is_printed_exits_0_and_says_it_was_saved(store_path: Path) -> None:
    read, write = os.pipe()
    os.set_blocking(write, False)
    try:
        while True:  # fill the pipe: drift's first write, after the save, then waits for a reader
            os.write(write, b"x" * 4096)
    except BlockingIOError:
        os.set_blocking(write, True)
    drift = subprocess.Popen(
        [*DRIFT, "--store", str(store_path), *PAY], stdout=write, stderr=subprocess.PIPE, text=True, env=environment()
    )
    os.close(write)
    try:
        deadline = time.monotonic() + 30
        while Store(store_path).load().revision < 2 and time.monotonic() < deadline:  # the file says: saved
            time.sleep(0.01)
        drift.send_signal(signal.SIGINT)  # drift cannot have finished: its output still waits in the full pipe
        _, rest = drift.communicate(timeout=30)
    finally:
        drift.kill()
        drift.wait()
        os.close(read)

    assert drift.returncode == 0, rest
    assert rest == "drift: warning: saved (revision 2); interrupted while printing\n"
    assert payments(store_path) == ["记-1"]


_INTERRUPTED_IN_THE_RENAME = textwrap.dedent(
    """
    import os, signal, sys
    from store import fileio
    from tui.cli import main
    real = os.replace
    def replace_then_ctrl_c(source, target):
        real(source, target)
        if str(target) == sys.argv[1]:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C lands the instant the new file took the store's place
    fileio.os.replace = replace_then_ctrl_c
    sys.exit(main(sys.argv[2:], environ={"LANG": "en_US.UTF-8"}))
    """
)


def test_ctrl_c_the_instant_the_store_is_replaced_exits_0_and_says_it_was_saved(store_path: Path) -> None:
    # A test-only replacement of os.replace, in its own process: the only way to time a real signal into the few
    # instructions between the rename and the store knowing it saved.
    result = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_IN_THE_RENAME, str(store_path), "--store", str(store_path), *PAY],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith("drift: warning: saved (revision 2); interrupted while printing\n"), result.stderr
    assert payments(store_path) == ["记-1"]


_INTERRUPTED_AGAIN_AND_AGAIN = textwrap.dedent(
    """
    import os, signal, sys
    from store import fileio
    from tui import cli
    real_replace, real_warn, store = os.replace, cli.output.warn, sys.argv[1]
    def ctrl_c():
        os.kill(os.getpid(), signal.SIGINT)
    def replace_then_ctrl_c(source, target):
        real_replace(source, target)
        if str(target) == store:
            ctrl_c()  # the first Ctrl+C, the instant the store is replaced
    def ctrl_c_then_warn(text):
        ctrl_c()  # a second one while drift says the save was made
        real_warn(text)
    fileio.os.replace, cli.output.warn = replace_then_ctrl_c, ctrl_c_then_warn
    sys.argv = ["drift", *sys.argv[2:]]
    code = cli.main(environ={"LANG": "en_US.UTF-8"})  # as the installed command calls it
    ctrl_c()  # and a third one after main() has returned, as the program ends
    sys.exit(code)
    """
)


def test_ctrl_c_pressed_again_and_again_after_the_save_still_exits_0(store_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_AGAIN_AND_AGAIN, str(store_path), "--store", str(store_path), *PAY],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith("drift: warning: saved (revision 2); interrupted while printing\n"), result.stderr
    assert payments(store_path) == ["记-1"]


# Commands that save nothing: their exit status says whether the output was written.


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
@pytest.mark.parametrize("argv", [("status",), ("check",), ("log",)], ids=" ".join)
def test_reading_commands_on_a_terminal_without_the_characters_print_replacements_not_a_traceback(
    store_path: Path, encoding: str, argv: tuple[str, ...]
) -> None:
    new = ("new", "--code", "P-🔴", "--name", "小区🔴", "--year", "2023", "--annual-budget", "10", "--by", "alice")
    assert in_shell('"$@"', store_path, *new).returncode == 0
    result = in_shell('"$@"', store_path, *argv, PYTHONIOENCODING=encoding)

    assert result.returncode in (0, 3), result.stderr  # 3: check found deviations
    assert "Traceback" not in result.stderr
    assert "P-?" in result.stdout  # GBK has every character of the sample but 🔴
    result.stdout.encode(encoding)  # nothing the terminal cannot show


@pytest.mark.parametrize("argv", [("status", "--json"), ("list", "--json"), ("list",), ("export",)], ids=" ".join)
def test_data_on_standard_output_is_utf_8_whatever_the_terminal(store_path: Path, argv: tuple[str, ...]) -> None:
    command = [*DRIFT, "--store", str(store_path), *argv]
    utf8 = subprocess.run(command, capture_output=True, timeout=60, env=environment())
    ascii_ = subprocess.run(command, capture_output=True, timeout=60, env=environment(PYTHONIOENCODING="ascii"))

    assert ascii_.returncode == 0, ascii_.stderr
    assert ascii_.stdout == utf8.stdout
    assert "监控".encode() in ascii_.stdout or "项目".encode() in ascii_.stdout


def test_a_reading_command_printing_to_a_full_disk_fails_in_one_line(store_path: Path) -> None:
    result = in_shell('"$@" > /dev/full', store_path, "status")

    assert result.returncode == 1
    assert_one_line_error(result.stderr, "cannot write the output", "No space left on device")


def test_a_reading_command_printing_to_a_closed_stdout_fails_in_one_line(store_path: Path) -> None:
    result = in_shell('"$@" >&-', store_path, "list")

    assert result.returncode == 1
    assert_one_line_error(result.stderr, "cannot write the output", "standard output is closed")


def test_a_reading_command_whose_reader_went_away_stops_quietly_as_a_filter_does(store_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [*DRIFT, "--store", str(store_path), "list"], stdout=write, stderr=subprocess.PIPE, timeout=60
        )
    finally:
        os.close(write)

    assert result.returncode == 128 + signal.SIGPIPE
    assert result.stderr == b""


def test_after_a_saved_command_a_ctrl_c_during_the_interpreters_exit_is_ignored() -> None:
    # Python resets its own signal handlers to the default while it exits; a Ctrl+C landing then would end a saved
    # command by the signal (status 130), and a retry would pay twice. Run as the program, main leaves it ignored.
    from types import SimpleNamespace

    from tui.cli import _InterruptsAfterTheSave

    before = signal.getsignal(signal.SIGINT)
    try:
        saved = _InterruptsAfterTheSave(SimpleNamespace(saved_revision=2))
        saved.finish(restore=False)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        unsaved = _InterruptsAfterTheSave(SimpleNamespace(saved_revision=None))
        unsaved.finish(restore=False)
        assert signal.getsignal(signal.SIGINT) == unsaved._interrupt  # nothing saved: Ctrl+C still stops it
    finally:
        signal.signal(signal.SIGINT, before)
