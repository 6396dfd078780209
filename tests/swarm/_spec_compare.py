"""Deploy one compose file twice, by `docker stack deploy` and by `figlet deploy` (its
planner and executor through the Engine API), and read back what the swarm holds, normalised
so that the two can be compared field by field."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from conftest import docker

from figlet.api import deploy, swarm_stack
from figlet.engine._http import HttpTransport, parse_host
from figlet.engine.docker_engine import DockerEngine
from figlet.loader import load_project
from figlet.model import Project
from figlet.options import LoadOptions
from figlet.swarm.stack import NAMESPACE, Stack

FIGLET_LABELS = "io.figlet.swarm."


def transport() -> HttpTransport:
    address = parse_host(os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock")
    assert address is not None
    return HttpTransport(address, api_version="1.41", timeout=60)


def load(path: Path, name: str, environ: dict[str, str] | None = None) -> Project:
    return load_project(
        LoadOptions(
            files=(str(path),),
            project_name=name,
            working_dir=str(path.parent),
            environ={**os.environ, **(environ or {})},
        )
    )


def deploy_reference(path: Path, name: str) -> None:
    """`docker stack deploy` of the file (no registry here: images are not resolved)."""
    docker("stack", "deploy", "--resolve-image", "never", "-c", str(path), name)


def deploy_figlet(project: Project) -> Stack:
    """The project deployed by figlet's own `deploy` (stack mapping, planner, executor on the
    Docker engine), without waiting for the tasks; the stack it deployed is returned."""
    stack = swarm_stack(project)
    assert not stack.problems, [p.render() for p in stack.problems]
    result = deploy(project, DockerEngine.from_env())
    assert result.outcome is not None and result.outcome.ok
    return stack


def inspected(name: str) -> dict[str, Any]:
    """The spec the swarm holds for service `name`."""
    spec: dict[str, Any] = transport().call("GET", f"/services/{name}")["Spec"]
    return spec


def remove_services(namespace: str) -> None:
    """Remove the services of a stack (its ingress ports are free again for the next)."""
    services = docker(
        "service", "ls", "-q", "--filter", f"label=com.docker.stack.namespace={namespace}"
    ).split()
    if services:
        docker("service", "rm", *services)


def remove_objects(namespace: str) -> None:
    """Remove the secrets and configs of a stack whose services are gone (those with an
    explicit `name:` would otherwise be found outside figlet's stack)."""
    for kind in ("secret", "config"):
        found = docker(kind, "ls", "-q", "--filter", f"label={NAMESPACE}={namespace}").split()
        if found:
            docker(kind, "rm", *found)


def network_names() -> dict[str, str]:
    return {
        line.split()[0]: line.split()[1]
        for line in docker("network", "ls", "--no-trunc", "--format", "{{.ID}} {{.Name}}")
        .strip()
        .splitlines()
    }


def normalized(spec: dict[str, Any], namespace: str) -> Any:
    """`spec` with the namespace written NS, network ids as names, object ids, figlet's own
    labels (`io.figlet.swarm.*`), and empty or all-default parts (`Privileges` of nulls, `{}`)
    left out; networks, secret and config references in one order (stack deploy lists them
    from a map: in any order from one run to the next)."""
    names = network_names()
    spec = copy.deepcopy(spec)
    for label in [k for k in spec.get("Labels", {}) if k.startswith(FIGLET_LABELS)]:
        del spec["Labels"][label]  # the hash and the spec figlet sent, for its planner
    task = spec.get("TaskTemplate", {})
    for network in task.get("Networks", []):
        network["Target"] = names.get(network["Target"], network["Target"])
    container = task.get("ContainerSpec", {})
    for ref in container.get("Secrets", []):
        ref.pop("SecretID", None)
    for ref in container.get("Configs", []):
        ref.pop("ConfigID", None)
    privileges = container.get("Privileges") or {}
    if not any(privileges.values()):
        container.pop("Privileges", None)
    spec = _pruned(_renamed(spec, namespace))
    task = spec.get("TaskTemplate", {})
    for part, key in ((task, "Networks"), *((task.get("ContainerSpec", {}), k) for k in _SETS)):
        if key in part:  # sets to the swarm, which stack deploy lists in any order
            part[key] = sorted(part[key], key=repr)
    return spec


_SETS = ("Secrets", "Configs")


def _renamed(value: Any, namespace: str) -> Any:
    if isinstance(value, str):
        return value.replace(namespace, "NS")
    if isinstance(value, dict):
        return {_renamed(k, namespace): _renamed(v, namespace) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, namespace) for v in value]
    return value


def _pruned(value: Any) -> Any:
    if isinstance(value, dict):
        out = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in ({}, None, [])}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def differences(left: Any, right: Any, path: str = "") -> list[str]:
    """Every path where `left` (stack deploy) and `right` (figlet) differ, with both values."""
    if isinstance(left, dict) and isinstance(right, dict):
        out: list[str] = []
        for key in sorted(set(left) | set(right)):
            out += differences(left.get(key), right.get(key), f"{path}.{key}")
        return out
    if left != right:
        return [f"{path}: stack deploy {left!r} != figlet {right!r}"]
    return []
