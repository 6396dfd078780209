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
from typing import Any

from figlet.errors import FigletError, LoadWarning, Problem
from figlet.loader._problems import Problems
from figlet.model import Dependency, Project, Service
from figlet.swarm import _spec_deploy as _deploy
from figlet.swarm._spec_checks import check_service
from figlet.swarm._spec_container import container_spec
from figlet.swarm._spec_labels import NAMESPACE, SPEC_HASH, STACK_IMAGE
from figlet.swarm._spec_mounts import file_references, mounts
from figlet.swarm._spec_networks import attachments, link_aliases, network_spec
from figlet.swarm._spec_objects import KINDS, ObjectKind, object_spec

__all__ = [
    "NAMESPACE",
    "SPEC_HASH",
    "STACK_IMAGE",
    "ObjectKind",
    "Stack",
    "SwarmNetwork",
    "SwarmObject",
    "SwarmService",
    "read_contents",
    "spec_hash",
    "stack_of",
]


@dataclass(frozen=True)
class SwarmService:
    """One service of the stack. `spec` is the body of `POST /services/create` (a ServiceSpec)
    and carries SPEC_HASH = `spec_hash` in its Labels."""

    key: str  # the service's name in the file
    name: str  # the Swarm service name, "<project>_<key>"
    spec: Mapping[str, Any]
    spec_hash: str
    depends_on: tuple[Dependency, ...] = ()
    replicas: int | None = 1  # None: `deploy.mode: global` (or global-job)
    mode: str = "replicated"  # deploy.mode: replicated, global, replicated-job, global-job


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
    """The contents of the project's secrets and configs, by (kind, key): `file:` read,
    `environment:` looked up in the project's environment (process over .env), `content:` as
    written. A missing file or an unset variable is a located ConfigError."""
    from figlet.swarm._spec_objects import read_contents as read

    return read(project)


def stack_of(
    project: Project, contents: Mapping[tuple[ObjectKind, str], bytes] | None = None
) -> Stack:
    """The stack of `project` (pure): every service, network, secret and config as the body
    `docker stack deploy` would send for it (`docs/SWARM.md` maps each key), plus the links
    kept as network aliases; with the problems that make it undeployable and the warnings
    for what a swarm ignores, located in the files. `contents` (from `read_contents`) fill the
    secrets' and configs' Data; without them the bodies carry none and `digest` is ""."""
    notes = Problems(sources=list(project.sources))
    networks = tuple(
        SwarmNetwork(
            key=key,
            name=network.name,
            spec=network_spec(project, network, notes),
            external=network.external,
        )
        for key, network in project.networks.items()
    )
    linked = link_aliases(project, notes)
    services = tuple(
        _service(project, service, linked, notes) for service in project.services.values()
    )
    secrets, configs = (
        tuple(
            _object(project, kind, key, definition, contents, notes)
            for key, definition in (project.spec.get(section) or {}).items()
        )
        for kind, section in KINDS
    )
    return Stack(
        namespace=project.name,
        services=services,
        networks=networks,
        secrets=secrets,
        configs=configs,
        problems=tuple(notes.items),
        warnings=tuple(notes.warnings),
    )


def _object(
    project: Project,
    kind: ObjectKind,
    key: str,
    definition: Mapping[str, Any],
    contents: Mapping[tuple[ObjectKind, str], bytes] | None,
    notes: Problems,
) -> SwarmObject:
    body, digest = object_spec(project, kind, key, definition, contents, notes)
    return SwarmObject(
        kind=kind,
        key=key,
        name=str(body["Name"]),
        spec=body,
        digest=digest,
        external=definition.get("external") is True,
    )


def _service(
    project: Project,
    service: Service,
    linked: Mapping[tuple[str, str], list[str]],
    notes: Problems,
) -> SwarmService:
    check_service(service, notes)
    name = f"{project.name}_{service.name}"
    image = str(service.image or "")
    try:
        spec = _service_spec(project, service, name, image, linked, notes)
    except FigletError as error:  # a value the loader let through and a swarm cannot read
        for problem in error.problems:
            notes.add(problem.message, ("services", service.name), problem.hint)
        spec = {"Name": name, "Labels": {NAMESPACE: project.name, STACK_IMAGE: image}}
    mode_name = str(spec.pop("_mode", "replicated"))
    digest = spec_hash(spec)
    spec["Labels"][SPEC_HASH] = digest
    return SwarmService(
        key=service.name,
        name=name,
        spec=spec,
        spec_hash=digest,
        depends_on=service.depends_on,
        replicas=None if mode_name in ("global", "global-job") else service.replicas,
        mode=mode_name,
    )


def _service_spec(
    project: Project,
    service: Service,
    name: str,
    image: str,
    linked: Mapping[tuple[str, str], list[str]],
    notes: Problems,
) -> dict[str, Any]:
    container = container_spec(project, service, image)
    for api_key, value in (
        ("Mounts", mounts(project, service, notes)),
        ("Secrets", file_references(project, service, "secrets")),
        ("Configs", file_references(project, service, "configs")),
    ):
        if value:
            container[api_key] = value
    task: dict[str, Any] = {"ContainerSpec": container}
    for api_key, part in (
        ("Resources", _deploy.resources(service)),
        ("RestartPolicy", _deploy.restart_policy(service)),
        ("Placement", _deploy.placement(service)),
        ("Networks", attachments(project, service, linked, notes)),
        ("LogDriver", _deploy.log_driver(service)),
    ):
        if part:
            task[api_key] = part
    deploy = service.spec.get("deploy") or {}
    labels = {str(k): str(v) for k, v in (deploy.get("labels") or {}).items()}
    mode_name, mode = _deploy.mode(service)
    spec: dict[str, Any] = {
        "Name": name,
        "Labels": {**labels, NAMESPACE: project.name, STACK_IMAGE: image},
        "TaskTemplate": task,
        "Mode": mode,
    }
    for api_key, key in (("UpdateConfig", "update_config"), ("RollbackConfig", "rollback_config")):
        config = _deploy.update_config(service, key)
        if config is not None:
            spec[api_key] = config
    spec["EndpointSpec"] = _deploy.endpoint_spec(service, notes)
    spec["_mode"] = mode_name
    return spec
