"""What a swarm holds for one stack, read by `com.docker.stack.namespace`, as plain data.

The records are what a `SwarmEngine` (`figlet.engine.base`) answers; `observe_stack` reads one
stack's services (with their tasks), overlay networks, secrets and configs. The namespace label
is the one `docker stack deploy` writes, so a stack deployed by the docker CLI is seen too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from figlet.observe.state import ObservedNetwork
from figlet.swarm.stack import NAMESPACE, SPEC_HASH, ObjectKind

if TYPE_CHECKING:
    from figlet.engine.base import SwarmEngine

# task states that will not change any more (Docker's swarm task states)
FAILED_STATES = frozenset({"failed", "rejected", "orphaned"})
ENDED_STATES = FAILED_STATES | {"complete", "shutdown", "remove"}


def engine_time(text: str) -> str:
    """An engine time (RFC 3339 in UTC, as Go writes it: 0 to 9 fraction digits) in one
    width, nanoseconds always, so that two compare as strings in time order."""
    if not text:
        return ""
    head, _, rest = text.rstrip("Z").partition(".")
    head = head.split("+", 1)[0]
    return f"{head}.{rest[:9].ljust(9, '0')}Z"


@dataclass(frozen=True)
class SwarmInfo:
    """The local node's part in a swarm (GET /info, `Swarm`)."""

    state: str  # "inactive", "pending", "active", "error", "locked"
    manager: bool  # ControlAvailable: this node can take swarm requests
    node_id: str = ""
    nodes: int = 0

    @property
    def active(self) -> bool:
        return self.state == "active"


@dataclass(frozen=True)
class TaskRecord:
    """One task of a service: where it runs, what it should be, what it is."""

    id: str
    service_id: str
    node_id: str
    desired_state: str  # "running", "shutdown", "accepted", ...
    state: str  # Status.State: "new", ..., "starting", "running", "complete", "failed", ...
    slot: int = 0  # 0 for a global service's task
    message: str = ""  # Status.Message
    error: str = ""  # Status.Err
    container_id: str = ""
    exit_code: int | None = None
    created_at: str = ""  # the manager's clock, as `engine_time` writes it
    state_at: str = ""  # Status.Timestamp: when it reached `state` (`engine_time`)

    @property
    def failed(self) -> bool:
        return self.state in FAILED_STATES

    @property
    def running(self) -> bool:
        return self.state == "running"


@dataclass(frozen=True)
class ServiceRecord:
    """One service as GET /services lists it."""

    id: str
    name: str
    version: int  # Version.Index: what an update must name
    labels: Mapping[str, str] = field(default_factory=dict)
    spec: Mapping[str, Any] = field(default_factory=dict)
    created_at: str = ""  # `engine_time`
    updated_at: str = ""  # `engine_time`
    update_state: str = ""  # UpdateStatus.State: "updating", "completed", "paused", ...
    update_message: str = ""

    @property
    def replicas(self) -> int | None:
        """The replicas asked for; None for a global service."""
        mode = self.spec.get("Mode") or {}
        if "Global" in mode:
            return None
        return int((mode.get("Replicated") or {}).get("Replicas", 1))

    @property
    def spec_hash(self) -> str:
        return str(self.labels.get(SPEC_HASH, ""))


@dataclass(frozen=True)
class NodeRecord:
    """One node of the swarm."""

    id: str
    hostname: str
    role: str  # "manager" | "worker"
    availability: str  # "active" | "pause" | "drain"
    state: str  # "ready", "down", ...
    address: str = ""


@dataclass(frozen=True)
class ObjectRecord:
    """A secret or config. `content_digest`: sha256 of its data where the engine shows it
    (a config's; a secret's data is never shown)."""

    kind: ObjectKind
    id: str
    name: str
    labels: Mapping[str, str] = field(default_factory=dict)
    content_digest: str = ""


@dataclass(frozen=True)
class ObservedService:
    """A service of the stack and its tasks."""

    record: ServiceRecord
    tasks: tuple[TaskRecord, ...] = ()

    @property
    def name(self) -> str:
        return self.record.name


@dataclass(frozen=True)
class ObservedStack:
    """What the swarm holds for one stack namespace."""

    namespace: str
    services: tuple[ObservedService, ...] = ()
    networks: tuple[ObservedNetwork, ...] = ()
    secrets: tuple[ObjectRecord, ...] = ()
    configs: tuple[ObjectRecord, ...] = ()
    external_networks: frozenset[str] = frozenset()  # the stack's external networks that exist
    # secrets and configs outside the namespace with the name of one the stack defines
    foreign: tuple[ObjectRecord, ...] = ()

    def service(self, name: str) -> ObservedService | None:
        return next((s for s in self.services if s.name == name), None)

    def objects(self, kind: ObjectKind) -> tuple[ObjectRecord, ...]:
        return self.secrets if kind == "secret" else self.configs

    @property
    def empty(self) -> bool:
        return not (self.services or self.networks or self.secrets or self.configs)


def observe_stack(
    engine: SwarmEngine,
    namespace: str,
    *,
    tasks: bool = False,
    external_networks: Iterable[str] = (),
    named_objects: Iterable[tuple[ObjectKind, str]] = (),
) -> ObservedStack:
    """The stack's services (with their tasks if `tasks`), networks, secrets and configs,
    which of `external_networks` exist, and the secrets and configs outside the stack that
    carry one of `named_objects`' names: one list request each."""
    services = engine.list_services(namespace)
    by_service: dict[str, list[TaskRecord]] = {}
    if tasks and services:
        for task in engine.list_tasks(namespace=namespace):
            by_service.setdefault(task.service_id, []).append(task)
    external = frozenset(name for name in external_networks if engine.network_exists(name))
    return ObservedStack(
        namespace=namespace,
        services=tuple(
            ObservedService(record, tuple(by_service.get(record.id, ()))) for record in services
        ),
        networks=tuple(engine.list_stack_networks(namespace)),
        secrets=tuple(engine.list_swarm_objects("secret", namespace)),
        configs=tuple(engine.list_swarm_objects("config", namespace)),
        external_networks=external,
        foreign=_foreign(engine, namespace, named_objects),
    )


def _foreign(
    engine: SwarmEngine, namespace: str, named: Iterable[tuple[ObjectKind, str]]
) -> tuple[ObjectRecord, ...]:
    wanted = set(named)
    found: list[ObjectRecord] = []
    for kind in sorted({kind for kind, _ in wanted}):
        found += [
            record
            for record in engine.list_swarm_objects(kind)
            if (kind, record.name) in wanted and record.labels.get(NAMESPACE) != namespace
        ]
    return tuple(found)
