"""The Swarm actions of the executor (`figlet deploy` / `undeploy`): typed payload in, Swarm
API calls out, no decisions. The one thing filled in here is what only exists at run time: the
ids of the secrets and configs a service spec names (`SecretID` / `ConfigID`), from the objects
this run created or the swarm holds.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from figlet.engine.base import Engine, SwarmEngine
from figlet.engine.values.resources import NetworkRequest
from figlet.errors import EngineError, FigletError, Problem
from figlet.observe.swarm import ServiceRecord, TaskRecord
from figlet.options import RunSettings
from figlet.plan.payloads.swarm import (
    CreateService,
    CreateStackNetwork,
    CreateSwarmObject,
    RemoveService,
    RemoveSwarmObject,
    SwarmPayload,
    UpdateService,
    WaitService,
)
from figlet.swarm.stack import NAMESPACE, ObjectKind

LOG_LINES = 20  # of a failed task, in the error
POLL = 0.2  # seconds between two looks at a service's tasks (at most)
_REFS: dict[ObjectKind, tuple[str, str, str]] = {
    "secret": ("Secrets", "SecretName", "SecretID"),
    "config": ("Configs", "ConfigName", "ConfigID"),
}


class ObjectIds:
    """The id of each secret and config by name: those created in this run, else asked of
    the engine once per stack namespace (and by name for the others: external ones)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[tuple[str, str], str] = {}
        self._listed: set[tuple[str, str | None]] = set()

    def record(self, kind: str, name: str, object_id: str) -> None:
        with self._lock:
            self._known[(kind, name)] = object_id

    def __call__(self, engine: SwarmEngine, kind: ObjectKind, name: str, namespace: str) -> str:
        with self._lock:
            # the stack's own first, then every one (an external secret or config)
            for scope in (namespace, None):
                if (kind, name) in self._known or (kind, scope) in self._listed:
                    continue
                for record in engine.list_swarm_objects(kind, scope):
                    self._known.setdefault((kind, record.name), record.id)
                self._listed.add((kind, scope))
            found = self._known.get((kind, name))
        if found is None:
            raise FigletError(
                Problem(
                    f'{kind} "{name}" does not exist',
                    hint=f"create it (`docker {kind} create {name} FILE`) or let the file "
                    "define it",
                )
            )
        return found


def swarm(engine: Engine) -> SwarmEngine:
    if not isinstance(engine, SwarmEngine):
        raise FigletError("this engine cannot drive a Docker Swarm")
    return engine


def run_swarm(
    engine: Engine, payload: SwarmPayload, objects: ObjectIds, settings: RunSettings
) -> str:
    """Run one Swarm operation; a short detail for the progress display."""
    driver = swarm(engine)
    match payload:
        case CreateStackNetwork():
            try:
                request = NetworkRequest(payload.name, payload.spec)
                return engine.create_network(request)[:12]
            except EngineError as error:
                if error.refusal == "exists" or "already exists" in error.render():
                    return "exists"
                raise
        case CreateSwarmObject():
            kind: ObjectKind = "secret" if payload.kind == "secret" else "config"
            object_id = driver.create_swarm_object(kind, payload.spec)
            objects.record(kind, payload.name, object_id)
            return object_id[:12]
        case CreateService():
            spec = _with_ids(driver, payload.spec, objects)
            return driver.create_service(spec)[:12]
        case UpdateService():
            spec = _with_ids(driver, payload.spec, objects)
            driver.update_service(payload.id, payload.version, spec)
            return "scaled" if payload.scale else "updating"
        case WaitService():
            return wait_service(driver, payload, settings)
        case RemoveService():
            return _unless_gone(lambda: driver.remove_service(payload.id or payload.name))
        case RemoveSwarmObject():
            kind = "secret" if payload.kind == "secret" else "config"
            return _unless_gone(
                lambda: driver.remove_swarm_object(kind, payload.id or payload.name)
            )


def _unless_gone(call: Callable[[], object]) -> str:
    try:
        call()
    except EngineError as error:
        if error.missing:
            return "already gone"
        raise
    return ""


def _with_ids(engine: SwarmEngine, spec: Mapping[str, Any], objects: ObjectIds) -> dict[str, Any]:
    """`spec` with the id of each secret and config it names."""
    filled: dict[str, Any] = copy.deepcopy(dict(spec))
    container = (filled.get("TaskTemplate") or {}).get("ContainerSpec") or {}
    namespace = str((filled.get("Labels") or {}).get(NAMESPACE, ""))
    for kind, (field, name_key, id_key) in _REFS.items():
        for ref in container.get(field) or ():
            if not ref.get(id_key):
                ref[id_key] = objects(engine, kind, str(ref.get(name_key, "")), namespace)
    return filled


# --- waiting for tasks -------------------------------------------------------------------


