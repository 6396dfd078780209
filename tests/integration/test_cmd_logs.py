"""`figlet logs` on the real engine: every container's lines behind its prefix, and `-f`
picking up a replica `scale` adds, ended by Ctrl-C (SIGINT) with 130."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _h5 import figlet, figlet_env

PROJECT_PREFIX = "lg"
COMPOSE = """\
services:
  web:
    image: figlet-local/busybox:latest
    command: ["sh", "-c", "echo hello from $$(hostname); echo second line >&2; exec sleep 600"]
    stop_signal: SIGKILL
  once:
    image: figlet-local/busybox:latest
    command: ["sh", "-c", "echo done here"]
"""


@pytest.fixture
def project(tmp_path: Path, busybox_image: str, project_name: str) -> Path:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    up = figlet("-p", project_name, "up", "-d", "--progress", "quiet", cwd=tmp_path)
    assert up.code == 0, up.err
    return tmp_path


def _wait_for(check: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_logs_of_every_container_stdout_and_stderr(project: Path, project_name: str) -> None:
    _wait_for(lambda: "done here" in figlet("-p", project_name, "logs", cwd=project).out)
    done = figlet("-p", project_name, "logs", "--no-color", cwd=project)
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert "once-1  | done here" in lines
    assert "web-1   | second line" in lines
    assert any(line.startswith("web-1   | hello from ") for line in lines)
    only = figlet("-p", project_name, "logs", "--no-log-prefix", "--tail", "1", "once", cwd=project)
    assert only.out == "done here\n"


def test_follow_picks_up_a_replica_added_by_scale(project: Path, project_name: str) -> None:
    follower = subprocess.Popen(
        [sys.executable, "-m", "figlet", "-p", project_name, "logs", "-f", "web"],
        cwd=project,
        env=figlet_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        seen = _Reader(follower)
        seen.until(b"web-1  | second line")
        scaled = figlet("-p", project_name, "scale", "web=2", cwd=project)
        assert scaled.code == 0, scaled.err
        # both lines of the new replica, from its start: its stdout and stderr lines reach
        # the log in either order (the engine copies the two streams apart)
        seen.until(b"web-2  | second line")
        seen.until(b"web-2  | hello from")
        follower.send_signal(signal.SIGINT)
        assert follower.wait(20) == 130
    finally:
        if follower.poll() is None:
            follower.kill()
            follower.wait()


class _Reader:
    """The follower's stdout so far, read without blocking past a deadline."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self._fd = process.stdout.fileno()
        os.set_blocking(self._fd, False)
        self.text = b""

    def until(self, wanted: bytes, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while wanted not in self.text:
            left = deadline - time.monotonic()
            assert left > 0, f"{wanted!r} never came; got {self.text!r}"
            ready, _, _ = select.select([self._fd], [], [], left)
            if ready:
                piece = os.read(self._fd, 65536)
                assert piece, f"the follower ended; got {self.text!r}"
                self.text += piece
