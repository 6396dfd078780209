"""A plan: the operations that bring the engine to the project, each with its cause.

Produced by the pure `figlet.planner.plan_up` / `plan_down`; run by `figlet.executor.execute`,
which makes no decisions. The plan is data: it renders as text (`str(plan)`, `plan.to_text()`)
and as JSON (`plan.to_json()`).

Operations come in an order where every `depends_on` id appears before the operation (a valid
sequential order); the executor may run any operations whose dependencies are done in parallel.

Each operation's `payload` is one of the frozen dataclasses below: what the executor needs to
act without deciding anything. Its type names the action (`Operation.action`); operation ids are
made by `figlet.plan.ids` only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from figlet.errors import Problem


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
    # Swarm (`figlet deploy` / `undeploy`)
    CREATE_STACK_NETWORK = "create_stack_network"  # an overlay network of a stack
    CREATE_SWARM_OBJECT = "create_swarm_object"  # a secret or a config
    CREATE_SERVICE = "create_service"
    UPDATE_SERVICE = "update_service"  # Swarm's rolling update to a new spec (or a scale)
    WAIT_SERVICE = "wait_service"  # wait until a service's tasks run / complete / converge
    REMOVE_SERVICE = "remove_service"
    REMOVE_SWARM_OBJECT = "remove_swarm_object"


@dataclass(frozen=True)
class PullImage:
    """Pull `reference` (for `service`, the first that uses it). `required`: the image is not
    present locally, so a failed pull fails the operation; otherwise (`pull_policy: always`
    with a local copy) a failed pull keeps the local image, with a warning."""

    action: ClassVar[Action] = Action.PULL_IMAGE
    service: str
    reference: str
    required: bool = True
    platform: str | None = None  # the service's `platform:`


@dataclass(frozen=True)
class BuildImage:
    """Build `service`'s image from its `build:` section and tag it `reference`; `no_cache`,
    `pull` and `args` (KEY, VALUE pairs over the section's own) come from `figlet build`."""

    action: ClassVar[Action] = Action.BUILD_IMAGE
    service: str
    reference: str
    no_cache: bool = False
    pull: bool = False
    args: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CreateNetwork:
    """Create the project network `key` (in Project.networks) under its engine `name`."""

    action: ClassVar[Action] = Action.CREATE_NETWORK
    key: str
    name: str


@dataclass(frozen=True)
class CreateVolume:
    """Create the project volume `key` (in Project.volumes) under its engine `name`."""

    action: ClassVar[Action] = Action.CREATE_VOLUME
    key: str
    name: str


@dataclass(frozen=True)
class CreateContainer:
    """Create container `name` (not started), labels CONFIG_HASH=config_hash and
    CONFIG=config_label."""

    action: ClassVar[Action] = Action.CREATE
    service: str
    number: int
    name: str
    config_hash: str
    config_label: str = ""


@dataclass(frozen=True)
class StartContainer:
    """Start a created or stopped container."""

    action: ClassVar[Action] = Action.START
    service: str
    name: str


@dataclass(frozen=True)
class Recreate:
    """Stop and remove `old_id`, create `name`, start it unless `start` is False
    (`up --no-start`).

    `unless_image` (a recreate after the build or pull of the service's image): the old
    container's image id; when the image operation left the image at that id, the container
    is kept, and started if `start_if_kept` (it was stopped).

    `renew_anon_volumes` (`up -V`): the new container gets new anonymous volumes, and the old
    ones are removed with the old container (otherwise they are mounted again)."""

    action: ClassVar[Action] = Action.RECREATE
    service: str
    number: int
    name: str
    config_hash: str
    config_label: str
    old_id: str
    start: bool = True
    unless_image: str = ""
    start_if_kept: bool = False
    renew_anon_volumes: bool = False


@dataclass(frozen=True)
class Wait:
    """Wait until `containers` (names) of `service` meet `condition`: "service_healthy" or
    "service_completed_successfully"."""

    action: ClassVar[Action] = Action.WAIT
    service: str
    condition: str
    containers: tuple[str, ...]


@dataclass(frozen=True)
class UpdateHosts:
    """Rewrite the running container's link host entries."""

    action: ClassVar[Action] = Action.UPDATE_HOSTS
    service: str
    name: str


@dataclass(frozen=True)
class Address:
    """The container has its addresses (it is connected to its networks): what a linker's
    create needs for its hosts entries. Depends on the container's START or RECREATE and is
    done at the latest when that is; the executor may finish it as soon as the running start
    reports the addresses (the engine connects a container a few ms into a ~0.2 s start), so
    that the linker is created while its target is still starting."""

    action: ClassVar[Action] = Action.ADDRESS
    service: str
    name: str


@dataclass(frozen=True)
class Stop:
    """Stop a container (`id`, else `name`)."""

    action: ClassVar[Action] = Action.STOP
    name: str
    id: str


@dataclass(frozen=True)
class Restart:
    """Restart a container (`id`, else `name`): stop it within the grace period, start it."""

    action: ClassVar[Action] = Action.RESTART
    name: str
    id: str


@dataclass(frozen=True)
class Kill:
    """Send `signal` (a name like "SIGTERM" or a number) to a running container."""

    action: ClassVar[Action] = Action.KILL
    name: str
    id: str
    signal: str = "SIGKILL"


@dataclass(frozen=True)
class Pause:
    """Freeze every process of a running container."""

    action: ClassVar[Action] = Action.PAUSE
    name: str
    id: str


@dataclass(frozen=True)
class Unpause:
    """Thaw a paused container."""

    action: ClassVar[Action] = Action.UNPAUSE
    name: str
    id: str


@dataclass(frozen=True)
class Remove:
    """Stop if needed, then remove; `volumes`: its anonymous volumes too. With `force`, one
    forced delete and no stop (a STOP before it did that, or there is no grace period)."""

    action: ClassVar[Action] = Action.REMOVE
    name: str
    id: str
    service: str
    volumes: bool = False
    force: bool = False


@dataclass(frozen=True)
class Hook:
    """One `post_start` / `pre_stop` entry: a command run in the container (`docker exec`)."""

    command: tuple[str, ...]
    user: str = ""
    working_dir: str | None = None
    environment: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RunHook:
    """Run `service`'s `when` hooks (post_start after the container started, pre_stop before
    it is stopped) in `container`, in order. `must_succeed`: a failing hook fails the
    operation (post_start); otherwise it is a warning and the stop goes on (pre_stop)."""

    action: ClassVar[Action] = Action.RUN_HOOK
    service: str
    container: str
    when: str  # "post_start" | "pre_stop"
    hooks: tuple[Hook, ...]
    must_succeed: bool = True


@dataclass(frozen=True)
class RemoveNetwork:
    action: ClassVar[Action] = Action.REMOVE_NETWORK
    name: str


@dataclass(frozen=True)
class RemoveVolume:
    action: ClassVar[Action] = Action.REMOVE_VOLUME
    name: str


@dataclass(frozen=True)
class RemoveImage:
    action: ClassVar[Action] = Action.REMOVE_IMAGE
    image: str


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
    "service_completed_successfully" (complete, exit 0) or "converged" (`deploy --wait`:
    every task of the current spec running). A failed task fails the wait with its error and
    the last lines of its logs; `timeout` seconds at most."""

    action: ClassVar[Action] = Action.WAIT_SERVICE
    key: str
    name: str
    condition: str
    timeout: float = 300.0


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


Payload = (
    PullImage
    | BuildImage
    | CreateNetwork
    | CreateVolume
    | CreateContainer
    | StartContainer
    | Recreate
    | Wait
    | UpdateHosts
    | Address
    | RunHook
    | Stop
    | Restart
    | Kill
    | Pause
    | Unpause
    | Remove
    | RemoveNetwork
    | RemoveVolume
    | RemoveImage
    | CreateStackNetwork
    | CreateSwarmObject
    | CreateService
    | UpdateService
    | WaitService
    | RemoveService
    | RemoveSwarmObject
)


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
