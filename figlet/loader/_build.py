"""The typed model (figlet.model) built from the canonical mapping."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeVar, cast

from figlet.errors import LoadWarning
from figlet.loader._problems import SourceMap
from figlet.model import (
    Dependency,
    DependencyCondition,
    ExternalLink,
    Link,
    Network,
    Project,
    Service,
    ServiceNetwork,
    TopLevelResource,
    Volume,
)

_R = TypeVar("_R", bound=TopLevelResource)

_CONDITIONS = ("service_started", "service_healthy", "service_completed_successfully")


def _frozen(value: Any) -> Any:
    """A read-only view of a mapping (shallow: the nested values are never mutated after the
    load, and copying them all would cost more than the rest of a cached load)."""
    if isinstance(value, dict):
        return MappingProxyType(value)
    return value


def replicas_of(spec: Mapping[str, Any]) -> int:
    """deploy.replicas, else the legacy `scale`, else 1."""
    deploy = spec.get("deploy")
    if isinstance(deploy, Mapping) and isinstance(deploy.get("replicas"), int):
        return int(deploy["replicas"])
    scale = spec.get("scale")
    return int(scale) if isinstance(scale, int) and not isinstance(scale, bool) else 1


def _alias_pair(text: str) -> tuple[str, str]:
    name, _, alias = text.partition(":")
    return name, alias or name


def build_service(name: str, spec: dict[str, Any]) -> Service:
    """One typed Service from its canonical mapping."""
    depends: list[Dependency] = []
    for dep, value in (spec.get("depends_on") or {}).items():
        value = value if isinstance(value, dict) else {}
        condition = value.get("condition", "service_started")
        depends.append(
            Dependency(
                service=dep,
                condition=cast(
                    DependencyCondition,
                    condition if condition in _CONDITIONS else "service_started",
                ),
                required=value.get("required", True) is not False,
                restart=value.get("restart", False) is True,
            )
        )
    networks: list[ServiceNetwork] = []
    for key, value in (spec.get("networks") or {}).items():
        value = value if isinstance(value, dict) else {}
        networks.append(
            ServiceNetwork(
                network=key,
                aliases=tuple(str(a) for a in value.get("aliases") or ()),
                ipv4_address=value.get("ipv4_address"),
                ipv6_address=value.get("ipv6_address"),
                priority=int(value.get("priority") or 0),
            )
        )
    links = tuple(Link(*_alias_pair(str(x))) for x in spec.get("links") or ())
    external = tuple(ExternalLink(*_alias_pair(str(x))) for x in spec.get("external_links") or ())
    build = spec.get("build")
    return Service(
        name=name,
        spec=_frozen(spec),
        image=spec.get("image"),
        build=_frozen(build) if isinstance(build, dict) else None,
        replicas=replicas_of(spec),
        container_name=spec.get("container_name"),
        depends_on=tuple(depends),
        links=links,
        external_links=external,
        volumes_from=tuple(str(v) for v in spec.get("volumes_from") or ()),
        network_mode=spec.get("network_mode"),
        ipc=spec.get("ipc"),
        pid=spec.get("pid"),
        networks=tuple(networks),
        profiles=tuple(str(p) for p in spec.get("profiles") or ()),
        pull_policy=spec.get("pull_policy"),
    )


def _top_level(kind: type[_R], section: Any, project: str) -> dict[str, _R]:
    """The top-level networks or volumes; the engine name defaults to `<project>_<key>`."""
    return {
        key: kind(
            key=key,
            name=str(value.get("name", f"{project}_{key}")),
            spec=_frozen(value),
            external=value.get("external") is True,
            driver=value.get("driver"),
        )
        for key, value in (section or {}).items()
    }


def build_project(
    spec: dict[str, Any],
    *,
    name: str,
    working_dir: str,
    config_files: tuple[str, ...],
    active: tuple[str, ...],
    profiles: tuple[str, ...],
    environment: Mapping[str, str],
    warnings: tuple[LoadWarning, ...],
    sources: tuple[SourceMap, ...] = (),
) -> Project:
    """The Project; `spec` keeps every service, `services` only the active ones."""
    all_services = spec.get("services") or {}
    services = {n: build_service(n, all_services[n]) for n in active}
    disabled = {n: build_service(n, s) for n, s in all_services.items() if n not in services}
    printed = dict(spec)
    printed["services"] = {n: all_services[n] for n in active}
    networks = _top_level(Network, spec.get("networks"), name)
    volumes = _top_level(Volume, spec.get("volumes"), name)
    return Project(
        name=name,
        working_dir=working_dir,
        config_files=config_files,
        services=MappingProxyType(services),
        networks=MappingProxyType(networks),
        volumes=MappingProxyType(volumes),
        spec=_frozen(printed),
        environment=MappingProxyType(dict(environment)),
        profiles=profiles,
        disabled_services=MappingProxyType(disabled),
        warnings=warnings,
        sources=sources,
    )
