"""Checks of one service against itself, and of top-level resources: settings that contradict
each other, or values Docker Compose v2 refuses after the schema has passed them.

Each rule here is one Compose v2 (compose-go v2.9.1) refuses too; the messages say what to do.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from figlet.loader._problems import PathKey, Problems
from figlet.units import parse_bytes

# `service.<key>` and the `deploy.resources` entry that must agree with it when both are set.
_RESOURCE_PAIRS = (
    ("cpus", "limits", "cpus"),
    ("mem_limit", "limits", "memory"),
    ("mem_reservation", "reservations", "memory"),
    ("pids_limit", "limits", "pids"),
)
_WATCH_WITHOUT_TARGET = frozenset(("rebuild", "restart"))
_HEALTHCHECK_WORDS = ("CMD", "CMD-SHELL", "NONE")
PORT_PROTOCOLS = frozenset(("tcp", "udp", "sctp"))
_RESTART = re.compile(r"^(no|always|unless-stopped|on-failure(:[0-9]+)?)$")


def check_service_consistency(name: str, svc: dict[str, Any], problems: Problems) -> None:
    """Add a problem for each contradiction inside service `name`."""
    at: PathKey = ("services", name)
    build = svc.get("build")
    if isinstance(build, dict) and "dockerfile_inline" in build and "dockerfile" in build:
        problems.add(
            f"service {name!r} declares mutually exclusive `dockerfile` and `dockerfile_inline`",
            (*at, "build", "dockerfile_inline"),
            "keep one of them",
            key=True,
        )
    _healthcheck(svc, at, problems)
    for key in ("scale",):
        value = svc.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            problems.add(
                f"must be greater than or equal to 0, not {value}",
                (*at, key),
                "0 declares the service without starting a container",
            )
    deploy = svc.get("deploy")
    if isinstance(deploy, dict):
        replicas = deploy.get("replicas")
        if isinstance(replicas, int) and not isinstance(replicas, bool) and replicas < 0:
            problems.add(
                f"must be greater than or equal to 0, not {replicas}",
                (*at, "deploy", "replicas"),
                "0 declares the service without starting a container",
            )
        _resources(name, svc, deploy, at, problems)
    restart = svc.get("restart")
    if isinstance(restart, str) and not _RESTART.match(restart):
        problems.warn(
            f"restart {restart!r} is not a policy the engine knows (no, always, "
            "on-failure[:N], unless-stopped): creating the container will fail",
            (*at, "restart"),
        )
    _watch(svc, at, problems)
    _mount_targets(svc, at, problems)
    _device_requests(svc, at, problems)
    _ports(svc, at, problems)


def _healthcheck(svc: dict[str, Any], at: PathKey, problems: Problems) -> None:
    health = svc.get("healthcheck")
    test = health.get("test") if isinstance(health, dict) else None
    if isinstance(test, list) and test and test[0] not in _HEALTHCHECK_WORDS:
        problems.add(
            f"healthcheck.test must start with CMD, CMD-SHELL or NONE, not {str(test[0])!r}",
            (*at, "healthcheck", "test", 0),
            f'e.g. ["CMD", {", ".join(repr(str(t)) for t in test[:2])}] runs it without a shell',
        )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _resources(
    name: str, svc: dict[str, Any], deploy: dict[str, Any], at: PathKey, problems: Problems
) -> None:
    resources = deploy.get("resources")
    if not isinstance(resources, dict):
        return
    for key, section, field in _RESOURCE_PAIRS:
        value = svc.get(key)
        block = resources.get(section)
        if value in (None, 0, "0") or not isinstance(block, dict):
            continue
        other = block.get(field)
        if field == "memory" or key == "mem_limit":
            same = parse_bytes(value) == (parse_bytes(other) if other is not None else 0)
        else:
            mine, theirs = _number(value), _number(other) if other is not None else 0.0
            same = mine is not None and theirs is not None and abs(mine - theirs) < 1e-6
        if not same:
            shown = "not set" if other is None else repr(other)
            problems.add(
                f"service {name!r} sets different values on `{key}` ({value!r}) and "
                f"`deploy.resources.{section}.{field}` ({shown})",
                (*at, key),
                f"keep only deploy.resources.{section}.{field}, or give both the same value",
                key=True,
            )


def _watch(svc: dict[str, Any], at: PathKey, problems: Problems) -> None:
    develop = svc.get("develop")
    watch = develop.get("watch") if isinstance(develop, dict) else None
    if not isinstance(watch, list):
        return
    for i, rule in enumerate(watch):
        if not isinstance(rule, dict):
            continue
        where = (*at, "develop", "watch", i)
        if not rule.get("target") and rule.get("action") not in _WATCH_WITHOUT_TARGET:
            problems.add(
                f"develop.watch action {rule.get('action')!r} needs a `target`",
                where,
                "add `target:` (the path in the container), or use action rebuild or restart",
            )


def _mount_targets(svc: dict[str, Any], at: PathKey, problems: Problems) -> None:
    """Two mounts on one path in the container: tmpfs entries, then volumes, in order."""
    mounted: dict[str, str] = {}
    tmpfs = svc.get("tmpfs")
    entries: list[tuple[PathKey, Any]] = []
    if isinstance(tmpfs, list):
        entries += [((*at, "tmpfs", i), str(t).split(":", 1)[0]) for i, t in enumerate(tmpfs)]
    volumes = svc.get("volumes")
    if isinstance(volumes, list):
        entries += [
            ((*at, "volumes", i), v.get("target"))
            for i, v in enumerate(volumes)
            if isinstance(v, dict)
        ]
    for where, target in entries:
        if not isinstance(target, str) or not target:
            continue
        shown = f"{where[2]}[{where[3]}]"
        if target in mounted:
            problems.add(
                f"target {target} is already mounted by {mounted[target]}",
                where,
                "mount each path in the container once",
            )
        else:
            mounted[target] = shown


def _device_requests(svc: dict[str, Any], at: PathKey, problems: Problems) -> None:
    found: list[tuple[PathKey, Any]] = []
    gpus = svc.get("gpus")
    if isinstance(gpus, list):
        found += [((*at, "gpus", i), g) for i, g in enumerate(gpus)]
    deploy = svc.get("deploy")
    resources = deploy.get("resources") if isinstance(deploy, dict) else None
    reservations = resources.get("reservations") if isinstance(resources, dict) else None
    devices = reservations.get("devices") if isinstance(reservations, dict) else None
    if isinstance(devices, list):
        where: PathKey = (*at, "deploy", "resources", "reservations", "devices")
        found += [((*where, i), d) for i, d in enumerate(devices)]
    for where, request in found:
        if isinstance(request, dict) and "count" in request and request.get("device_ids"):
            problems.add(
                "`count` and `device_ids` are mutually exclusive",
                where,
                "ask for a number of devices or for given devices, not both",
            )


def _ports(svc: dict[str, Any], at: PathKey, problems: Problems) -> None:
    ports = svc.get("ports")
    if not isinstance(ports, list):
        return
    for i, port in enumerate(ports):
        if not isinstance(port, dict):
            continue
        host_ip = port.get("host_ip")
        if isinstance(host_ip, str) and not valid_ip(host_ip):
            problems.add(
                f"invalid IP address {host_ip!r}",
                (*at, "ports", i),
                'host_ip must be an IPv4 or IPv6 address, e.g. "127.0.0.1"',
            )


def valid_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def check_resources(spec: dict[str, Any], problems: Problems) -> None:
    """Top-level secrets and configs: one source each."""
    for kind, sources in (
        ("secrets", ("file", "environment")),
        ("configs", ("file", "environment", "content")),
    ):
        for key, value in (spec.get(kind) or {}).items():
            if not isinstance(value, dict):
                continue
            given = [s for s in sources if s in value]
            if len(given) > 1:
                problems.add(
                    f"{' and '.join(f'`{s}`' for s in given)} are mutually exclusive",
                    (kind, key, given[1]),
                    f"a {kind[:-1]} takes its content from one of {', '.join(sources)}",
                    key=True,
                )
