"""Checks beyond the schema: references between services and resources, and conflicts."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

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
    for kind in ("volumes", "networks"):
        for key, value in (spec.get(kind) or {}).items():
            if isinstance(value, dict) and value.get("external"):
                for bad in ("driver", "driver_opts", "ipam", "labels"):
                    if bad in value and not (bad == "ipam" and value[bad] == {}):
                        problems.add(
                            f'conflicting parameters "external" and "{bad}" specified',
                            (kind, key, bad),
                            key=True,
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
        elif dep not in known and required:
            problems.add(
                f"service {name!r} depends on undefined service {dep!r}",
                (*at, "depends_on", dep),
                _suggest(dep, names),
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
            if source not in defined:
                what = "secret" if kind == "secrets" else "config"
                problems.add(
                    f"service {name!r} refers to undefined {what} {source!r}",
                    (*at, kind, i),
                    _suggest(str(source), defined),
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
