"""Bytes that are not UTF-8, in an option or in the environment drift reads, are refused in one line before anything
is read or saved: Python would carry them as lone surrogates that no store, terminal or JSON can hold."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import assert_one_line_error, on_disk

PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", "12.50")


def drift(*argv: str | bytes, **env: str | bytes) -> subprocess.CompletedProcess[str]:
    """drift ARGV as a shell would start it with these bytes, in a UTF-8 locale."""
    environment: dict[bytes, bytes] = {os.fsencode(k): os.fsencode(v) for k, v in os.environ.items()}
    environment.update({b"LANG": b"en_US.UTF-8", b"USER": b"alice"})
    environment.update({k.encode(): os.fsencode(v) for k, v in env.items()})
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=60,
        env=environment,
    )


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        ((*PAY, "--by", b"al\xffice"), "--by: not UTF-8 text (byte 0xff)"),
        ((*PAY, b"--voucher=\xe8\xae-1"), "--voucher: not UTF-8 text (byte 0xe8)"),
        ((*PAY, "--note", b"caf\xe9"), "--note: not UTF-8 text (byte 0xe9)"),
    ],
    ids=["--by", "--voucher=", "--note"],
)
def test_an_option_with_bytes_that_are_not_utf_8_is_refused_in_one_line_naming_it(
    store_path: Path, argv: tuple[str | bytes, ...], named: str
) -> None:
    before = on_disk(store_path)

    result = drift("--store", str(store_path), *argv)

    assert result.returncode == 2
    assert_one_line_error(result.stderr, named)
    assert on_disk(store_path) == before


def test_a_user_name_with_bytes_that_are_not_utf_8_is_refused_in_one_line(store_path: Path) -> None:
    before = on_disk(store_path)

    result = drift("--store", str(store_path), *PAY, USER=b"al\xfeice")

    assert result.returncode == 2
    assert_one_line_error(result.stderr, "$USER: not UTF-8 text (byte 0xfe)")
    assert on_disk(store_path) == before


def test_a_store_path_with_bytes_that_are_not_utf_8_is_refused_too(tmp_path: Path) -> None:
    # Such a name could be opened, but drift prints the path in every message and the dashboard's header; a link
    # with a UTF-8 name reaches the same file.
    result = drift("init", "--store", os.fsencode(tmp_path) + b"/store-\xff.json")

    assert result.returncode == 2
    assert_one_line_error(result.stderr, "--store: not UTF-8 text (byte 0xff)")
    assert os.listdir(tmp_path) == []


def test_a_store_named_by_the_environment_with_bytes_that_are_not_utf_8_is_refused(tmp_path: Path) -> None:
    result = drift("list", DRIFT_STORE=os.fsencode(tmp_path) + b"/\xff.json")

    assert result.returncode == 2
    assert_one_line_error(result.stderr, "$DRIFT_STORE: not UTF-8 text (byte 0xff)")


def test_the_dashboard_is_not_opened_for_a_user_name_that_is_not_utf_8(store_path: Path) -> None:
    result = drift("--store", str(store_path), "--exit-after-load", LOGNAME=b"\xff", USER=b"")

    assert result.returncode == 2
    assert_one_line_error(result.stderr, "$LOGNAME: not UTF-8 text (byte 0xff)")


def test_in_an_ascii_locale_a_non_ascii_option_is_refused_naming_the_encoding_it_failed(store_path: Path) -> None:
    # The C locale with Python's UTF-8 mode and locale coercion turned off: arguments are read as ascii.
    before = on_disk(store_path)

    result = drift(
        "--store", str(store_path), *PAY, "--voucher", "记-1", LC_ALL="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0"
    )

    assert result.returncode == 2
    assert_one_line_error(result.stderr, "--voucher: not ascii text (byte 0xe8)")
    assert on_disk(store_path) == before
