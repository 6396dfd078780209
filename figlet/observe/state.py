"""What the engine holds for one project, read by labels, as plain data (see `figlet.observe`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ObservedContainer:
    """One container of the project as the engine lists it."""

    id: str
    name: str
    service: str
    number: int  # com.docker.compose.container-number, 0 if missing
    state: str  # "running", "exited", "created", "restarting", "paused", "dead"
    config_hash: str  # com.docker.compose.config-hash, "" if missing
    image: str  # the image reference it was created from
    image_id: str  # the image id it runs
    labels: Mapping[str, str] = field(default_factory=dict)
    oneoff: bool = False
    health: str | None = None  # "healthy", "unhealthy", "starting", or None (no healthcheck)
    exit_code: int | None = None
    addresses: Mapping[str, str] = field(default_factory=dict)  # network name -> IPv4 address
    # published ports as `docker ps` shows them: "0.0.0.0:8080->80/tcp", "80/tcp" (unpublished)
    ports: tuple[str, ...] = ()
    status: str = ""  # the engine's human status, e.g. "Up 3 minutes (healthy)", "Exited (0) ..."
    command: str = ""  # the command it runs, as the engine lists it ("httpd -f -p 8080")

    @property
    def running(self) -> bool:
        return self.state in ("running", "restarting")


@dataclass(frozen=True)
class ObservedNetwork:
    """One network carrying the project's label."""

    id: str
    name: str
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ObservedVolume:
    """One volume carrying the project's label."""

    name: str
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Observed:
    """The project's current state. `images` maps image references present locally to their ids;
    `external_networks` / `external_volumes` name those that exist on the engine."""

    project: str
    containers: tuple[ObservedContainer, ...] = ()
    networks: tuple[ObservedNetwork, ...] = ()
    volumes: tuple[ObservedVolume, ...] = ()
    images: Mapping[str, str] = field(default_factory=dict)
    external_networks: frozenset[str] = frozenset()
    external_volumes: frozenset[str] = frozenset()

    def containers_of(self, service: str) -> tuple[ObservedContainer, ...]:
        found = [c for c in self.containers if c.service == service and not c.oneoff]
        return tuple(sorted(found, key=lambda c: c.number))
