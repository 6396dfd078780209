"""The loaded project: a frozen, typed model that every layer after the loader reads.

`spec` fields hold the canonical Compose-Specification form (the shape `figlet config --format json`
prints, key for key the same as `docker compose config --format json`). The typed fields beside them
are what orchestration reads; the loader fills both from the same canonical data, so they agree.
Mappings are read-only (`types.MappingProxyType` or plain dicts never mutated after load).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from figlet.errors import LoadWarning

if TYPE_CHECKING:
    from figlet.loader._problems import SourceMap

JSON = Any  # a JSON-compatible value: dict / list / str / int / float / bool / None

DependencyCondition = Literal[
    "service_started", "service_healthy", "service_completed_successfully"
]


@dataclass(frozen=True)
class Dependency:
    """One `depends_on` entry, long syntax."""

    service: str
    condition: DependencyCondition = "service_started"
    required: bool = True
    restart: bool = False


@dataclass(frozen=True)
class Link:
    """A legacy link: `links: ["redis:cache"]` -> service "redis", alias "cache"."""

    service: str
    alias: str


@dataclass(frozen=True)
class ExternalLink:
    """`external_links: ["some_container:alias"]` (a container not managed by this project)."""

    container: str
    alias: str


@dataclass(frozen=True)
class ServiceNetwork:
    """A service's attachment to a project network (`services.X.networks.N`)."""

    network: str  # key in Project.networks
    aliases: tuple[str, ...] = ()
    ipv4_address: str | None = None
    ipv6_address: str | None = None
    priority: int = 0


@dataclass(frozen=True)
class Service:
    """One service, canonical. `spec` is the full canonical mapping of `services.<name>`."""

    name: str
    spec: Mapping[str, JSON]
    image: str | None = None
    build: Mapping[str, JSON] | None = None
    replicas: int = 1  # deploy.replicas / scale, default 1
    container_name: str | None = None
    depends_on: tuple[Dependency, ...] = ()
    links: tuple[Link, ...] = ()
    external_links: tuple[ExternalLink, ...] = ()
    volumes_from: tuple[str, ...] = ()  # as written: "service", "service:ro", "container:name"
    network_mode: str | None = None  # "bridge", "host", "none", "service:x", "container:y"
    ipc: str | None = None
    pid: str | None = None
    networks: tuple[ServiceNetwork, ...] = ()
    profiles: tuple[str, ...] = ()
    pull_policy: str | None = None

    def service_dependencies(self) -> frozenset[str]:
        """Every other service this one needs before it can be created (`figlet.graph.edges`
        says why each)."""
        from figlet.graph import edges  # figlet.graph builds on this module

        return frozenset(edge.target for edge in edges(self))


@dataclass(frozen=True)
class TopLevelResource:
    """The fields a top-level network and a top-level volume share: `key` in the file, `name`
    on the engine, the canonical `spec`, whether it is `external`, and its `driver`."""

    key: str
    name: str
    spec: Mapping[str, JSON]
    external: bool = False
    driver: str | None = None


@dataclass(frozen=True)
class Network(TopLevelResource):
    """A top-level network. `name` is the engine name (e.g. "trio_default")."""


@dataclass(frozen=True)
class Volume(TopLevelResource):
    """A top-level named volume. `name` is the engine name (e.g. "trio_data")."""


@dataclass(frozen=True)
class Project:
    """Everything figlet knows about the user's files after loading.

    `services` holds only the active services (profiles applied); `spec` is the full canonical
    project mapping that `figlet config` prints.
    """

    name: str
    working_dir: str
    config_files: tuple[str, ...]
    services: Mapping[str, Service]
    networks: Mapping[str, Network]
    volumes: Mapping[str, Volume]
    spec: Mapping[str, JSON]
    environment: Mapping[str, str] = field(default_factory=dict)
    profiles: tuple[str, ...] = ()
    disabled_services: Mapping[str, Service] = field(default_factory=dict)
    warnings: tuple[LoadWarning, ...] = ()
    # where each key was written, one map per file read (`figlet.loader.locate_in`), so that a
    # later layer (the swarm stack) can locate what it finds; filled on first use
    sources: tuple[SourceMap, ...] = field(default=(), compare=False, repr=False)

    def service(self, name: str) -> Service:
        return self.services[name]


def image_reference(project: Project, service: Service) -> str:
    """The image a service's containers run: `image:`, else Compose's `<project>-<service>`
    (the tag a `build:`-only service gets)."""
    return str(service.image or service.spec.get("image") or f"{project.name}-{service.name}")


def image_references(project: Project) -> list[str]:
    """Every image the project's services run, sorted, each once."""
    return sorted({image_reference(project, service) for service in project.services.values()})
