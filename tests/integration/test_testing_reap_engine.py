"""The reaper on the real engine: a process brings a stack up through DockerCompose and is
killed with SIGKILL; `reap` takes its stack down, and leaves the stack of a live process alone.

Projects are named after their directories, `tst-<8 hex>`, and removed by label afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from figlet import api
from figlet.testing import DockerCompose, reap
from figlet.testing._reaper import OWNER_PID, process_started

pytest_plugins = ["pytester"]

PROJECT_PREFIX = "tst"
PROJECT_LABEL = "com.docker.compose.project"

COMPOSE = """\
services:
  app:
    image: figlet-local/busybox:latest
    command: ["sh", "-c", "exec sleep 600"]
    stop_grace_period: 1s
    volumes: ["data:/data"]
volumes:
  data: {}
"""

HOLDER = """\
import sys, time
from figlet.testing import DockerCompose

DockerCompose(sys.argv[1]).start()
print("up", flush=True)
time.sleep(600)
"""


@pytest.fixture
def make_context(
    tmp_path: Path, new_project_name: Callable[[], str], busybox_image: str
) -> Callable[[], Path]:
    def make() -> Path:
        directory = tmp_path / new_project_name()
        directory.mkdir()
        (directory / "compose.yaml").write_text(COMPOSE)
        return directory

    return make


@pytest.fixture
def figlet_engine() -> Iterator[Any]:
    engine = api.connect()
    try:
        yield engine
    finally:
        engine.close()  # type: ignore[attr-defined]


def held(client: Any, project: str) -> tuple[int, int, int]:
    label = {"label": f"{PROJECT_LABEL}={project}"}
    return (
        len(client.containers.list(all=True, filters=label)),
        len(client.networks.list(filters=label)),
        len(client.volumes.list(filters=label)),
    )


def killed_owner(context: Path) -> int:
    """Run a process that brings the stack up, then SIGKILL it (no finalizer can run); its pid."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(context)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline()
        if line.strip() != "up":
            holder.kill()
            pytest.fail(f"the holder did not bring its stack up: {line}{holder.stderr.read()}")  # type: ignore[union-attr]
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        holder.stdout.close()  # type: ignore[union-attr]
        holder.stderr.close()  # type: ignore[union-attr]
    return holder.pid


def test_stacks_whose_owner_was_killed_are_reaped_by_reap_and_at_session_start(
    make_context: Callable[[], Path],
    engine: Any,
    figlet_engine: Any,
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One test for both reapers: each takes down every orphan, so two tests running at once
    would take each other's."""
    context = make_context()
    gone = killed_owner(context)
    assert held(engine, context.name) == (1, 1, 1)  # SIGKILL: nothing was taken down
    # only this test's holder counts as gone: other tests' orphans are theirs to check
    assert reap(figlet_engine, started_of=lambda pid: None if pid == gone else "") == [context.name]
    assert held(engine, context.name) == (0, 0, 0)

    context = make_context()
    killed_owner(context)
    assert held(engine, context.name) == (1, 1, 1)
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.delenv("FIGLET_REAP", raising=False)
    pytester.makepyfile(
        test_inner=f"""
        import os

        def test_stacks_carry_their_owner(figlet_stack):
            stack = figlet_stack({str(context / "compose.yaml")!r}, wait=False)
            [app] = stack.ps()
            assert app.labels["{OWNER_PID}"] == str(os.getpid())
        """
    )
    result = pytester.runpytest_subprocess(
        "-p", "figlet.testing.plugin", "--figlet-project-prefix", "tst"
    )
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [f"figlet: took down * stack(s) left by processes that are gone: *{context.name}*"]
    )
    assert held(engine, context.name) == (0, 0, 0)


def test_a_stack_whose_owner_runs_is_left_alone(
    make_context: Callable[[], Path], engine: Any, figlet_engine: Any
) -> None:
    context = make_context()
    with DockerCompose(context, wait=False) as compose:
        [app] = compose.get_containers()
        assert engine.containers.get(app.ID).labels[OWNER_PID] == str(os.getpid())
        assert context.name not in reap(figlet_engine, started_of=only_this_process)
        assert held(engine, context.name) == (1, 1, 1)


def only_this_process(pid: int) -> str | None:
    """This process's real start time; any other pid passes for alive, so that this test
    never takes down the orphans another test is about to check."""
    return process_started(pid) if pid == os.getpid() else ""
