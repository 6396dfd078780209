"""What the engine tells of a container: its health, its events, a path's stat (`cp`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Health:
    """A container's health-check status and the last check's output."""

    status: str | None  # "healthy", "unhealthy", "starting", None (no healthcheck)
    last_output: str = ""


@dataclass(frozen=True)
class ContainerEvent:
    """One container event of the engine (GET /events): what happened, to which container;
    `attributes` are the event's (the container's labels, "name", "image", "exitCode")."""

    time_nano: int
    action: str  # "create", "start", "die", "stop", "kill", "destroy", "exec_start: sh", ...
    container_id: str
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PathStat:
    """A path in a container, as the engine stats it for `docker cp`."""

    name: str  # its base name
    size: int
    mode: int  # Go's os.FileMode bits: 1 << 31 a directory, 1 << 27 a symbolic link
    link_target: str = ""

    @property
    def is_dir(self) -> bool:
        return bool(self.mode & DIR_MODE)

    @property
    def is_link(self) -> bool:
        return bool(self.mode & LINK_MODE)


DIR_MODE = 1 << 31


LINK_MODE = 1 << 27
