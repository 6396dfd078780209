"""A plan: the operations that bring the engine to the project, each with its cause.

Produced by the pure `figlet.planner.plan_up` / `plan_down`; run by `figlet.executor.execute`,
which makes no decisions. The plan is data: it renders as text (`str(plan)`, `plan.to_text()`)
and as JSON (`plan.to_json()`).

Operations come in an order where every `depends_on` id appears before the operation (a valid
sequential order); the executor may run any operations whose dependencies are done in parallel.

Each operation's `payload` is one of the frozen dataclasses of `figlet.plan.payloads`: what the
executor needs to act without deciding anything. Its type names the action (`Operation.action`);
operation ids are made by `figlet.plan.ids` only. The payloads are imported by the code that
makes or runs operations, so that a plan with none (a no-op `up`) does not pay for them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from figlet.errors import Problem

if TYPE_CHECKING:
    from figlet.plan.payloads import Payload


class Action(StrEnum):
    PULL_IMAGE = "pull_image"  # pull an image from its registry
    BUILD_IMAGE = "build_image"  # build a service's image from its `build:` section
    CREATE_NETWORK = "create_network"
    CREATE_VOLUME = "create_volume"
    CREATE = "create"  # create a container (not started)
    START = "start"  # start a created or stopped container
    RECREATE = "recreate"  # replace a container whose config changed
    WAIT = "wait"  # wait for a dependency condition (healthy, completed)
    UPDATE_HOSTS = "update_hosts"  # rewrite a container's hosts-file link entries
    ADDRESS = "address"  # a started container's addresses are known (for its linkers)
    RUN_HOOK = "run_hook"  # a lifecycle hook (post_start / pre_stop) run in a container
    STOP = "stop"
    RESTART = "restart"  # restart a container (stop with the grace period, then start)
    KILL = "kill"  # send a signal to a running container
    PAUSE = "pause"  # freeze a running container's processes
    UNPAUSE = "unpause"  # thaw a paused container
    REMOVE = "remove"  # remove a container (stopping it first)
    REMOVE_NETWORK = "remove_network"
    REMOVE_VOLUME = "remove_volume"
    REMOVE_IMAGE = "remove_image"
    # Swarm (`figlet deploy` / `undeploy`; payloads in figlet.plan.payloads.swarm)
    CREATE_STACK_NETWORK = "create_stack_network"  # an overlay network of a stack
    CREATE_SWARM_OBJECT = "create_swarm_object"  # a secret or a config
    CREATE_SERVICE = "create_service"
    UPDATE_SERVICE = "update_service"  # Swarm's rolling update to a new spec (or a scale)
    WAIT_SERVICE = "wait_service"  # wait until a service's tasks run / complete / converge
    REMOVE_SERVICE = "remove_service"
    REMOVE_SWARM_OBJECT = "remove_swarm_object"


SWARM_ACTIONS = frozenset(
    {
        Action.CREATE_STACK_NETWORK,
        Action.CREATE_SWARM_OBJECT,
        Action.CREATE_SERVICE,
        Action.UPDATE_SERVICE,
        Action.WAIT_SERVICE,
        Action.REMOVE_SERVICE,
        Action.REMOVE_SWARM_OBJECT,
    }
)
"""The actions of `deploy` / `undeploy` (payloads in figlet.plan.payloads.swarm)."""


def payload_json(payload: Payload) -> dict[str, Any]:
    """The payload's fields as JSON-compatible data (tuples as lists)."""
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in dataclasses.asdict(payload).items()
    }


@dataclass(frozen=True)
class Change:
    """One changed field of a recreated container, e.g. environment.GREETING: "a" -> "b".

    `hidden`: the field holds a secret (`figlet.sensitive`); `before` and `after` are then
    `figlet.sensitive.HIDDEN` (or absent), never the values."""

    path: str
    before: Any
    after: Any
    hidden: bool = False


@dataclass(frozen=True)
class Operation:
    """One step. `id` is unique in the plan (see `figlet.plan.ids`); `payload` says what to do
    and so which `action` it is."""

    id: str
    target: str
    cause: str
    payload: Payload
    depends_on: tuple[str, ...] = ()
    service: str | None = None
    changes: tuple[Change, ...] = ()

    @property
    def action(self) -> Action:
        return self.payload.action


@dataclass(frozen=True)
class Orphan:
    """A container (or, for `deploy`, a Swarm service: `kind`) of a service that is no longer
    in the project, left in place."""

    name: str
    service: str
    kind: str = "container"


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
