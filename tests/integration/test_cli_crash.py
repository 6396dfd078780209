"""Crash safety on the real engine: `figlet up -d` killed (SIGKILL) or interrupted (SIGINT) at
some point, then rerun, ends with exactly the planned containers, all running, labels right,
and nothing stray (no temporary or renamed container, no half-made one started as it is).

The interruption point is chosen by counting the progress events (`--progress json`) the first
run has printed, so each case stops it at a different place in its plan, not after a delay.
A killed run's last requests may still be running in the engine when the rerun observes; the
last test makes that race certain (another client creates the project just after the rerun's
first list) instead of leaving it to the timing.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _h5 import containers, figlet, figlet_env, networks

from figlet import api
from figlet.events import Message, RecordingSink
from figlet.options import RunSettings

PROJECT_PREFIX = "h8"
EIGHT = Path(__file__).resolve().parent / "fixtures" / "h8" / "eight"
REPLICAS = {"s1": 1, "s2": 1, "s3": 1, "s4": 2, "s5": 1, "s6": 1, "s7": 1, "s8": 1}


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


def interrupted_up(project: str, sig: signal.Signals, after: int, round_: int) -> tuple[int, str]:
    """Start `figlet up -d`, send `sig` once it has printed `after` progress events; return its
    exit code and error output."""
    process = subprocess.Popen(
        [sys.executable, "-m", "figlet", "-p", project, "up", "-d", "--progress", "json"],
        cwd=EIGHT,
        env=figlet_env({"ROUND": str(round_)}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    seen, lines = 0, []
    for line in process.stderr:
        lines.append(line)
        seen += line.startswith('{"event": "')
        if seen >= after:
            process.send_signal(sig)
            break
    rest = process.stderr.read()
    code = process.wait(timeout=120)
    return code, "".join(lines) + rest


def assert_converged(engine: Any, project: str, round_: int) -> None:
    """Exactly the planned containers, running, labelled as the project says; a rerun is a
    no-op; the steps after each create (second network, copied file) were done."""
    found = containers(engine, project)
    expected = {f"{project}-{s}-{n}" for s, count in REPLICAS.items() for n in range(1, count + 1)}
    assert set(found) == expected
    for name, container in found.items():
        service, number = name.removeprefix(f"{project}-").rsplit("-", 1)
        assert container.status == "running", name
        labels = container.labels
        assert labels["com.docker.compose.project"] == project
        assert labels["com.docker.compose.service"] == service
        assert labels["com.docker.compose.container-number"] == number
        assert labels["com.docker.compose.oneoff"] == "False"
        assert labels["com.docker.compose.image"].startswith("sha256:")
        assert f"ROUND={round_}" in container.attrs["Config"]["Env"]
    assert sorted(networks(engine, project)) == [f"{project}_back", f"{project}_default"]
    s5 = found[f"{project}-s5-1"].attrs["NetworkSettings"]["Networks"]
    assert set(s5) == {f"{project}_back", f"{project}_default"}
    greeting = found[f"{project}-s6-1"].exec_run(["cat", "/etc/greeting"])
    assert greeting.output == b"hello from h8\n"
    again = figlet("-p", project, "up", "-d", cwd=EIGHT, env={"ROUND": str(round_)})
    assert again.code == 0, again.err
    assert f"nothing to change, {len(expected)} containers up to date" in again.err


def rerun(project: str, round_: int) -> None:
    done = figlet("-p", project, "up", "-d", cwd=EIGHT, env={"ROUND": str(round_)})
    assert done.code == 0, done.err


def assert_stopped(sig: signal.Signals, code: int, err: str) -> None:
    """Killed, or (SIGINT) stopped cleanly: exit 130 without a traceback (or done already)."""
    if sig == signal.SIGKILL:
        assert code in (0, -signal.SIGKILL)
    else:
        assert code in (0, 130) and "Traceback" not in err, err


UP_CASES = [(signal.SIGKILL, n) for n in (2, 8, 15, 22)] + [(signal.SIGINT, n) for n in (1, 12)]
RECREATE_CASES = [
    (signal.SIGKILL, 4),
    (signal.SIGKILL, 16),
    (signal.SIGINT, 3),
    (signal.SIGINT, 14),
]


@pytest.mark.parametrize(("sig", "after"), UP_CASES)
def test_up_stopped_then_rerun_converges(
    engine: Any, project_name: str, sig: signal.Signals, after: int
) -> None:
    assert_stopped(sig, *interrupted_up(project_name, sig, after, round_=1))
    rerun(project_name, 1)
    assert_converged(engine, project_name, 1)


@pytest.mark.parametrize(("sig", "after"), RECREATE_CASES)
def test_recreate_stopped_then_rerun_converges(
    engine: Any, project_name: str, sig: signal.Signals, after: int
) -> None:
    rerun(project_name, 1)
    assert_stopped(sig, *interrupted_up(project_name, sig, after, round_=2))
    rerun(project_name, 2)
    assert_converged(engine, project_name, 2)


class _AnotherClientRacesTheObservation:
    """The real engine, where another client creates the whole project (`up --no-start`) just
    after this one's first container list: what a killed `up`'s in-flight creates do to its
    rerun."""

    def __init__(self, engine: Any, project: Any) -> None:
        self._engine, self._project, self.raced = engine, project, False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def list_containers(self, project: str) -> Any:
        listed = self._engine.list_containers(project)
        if not self.raced:
            self.raced = True
            from figlet.planner import UpOptions

            api.up(self._project, self._engine, UpOptions(no_start=True))
        return listed


def test_up_converges_when_another_client_creates_its_containers_under_it(
    engine: Any, project_name: str
) -> None:
    project = api.load(project_name=project_name, working_dir=str(EIGHT), environ=figlet_env())
    real = api.connect()
    racing = _AnotherClientRacesTheObservation(real, project)
    sink, slept = RecordingSink(), []
    api.up(project, racing, events=sink, settings=RunSettings(sleep=slept.append))
    assert racing.raced and slept == [0.5]
    [warning] = [m.text for m in sink.of_type(Message) if m.level == "warning"]
    assert "the engine changed under the plan" in warning and "name taken" in warning
    assert_converged(engine, project_name, 1)
