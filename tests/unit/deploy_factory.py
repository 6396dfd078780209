"""Small builders of Swarm stacks for the deploy planner and executor tests (no loader)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from typing import Any

from figlet.model import Dependency
from figlet.swarm.stack import (
    NAMESPACE,
    SPEC_HASH,
    STACK_IMAGE,
    Stack,
    SwarmNetwork,
    SwarmObject,
    SwarmService,
    spec_hash,
)

IMAGE = "figlet-local/busybox:latest"
NS = "demo"


def service(
    key: str,
    *,
    replicas: int | None = 1,
    env: Iterable[str] = (),
    depends_on: Iterable[str | Dependency] = (),
    secrets: Iterable[str] = (),
    namespace: str = NS,
) -> SwarmService:
    """A service as `stack_of` makes one: image, args, environment, the default network."""
    name = f"{namespace}_{key}"
    container: dict[str, Any] = {
        "Image": IMAGE,
        "Labels": {NAMESPACE: namespace},
        "Args": ["sleep", "3600"],
    }
    if env:
        container["Env"] = list(env)
    if secrets:
        container["Secrets"] = [
            {
                "File": {"Name": s, "UID": "0", "GID": "0", "Mode": 0o444},
                "SecretID": "",
                "SecretName": f"{namespace}_{s}",
            }
            for s in secrets
        ]
    spec: dict[str, Any] = {
        "Name": name,
        "Labels": {NAMESPACE: namespace, STACK_IMAGE: IMAGE},
        "TaskTemplate": {
            "ContainerSpec": container,
            "Networks": [{"Target": f"{namespace}_default", "Aliases": [key]}],
        },
        "Mode": {"Global": {}} if replicas is None else {"Replicated": {"Replicas": replicas}},
    }
    digest = spec_hash(spec)
    spec["Labels"][SPEC_HASH] = digest
    deps = tuple(d if isinstance(d, Dependency) else Dependency(d) for d in depends_on)
    return SwarmService(key, name, spec, digest, deps, replicas)


def network(namespace: str = NS, key: str = "default") -> SwarmNetwork:
    name = f"{namespace}_{key}"
    spec = {"Name": name, "Driver": "overlay", "Attachable": True, "Labels": {NAMESPACE: namespace}}
    return SwarmNetwork(key, name, spec)


def secret(key: str, content: bytes, namespace: str = NS) -> SwarmObject:
    name = f"{namespace}_{key}"
    spec = {
        "Name": name,
        "Labels": {NAMESPACE: namespace},
        "Data": base64.b64encode(content).decode(),
    }
    return SwarmObject("secret", key, name, spec, hashlib.sha256(content).hexdigest())


def stack(*services: SwarmService, secrets: Iterable[SwarmObject] = (), **extra: Any) -> Stack:
    return Stack(
        namespace=NS,
        services=services,
        networks=(network(),),
        secrets=tuple(secrets),
        **extra,
    )
