"""The payloads of the operations on a project's containers that `up` plans: create, start,
recreate, wait for a condition, rewrite the hosts-file links, addresses known."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from figlet.plan import Action


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
