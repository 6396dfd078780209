"""A plan: the operations that bring the engine to the project, each with its cause.

Produced by the pure `figlet.planner.plan`; run by `figlet.executor.execute`, which makes no
decisions. The plan is data: it renders as text (`str(plan)`) and as JSON (`plan.to_json()`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    CREATE_NETWORK = "create_network"
    CREATE_VOLUME = "create_volume"
    CREATE = "create"  # create a container (not started)
    START = "start"  # start a created or stopped container
    RECREATE = "recreate"  # replace a container whose config changed
    WAIT = "wait"  # wait for a dependency condition (healthy, completed)
    UPDATE_HOSTS = "update_hosts"  # rewrite a container's hosts-file link entries
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
class Plan:
    project: str
    operations: tuple[Operation, ...] = ()
    unchanged: tuple[str, ...] = ()  # names of containers that are already as planned

    @property
    def empty(self) -> bool:
        return not self.operations

    def operation(self, op_id: str) -> Operation:
        for op in self.operations:
            if op.id == op_id:
                return op
        raise KeyError(op_id)
