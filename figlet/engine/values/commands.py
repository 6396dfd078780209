"""What `exec` and `logs` ask of a container."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExecRequest:
    """POST /containers/{id}/exec: a command to run in a running container."""

    command: tuple[str, ...]
    tty: bool = False
    stdin: bool = False
    user: str = ""
    workdir: str = ""
    environment: Mapping[str, str] = field(default_factory=dict)
    privileged: bool = False


@dataclass(frozen=True)
class LogRequest:
    """What of a container's log to read (GET /containers/{id}/logs). `since` / `until`: UNIX
    times as the API takes them ("1700000000.5"); `tail`: a number of lines or "all"."""

    follow: bool = False
    timestamps: bool = False
    since: str | None = None
    until: str | None = None
    tail: str = "all"
