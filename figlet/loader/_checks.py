"""Checks beyond the schema: references between services and resources, and conflicts."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from figlet.loader._consistency import check_resources, check_service_consistency
from figlet.loader._problems import Problems


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def check_project(spec: dict[str, Any], active: tuple[str, ...], problems: Problems) -> None:
    """Add a problem for every dangling reference or contradiction among active services."""
    services: dict[str, Any] = spec.get("services") or {}
    names = list(services)
    scope = _Scope(names, frozenset(names), frozenset(active))
    for name in active:
        svc = services[name]
        if isinstance(svc, dict):
            _service(name, svc, spec, scope, problems)
            _build_references(name, svc, spec, problems)
            check_service_consistency(name, svc, problems)
    _container_names(spec, active, problems)
    check_resources(spec, problems)
    for kind in ("secrets", "configs"):
        for key, value in (spec.get(kind) or {}).items():
            if not isinstance(value, dict) or value.get("external"):
                continue
            sources = [s for s in ("file", "environment", "content") if s in value]
            if not sources:
                what = "secret" if kind == "secrets" else "config"
                problems.add(
                    f"{what} {key!r} must declare either `file` or `environment`"
                    + (" or `content`" if kind == "configs" else ""),
                    (kind, key),
                )
    for key, value in (spec.get("volumes") or {}).items():
        if isinstance(value, dict) and value.get("external"):
            for bad in ("driver", "driver_opts", "labels"):
                if bad in value:
                    problems.add(
                        f'conflicting parameters "external" and "{bad}" specified',
                        ("volumes", key, bad),
                        f"an external volume is made outside the project: remove `{bad}`",
                        key=True,
                    )
    for key, value in (spec.get("networks") or {}).items():
        if isinstance(value, dict) and value.get("external"):
            ignored = [k for k in ("driver", "driver_opts", "labels") if k in value]
            if value.get("ipam"):
                ignored.append("ipam")
            if ignored:
                problems.warn(
                    f"network {key!r} is external: {', '.join(ignored)} ignored",
                    ("networks", key, ignored[0]),
                )


@dataclass(frozen=True)
class _Scope:
    """The service names: in order (for suggestions), and as sets, so that checking the
    references of 1,000 services is not quadratic."""

    names: list[str]
    known: frozenset[str]
    active: frozenset[str]


def _service(
    name: str, svc: dict[str, Any], spec: dict[str, Any], scope: _Scope, problems: Problems
) -> None:
    at = ("services", name)
    names, known, active = scope.names, scope.known, scope.active
    for field in _self_references(name, svc):
        problems.add(
            f"dependency cycle detected: {name} -> {name}",
            (*at, field),
            f"a service cannot depend on itself ({field})",
            key=True,
        )
    for dep, value in (svc.get("depends_on") or {}).items():
        required = not isinstance(value, dict) or value.get("required", True) is not False
        if dep in known and dep not in active and required:
            profiles = ", ".join((spec["services"][dep] or {}).get("profiles") or [])
            problems.add(
                f"service {name!r} depends on service {dep!r}, which is disabled by its profiles",
                (*at, "depends_on", dep),
                f"enable one of its profiles ({profiles}) with --profile, "
                "or mark the dependency `required: false`",
                key=True,
            )
        elif dep not in known:
            problems.add(
                f"service {name!r} depends on undefined service {dep!r}",
                (*at, "depends_on", dep),
                _suggest(dep, names) or "define that service, or remove the dependency",
                key=True,
            )
    for i, link in enumerate(svc.get("links") or []):
        target = str(link).split(":", 1)[0]
        if target not in known:
            problems.add(
                f"service {name!r} links to undefined service {target!r}",
                (*at, "links", i),
                _suggest(target, names),
            )
    for i, entry in enumerate(svc.get("volumes_from") or []):
        text = str(entry)
        if text.startswith("container:"):
            continue
        target = text.split(":", 1)[0]
        if target not in known:
            problems.add(
                f"service {name!r} uses volumes from undefined service {target!r}",
                (*at, "volumes_from", i),
                _suggest(target, names) or "use container:NAME for a container outside the project",
            )
    for key in ("network_mode", "ipc", "pid"):
        mode = svc.get(key)
        if isinstance(mode, str) and mode.startswith("service:"):
            target = mode.split(":", 1)[1]
            if target not in known:
                problems.add(
                    f"service {name!r} {key} refers to undefined service {target!r}",
                    (*at, key),
                    _suggest(target, names),
                )
    networks = svc.get("networks") or {}
    if "network_mode" in svc and "networks" in svc and networks:
        problems.add(
            f"service {name!r} declares mutually exclusive `network_mode` and `networks`",
            (*at, "network_mode"),
            "remove one of them",
            key=True,
        )
    defined_networks = list(spec.get("networks") or {})
    for network in networks:
        if network not in defined_networks:
            problems.add(
                f"service {name!r} refers to undefined network {network!r}",
                (*at, "networks", network),
                _suggest(network, defined_networks)
                or f"declare it under the top-level `networks:` ({network}: {{}})",
                key=True,
            )
    defined_volumes = list(spec.get("volumes") or {})
    for i, volume in enumerate(svc.get("volumes") or []):
        if not isinstance(volume, dict) or volume.get("type") != "volume":
            continue
        source = volume.get("source")
        if source and source not in defined_volumes:
            problems.add(
                f"service {name!r} refers to undefined volume {source!r}",
                (*at, "volumes", i),
                _suggest(source, defined_volumes)
                or f"declare it under the top-level `volumes:` ({source}: {{}})",
            )
    for kind in ("secrets", "configs"):
        defined = list(spec.get(kind) or {})
        for i, ref in enumerate(svc.get(kind) or []):
            source = ref.get("source") if isinstance(ref, dict) else ref
            what = "secret" if kind == "secrets" else "config"
            if source is None:
                problems.add(
                    f"a {what} needs a `source`", (*at, kind, i), f"name a top-level {what}"
                )
            elif source not in defined:
                problems.add(
                    f"service {name!r} refers to undefined {what} {source!r}",
                    (*at, kind, i),
                    _suggest(str(source), defined)
                    or f"declare it under the top-level `{kind}:` ({source}: {{file: ...}})",
                )
    deploy = svc.get("deploy")
    declared = deploy.get("replicas") if isinstance(deploy, dict) else None
    scale = svc.get("scale")
    if isinstance(declared, int) and isinstance(scale, int) and declared != scale:
        problems.add(
            f"service {name!r} sets different values on `scale` ({scale}) and "
            f"`deploy.replicas` ({declared})",
            (*at, "scale"),
            "keep only deploy.replicas",
            key=True,
        )
    replicas = _replicas(svc)
    if svc.get("container_name") and replicas is not None and replicas > 1:
        problems.add(
            f"service {name!r} has container_name {svc['container_name']!r} and "
            f"{replicas} replicas",
            (*at, "container_name"),
            "a container name must be unique: remove container_name or use one replica",
        )
    if not svc.get("image") and not svc.get("build") and not svc.get("provider"):
        problems.add(
            f"service {name!r} has neither an image nor a build context specified",
            at,
            "add `image:` or `build:`",
            key=True,
        )
    build = svc.get("build")
    platform = svc.get("platform")
    platforms = build.get("platforms") if isinstance(build, dict) else None
    if platform and platforms and platform not in platforms:
        problems.add(
            f'service.build.platforms MUST include service.platform "{platform}"',
            (*at, "platform"),
            "add the platform to build.platforms, or change `platform:`",
        )


def _self_references(name: str, svc: dict[str, Any]) -> list[str]:
    """The fields through which a service names itself as a dependency."""
    found: list[str] = []
    if name in (svc.get("depends_on") or {}):
        found.append("depends_on")
    if any(str(link).split(":", 1)[0] == name for link in svc.get("links") or []):
        found.append("links")
    if any(str(v).split(":", 1)[0] == name for v in svc.get("volumes_from") or []):
        found.append("volumes_from")
    found.extend(k for k in ("network_mode", "ipc", "pid") if svc.get(k) == f"service:{name}")
    return found


def _replicas(svc: dict[str, Any]) -> int | None:
    deploy = svc.get("deploy")
    if isinstance(deploy, dict) and isinstance(deploy.get("replicas"), int):
        return int(deploy["replicas"])
    scale = svc.get("scale")
    return int(scale) if isinstance(scale, int) else None


def _build_references(
    name: str, svc: dict[str, Any], spec: dict[str, Any], problems: Problems
) -> None:
    """Build secrets, models and `service:` build contexts name something that exists."""
    at = ("services", name)
    services: dict[str, Any] = spec.get("services") or {}
    build = svc.get("build")
    if isinstance(build, dict):
        defined = list(spec.get("secrets") or {})
        for i, ref in enumerate(build.get("secrets") or []):
            source = ref.get("source") if isinstance(ref, dict) else ref
            if source not in defined:
                problems.add(
                    f"service {name!r} refers to undefined build secret {source!r}",
                    (*at, "build", "secrets", i),
                    _suggest(str(source), defined)
                    or f"declare it under the top-level `secrets:` ({source}: {{file: ...}})",
                )
        contexts = build.get("additional_contexts")
        for key, value in contexts.items() if isinstance(contexts, dict) else ():
            if not isinstance(value, str) or not value.startswith("service:"):
                continue
            target = value.removeprefix("service:")
            other = services.get(target)
            where = (*at, "build", "additional_contexts", key)
            if other is None:
                problems.add(
                    f"service {name!r} declares unknown service {target!r} as additional "
                    f"context {key!r}",
                    where,
                    _suggest(target, list(services))
                    or "name a service of this project after service:",
                )
            elif not isinstance(other, dict) or not other.get("build"):
                problems.add(
                    f"service {name!r} declares non-buildable service {target!r} as additional "
                    f"context {key!r}",
                    where,
                    f"give {target!r} a `build:` section, or use an image: docker-image://IMAGE",
                )
    models = svc.get("models")
    defined_models = list(spec.get("models") or {})
    for model in models if isinstance(models, dict | list) else ():
        if model not in defined_models:
            problems.add(
                f"service {name!r} refers to undefined model {model!r}",
                (*at, "models", model) if isinstance(models, dict) else (*at, "models"),
                _suggest(str(model), defined_models)
                or f"declare it under the top-level `models:` ({model}: {{model: ...}})",
                key=isinstance(models, dict),
            )


def _container_names(spec: dict[str, Any], active: tuple[str, ...], problems: Problems) -> None:
    """Two services cannot name their containers alike."""
    services: dict[str, Any] = spec.get("services") or {}
    owners: dict[str, str] = {}
    for name in active:
        svc = services.get(name)
        container = svc.get("container_name") if isinstance(svc, dict) else None
        if not isinstance(container, str) or not container:
            continue
        if container in owners:
            problems.add(
                f"container name {container!r} is already used by service {owners[container]!r}",
                ("services", name, "container_name"),
                "container names are unique on the engine: give each service its own",
            )
        else:
            owners[container] = name
