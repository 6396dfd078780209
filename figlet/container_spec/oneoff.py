"""A one-off container (`figlet run`): a service's create body with the run's overrides (pure).

As Compose v2: labelled `com.docker.compose.oneoff=True` with a random `slug` and no container
number, named `<project>-<service>-run-<12 hex>`, no published ports unless asked
(`--service-ports`, `-p`), no restart policy, no network aliases (the service's name must keep
resolving to the service's own containers).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from figlet import labels as L
from figlet.engine.values.containers import ContainerRequest
from figlet.errors import FigletError, Problem

SLUG = "com.docker.compose.slug"


@dataclass(frozen=True)
class OneOff:
    """What `figlet run` changes in the service's container."""

    command: tuple[str, ...] = ()  # empty: the service's command
    entrypoint: str | None = None  # a shell-like string, "" to clear the image's
    environment: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    workdir: str | None = None
    user: str | None = None
    volumes: tuple[str, ...] = ()  # "SOURCE:TARGET[:MODE]"
    publish: tuple[str, ...] = ()  # "[IP:][HOST:]CONTAINER[/PROTO]"
    service_ports: bool = False
    tty: bool = False
    stdin: bool = True
    detach: bool = False


def oneoff_name(project: str, service: str, slug: str) -> str:
    """Compose v2's name of a run container: `<project>-<service>-run-<slug[:12]>`."""
    return f"{project}-{service}-run-{slug[:12]}"


def oneoff_request(
    base: ContainerRequest, oneoff: OneOff, *, slug: str, working_dir: str
) -> ContainerRequest:
    """`base` (the service's create body, `container_request`) made a one-off container;
    relative bind sources of `oneoff.volumes` are taken from `working_dir`."""
    body: dict[str, Any] = dict(base.body)
    labels = {k: v for k, v in (body.get("Labels") or {}).items() if k != L.CONTAINER_NUMBER}
    labels.update({L.ONEOFF: "True", SLUG: slug, **oneoff.labels})
    body["Labels"] = labels
    if oneoff.entrypoint is not None:
        body["Entrypoint"] = shlex.split(oneoff.entrypoint)
        body.pop("Cmd", None)
    if oneoff.command:
        body["Cmd"] = list(oneoff.command)
    if oneoff.environment:
        given = set(oneoff.environment)
        kept = [item for item in body.get("Env") or () if item.partition("=")[0] not in given]
        body["Env"] = kept + [f"{key}={value}" for key, value in oneoff.environment.items()]
    if oneoff.workdir:
        body["WorkingDir"] = oneoff.workdir
    if oneoff.user:
        body["User"] = oneoff.user
    attached = not oneoff.detach
    body.update(
        Tty=oneoff.tty,
        OpenStdin=oneoff.stdin and attached,
        StdinOnce=oneoff.stdin and attached,
        AttachStdin=oneoff.stdin and attached,
        AttachStdout=attached,
        AttachStderr=attached,
    )
    body["HostConfig"] = _host_config(body.get("HostConfig") or {}, oneoff, working_dir)
    exposed = dict(body.get("ExposedPorts") or {})
    for key in body["HostConfig"].get("PortBindings") or {}:
        exposed.setdefault(key, {})
    if exposed:
        body["ExposedPorts"] = exposed
    networking = body.get("NetworkingConfig")
    if networking:
        endpoints = networking.get("EndpointsConfig") or {}
        body["NetworkingConfig"] = {"EndpointsConfig": _no_aliases(endpoints)}
    return replace(base, body=body, extra_networks=_no_aliases(base.extra_networks))


def check_oneoff(publish: tuple[str, ...], volumes: tuple[str, ...]) -> None:
    """Raise the usage error of a bad `-p` or `-v` before anything changes."""
    for spec in publish:
        parse_publish(spec)
    for spec in volumes:
        _bind(spec, "/")


def _host_config(config: Mapping[str, Any], oneoff: OneOff, working_dir: str) -> dict[str, Any]:
    result = {k: v for k, v in config.items() if k != "RestartPolicy"}
    if not oneoff.service_ports:
        result.pop("PortBindings", None)
    if oneoff.publish:
        bindings = dict(result.get("PortBindings") or {})
        for spec in oneoff.publish:
            key, binding = parse_publish(spec)
            bindings.setdefault(key, []).append(binding)
        result["PortBindings"] = bindings
    if oneoff.volumes:
        result["Binds"] = [
            *(result.get("Binds") or ()),
            *(_bind(v, working_dir) for v in oneoff.volumes),
        ]
    return result


def parse_publish(spec: str) -> tuple[str, dict[str, str]]:
    """ "[IP:][HOST:]CONTAINER[/PROTO]" -> ("CONTAINER/PROTO", {"HostIp", "HostPort"})."""
    ports, _, protocol = spec.partition("/")
    parts = ports.rsplit(":", 2)
    host_ip, host_port = "", ""
    if len(parts) == 3:
        host_ip, host_port, container = parts
    elif len(parts) == 2:
        host_port, container = parts
    else:
        container = parts[0]
    if not container.isdigit() or (host_port and not host_port.replace("-", "").isdigit()):
        raise FigletError(
            Problem(
                f'-p "{spec}": expected [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]',
                hint="e.g. -p 8080:80 or -p 127.0.0.1:8080:80/tcp",
            ),
            exit_code=2,
        )
    return f"{container}/{protocol or 'tcp'}", {
        "HostIp": host_ip.strip("[]"),
        "HostPort": host_port,
    }


def _bind(spec: str, working_dir: str) -> str:
    """`-v SOURCE:TARGET[:MODE]`: a relative or ~ source is a host path made absolute; a bare
    name is a volume, as `docker run -v` takes it."""
    source, sep, rest = spec.partition(":")
    if not sep or not rest:
        raise FigletError(
            Problem(f'-v "{spec}": expected SOURCE:TARGET[:MODE]', hint="e.g. -v ./data:/data"),
            exit_code=2,
        )
    if source.startswith(("~", ".")):
        source = os.path.normpath(os.path.join(working_dir, os.path.expanduser(source)))
    return f"{source}:{rest}"


def _no_aliases(endpoints: Mapping[str, Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {
        network: {k: v for k, v in endpoint.items() if k != "Aliases"}
        for network, endpoint in endpoints.items()
    }
