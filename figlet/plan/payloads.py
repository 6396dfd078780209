"""The payload of each plan operation: one frozen dataclass per action, holding what the
executor needs to act without deciding anything (`Operation.payload`; its `action` names it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from figlet.plan import Action

if TYPE_CHECKING:
    from figlet.plan.swarm_payloads import SwarmPayload


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


ContainerPayload = (
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
)

Payload: TypeAlias = "ContainerPayload | SwarmPayload"
"""Every operation's payload (the Swarm ones are defined only when a deploy plans)."""
