"""The payloads of the operations on a project's networks and volumes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from figlet.plan import Action


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
class RemoveNetwork:
    action: ClassVar[Action] = Action.REMOVE_NETWORK
    name: str


@dataclass(frozen=True)
class RemoveVolume:
    action: ClassVar[Action] = Action.REMOVE_VOLUME
    name: str
