"""Reading Engine API list/inspect responses into figlet's observed-state records."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from figlet import labels as L
from figlet.observe.state import ObservedContainer, ObservedNetwork, ObservedVolume

_EXIT = r"^Exited \((-?\d+)\)"  # compiled on first use


def container_from_list(item: Mapping[str, Any]) -> ObservedContainer:
    """One entry of GET /containers/json (no inspect needed)."""
    labels: Mapping[str, str] = item.get("Labels") or {}
    names = item.get("Names") or []
    name = names[0].lstrip("/") if names else str(item.get("Id", ""))[:12]
    status = str(item.get("Status") or "")
    networks = (item.get("NetworkSettings") or {}).get("Networks") or {}
    try:
        number = int(labels.get(L.CONTAINER_NUMBER, "0"))
    except ValueError:
        number = 0
    exit_match = re.match(_EXIT, status)
    return ObservedContainer(
        id=str(item["Id"]),
        name=name,
        service=labels.get(L.SERVICE, ""),
        number=number,
        state=str(item.get("State") or ""),
        config_hash=labels.get(L.CONFIG_HASH, ""),
        image=str(item.get("Image") or ""),
        image_id=str(item.get("ImageID") or ""),
        labels=dict(labels),
        oneoff=labels.get(L.ONEOFF, "False").lower() == "true",
        health=health_from_status(status),
        exit_code=int(exit_match.group(1)) if exit_match else None,
        addresses={
            net: str(endpoint.get("IPAddress"))
            for net, endpoint in networks.items()
            if endpoint and endpoint.get("IPAddress")
        },
        ports=ports_from_list(item.get("Ports") or ()),
        status=status,
        command=str(item.get("Command") or ""),
    )


def ports_from_list(ports: Any) -> tuple[str, ...]:
    """List `Ports` as `docker ps` shows them: "0.0.0.0:8080->80/tcp", "80/tcp"."""
    shown: list[str] = []
    for port in sorted(
        ports, key=lambda p: (p.get("PrivatePort", 0), p.get("Type", ""), p.get("IP", ""))
    ):
        private = f"{port.get('PrivatePort')}/{port.get('Type') or 'tcp'}"
        if port.get("PublicPort"):
            host = port.get("IP") or "0.0.0.0"
            host = f"[{host}]" if ":" in host else host
            shown.append(f"{host}:{port['PublicPort']}->{private}")
        else:
            shown.append(private)
    return tuple(dict.fromkeys(shown))


def health_from_status(status: str) -> str | None:
    """The health part of a list Status ("Up 3 seconds (healthy)")."""
    if "(healthy)" in status:
        return "healthy"
    if "(unhealthy)" in status:
        return "unhealthy"
    if "(health: starting)" in status:
        return "starting"
    return None


def network_from_list(item: Mapping[str, Any]) -> ObservedNetwork:
    return ObservedNetwork(
        id=str(item.get("Id", "")), name=str(item.get("Name", "")), labels=item.get("Labels") or {}
    )


def volume_from_list(item: Mapping[str, Any]) -> ObservedVolume:
    return ObservedVolume(name=str(item.get("Name", "")), labels=item.get("Labels") or {})


def normalize_reference(reference: str) -> str:
    """ "busybox" -> "busybox:latest"; "docker.io/library/x:1" -> "x:1" (as RepoTags show)."""
    ref = reference
    for prefix in ("docker.io/library/", "index.docker.io/library/", "docker.io/"):
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
            break
    if "@" in ref:
        return ref
    last = ref.rsplit("/", 1)[-1]
    return ref if ":" in last else f"{ref}:latest"
