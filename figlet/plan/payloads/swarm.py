"""The payloads of the Swarm operations (`figlet deploy` / `undeploy`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from figlet.plan import Action


@dataclass(frozen=True)
class CreateStackNetwork:
    """Create the stack's network `key` as `name`; `spec` is the POST /networks/create body."""

    action: ClassVar[Action] = Action.CREATE_STACK_NETWORK
    key: str
    name: str
    spec: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class CreateSwarmObject:
    """Create a secret or config (`kind`) of the stack's `key` as `name` (`spec`: the create
    body, Data base64)."""

    action: ClassVar[Action] = Action.CREATE_SWARM_OBJECT
    kind: str  # "secret" | "config"
    key: str
    name: str
    spec: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class CreateService:
    """Create service `name` (the stack's `key`) from `spec` (a ServiceSpec whose secrets and
    configs are named; the executor fills in their ids)."""

    action: ClassVar[Action] = Action.CREATE_SERVICE
    key: str
    name: str
    spec: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class UpdateService:
    """Update service `id` (read at `version`) to `spec`; `scale`: only the replicas change."""

    action: ClassVar[Action] = Action.UPDATE_SERVICE
    key: str
    name: str
    id: str
    version: int
    spec: Mapping[str, Any] = field(default_factory=dict, hash=False)
    scale: bool = False


@dataclass(frozen=True)
class WaitService:
    """Wait until service `name`'s tasks meet `condition`: "service_started" (running),
    "service_healthy" (running: Swarm marks a task running once its healthcheck passed),
    "service_completed_successfully" (complete, exit 0), "converged" (`deploy --wait`:
    every task of the current spec running) or "removed" (no task of the removed service
    `id` is left: until then the swarm keeps its networks in use). A failed task fails the
    wait with its error and the last lines of its logs; `timeout` seconds at most."""

    action: ClassVar[Action] = Action.WAIT_SERVICE
    key: str
    name: str
    condition: str
    timeout: float = 300.0
    id: str = ""  # "removed": the service's id (its name is gone with it)


@dataclass(frozen=True)
class RemoveService:
    action: ClassVar[Action] = Action.REMOVE_SERVICE
    name: str
    id: str


@dataclass(frozen=True)
class RemoveSwarmObject:
    action: ClassVar[Action] = Action.REMOVE_SWARM_OBJECT
    kind: str  # "secret" | "config"
    name: str
    id: str


SwarmPayload = (
    CreateStackNetwork
    | CreateSwarmObject
    | CreateService
    | UpdateService
    | WaitService
    | RemoveService
    | RemoveSwarmObject
)
