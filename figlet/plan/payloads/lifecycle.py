"""The payloads of the operations that stop, restart, signal, pause, thaw and remove a
container (`down`, the lifecycle commands, and `up` when it scales down or removes orphans)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from figlet.plan import Action


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
