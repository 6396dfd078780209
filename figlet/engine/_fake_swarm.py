"""The Swarm half of the in-memory `FakeEngine` (the `SwarmEngine` protocol): services whose
tasks converge at once (running, or complete for `completing` services) or fail on demand
(`failing`), secrets and configs, one node. Every acting call goes through `_act`, so tests
can inject failures and count calls as for containers.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from figlet.errors import EngineError
from figlet.observe.state import ObservedNetwork
from figlet.observe.swarm import (
    NodeRecord,
    ObjectRecord,
    ServiceRecord,
    SwarmInfo,
    TaskRecord,
)
from figlet.swarm.stack import NAMESPACE, ObjectKind

FAKE_NODE = "node1"


class FakeSwarm:
    """Mixed into `FakeEngine`, which provides `_act`, `_lock`, `networks` and
    `network_exists`."""

    _lock: threading.RLock
    networks: Mapping[str, Any]  # name -> FakeNetwork (id, name, labels)

    def _act(self, method: str, target: str) -> None:
        raise NotImplementedError  # FakeEngine's

    def network_exists(self, name: str) -> bool:
        raise NotImplementedError  # FakeEngine's

    def _init_swarm(self) -> None:
        self.swarm = SwarmInfo(state="active", manager=True, node_id=FAKE_NODE, nodes=1)
        self.services: dict[str, ServiceRecord] = {}  # id -> service
        self.tasks: list[TaskRecord] = []
        self.nodes = [NodeRecord(FAKE_NODE, "fake", "manager", "active", "ready")]
        self.objects: dict[str, ObjectRecord] = {}  # id -> secret or config
        self.object_data: dict[str, str] = {}  # id -> Data (base64) as created
        # service name -> the error its tasks fail with (their state "failed")
        self.failing: dict[str, str] = {}
        self.completing: set[str] = set()  # services whose tasks complete (exit 0)
        self.task_log_lines: dict[str, list[str]] = {}  # service name -> its tasks' log lines
        self._swarm_ids = itertools.count(1)
        self._swarm_clock = itertools.count(1)

    # --- helpers -----------------------------------------------------------------------
    def _now(self) -> str:
        """A strictly increasing engine time, RFC 3339 (so tests can order events)."""
        return f"2026-01-01T00:00:{next(self._swarm_clock):06d}Z"

    def _service(self, ref: str) -> ServiceRecord:
        for service in self.services.values():
            if ref in (service.id, service.name):
                return service
        raise EngineError(f"service {ref} not found", refusal="missing")

    def _start_tasks(self, service: ServiceRecord) -> None:
        """Shut the service's current tasks down and start the new ones at once."""
        now = self._now()
        self.tasks = [
            replace(t, desired_state="shutdown", state="shutdown")
            if t.service_id == service.id and t.desired_state == "running"
            else t
            for t in self.tasks
        ]
        count = service.replicas if service.replicas is not None else len(self.nodes)
        error = self.failing.get(service.name, "")
        state = "failed" if error else "complete" if service.name in self.completing else "running"
        for slot in range(1, count + 1):
            self.tasks.append(
                TaskRecord(
                    id=f"t{next(self._swarm_ids)}",
                    service_id=service.id,
                    node_id=FAKE_NODE,
                    desired_state="shutdown" if state != "running" else "running",
                    state=state,
                    slot=slot if service.replicas is not None else 0,
                    error=error,
                    exit_code=1 if error else 0 if state == "complete" else None,
                    created_at=now,
                    state_at=self._now(),
                )
            )

    def service_named(self, name: str) -> ServiceRecord | None:
        return next((s for s in self.services.values() if s.name == name), None)

    # --- the protocol ------------------------------------------------------------------
    def swarm_info(self) -> SwarmInfo:
        return self.swarm

    def list_services(self, namespace: str) -> Sequence[ServiceRecord]:
        with self._lock:
            return [s for s in self.services.values() if s.labels.get(NAMESPACE) == namespace]

    def inspect_service(self, ref: str) -> ServiceRecord:
        with self._lock:
            return self._service(ref)

    def create_service(self, spec: Mapping[str, Any]) -> str:
        name = str(spec.get("Name", ""))
        self._act("create_service", name)
        with self._lock:
            if self.service_named(name) is not None:
                raise EngineError(f"service {name} already exists", refusal="exists")
            now = self._now()
            service = ServiceRecord(
                id=f"s{next(self._swarm_ids)}",
                name=name,
                version=next(self._swarm_ids),
                labels=dict(spec.get("Labels") or {}),
                spec=spec,
                created_at=now,
                updated_at=now,
                update_state="",
            )
            self.services[service.id] = service
            self._start_tasks(service)
            return service.id

    def update_service(self, service_id: str, version: int, spec: Mapping[str, Any]) -> None:
        self._act("update_service", str(spec.get("Name", service_id)))
        with self._lock:
            old = self._service(service_id)
            if old.version != version:
                raise EngineError("update out of sequence", refusal="conflict")
            new = replace(
                old,
                version=next(self._swarm_ids),
                labels=dict(spec.get("Labels") or {}),
                spec=spec,
                updated_at=self._now(),
                update_state="completed",
            )
            self.services[old.id] = new
            self._start_tasks(new)

    def remove_service(self, ref: str) -> None:
        self._act("remove_service", ref)
        with self._lock:
            service = self._service(ref)
            del self.services[service.id]
            self.tasks = [t for t in self.tasks if t.service_id != service.id]

    def list_tasks(
        self, *, service: str | None = None, namespace: str | None = None
    ) -> Sequence[TaskRecord]:
        with self._lock:
            wanted = {
                s.id
                for s in self.services.values()
                if (service is None or service in (s.id, s.name))
                and (namespace is None or s.labels.get(NAMESPACE) == namespace)
            }
            return [t for t in self.tasks if t.service_id in wanted]

    def list_nodes(self) -> Sequence[NodeRecord]:
        return list(self.nodes)

    def list_stack_networks(self, namespace: str) -> Sequence[ObservedNetwork]:
        with self._lock:
            return [
                ObservedNetwork(n.id, n.name, dict(n.labels))
                for n in self.networks.values()
                if n.labels.get(NAMESPACE) == namespace
            ]

    def list_swarm_objects(
        self, kind: ObjectKind, namespace: str | None = None
    ) -> Sequence[ObjectRecord]:
        with self._lock:
            return [
                o
                for o in self.objects.values()
                if o.kind == kind and namespace in (None, o.labels.get(NAMESPACE))
            ]

    def create_swarm_object(self, kind: ObjectKind, spec: Mapping[str, Any]) -> str:
        name = str(spec.get("Name", ""))
        self._act(f"create_{kind}", name)
        with self._lock:
            if any(o.kind == kind and o.name == name for o in self.objects.values()):
                raise EngineError(f"{kind} {name} already exists", refusal="exists")
            data = str(spec.get("Data", ""))
            record = ObjectRecord(
                kind,
                f"{kind[0]}{next(self._swarm_ids)}",
                name,
                dict(spec.get("Labels") or {}),
                # like the engine: a config's data is shown, a secret's never
                _digest(data) if kind == "config" else "",
            )
            self.objects[record.id] = record
            self.object_data[record.id] = str(spec.get("Data", ""))
            return record.id

    def remove_swarm_object(self, kind: ObjectKind, ref: str) -> None:
        self._act(f"remove_{kind}", ref)
        with self._lock:
            for record in list(self.objects.values()):
                if record.kind == kind and ref in (record.id, record.name):
                    in_use = [
                        s.name for s in self.services.values() if record.name in _refs(s, kind)
                    ]
                    if in_use:
                        raise EngineError(
                            f"{kind} {record.name} is in use by service {in_use[0]}",
                            refusal="in use",
                        )
                    del self.objects[record.id]
                    return
            raise EngineError(f"{kind} {ref} not found", refusal="missing")

    def task_logs(self, task_id: str, tail: int = 20) -> str:
        with self._lock:
            task = next((t for t in self.tasks if t.id == task_id), None)
            service = self.services.get(task.service_id) if task else None
            found = self.task_log_lines.get(service.name, []) if service else []
            return "".join(f"{line}\n" for line in found[-tail:])


def _refs(service: ServiceRecord, kind: ObjectKind) -> list[str]:
    """The names of the secrets (or configs) the service's spec refers to."""
    field, key = ("Secrets", "SecretName") if kind == "secret" else ("Configs", "ConfigName")
    container = (service.spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}
    return [str(ref.get(key, "")) for ref in container.get(field) or ()]


def _digest(data: str) -> str:
    return hashlib.sha256(base64.b64decode(data)).hexdigest() if data else ""
