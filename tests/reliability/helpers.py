"""Helpers for the reliability tests: one-line errors, what is on disk, running as `nobody`, and the figures."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from msgspec import structs

from store.files import load_sample
from store.model import Finding, Payment, Project, SourceKind

CODE = "2306-140423-89-01-317509"
"""The seed project, the one project of the sample store."""

NOBODY = 65534
"""The unprivileged user (and group) permission tests run as when the suite runs as root."""

FIGURES: dict[str, Any] = {}
"""What the fault tests counted (kills survived, edits raced, bad files refused), printed at the end of the run."""

as_root = pytest.mark.skipif(
    os.geteuid() != 0 or sys.platform != "linux", reason="needs root to become another user and to change groups"
)


def assert_one_line_error(err: str, *needles: str) -> None:
    """err is exactly one `drift: …` line holding every needle, and no traceback."""
    assert err.startswith("drift: "), err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"


def on_disk(path: Path) -> dict[str, bytes | None]:
    """Every file of the store's folder, the backup folder included, with its bytes: to compare before and after."""
    folder = path.parent
    found: dict[str, bytes | None] = {}
    if not folder.is_dir():
        return found
    for item in sorted(folder.rglob("*")):
        name = str(item.relative_to(folder))
        found[name] = item.read_bytes() if item.is_file() and not item.name.endswith(".lock") else None
    return found


_AS_NOBODY = textwrap.dedent(
    """
    import os, sys
    umask, groups, argv = int(sys.argv[1], 8), [int(g) for g in sys.argv[2].split(",") if g], sys.argv[3:]
    os.umask(umask)  # before drift is imported, which reads it once, as a shell's umask comes before the command
    from tui.cli import build_parser, main  # first: the interpreter lives under root's home, which nobody cannot read
    import tui.app  # what commands import late, for the same reason
    build_parser()  # imports every command's module
    from store.files import sample_path; sample_path()  # finding the bundled sample imports resource readers
    os.setgroups(groups); os.setgid(groups[0] if groups else 65534); os.setuid(65534)
    sys.exit(main(argv, environ={"USER": "nobody"}))
    """
)


def drift_as_nobody(*argv: str, umask: int = 0o022, groups: tuple[int, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`drift ARGV` run by the unprivileged user, in the groups given, through the command line's own main()."""
    return subprocess.run(
        [sys.executable, "-c", _AS_NOBODY, oct(umask), ",".join(map(str, groups)), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "1000"},
    )


_HOLD_LOCK = textwrap.dedent(
    """
    import fcntl, os, sys
    fcntl.flock(os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644), fcntl.LOCK_EX)  # as a saving drift holds it
    print("held", flush=True)
    sys.stdin.read()  # until the test closes our stdin
    """
)


@contextlib.contextmanager
def lock_held_by_another_process(lock: Path) -> Iterator[None]:
    """The store's lock held, as another drift saving would hold it, until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(lock)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.communicate(timeout=10)


BOLD, LINK = "[bold]", "[link=http://x]"
"""Rich markup that, were it read as markup, would vanish into bold text and a hyperlink."""

LONG = "长" * 10_000
HOSTILE_NAME = f"{BOLD}名称[/bold] {LINK}点我[/link] 🏗 שלום مرحبا 中文"


def hostile_project() -> Project:
    """The seed with markup, emoji, RTL and CJK (but no control character) in every field people type into."""
    seed = load_sample()[0]
    indicators = (
        structs.replace(seed.indicators[0], deviation_cause=f"{BOLD}原因[/bold]", remark=f"{LINK}备注[/link] {LONG}"),
        *seed.indicators[1:],
    )
    allocations = (
        structs.replace(seed.funding.allocations[0], document=f"{BOLD}襄财[2023]1号[/bold]"),
        *seed.funding.allocations[1:],
    )
    payment = Payment(
        id="P1",
        date=pendulum.date(2023, 9, 1),
        amount=Decimal("10"),
        source=SourceKind.LOCAL,
        voucher=f"{LINK}记-1[/link]",
        note=LONG,
    )
    phases = (structs.replace(seed.phases[0], name=f"{BOLD}可研[/bold] 🏗"), *seed.phases[1:])
    return structs.replace(
        seed,
        name=HOSTILE_NAME,
        department=f"{LINK}部门[/link] שלום",
        progress_summary=f"{BOLD}进展[/bold] {LONG}",
        phases=phases,
        events=(structs.replace(seed.events[0], document=f"{BOLD}文号[/bold]"), *seed.events[1:]),
        indicators=indicators,
        findings=(Finding(problem=f"{LINK}问题[/link]", cause=f"{BOLD}原因[/bold]"), *seed.findings),
        funding=structs.replace(seed.funding, allocations=allocations, payments=(payment,)),
    )
