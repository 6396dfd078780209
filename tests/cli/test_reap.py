"""`figlet reap` on the fake engine: stacks whose owner process is gone are named (--dry-run)
or taken down; stacks of live processes stay."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from _cli import BUSYBOX, Figlet

from figlet.engine.fake import FakeEngine
from figlet.testing._reaper import OWNER_HOST, OWNER_PID, OWNER_STARTED, process_started


def _gone_pid() -> int:
    """The pid of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _stack(figlet: Figlet, project: Path, name: str, pid: int, started: str) -> None:
    """Bring up project `name` whose service carries the owner labels of process `pid`."""
    (project / f"{name}.yaml").write_text(
        f"""\
name: {name}
services:
  app:
    image: {BUSYBOX}
    command: ["sleep", "3600"]
    labels:
      {OWNER_HOST}: "{socket.gethostname()}"
      {OWNER_PID}: "{pid}"
      {OWNER_STARTED}: "{started}"
"""
    )
    done = figlet("-f", f"{name}.yaml", "up", "-d")
    assert done.code == 0, done.err


def _projects(fake: FakeEngine) -> set[str]:
    return {c.labels["com.docker.compose.project"] for c in fake.containers.values()}


def test_reap_takes_down_only_the_stacks_of_gone_owners(
    figlet: Figlet, fake: FakeEngine, project: Path
) -> None:
    live = os.getpid()
    _stack(figlet, project, "alive", live, process_started(live) or "")
    _stack(figlet, project, "orphan", _gone_pid(), "1")
    assert _projects(fake) == {"alive", "orphan"}

    listed = figlet("reap", "--dry-run")
    assert (listed.code, listed.out) == (0, "orphan: stale\n")
    assert _projects(fake) == {"alive", "orphan"}

    reaped = figlet("reap")
    assert (reaped.code, reaped.out) == (0, "orphan: taken down\n")
    assert _projects(fake) == {"alive"}


def test_reap_with_nothing_stale_says_so(figlet: Figlet) -> None:
    done = figlet("reap")
    assert (done.code, done.out, done.err) == (0, "", "no stale test stacks\n")
