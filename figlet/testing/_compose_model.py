"""What `DockerCompose` answers with, under testcontainers' names: `ComposeContainer` (one
`docker compose ps --format json` entry), `PublishedPortModel` (one of its `Publishers`), and the
two errors (`ContainerIsNotRunning`, `NoSuchPortExposed`, RuntimeErrors as theirs are)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeVar
from urllib.parse import urlparse

from figlet.observe.state import ObservedContainer

if TYPE_CHECKING:
    from figlet.testing.compose import DockerCompose

_LOCAL_HOSTS = ("0.0.0.0", "127.0.0.1", "localhost", "::", "::1")
_PORT = re.compile(
    r"^(?:(?P<host>\[[^\]]*\]|[^:\[\]]*):(?P<published>\d+)->)?(?P<target>\d+)/(?P<protocol>\w+)$"
)

T = TypeVar("T")


class ContainerIsNotRunning(RuntimeError):
    """No container (or not exactly one) answers the request."""


class NoSuchPortExposed(RuntimeError):
    """The container publishes no (or more than one) port that matches."""


@dataclass
class PublishedPortModel:
    """One published (or exposed only: `PublishedPort` 0, `URL` "") port of a container."""

    URL: str | None = None
    TargetPort: int | None = None
    PublishedPort: int | None = None
    Protocol: str | None = None

    def normalize(self) -> PublishedPortModel:
        """With an ssh:// DOCKER_HOST, local addresses mean the remote machine: its host name
        instead. Elsewhere the port as it is (on Linux "0.0.0.0" reaches the host)."""
        remote = _ssh_host(os.environ.get("DOCKER_HOST", ""))
        if remote and (not self.URL or self.URL in _LOCAL_HOSTS):
            return PublishedPortModel(remote, self.TargetPort, self.PublishedPort, self.Protocol)
        return self


def _ssh_host(docker_host: str) -> str | None:
    if not docker_host.startswith("ssh://"):
        return None
    return urlparse(docker_host).hostname or None


def publishers(ports: Sequence[str]) -> list[PublishedPortModel]:
    """`ObservedContainer.ports` ("0.0.0.0:8080->80/tcp", "[::]:8080->80/tcp", "80/tcp") as
    compose lists them: one entry per address, sorted."""
    found: list[PublishedPortModel] = []
    for entry in ports:
        match = _PORT.match(entry)
        if match is None:
            continue
        host = (match.group("host") or "").strip("[]")
        published = match.group("published")
        found.append(
            PublishedPortModel(
                URL=host,
                TargetPort=int(match.group("target")),
                PublishedPort=int(published) if published else 0,
                Protocol=match.group("protocol"),
            )
        )
    return sorted(found, key=lambda p: (p.URL or "", p.TargetPort or 0, p.PublishedPort or 0))


def only_element_or_raise(items: list[T], error: Callable[[], Exception]) -> T:
    """The single item, else `error()` raised."""
    if len(items) != 1:
        raise error()
    return items[0]


@dataclass
class ComposeContainer:
    """A container of the compose project, with the fields `docker compose ps --format json`
    gives (ID, Name, Command, Project, Service, State, Health, ExitCode, Publishers). `ID` is the
    short id, as Compose's; `Command` is whole (Compose cuts it for display)."""

    ID: str | None = None
    Name: str | None = None
    Command: str | None = None
    Project: str | None = None
    Service: str | None = None
    State: str | None = None
    Health: str | None = None
    ExitCode: int | None = None
    Publishers: list[PublishedPortModel] = field(default_factory=list)
    _compose: DockerCompose | None = field(default=None, repr=False, compare=False)

    @classmethod
    def observed(
        cls, container: ObservedContainer, project: str, compose: DockerCompose
    ) -> ComposeContainer:
        return cls(
            ID=container.id[:12],
            Name=container.name,
            Command=container.command,
            Project=project,
            Service=container.service,
            State=container.state,
            Health=container.health or "",
            ExitCode=container.exit_code or 0,
            Publishers=publishers(container.ports),
            _compose=compose,
        )

    def get_publisher(
        self,
        by_port: int | None = None,
        by_host: str | None = None,
        prefer_ip_version: Literal["IPv4", "IPv6"] = "IPv4",
    ) -> PublishedPortModel:
        """The one publisher left after the filters (IPv4 addresses unless IPv6 is asked for);
        NoSuchPortExposed when none or several are left."""
        ipv6 = prefer_ip_version == "IPv6"
        left = [p for p in self.Publishers if (p.URL is not None and ":" in p.URL) is ipv6]
        if by_port:
            left = [p for p in left if p.TargetPort == by_port]
        if by_host:
            left = [p for p in left if by_host == p.URL]
        if not left:
            raise NoSuchPortExposed(f"Could not find publisher for for service {self.Service}")
        return only_element_or_raise(
            left,
            lambda: NoSuchPortExposed(
                "get_publisher failed because there is "
                f"not exactly 1 publisher for service {self.Service}"
                f" when filtering by_port={by_port}, by_host={by_host}"
                f" (but {len(left)})"
            ),
        )

    def get_logs(self) -> tuple[bytes, bytes]:
        """This service's logs (stdout, stderr), as `DockerCompose.get_logs(service)`."""
        if self._compose is None:
            raise RuntimeError("DockerCompose reference not set on ComposeContainer")
        if not self.Service:
            raise RuntimeError("Service name not set on ComposeContainer")
        stdout, stderr = self._compose.get_logs(self.Service)
        return stdout.encode(), stderr.encode()

    def get_container_host_ip(self) -> str:
        return "127.0.0.1"

    def get_exposed_port(self, port: int) -> int:
        return port

    def get_wrapped_container(self) -> ComposeContainer:
        return self

    def reload(self) -> None:
        """Nothing to do: every `get_container` reads the engine afresh."""

    @property
    def status(self) -> str:
        return self.State or "unknown"
