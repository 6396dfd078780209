"""What the multi-node tests read of a swarm: a service's tasks (docker CLI, JSON), waited for.

`tasks(service)` reads every task of a service with `docker service ps -q` + `docker inspect`,
so the lab's self-tests depend on nothing but the docker CLI.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from _lab import LabError, docker

CONVERGE_TIMEOUT = 120.0  # a task on the lab worker takes 5-30 s to start here


@dataclass(frozen=True)
class Task:
    """One task of a service, as the manager knows it."""

    id: str
    slot: int  # 0 for a global service's tasks
    node_id: str
    desired: str  # running, shutdown, ...
    state: str  # new, pending, assigned, ..., running, complete, failed, shutdown, rejected
    error: str
    env: tuple[str, ...]
    created: str

    @property
    def running(self) -> bool:
        return self.desired == "running" and self.state == "running"


def tasks(service: str, host: str | None = None) -> list[Task]:
    """Every task of `service` the manager still holds (history included)."""
    ids = docker("service", "ps", "-q", "--no-trunc", service, host=host, check=False).split()
    if not ids:
        return []
    done = docker("inspect", *ids, host=host, check=False)
    return [_task(raw) for raw in json.loads(done or "[]")]


def _task(raw: dict[str, object]) -> Task:
    status = raw.get("Status") or {}
    spec = raw.get("Spec") or {}
    container = spec.get("ContainerSpec") or {} if isinstance(spec, dict) else {}
    assert isinstance(status, dict) and isinstance(container, dict)
    return Task(
        id=str(raw.get("ID", "")),
        slot=int(str(raw.get("Slot") or 0)),
        node_id=str(raw.get("NodeID", "")),
        desired=str(raw.get("DesiredState", "")),
        state=str(status.get("State", "")),
        error=str(status.get("Err", "")),
        env=tuple(str(item) for item in container.get("Env") or ()),
        created=str(raw.get("CreatedAt", "")),
    )


def running(service: str) -> list[Task]:
    return [task for task in tasks(service) if task.running]


def per_node(found: Sequence[Task]) -> Counter[str]:
    """How many of `found` each node runs."""
    return Counter(task.node_id for task in found)


def wait_until(
    what: str, check: Callable[[], bool], *, timeout: float = CONVERGE_TIMEOUT, every: float = 1.0
) -> None:
    """Poll `check` until it holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)


def wait_running(service: str, count: int, *, timeout: float = CONVERGE_TIMEOUT) -> list[Task]:
    """Wait until `service` runs exactly `count` tasks; they are returned. A failing task is
    named in the timeout's message."""
    found: list[Task] = []

    def converged() -> bool:
        nonlocal found
        found = running(service)
        return len(found) == count

    try:
        wait_until(f"{count} running tasks of {service}", converged, timeout=timeout)
    except AssertionError as late:
        errors = sorted({t.error for t in tasks(service) if t.error})
        raise AssertionError(f"{late}; running: {len(found)}; task errors: {errors}") from None
    return found


def node_ids() -> list[str]:
    """The swarm's nodes that are ready and active (tasks may be scheduled on them)."""
    listed = docker("node", "ls", "-q").split()
    if not listed:
        raise LabError("`docker node ls` lists no node")
    raw = json.loads(docker("node", "inspect", *listed))
    return [
        str(node["ID"])
        for node in raw
        if node["Status"]["State"] == "ready" and node["Spec"]["Availability"] == "active"
    ]