def wait_service(engine: SwarmEngine, payload: WaitService, settings: RunSettings) -> str:
    """Poll the service's tasks until `payload.condition` holds ("converged": and keeps holding
    for `settings.swarm_stable` seconds, so that a task that exits right after it started is
    seen); a failed task (of the current spec) fails the wait with its error and the last
    lines of its logs."""
    deadline = settings.clock() + payload.timeout
    if payload.condition == "removed":
        return _wait_removed(engine, payload, settings, deadline)
    last = ""
    stable_since: float | None = None  # converged: since when the tasks have kept running
    while True:
        service = engine.inspect_service(payload.name)
        tasks = engine.list_tasks(service=service.id)
        verdict, last = _verdict(service, tasks, payload.condition)
        if verdict == "done" and payload.condition == "converged":
            now = settings.clock()
            stable_since = now if stable_since is None else stable_since
            if now - stable_since < settings.swarm_stable:
                verdict, last = "waiting", "running, making sure they stay up"
        elif verdict != "done":
            stable_since = None
        if verdict == "done":
            return _DONE.get(payload.condition, "ready")
        if verdict == "failed":
            raise _task_failed(engine, payload, service, tasks)
        if settings.clock() >= deadline:
            raise FigletError(
                Problem(
                    f'service "{payload.key}" ({payload.name}): its tasks did not '
                    f"{_GOAL.get(payload.condition, 'converge')} within {payload.timeout:g}s"
                    + (f" ({last})" if last else ""),
                    hint=f"see `docker service ps {payload.name} --no-trunc`; raise --timeout",
                )
            )
        settings.sleep(min(settings.poll_interval, POLL))


def _wait_removed(
    engine: SwarmEngine, payload: WaitService, settings: RunSettings, deadline: float
) -> str:
    """Poll the swarm's tasks until none of the removed service `payload.id` is left."""
    while True:
        left = sum(task.service_id == payload.id for task in engine.list_tasks())
        if not left:
            return "gone"
        if settings.clock() >= deadline:
            raise FigletError(
                Problem(
                    f'service "{payload.key}" ({payload.name}) is removed but {left} of its '
                    f"tasks are still there after {payload.timeout:g}s",
                    hint="see `docker ps` on the nodes; rerun `figlet undeploy` once they stop",
                )
            )
        settings.sleep(min(settings.poll_interval, POLL))


_DONE = {
    "service_started": "running",
    "service_healthy": "healthy",
    "service_completed_successfully": "completed",
    "converged": "converged",
}
_GOAL = {
    "service_started": "run",
    "service_healthy": "run healthy",
    "service_completed_successfully": "complete",
}


def current_tasks(service: ServiceRecord, tasks: Sequence[TaskRecord]) -> list[TaskRecord]:
    """The tasks of the service's current spec: created at or after its last update."""
    return [t for t in tasks if not service.updated_at or t.created_at >= service.updated_at]


def _verdict(
    service: ServiceRecord, tasks: Sequence[TaskRecord], condition: str
) -> tuple[str, str]:
    """("done" | "failed" | "waiting", what is awaited)."""
    current = current_tasks(service, tasks)
    wanted = service.replicas
    if condition == "service_completed_successfully":
        complete = [t for t in current if t.state == "complete" and not t.exit_code]
        if any(t.failed or (t.state == "complete" and t.exit_code) for t in current):
            return "failed", ""
        if complete and (wanted is None or len(complete) >= max(1, wanted)):
            return "done", ""
        return "waiting", f"{len(complete)} completed"
    if any(t.failed for t in current):
        return "failed", ""
    if service.update_state in ("paused", "rollback_started", "rollback_completed"):
        return "failed", ""
    running = [t for t in tasks if t.desired_state == "running" and t.running]
    target = wanted if wanted is not None else sum(t.desired_state == "running" for t in tasks)
    updating = condition == "converged" and service.update_state == "updating"
    if running and len(running) >= target and not updating:
        return "done", ""
    return "waiting", f"{len(running)}/{target} running"


def _task_failed(
    engine: SwarmEngine, payload: WaitService, service: ServiceRecord, tasks: Sequence[TaskRecord]
) -> FigletError:
    failed = [
        t
        for t in current_tasks(service, tasks)
        if t.failed or (t.state == "complete" and t.exit_code)
    ]
    if not failed:
        text = service.update_message or f"update {service.update_state}"
        return FigletError(
            Problem(
                f'service "{payload.key}" ({payload.name}): {text}',
                hint=f"see `docker service ps {payload.name} --no-trunc`",
            )
        )
    task = max(failed, key=lambda t: t.state_at)
    reason = task.error or task.message or task.state
    logs = ""
    try:
        logs = engine.task_logs(task.id, LOG_LINES).rstrip()
    except FigletError:
        logs = ""
    where = f"task {payload.name}.{task.slot or task.node_id[:12]} ({task.id[:12]})"
    message = f'service "{payload.key}": {where} {task.state}: {reason}'
    if logs:
        message += "\n  last lines of its logs:\n" + "\n".join(
            f"    {line}" for line in logs.splitlines()
        )
    return FigletError(
        Problem(
            message,
            hint=f"see `docker service logs {payload.name}` and `docker service ps "
            f"{payload.name} --no-trunc`; fix the service and deploy again",
        )
    )
