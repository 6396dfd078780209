"""Networks and volumes the planned services use: which exist, which to create, which lack."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from figlet.errors import Problem
from figlet.model import JSON, Project, Service


def service_networks(service: Service) -> tuple[str, ...]:
    """Network keys the service joins; `default` when it names none and has no network_mode."""
    if service.network_mode is not None:
        return ()
    keys = tuple(attachment.network for attachment in service.networks)
    return keys or ("default",)


def service_volumes(service: Service, declared: Mapping[str, object]) -> tuple[str, ...]:
    """Keys of the project's named volumes the service mounts, in mount order, unique."""
    keys: dict[str, None] = {}
    mounts = service.spec.get("volumes") or ()
    if not isinstance(mounts, (list, tuple)):
        return ()
    for mount in mounts:
        source = _volume_source(mount)
        if source is not None and source in declared:
            keys[source] = None
    return tuple(keys)


def _volume_source(mount: JSON) -> str | None:
    if isinstance(mount, Mapping):
        if mount.get("type", "volume") == "volume" and isinstance(mount.get("source"), str):
            return str(mount["source"])
        return None
    if isinstance(mount, str) and ":" in mount:
        source = mount.split(":", 1)[0]
        return None if source.startswith((".", "/", "~", "$")) else source
    return None


@dataclass(frozen=True)
class Resource:
    """A network or volume a planned service needs: `create` if it must be created first."""

    kind: str  # "network" | "volume"
    key: str
    name: str
    create: bool


@dataclass(frozen=True)
class Resources:
    """Per service, the resources it uses; the problems (missing external ones)."""

    needed: tuple[Resource, ...]
    by_service: Mapping[str, tuple[Resource, ...]]
    problems: tuple[Problem, ...]


def plan_resources(
    project: Project,
    services: Iterable[Service],
    *,
    networks: frozenset[str],
    volumes: frozenset[str],
    external_networks: frozenset[str],
    external_volumes: frozenset[str],
) -> Resources:
    """Resolve each service's networks and volumes against what the engine holds.

    `networks` / `volumes` are the project's existing engine names; `external_*` the external
    ones that exist. A missing external resource is a problem, never created.
    """
    seen: dict[tuple[str, str], Resource] = {}
    by_service: dict[str, tuple[Resource, ...]] = {}
    problems: list[Problem] = []
    for service in services:
        used: list[Resource] = []
        for key in service_networks(service):
            network = project.networks.get(key)
            name = network.name if network else f"{project.name}_{key}"
            external = bool(network and network.external)
            resource = seen.get(("network", name))
            if resource is None:
                if external and name not in external_networks:
                    problems.append(_missing("network", key, name, service.name))
                resource = Resource("network", key, name, not external and name not in networks)
                seen[("network", name)] = resource
            used.append(resource)
        for key in service_volumes(service, project.volumes):
            volume = project.volumes[key]
            resource = seen.get(("volume", volume.name))
            if resource is None:
                if volume.external and volume.name not in external_volumes:
                    problems.append(_missing("volume", key, volume.name, service.name))
                create = not volume.external and volume.name not in volumes
                resource = Resource("volume", key, volume.name, create)
                seen[("volume", volume.name)] = resource
            used.append(resource)
        by_service[service.name] = tuple(used)
    return Resources(tuple(seen.values()), by_service, tuple(problems))


def _missing(kind: str, key: str, name: str, service: str) -> Problem:
    return Problem(
        f'external {kind} "{name}" does not exist (used by service "{service}")',
        path=f"{kind}s.{key}",
        hint=f"create it first (docker {kind} create {name}) or remove `external: true`",
    )
