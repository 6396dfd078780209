"""The values an engine is asked with and answers with: request bodies (containers, networks,
volumes, builds, execs, logs) and answers (health, events, image details, file stats).

They are imported by the code that builds or reads them (the container spec, the executor, the
commands), not by the `Engine` protocol itself, so that a command that sends no request does not
pay for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ContainerFile:
    """A file copied into a container after create, before start (content/environment
    secrets and configs)."""

    path: str  # absolute path in the container
    content: bytes
    mode: int = 0o444
    uid: int = 0
    gid: int = 0


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
class NetworkRequest:
    """POST /networks/create body (Name, Driver, Labels, IPAM, Internal, Attachable, ...)."""

    name: str
    body: Mapping[str, Any]


@dataclass(frozen=True)
class VolumeRequest:
    """POST /volumes/create body (Name, Driver, DriverOpts, Labels)."""

    name: str
    body: Mapping[str, Any]


@dataclass(frozen=True)
class Health:
    """A container's health-check status and the last check's output."""

    status: str | None  # "healthy", "unhealthy", "starting", None (no healthcheck)
    last_output: str = ""


@dataclass(frozen=True)
class BuildRequest:
    """POST /build: a service's `build:` section resolved to absolute paths, tagged `tag`."""

    context: str  # directory
    tag: str
    dockerfile: str | None = None  # relative to the context, or absolute (outside it)
    dockerfile_inline: str | None = None  # the Dockerfile's text (instead of `dockerfile`)
    args: Mapping[str, str] = field(default_factory=dict)
    target: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()  # more tags given to the image once it is built
    cache_from: tuple[str, ...] = ()
    network: str | None = None
    shm_size: int | None = None  # bytes
    extra_hosts: Mapping[str, str] = field(default_factory=dict)  # host -> address
    no_cache: bool = False
    pull: bool = False  # pull newer versions of the base images
    platform: str | None = None


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


@dataclass(frozen=True)
class ContainerEvent:
    """One container event of the engine (GET /events): what happened, to which container;
    `attributes` are the event's (the container's labels, "name", "image", "exitCode")."""

    time_nano: int
    action: str  # "create", "start", "die", "stop", "kill", "destroy", "exec_start: sh", ...
    container_id: str
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImageDetails:
    """An image as GET /images/{id}/json describes it."""

    id: str
    tags: tuple[str, ...]  # "repo:tag", as RepoTags lists them
    size: int  # bytes
    created: str = ""


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
