"""A plan: the operations that bring the engine to the project, each with its cause.

Produced by the pure `figlet.planner.plan_up` / `plan_down`; run by `figlet.executor.execute`,
which makes no decisions. The plan is data: it renders as text (`str(plan)`, `plan.to_text()`)
and as JSON (`plan.to_json()`).

Operations come in an order where every `depends_on` id appears before the operation (a valid
sequential order); the executor may run any operations whose dependencies are done in parallel.

Payload contract with the executor, per action (keys always present unless marked optional):

- CREATE_NETWORK  {"key", "name"}: key in Project.networks, engine name. id "network:<name>".
- CREATE_VOLUME   {"key", "name"}: key in Project.volumes, engine name. id "volume:<name>".
- CREATE          {"service", "number", "name", "config_hash", "config_label"}: create the
  container (not started), labels CONFIG_HASH=config_hash and CONFIG=config_label.
  id "create:<container>".
- START           {"service", "name"}: start a created or stopped container. id "start:<container>".
- RECREATE        {"service", "number", "name", "config_hash", "config_label", "old_id",
  optional "start" (bool, default True)}: stop and remove `old_id`, create `name`, start it
  unless "start" is False (`up --no-start`). id "recreate:<container>".
- WAIT            {"service", "condition", "containers"}: condition "service_healthy" or
  "service_completed_successfully", containers the names to wait for. id "wait:<service>"
  (a second condition on the same service: "wait:<service>:<condition>").
- UPDATE_HOSTS    {"service", "name"}: rewrite the running container's link host entries.
  id "hosts:<container>".
- ADDRESS         {"service", "name"}: the container has its addresses (it is connected to its
  networks); what a linker's create needs for its hosts entries. Depends on the container's
  START or RECREATE, and is done at the latest when that is; the executor may finish it as
  soon as the running start reports the addresses (the engine connects a container a few ms
  into a ~0.2 s start), so that the linker is created while its target is still starting.
  id "address:<container>".
- STOP            {"name", "id"}: stop a container. id "stop:<container>".
- REMOVE          {"name", "id", "service", "volumes" (bool: also its anonymous volumes),
  optional "force" (bool, default False)}: stop if needed, then remove; with "force", one
  forced delete and no stop (a STOP before it did that, or there is no grace period).
  id "remove:<container>".
- REMOVE_NETWORK  {"name"}. id "remove-network:<name>".
- REMOVE_VOLUME   {"name"}. id "remove-volume:<name>".
- REMOVE_IMAGE    {"image"}. id "remove-image:<reference>".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from figlet.errors import Problem


class Action(StrEnum):
    CREATE_NETWORK = "create_network"
    CREATE_VOLUME = "create_volume"
    CREATE = "create"  # create a container (not started)
    START = "start"  # start a created or stopped container
    RECREATE = "recreate"  # replace a container whose config changed
    WAIT = "wait"  # wait for a dependency condition (healthy, completed)
    UPDATE_HOSTS = "update_hosts"  # rewrite a container's hosts-file link entries
    ADDRESS = "address"  # a started container's addresses are known (for its linkers)
    STOP = "stop"
    REMOVE = "remove"  # remove a container (stopping it first)
    REMOVE_NETWORK = "remove_network"
    REMOVE_VOLUME = "remove_volume"
    REMOVE_IMAGE = "remove_image"


@dataclass(frozen=True)
class Change:
    """One changed field of a recreated container, e.g. environment.GREETING: "a" -> "b"."""

    path: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Operation:
    """One step. `id` is unique in the plan ("container:trio-web-2", "network:trio_default").

    `payload` carries what the executor needs to act without deciding anything (service name,
    container number and name, config hash, network/volume spec, wait condition, ...).
    """

    id: str
    action: Action
    target: str
    cause: str
    depends_on: tuple[str, ...] = ()
    service: str | None = None
    changes: tuple[Change, ...] = ()
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Orphan:
    """A container of a service that is no longer in the project, left in place."""

    name: str
    service: str


@dataclass(frozen=True)
class Plan:
    """What `up`/`down`/`scale` will do: ordered operations with causes, and what stays."""

    project: str
    operations: tuple[Operation, ...] = ()
    unchanged: tuple[str, ...] = ()  # names of containers that are already as planned
    # what must be fixed before anything is changed (missing external network, ...)
    problems: tuple[Problem, ...] = ()
    orphans: tuple[Orphan, ...] = ()  # orphan containers kept (no --remove-orphans)

    @property
    def empty(self) -> bool:
        return not self.operations

    def operation(self, op_id: str) -> Operation:
        for op in self.operations:
            if op.id == op_id:
                return op
        raise KeyError(op_id)

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, *, operations: bool = False) -> str:
        """The summary a user reads; with `operations`, also every operation and its ids."""
        from figlet.plan._render import plan_text

        return plan_text(self, operations=operations)

    def to_json(self) -> dict[str, Any]:
        """A JSON-compatible dict: operations (id, action, depends_on, cause, changes, ...)."""
        from figlet.plan._render import plan_json

        return plan_json(self)
