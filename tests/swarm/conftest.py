"""Fixtures of the Swarm tests (MINIMAL: swarm-lab's tests/swarm/conftest.py replaces this one
at the merge; the names and meanings are the shared contract).

- `swarm_manager` (session): the local engine is an active swarm manager, else the test fails
  with what to do; returns the node id.
- `stack_name`: a unique stack namespace for the test (`sc-<8 hex>`) whose services, networks,
  secrets and configs (by `com.docker.stack.namespace`) are removed at teardown, pass or fail;
  what cannot be removed is reported.

Tests here are marked `swarm` (and `engine`) and put in one xdist group.
"""

from __future__ import annotations

import contextlib
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

NAMESPACE = "com.docker.stack.namespace"
PREFIX = "sc"
HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "swarm: needs the local engine to be a swarm manager")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(pytest.mark.swarm)
            item.add_marker(pytest.mark.engine)
            item.add_marker(pytest.mark.xdist_group("swarm"))


@pytest.fixture(scope="session")
def swarm_manager(engine: Any) -> str:
    """The local engine's node id; it must be an active swarm manager."""
    swarm = engine.info().get("Swarm") or {}
    if swarm.get("LocalNodeState") != "active" or not swarm.get("ControlAvailable"):
        pytest.fail(
            "the local Docker engine is not an active swarm manager "
            f"(state {swarm.get('LocalNodeState')!r}): run `docker swarm init "
            "--advertise-addr <an address of this machine>` before the swarm tests"
        )
    return str(swarm["NodeID"])


@pytest.fixture
def stack_name(engine: Any, swarm_manager: str) -> Iterator[str]:
    """A fresh stack namespace, everything carrying it removed after the test."""
    name = f"{PREFIX}-{uuid.uuid4().hex[:8]}"
    try:
        yield name
    finally:
        left = remove_stack(engine, name)
        if left:
            warnings.warn(f"stack {name}: could not remove {', '.join(left)}", stacklevel=1)


def remove_stack(engine: Any, namespace: str) -> list[str]:
    """Remove the stack's services, then networks, secrets and configs; what is left."""
    import time

    import docker.errors

    label = {"label": f"{NAMESPACE}={namespace}"}
    for service in engine.services.list(filters=label):
        with contextlib.suppress(docker.errors.NotFound):
            service.remove()
    left: list[str] = []
    for kind in ("networks", "secrets", "configs"):
        collection = getattr(engine, kind)
        for item in collection.list(filters=label):
            for attempt in range(20):
                try:
                    item.remove()
                    break
                except docker.errors.NotFound:
                    break
                except docker.errors.APIError:
                    if attempt == 19:
                        left.append(f"{kind[:-1]} {item.name}")
                    time.sleep(0.5)
    return left
