"""The Swarm half of `DockerEngine` (the `SwarmEngine` protocol of `figlet.engine.base`), on
figlet's own HTTP client: services, tasks, nodes, secrets, configs, a stack's networks and a
task's logs. Failures become EngineErrors through the one classifier (`_docker_errors`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from figlet.engine._docker_parse import network_from_list
from figlet.engine._http import Transport, demux, segment

if TYPE_CHECKING:  # the record types are imported when a Swarm method runs, not with the engine
    from figlet.observe.state import ObservedNetwork
    from figlet.observe.swarm import NodeRecord, ObjectRecord, ServiceRecord, SwarmInfo, TaskRecord
    from figlet.swarm.stack import ObjectKind

_PATHS = {"secret": "/secrets", "config": "/configs"}


class DockerSwarm:
    """Mixed into `DockerEngine`, which provides `_transport` and `_errors`."""

    _transport: Transport

    def _errors(self, what: str) -> AbstractContextManager[None]:
        raise NotImplementedError  # DockerEngine's

    def swarm_info(self) -> SwarmInfo:
        from figlet.observe.swarm import SwarmInfo

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
        from figlet.engine._swarm_records import service_record

        return [service_record(item) for item in items or ()]

    def inspect_service(self, ref: str) -> ServiceRecord:
        from figlet.engine._swarm_records import service_record

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
        from figlet.engine._swarm_records import task_record

        filters: dict[str, list[str]] = {}
        if service is not None:
            filters["service"] = [service]
        if namespace is not None:
            filters.update(_label(namespace))
        with self._errors(f"list tasks of {service or namespace}"):
            items = self._transport.call("GET", "/tasks", params={"filters": filters})
        return [task_record(item) for item in items or ()]

    def list_nodes(self) -> Sequence[NodeRecord]:
        with self._errors("list the swarm's nodes"):
            items = self._transport.call("GET", "/nodes")
        from figlet.engine._swarm_records import node_record

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
        from figlet.engine._swarm_records import object_record

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
    from figlet.swarm.stack import NAMESPACE

    return {"label": [f"{NAMESPACE}={namespace}"]}
