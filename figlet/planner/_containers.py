"""One service's containers: what each numbered slot needs, before any ordering is decided."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from figlet import labels
from figlet.errors import Problem
from figlet.model import Service
from figlet.observe.state import ObservedContainer
from figlet.plan import Change
from figlet.planner.config_hash import (
    Hide,
    changed_keys,
    decode_config_label,
    hashed_spec,
    spec_changes,
)

Kind = Literal["create", "start", "recreate", "remove", "unchanged"]


@dataclass(frozen=True)
class Slot:
    """The decision for one container of a service."""

    kind: Kind
    name: str
    number: int
    cause: str = ""
    container: ObservedContainer | None = None
    changes: tuple[Change, ...] = field(default=())
    # a recreate after a build or pull: kept when the image id stays this one ...
    unless_image: str = ""
    start_if_kept: bool = False  # ... and then started (it was stopped)

    @property
    def running_after(self) -> bool:
        """Whether the container runs untouched (candidate for hosts updates and restarts)."""
        return self.kind == "unchanged" and self.container is not None and _runs(self.container)


def container_name(project: str, service: Service, number: int) -> str:
    return service.container_name or f"{project}-{service.name}-{number}"


@dataclass(frozen=True)
class Reconcile:
    """The inputs of one service's decision."""

    project: str
    service: Service
    replicas: int
    containers: Sequence[ObservedContainer]
    config_hash: str
    image_id: str | None  # local id of the service's image, None if unknown
    force_recreate: bool = False
    forced_by: str = "--force-recreate"  # the flag that forces it, for the cause
    no_recreate: bool = False
    # a never-started ("created") container is recreated rather than started: its create took
    # steps after the engine's create (networks, files) that an interruption may have cut short
    recreate_unstarted: bool = False
    hide: Hide | None = None  # which config changes show a secret (`sensitive_changes`)


def reconcile(job: Reconcile) -> tuple[tuple[Slot, ...], tuple[Problem, ...]]:
    """Slots 1..replicas (create / start / recreate / unchanged), then the extras to remove,
    highest numbers first."""
    service = job.service
    problems: list[Problem] = []
    replicas = job.replicas
    if service.container_name and replicas > 1:
        problems.append(
            Problem(
                f'service "{service.name}" sets container_name "{service.container_name}" '
                f"and cannot have {replicas} containers",
                path=f"services.{service.name}.container_name",
                hint="remove container_name to scale the service",
            )
        )
        replicas = 1
    by_number: dict[int, ObservedContainer] = {}
    extras: list[tuple[ObservedContainer, str]] = []
    current = len(job.containers)
    for container in sorted(job.containers, key=lambda c: (c.number, c.name)):
        if 1 <= container.number <= replicas and container.number not in by_number:
            by_number[container.number] = container
        elif 1 <= container.number <= replicas:
            extras.append((container, f"duplicate container number {container.number}"))
        else:
            extras.append((container, f"scale {current} → {replicas}"))
    slots: list[Slot] = []
    for number in range(1, replicas + 1):
        name = container_name(job.project, service, number)
        existing = by_number.get(number)
        if existing is None:
            cause = f"scale {current} → {replicas}" if current and number > current else "missing"
            slots.append(Slot("create", name, number, cause))
        else:
            slots.append(_existing(job, name, number, existing))
    for container, cause in sorted(extras, key=lambda item: (-item[0].number, item[0].name)):
        slots.append(Slot("remove", container.name, container.number, cause, container))
    return tuple(slots), tuple(problems)


def _runs(container: ObservedContainer) -> bool:
    return container.running or container.state == "paused"


def _existing(job: Reconcile, name: str, number: int, container: ObservedContainer) -> Slot:
    if job.force_recreate:
        return Slot("recreate", name, number, f"forced ({job.forced_by})", container)
    if not job.no_recreate:
        if container.config_hash != job.config_hash:
            changes, cause = _config_changes(job.service, container, job.hide)
            return Slot("recreate", name, number, cause, container, changes)
        if job.image_id and container.image_id and job.image_id != container.image_id:
            change = Change("image", _short(container.image_id), _short(job.image_id))
            return Slot("recreate", name, number, "image changed", container, (change,))
    if container.state in ("dead", "removing"):
        return Slot("recreate", name, number, f"container is {container.state}", container)
    if container.state == "created" and job.recreate_unstarted and not job.no_recreate:
        cause = "created but never started: its create may have been interrupted"
        return Slot("recreate", name, number, cause, container)
    if not _runs(container):
        return Slot("start", name, number, "stopped", container)
    return Slot("unchanged", name, number, "", container)


def _config_changes(
    service: Service, container: ObservedContainer, hide: Hide | None
) -> tuple[tuple[Change, ...], str]:
    recorded = decode_config_label(container.labels.get(labels.CONFIG))
    if recorded is None:
        return (), "config hash changed (no recorded config to compare)"
    changes = spec_changes(recorded, hashed_spec(service), hide)
    if not changes:
        return (), "config hash changed"
    return changes, "config hash changed: " + ", ".join(changed_keys(changes))


def _short(image_id: str) -> str:
    return image_id.removeprefix("sha256:")[:12]


def observed_by_service(
    containers: Sequence[ObservedContainer],
) -> Mapping[str, tuple[ObservedContainer, ...]]:
    """Non-one-off containers grouped by service, sorted by number then name."""
    grouped: dict[str, list[ObservedContainer]] = {}
    for container in containers:
        if not container.oneoff:
            grouped.setdefault(container.service, []).append(container)
    return {
        service: tuple(sorted(found, key=lambda c: (c.number, c.name)))
        for service, found in grouped.items()
    }
