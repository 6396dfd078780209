"""Small builders of Project and Observed values for planner tests (no loader, no engine)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from figlet import labels
from figlet.model import (
    Dependency,
    Link,
    Network,
    Project,
    Service,
    ServiceNetwork,
    Volume,
)
from figlet.observe.state import Observed, ObservedContainer, ObservedNetwork, ObservedVolume
from figlet.planner.config_hash import encode_config_label, service_config_hash

IMAGE = "figlet-local/busybox:latest"
IMAGE_ID = "sha256:1111111111111111111111111111111111111111111111111111111111111111"


def service(
    name: str,
    *,
    image: str | None = IMAGE,
    depends_on: Iterable[str | Dependency] = (),
    links: Iterable[str] = (),
    networks: Iterable[str] = ("default",),
    volumes: Iterable[str] = (),
    replicas: int = 1,
    build: Mapping[str, Any] | None = None,
    **spec: Any,
) -> Service:
    """A service whose canonical spec carries image, networks, volumes and `spec` extras."""
    deps = tuple(Dependency(d) if isinstance(d, str) else d for d in depends_on)
    link_items = tuple(Link(*(entry.split(":") * 2)[:2]) for entry in links)
    network_mode = spec.get("network_mode")
    nets = () if network_mode else tuple(ServiceNetwork(n) for n in networks)
    full: dict[str, Any] = {"image": image} if image else {}
    if build:
        full["build"] = dict(build)
    if nets:
        full["networks"] = {n.network: None for n in nets}
    if volumes:
        full["volumes"] = [
            {"type": "volume", "source": v.split(":")[0], "target": v.split(":")[1]}
            for v in volumes
        ]
    if deps:
        full["depends_on"] = {
            d.service: {"condition": d.condition, "required": d.required, "restart": d.restart}
            for d in deps
        }
    if link_items:
        full["links"] = [f"{link.service}:{link.alias}" for link in link_items]
    full.update(spec)
    return Service(
        name=name,
        spec=full,
        image=image,
        build=build,
        replicas=replicas,
        container_name=spec.get("container_name"),
        depends_on=deps,
        links=link_items,
        network_mode=network_mode,
        ipc=spec.get("ipc"),
        pid=spec.get("pid"),
        networks=nets,
        profiles=tuple(spec.get("profiles", ())),
    )


def project(
    name: str,
    *services: Service,
    networks: Mapping[str, bool] | None = None,
    volumes: Mapping[str, bool] | None = None,
    disabled: Iterable[Service] = (),
) -> Project:
    """`networks` / `volumes`: key -> external. The default network is always declared."""
    nets = {"default": False, **(networks or {})}
    return Project(
        name=name,
        working_dir="/work/" + name,
        config_files=(f"/work/{name}/compose.yaml",),
        services={s.name: s for s in services},
        networks={
            key: Network(key, key if ext else f"{name}_{key}", {}, external=ext)
            for key, ext in nets.items()
        },
        volumes={
            key: Volume(key, key if ext else f"{name}_{key}", {}, external=ext)
            for key, ext in (volumes or {}).items()
        },
        spec={},
        disabled_services={s.name: s for s in disabled},
    )


def container(
    project_name: str,
    svc: Service,
    number: int = 1,
    *,
    state: str = "running",
    created_from: Service | None = None,
    image_id: str = IMAGE_ID,
    record_config: bool = True,
    oneoff: bool = False,
    depends_on_label: str | None = None,
    networks: Iterable[str] = (),
) -> ObservedContainer:
    """A container as observe() would report it, created from `created_from` (default `svc`)."""
    source = created_from or svc
    name = svc.container_name or f"{project_name}-{svc.name}-{number}"
    found: dict[str, str] = {
        labels.PROJECT: project_name,
        labels.SERVICE: svc.name,
        labels.CONTAINER_NUMBER: str(number),
    }
    if record_config:
        found[labels.CONFIG] = encode_config_label(source)
    if depends_on_label is not None:
        found[labels.DEPENDS_ON] = depends_on_label
    return ObservedContainer(
        id=f"id-{name}",
        name=name,
        service=svc.name,
        number=number,
        state=state,
        config_hash=service_config_hash(source),
        image=source.image or f"{project_name}-{svc.name}",
        image_id=image_id,
        labels=found,
        oneoff=oneoff,
        addresses={network: f"10.200.0.{number + 1}" for network in networks},
    )


def observed(
    project_name: str,
    *containers: ObservedContainer,
    networks: Iterable[str] = ("default",),
    volumes: Iterable[str] = (),
    images: Mapping[str, str] | None = None,
    external_networks: Iterable[str] = (),
    external_volumes: Iterable[str] = (),
) -> Observed:
    """Project networks / volumes by key (engine name `<project>_<key>`)."""
    return Observed(
        project=project_name,
        containers=containers,
        networks=tuple(ObservedNetwork(f"net-{key}", f"{project_name}_{key}") for key in networks),
        volumes=tuple(ObservedVolume(f"{project_name}_{key}") for key in volumes),
        images=dict(images) if images is not None else {IMAGE: IMAGE_ID},
        external_networks=frozenset(external_networks),
        external_volumes=frozenset(external_volumes),
    )
