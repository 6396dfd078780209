"""Fixtures of the swarm tests (tests/swarm/): a swarm manager, a stack namespace per test, and a
second node (tests/swarm/_lab.py makes it).

- `swarm_manager` (session): the local engine's node id once it is an active swarm manager. An
  engine that is not in a swarm is made a manager (`docker swarm init --advertise-addr` on the
  host end of a veth of the lab's own making, so that a second node can join later) and leaves
  the swarm again when the last session using it ends; a swarm that was there before is only
  used (never left, drained or updated). Leftovers of a killed earlier run are removed first.
- `stack_name` (function; `new_stack_name`: a factory of them): a fresh stack namespace
  `<prefix>-<8 hex>`; the prefix is the test module's STACK_PREFIX, else "st". Its services,
  then networks, secrets, configs and local volumes (label com.docker.stack.namespace) are
  removed after the test, pass or fail; what cannot be removed is reported as a
  SwarmLeftoverWarning.
- `swarm_cluster` (module): a second dockerd in a network namespace, joined as a worker with
  the local images loaded: a `Cluster` of both node ids, the worker's socket and its lab name
  (also its node label `figlet-lab`). The worker leaves and its node is removed afterwards.

`docker(*args)`: the docker CLI's stdout, for the tests (`from conftest import docker`).

Every test under tests/swarm/ is marked `swarm` (and `engine`) and put in the xdist group
"swarm": with `--dist loadgroup` (pyproject's addopts) they all run in one worker, one after
the other.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import _lab
import pytest
from _lab import NAMESPACE, Cluster

HERE = Path(__file__).resolve().parent
REMOVAL_TIMEOUT = 60.0  # seconds for a stack's tasks to stop before its networks can go


class SwarmLeftoverWarning(UserWarning):
    """Something of a test's stack that its teardown could not remove."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/swarm/ `swarm`, in the xdist group "swarm" (tryfirst:
    xdist reads the group in its own hook)."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(pytest.mark.swarm)
            item.add_marker(pytest.mark.engine)
            item.add_marker(pytest.mark.xdist_group("swarm"))


def _lab_unavailable(reason: str) -> None:
    """Fail in CI (CI=true), skip elsewhere, as tests/conftest.py does for a missing engine."""
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true: the swarm tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def swarm_manager(engine: Any) -> Iterator[str]:
    """The local engine's node id, an active swarm manager for the whole session."""
    try:
        with _lab.locked():
            _lab.clean_leftovers()
            node_id, made = _lab.ensure_manager()
    except (_lab.LabError, PermissionError) as failed:
        _lab_unavailable(f"no swarm manager for the swarm tests: {failed}")
    try:
        yield node_id
    finally:
        with _lab.locked():
            _lab.release_manager(made)


def _prefix(request: pytest.FixtureRequest) -> str:
    return str(getattr(request.module, "STACK_PREFIX", "st")).lower()


def docker(*args: str, timeout: float = 120, check: bool = True) -> str:
    """`docker ARGS` on the local engine, its stdout as printed; a failure names the command
    and its stderr (for the tests' own `from conftest import docker`)."""
    done = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


@pytest.fixture
def new_stack_name(
    swarm_manager: str, engine: Any, request: pytest.FixtureRequest
) -> Iterator[Callable[[], str]]:
    """A factory of unique stack namespaces, each removed by label after the test."""
    made: list[str] = []

    def new() -> str:
        made.append(f"{_prefix(request)}-{uuid.uuid4().hex[:8]}")
        return made[-1]

    try:
        yield new
    finally:
        left = remove_stacks(engine, made)
        if left:
            warnings.warn(
                SwarmLeftoverWarning(f"stacks {', '.join(made)} left behind: {', '.join(left)}"),
                stacklevel=1,
            )


@pytest.fixture
def stack_name(new_stack_name: Callable[[], str]) -> str:
    """A unique stack namespace for this test, removed by label afterwards."""
    return new_stack_name()


def remove_stacks(client: Any, names: list[str]) -> list[str]:
    """Remove the services, networks, secrets, configs and local volumes labelled with the
    stacks `names` (docker SDK client); returns what could not be removed. Every stack's
    services go first (one stack may use another's network or secret as an external one).
    The services' containers on this engine are removed at once (their services are gone: no
    stop grace period to wait out); a network goes once the manager has no task on it."""
    import docker.errors

    label_filters = [{"label": f"{NAMESPACE}={name}"} for name in names]
    for filters in label_filters:
        for service in client.services.list(filters=filters):
            with contextlib.suppress(docker.errors.NotFound):
                service.remove()
    deadline = time.monotonic() + REMOVAL_TIMEOUT
    while True:
        left: list[str] = []
        for filters in label_filters:
            left += _remove_labelled(client, filters)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.5)


def _remove_labelled(client: Any, filters: dict[str, str]) -> list[str]:
    """One pass over the containers, networks, secrets, configs and volumes `filters` selects;
    what could not be removed (yet)."""
    import docker.errors

    for container in client.containers.list(all=True, filters=filters, ignore_removed=True):
        with contextlib.suppress(docker.errors.NotFound, docker.errors.APIError):
            container.remove(force=True, v=True)
    left: list[str] = []
    for collection in (client.networks, client.secrets, client.configs, client.volumes):
        for item in collection.list(filters=filters):
            try:
                item.remove()
            except docker.errors.NotFound:
                pass
            except docker.errors.APIError:
                left.append(f"{type(item).__name__.lower()} {item.name}")
    return left


@pytest.fixture(scope="module")
def swarm_cluster(swarm_manager: str) -> Iterator[Cluster]:
    """A second node (a dockerd in a network namespace) joined as a worker, for this module."""
    try:
        with _lab.locked():
            manager_addr = _lab.swarm_info().node_addr
            worker = _lab.start_worker(manager_addr)
    except (_lab.LabError, PermissionError) as failed:
        _lab_unavailable(f"no second swarm node: {failed}")
    try:
        yield Cluster(
            manager_id=swarm_manager,
            worker_id=worker.node_id,
            worker_host=worker.host,
            worker_addr=worker.address,
            lab=worker.name,
        )
    finally:
        with _lab.locked():
            _lab.remove_worker(worker.state)
