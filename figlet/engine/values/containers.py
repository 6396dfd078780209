"""What creating a container takes: its create request and the files copied into it
before it starts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ContainerRequest:
    """POST /containers/create: `body` is the API's create body (Image, Cmd, Env, Labels,
    HostConfig, NetworkingConfig, ...); extra networks are connected after create, and `files`
    are copied in after create (before start)."""

    name: str
    body: Mapping[str, Any]
    extra_networks: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    files: tuple[ContainerFile, ...] = ()


@dataclass(frozen=True)
class ContainerFile:
    """A file copied into a container after create, before start (content/environment
    secrets and configs)."""

    path: str  # absolute path in the container
    content: bytes
    mode: int = 0o444
    uid: int = 0
    gid: int = 0
