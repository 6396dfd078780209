"""Minimal swarm fixtures (swarm-spec's, until swarm-lab's tests/swarm/conftest.py replaces
this file at the merge; the names and meanings are the shared contract of SWARM-SPLIT.md).

- `swarm_manager` (session): the node id of the local engine, which must be an active swarm
  manager; a clear failure otherwise (this minimal version makes no swarm).
- `stack_name`: a fresh stack namespace `<prefix>-<8 hex>` (prefix: the module's
  STACK_PREFIX, else "ss"); every service, network, secret and config labelled
  com.docker.stack.namespace=<name>, and every volume whose name starts with <name>, is
  removed at teardown, pass or fail.

Every test here is marked `swarm` and grouped for `--dist loadgroup`.
"""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

NAMESPACE = "com.docker.stack.namespace"
HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "swarm: needs the local engine to be a swarm manager")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(pytest.mark.swarm)
            item.add_marker(pytest.mark.xdist_group("swarm"))


def docker(*args: str, timeout: float = 120, check: bool = True) -> str:
    """`docker ARGS`, its stdout; a failure names the command and its stderr."""
    done = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


@pytest.fixture(scope="session")
def swarm_manager() -> str:
    """The local node's id; the engine must be an active swarm manager."""
    try:
        info = json.loads(docker("info", "--format", "{{json .Swarm}}", timeout=30))
    except (AssertionError, OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"no Docker engine answers ({exc})")
    if info.get("LocalNodeState") != "active" or not info.get("ControlAvailable"):
        pytest.fail(
            "the local engine is not an active swarm manager: run `docker swarm init "
            "--advertise-addr ADDRESS` first (swarm-lab's fixture makes one)"
        )
    return str(info["NodeID"])


def remove_stacks(names: list[str]) -> list[str]:
    """Remove everything of the stacks `names`: every service first (a stack may use another's
    network or secret, as an external one), then their secrets, configs and networks; the
    names of what could not be removed."""
    labels = [f"label={NAMESPACE}={name}" for name in names]
    for label in labels:
        services = docker("service", "ls", "-q", "--filter", label).split()
        if services:
            docker("service", "rm", *services, check=False)
    left: list[str] = []
    for kind in ("secret", "config", "network"):
        pending = [
            i for label in labels for i in docker(kind, "ls", "-q", "--filter", label).split()
        ]
        for _ in range(120):  # a network or a secret waits for its tasks' containers to go
            pending = [item for item in pending if not _removed(kind, item)]
            if not pending:
                break
            time.sleep(0.5)
        left += [f"{kind} {item}" for item in pending]
    for name in names:  # named volumes the tasks made, the stack's and the tests' own
        volumes = docker("volume", "ls", "-q", "--filter", f"name={name}").split()
        pending = [v for v in volumes if v.startswith(name)]
        for _ in range(60):
            pending = [v for v in pending if not _removed("volume", v)]
            if not pending:
                break
            time.sleep(0.5)
        left += [f"volume {item}" for item in pending]
    return left


def _removed(kind: str, item: str) -> bool:
    """Remove one object; True once the manager no longer has it (a node may still list a
    network for a moment after the manager removed it)."""
    done = subprocess.run(
        ["docker", kind, "rm", item], capture_output=True, text=True, timeout=60, check=False
    )
    return done.returncode == 0 or "not found" in done.stderr or "no such" in done.stderr.lower()


@pytest.fixture
def new_stack_name(
    swarm_manager: str, request: pytest.FixtureRequest
) -> Iterator[Callable[[], str]]:
    """A factory of fresh stack namespaces, each removed at teardown."""
    prefix = str(getattr(request.module, "STACK_PREFIX", "ss")).lower()
    made: list[str] = []

    def new() -> str:
        made.append(f"{prefix}-{uuid.uuid4().hex[:8]}")
        return made[-1]

    yield new
    left = remove_stacks(made)
    if left:
        pytest.fail(f"stack leftovers not removed: {', '.join(left)}")


@pytest.fixture
def stack_name(new_stack_name: Callable[[], str]) -> str:
    return new_stack_name()
