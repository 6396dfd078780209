"""Shared session stacks under xdist (`figlet_stack_session(..., shared=True)`), on the real
engine: inner pytest runs with `-n 2` through `pytester`.

Every inner run uses the project prefix `ts2-<6 hex>` of its outer test; whatever carries a
project label starting with it is removed after the outer test, pass or fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from _cleanup import project_prefix, projects

from tests.integration.test_pytest_plugin import WEB

pytest_plugins = ["pytester"]

# Each inner test records, for the outer one: its worker, its pid and its parent's, the project,
# the container's id and its owner label (read by the docker SDK, an independent witness).
CONFTEST = """
import os
import docker
import pytest
from pathlib import Path

@pytest.fixture(scope="session")
def web(figlet_stack_session):
    return figlet_stack_session(shared=True)

@pytest.fixture
def record(web, request):
    client = docker.from_env()
    [container] = client.containers.list(
        filters={"label": "com.docker.compose.project=" + web.project}
    )
    line = " ".join([
        os.environ.get("PYTEST_XDIST_WORKER", "-"), str(os.getpid()), str(os.getppid()),
        web.project, container.id, container.labels["io.figlet.owner.pid"],
    ])
    Path("seen").mkdir(exist_ok=True)
    (Path("seen") / request.node.name).write_text(line)
    return line
"""


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image (skips/fails like the shared fixtures)."""


@pytest.fixture
def prefix(engine: Any) -> Iterator[str]:
    with project_prefix(engine, "ts2") as value:
        yield value


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("FIGLET_REAP", "0")  # inner sessions must not reap the outer tests' stacks
    monkeypatch.delenv("GREETING", raising=False)
    pytester.makeini(f"[pytest]\nfiglet_compose_file = {WEB}\n")
    pytester.makeconftest(CONFTEST)
    return pytester


def run_xdist(pytester: pytest.Pytester, prefix: str, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        "-p", "figlet.testing.plugin", "-p", "xdist.plugin", "-n", "2",
        "--figlet-project-prefix", prefix, *args,
    )  # fmt: skip


def seen(pytester: pytest.Pytester) -> list[list[str]]:
    return [path.read_text().split() for path in sorted((pytester.path / "seen").iterdir())]


def test_one_stack_serves_every_worker_and_is_gone_afterwards(
    inner: pytest.Pytester, prefix: str, engine: Any
) -> None:
    inner.makepyfile(
        test_inner="""
        import time

        def test_a(record): time.sleep(1)
        def test_b(record): time.sleep(1)
        def test_c(record): time.sleep(1)
        def test_d(record): time.sleep(1)
        """
    )
    result = run_xdist(inner, prefix)
    result.assert_outcomes(passed=4)
    lines = seen(inner)
    assert len(lines) == 4
    workers = {line[0] for line in lines}
    assert workers == {"gw0", "gw1"}  # both workers used it ...
    assert len({(line[3], line[4]) for line in lines}) == 1  # ... one project, one container
    project = lines[0][3]
    assert project.startswith(f"{prefix}-shared-")
    controllers = {line[2] for line in lines}  # every worker's parent: xdist's controller
    assert len(controllers) == 1
    assert {line[5] for line in lines} == controllers  # the stack's owner is the controller
    assert {line[1] for line in lines}.isdisjoint(controllers)
    assert projects(engine, prefix) == set()


def test_runs_get_their_own_shared_stack(inner: pytest.Pytester, prefix: str, engine: Any) -> None:
    inner.makepyfile(test_inner="def test_a(record): pass\ndef test_b(record): pass\n")
    run_xdist(inner, prefix).assert_outcomes(passed=2)
    first = {line[3] for line in seen(inner)}
    run_xdist(inner, prefix).assert_outcomes(passed=2)
    second = {line[3] for line in seen(inner)}
    assert len(first) == len(second) == 1 and first != second
    assert projects(engine, prefix) == set()


def test_a_sigkilled_worker_does_not_keep_the_stack_up(
    inner: pytest.Pytester, prefix: str, engine: Any
) -> None:
    inner.makepyfile(
        test_inner="""
        import os
        import signal
        import time

        def test_killed(record):
            os.kill(os.getpid(), signal.SIGKILL)

        def test_a(record): time.sleep(2)
        def test_b(record): time.sleep(2)
        def test_c(record): time.sleep(2)
        """
    )
    result = run_xdist(inner, prefix)
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed") == 3 and outcomes.get("failed") == 1, outcomes
    assert len({line[3] for line in seen(inner)}) == 1
    assert projects(engine, prefix) == set()


def test_every_user_killed_the_controller_takes_it_down(
    inner: pytest.Pytester, prefix: str, engine: Any
) -> None:
    inner.makepyfile(
        test_inner="""
        import os
        import signal

        def test_killed(record):
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = run_xdist(inner, prefix, "--max-worker-restart", "0")
    assert result.parseoutcomes().get("failed") == 1
    assert len(seen(inner)) == 1
    assert projects(engine, prefix) == set()


def test_shared_is_for_session_stacks_only(inner: pytest.Pytester, prefix: str) -> None:
    inner.makepyfile(test_inner="def test_a(figlet_stack):\n    figlet_stack(shared=True)\n")
    result = run_xdist(inner, prefix)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*shared=True is for session stacks: use figlet_stack_session*"])


def test_without_xdist_a_shared_stack_is_a_session_stack(
    inner: pytest.Pytester, prefix: str, engine: Any
) -> None:
    inner.makepyfile(test_inner="def test_a(record): pass\ndef test_b(record): pass\n")
    result = inner.runpytest_subprocess(
        "-p", "figlet.testing.plugin", "--figlet-project-prefix", prefix
    )
    result.assert_outcomes(passed=2)
    assert len({line[3] for line in seen(inner)}) == 1
    assert projects(engine, prefix) == set()
