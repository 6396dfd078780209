"""What a project asks of a swarm: its stack's services, networks, secrets and configs, each as
the engine's own create body (Docker Engine API 1.41), computed without I/O.

Names and labels follow `docker stack deploy`, so that `docker stack ps` / `docker service ls`
see a figlet deployment and figlet sees a stack's: every object is named `<project>_<key>`
(unless the file gives a `name:`) and labelled `com.docker.stack.namespace=<project>`.

The contents of `file:` / `environment:` secrets and configs are read before planning
(`read_contents`, the one function here that does I/O) and handed to `stack_of`, so that the
planner stays pure.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from figlet.errors import LoadWarning, Problem
from figlet.model import Dependency, Project, Service

NAMESPACE = "com.docker.stack.namespace"  # the stack (= project) an object belongs to
STACK_IMAGE = "com.docker.stack.image"  # the image as written in the file
SPEC_HASH = "io.figlet.swarm.spec-hash"  # figlet's own: sha256 of the service spec it sent

ObjectKind = Literal["secret", "config"]


@dataclass(frozen=True)
class SwarmService:
    """One service of the stack. `spec` is the body of `POST /services/create` (a ServiceSpec)
    and carries SPEC_HASH = `spec_hash` in its Labels."""

    key: str  # the service's name in the file
    name: str  # the Swarm service name, "<project>_<key>"
    spec: Mapping[str, Any]
    spec_hash: str
    depends_on: tuple[Dependency, ...] = ()
    replicas: int | None = 1  # None: `deploy.mode: global`


@dataclass(frozen=True)
class SwarmNetwork:
    """A network of the stack; `spec` is the body of `POST /networks/create` (overlay)."""

    key: str
    name: str
    spec: Mapping[str, Any]
    external: bool = False


@dataclass(frozen=True)
class SwarmObject:
    """A secret or a config; `spec` is the body of `POST /secrets/create` or
    `POST /configs/create` (Data base64). `digest`: sha256 of the contents."""

    kind: ObjectKind
    key: str
    name: str
    spec: Mapping[str, Any]
    digest: str = ""
    external: bool = False


@dataclass(frozen=True)
class Stack:
    """Everything the project asks of the swarm. `problems`: what makes it undeployable (a
    `build:` without an `image:`, ...), located; `warnings`: keys a swarm cannot apply."""

    namespace: str
    services: tuple[SwarmService, ...] = ()
    networks: tuple[SwarmNetwork, ...] = ()
    secrets: tuple[SwarmObject, ...] = ()
    configs: tuple[SwarmObject, ...] = ()
    problems: tuple[Problem, ...] = ()
    warnings: tuple[LoadWarning, ...] = ()


def spec_hash(spec: Mapping[str, Any]) -> str:
    """sha256 of a spec's canonical JSON (sorted keys, no spaces), SPEC_HASH label left out."""
    labels = {k: v for k, v in dict(spec.get("Labels") or {}).items() if k != SPEC_HASH}
    body = {**spec, "Labels": labels}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def read_contents(project: Project) -> Mapping[tuple[ObjectKind, str], bytes]:
    """The contents of the project's secrets and configs, by (kind, key). (Minimal for now.)"""
    return {}


def stack_of(
    project: Project, contents: Mapping[tuple[ObjectKind, str], bytes] | None = None
) -> Stack:
    """The stack of `project` (pure). Minimal for now: image, command, environment, replicas or
    global mode, networks with the service's name as alias."""
    networks = tuple(
        SwarmNetwork(
            key=key,
            name=network.name,
            spec={
                "Name": network.name,
                "Driver": network.driver or "overlay",
                "Attachable": True,
                "Labels": {NAMESPACE: project.name},
            },
            external=network.external,
        )
        for key, network in project.networks.items()
    )
    services = tuple(_service(project, service) for service in project.services.values())
    return Stack(namespace=project.name, services=services, networks=networks)


def _service(project: Project, service: Service) -> SwarmService:
    name = f"{project.name}_{service.name}"
    image = str(service.image or "")
    container: dict[str, Any] = {"Image": image, "Labels": {NAMESPACE: project.name}}
    command = service.spec.get("command")
    if command:
        container["Args"] = list(command)
    environment = service.spec.get("environment") or {}
    if environment:
        container["Env"] = [f"{k}={v}" for k, v in environment.items() if v is not None]
    mode = str((service.spec.get("deploy") or {}).get("mode") or "replicated")
    replicas: int | None = None if mode == "global" else service.replicas
    spec: dict[str, Any] = {
        "Name": name,
        "Labels": {NAMESPACE: project.name, STACK_IMAGE: image},
        "TaskTemplate": {
            "ContainerSpec": container,
            "Networks": [
                {"Target": project.networks[attached.network].name, "Aliases": [service.name]}
                for attached in service.networks
            ],
        },
        "Mode": {"Global": {}} if replicas is None else {"Replicated": {"Replicas": replicas}},
    }
    digest = spec_hash(spec)
    spec["Labels"][SPEC_HASH] = digest
    return SwarmService(
        key=service.name,
        name=name,
        spec=spec,
        spec_hash=digest,
        depends_on=service.depends_on,
        replicas=replicas,
    )
