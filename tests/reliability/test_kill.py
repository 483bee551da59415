"""A writer killed with SIGKILL at random moments never leaves a broken store nor loses a save it acknowledged."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from store.fileio import read_json
from store.persist import Store
from store.tables import decode_store

from .helpers import CODE, FIGURES

KILLS = 120
"""How many times the writer is killed; the issue asks for at least 100."""

SEED = 20240607
"""The random delays are the same on every run, so a failure can be replayed."""

MAX_DELAY = 0.06
"""Longest time a writer runs before it is killed: a few saves, so kills land in every step of a save."""

_FORK_SERVER = textwrap.dedent(
    """
    import os, sys, traceback
    import pendulum
    from store.edits import add_payment
    from store.persist import Store

    path, code = sys.argv[1:3]
    at = pendulum.datetime(2023, 10, 8, 9, tz="Asia/Shanghai")

    def write_forever(ack_path, prefix):
        store = Store(path, lock_timeout=30)
        acks = os.open(ack_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            n = 0
            while True:
                n += 1
                payment = add_payment(code, date="2023-10-08", source="local", amount=str(n), voucher=f"{prefix}-{n}")
                store.apply([payment], by="writer", at=at)
                os.write(acks, f"{n}\\n".encode())  # unbuffered, and only once apply has returned: acknowledged
        except BaseException:
            os.write(acks, ("error " + traceback.format_exc().replace("\\n", " | ") + "\\n").encode())
            os._exit(1)

    # Forking from a process that has imported everything starts a writer in a millisecond, not a
    # quarter of a second: the kills then land inside saves rather than inside Python's start-up.
    for line in sys.stdin:
        command, *rest = line.split()
        if command == "run":
            pid = os.fork()
            if pid == 0:
                write_forever(*rest)
            print(pid, flush=True)
        elif command == "wait":
            print(os.waitpid(int(rest[0]), 0)[1], flush=True)
    """
)


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".store.json.*.tmp"))


def test_a_writer_killed_at_random_moments_keeps_every_acknowledged_save_and_a_valid_store(
    store_path: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    server = subprocess.Popen(
        [sys.executable, "-c", _FORK_SERVER, str(store_path), CODE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    acknowledged: set[str] = set()
    unacknowledged_but_saved = 0
    interrupted_writes = 0
    try:
        for kill in range(1, KILLS + 1):
            prefix = f"k{kill}"
            acks = tmp_path / f"acks-{kill}"
            server.stdin.write(f"run {acks} {prefix}\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            time.sleep(rng.uniform(0.0, MAX_DELAY))
            os.kill(pid, signal.SIGKILL)
            server.stdin.write(f"wait {pid}\n")
            server.stdin.flush()
            status = int(server.stdout.readline())
            lines = acks.read_text().splitlines() if acks.exists() else []

            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, lines  # not a crash of its own
            acked = {f"{prefix}-{n}" for n in lines}
            acknowledged |= acked
            portfolio = Store(store_path).load()  # parses and validates, or raises
            vouchers = [payment.voucher for payment in portfolio.projects[0].funding.payments]
            assert len(vouchers) == len(set(vouchers)), f"kill {kill}: a save was applied twice"
            missing = acknowledged - set(vouchers)
            assert not missing, f"kill {kill}: acknowledged saves lost: {sorted(missing)}"
            extra = {v for v in vouchers if v.startswith(f"{prefix}-")} - acked
            assert extra <= {f"{prefix}-{len(lines) + 1}"}, f"kill {kill}: unexpected saves {extra}"
            unacknowledged_but_saved += len(extra)
            acknowledged |= extra  # saved all the same: later kills must keep it too
            assert portfolio.revision == 1 + len(vouchers), "every save added exactly one payment"
            history = Store(store_path).history()
            assert {e.record for e in history} == {p.id for p in portfolio.projects[0].funding.payments}
            interrupted_writes += bool(temp_files(store_path.parent))
            if kill % 20 == 0:
                for backup in Store(store_path).backups():
                    decode_store(read_json(backup.path), backup.path)
    finally:
        server.stdin.close()
        server.wait(timeout=30)

    # The next save clears what killed saves left behind: their temporary files.
    store = Store(store_path)
    store.update(lambda current: current.projects)
    assert temp_files(store_path.parent) == []
    assert len(store.backups()) == 10
    FIGURES["kills survived"] = (
        f"{KILLS} SIGKILLs, {len(acknowledged)} saves kept, {unacknowledged_but_saved} saved just before the "
        f"acknowledgement, {interrupted_writes} killed while writing the file"
    )
