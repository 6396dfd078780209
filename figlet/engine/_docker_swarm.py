"""The Swarm half of `DockerEngine` (the `SwarmEngine` protocol of `figlet.engine.base`), on
figlet's own HTTP client: services, tasks, nodes, secrets, configs, a stack's networks and a
task's logs. Failures become EngineErrors through the one classifier (`_docker_errors`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from figlet.engine._docker_parse import network_from_list
from figlet.engine._http import Transport, demux, segment
from figlet.observe.state import ObservedNetwork
from figlet.observe.swarm import (
    NodeRecord,
    ObjectRecord,
    ServiceRecord,
    SwarmInfo,
    TaskRecord,
    engine_time,
)
from figlet.swarm.stack import NAMESPACE, ObjectKind

_PATHS: dict[ObjectKind, str] = {"secret": "/secrets", "config": "/configs"}


class DockerSwarm:
    """Mixed into `DockerEngine`, which provides `_transport` and `_errors`."""

    _transport: Transport

    def _errors(self, what: str) -> AbstractContextManager[None]:
        raise NotImplementedError  # DockerEngine's

    def swarm_info(self) -> SwarmInfo:
        with self._errors("read the engine's swarm state"):
            info = self._transport.call("GET", "/info") or {}
        swarm = info.get("Swarm") or {}
        return SwarmInfo(
            state=str(swarm.get("LocalNodeState") or "inactive"),
            manager=bool(swarm.get("ControlAvailable")),
            node_id=str(swarm.get("NodeID") or ""),
            nodes=int(swarm.get("Nodes") or 0),
        )

    def list_services(self, namespace: str) -> Sequence[ServiceRecord]:
        with self._errors(f"list services of stack {namespace}"):
            items = self._transport.call("GET", "/services", params={"filters": _label(namespace)})
        return [service_record(item) for item in items or ()]

    def inspect_service(self, ref: str) -> ServiceRecord:
        with self._errors(f"inspect service {ref}"):
            return service_record(self._transport.call("GET", f"/services/{segment(ref)}"))

    def create_service(self, spec: Mapping[str, Any]) -> str:
        with self._errors(f"create service {spec.get('Name', '')}"):
            answer = self._transport.call("POST", "/services/create", body=dict(spec))
        return str(answer["ID"])

    def update_service(self, service_id: str, version: int, spec: Mapping[str, Any]) -> None:
        with self._errors(f"update service {spec.get('Name', service_id)}"):
            self._transport.call(
                "POST",
                f"/services/{segment(service_id)}/update",
                params={"version": version},
                body=dict(spec),
            )

    def remove_service(self, ref: str) -> None:
        with self._errors(f"remove service {ref}"):
            self._transport.call("DELETE", f"/services/{segment(ref)}")

    def list_tasks(
        self, *, service: str | None = None, namespace: str | None = None
    ) -> Sequence[TaskRecord]:
        filters: dict[str, list[str]] = {}
        if service is not None:
            filters["service"] = [service]
        if namespace is not None:
            filters["label"] = [f"{NAMESPACE}={namespace}"]
        with self._errors(f"list tasks of {service or namespace}"):
            items = self._transport.call("GET", "/tasks", params={"filters": filters})
        return [task_record(item) for item in items or ()]

    def list_nodes(self) -> Sequence[NodeRecord]:
        with self._errors("list the swarm's nodes"):
            items = self._transport.call("GET", "/nodes")
        return [node_record(item) for item in items or ()]

    def list_stack_networks(self, namespace: str) -> Sequence[ObservedNetwork]:
        with self._errors(f"list networks of stack {namespace}"):
            items = self._transport.call("GET", "/networks", params={"filters": _label(namespace)})
        return [network_from_list(item) for item in items or ()]

    def list_swarm_objects(
        self, kind: ObjectKind, namespace: str | None = None
    ) -> Sequence[ObjectRecord]:
        filters = _label(namespace) if namespace is not None else None
        with self._errors(f"list {kind}s" + (f" of stack {namespace}" if namespace else "")):
            items = self._transport.call("GET", _PATHS[kind], params={"filters": filters})
        return [object_record(kind, item) for item in items or ()]

    def create_swarm_object(self, kind: ObjectKind, spec: Mapping[str, Any]) -> str:
        with self._errors(f"create {kind} {spec.get('Name', '')}"):
            answer = self._transport.call("POST", f"{_PATHS[kind]}/create", body=dict(spec))
        return str(answer["ID"])

    def remove_swarm_object(self, kind: ObjectKind, ref: str) -> None:
        with self._errors(f"remove {kind} {ref}"):
            self._transport.call("DELETE", f"{_PATHS[kind]}/{segment(ref)}")

    def task_logs(self, task_id: str, tail: int = 20) -> str:
        with self._errors(f"read the logs of task {task_id[:12]}"):
            raw = self._transport.raw(
                "GET",
                f"/tasks/{segment(task_id)}/logs?stdout=1&stderr=1&tail={int(tail)}",
            )
        return demux(raw).decode(errors="replace")


def _label(namespace: str) -> dict[str, list[str]]:
    return {"label": [f"{NAMESPACE}={namespace}"]}


def service_record(item: Mapping[str, Any]) -> ServiceRecord:
    spec = item.get("Spec") or {}
    update = item.get("UpdateStatus") or {}
    return ServiceRecord(
        id=str(item.get("ID", "")),
        name=str(spec.get("Name", "")),
        version=int((item.get("Version") or {}).get("Index", 0)),
        labels=dict(spec.get("Labels") or {}),
        spec=spec,
        created_at=engine_time(str(item.get("CreatedAt", ""))),
        updated_at=engine_time(str(item.get("UpdatedAt", ""))),
        update_state=str(update.get("State", "")),
        update_message=str(update.get("Message", "")),
    )


def task_record(item: Mapping[str, Any]) -> TaskRecord:
    status = item.get("Status") or {}
    container = status.get("ContainerStatus") or {}
    code = container.get("ExitCode")
    return TaskRecord(
        id=str(item.get("ID", "")),
        service_id=str(item.get("ServiceID", "")),
        node_id=str(item.get("NodeID", "")),
        desired_state=str(item.get("DesiredState", "")),
        state=str(status.get("State", "")),
        slot=int(item.get("Slot") or 0),
        message=str(status.get("Message", "")),
        error=str(status.get("Err", "")),
        container_id=str(container.get("ContainerID", "")),
        exit_code=None if code is None else int(code),
        created_at=engine_time(str(item.get("CreatedAt", ""))),
        state_at=engine_time(str(status.get("Timestamp", ""))),
    )


def node_record(item: Mapping[str, Any]) -> NodeRecord:
    spec = item.get("Spec") or {}
    status = item.get("Status") or {}
    return NodeRecord(
        id=str(item.get("ID", "")),
        hostname=str((item.get("Description") or {}).get("Hostname", "")),
        role=str(spec.get("Role", "")),
        availability=str(spec.get("Availability", "")),
        state=str(status.get("State", "")),
        address=str(status.get("Addr", "")),
    )


def object_record(kind: ObjectKind, item: Mapping[str, Any]) -> ObjectRecord:
    spec = item.get("Spec") or {}
    return ObjectRecord(
        kind=kind,
        id=str(item.get("ID", "")),
        name=str(spec.get("Name", "")),
        labels=dict(spec.get("Labels") or {}),
    )
