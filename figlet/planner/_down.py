"""`plan_down`: stop and remove the project's containers, dependents first, then its networks,
and with the flags its volumes and images.

Each running container gets one STOP (after its dependents' stops, honouring -t) and one REMOVE
that does not stop again (payload "force": the engine's forced delete); a stopped one only the
REMOVE. With `-t 0` there is no grace period to honour, so order buys nothing: one forced REMOVE
per container, all independent. Removals of a `volumes_from` source wait for its dependents'
removals with `-v` (the anonymous volumes they share are removed with the source). Networks,
volumes and images go after every container.

Dependencies come from the project when there is one, otherwise from the containers'
`com.docker.compose.depends_on` label ("db:service_started:false,cache:..."), so `figlet -p x
down` without a compose file still stops dependents before what they depend on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from figlet import labels
from figlet.graph import DependencyCycle, edges, ordered
from figlet.model import Project, Service, image_reference
from figlet.observe.state import Observed, ObservedContainer
from figlet.plan import Operation, Orphan, Plan, ids
from figlet.plan.payloads.images import RemoveImage
from figlet.plan.payloads.lifecycle import Remove, Stop
from figlet.plan.payloads.resources import RemoveNetwork, RemoveVolume
from figlet.planner._builder import Builder
from figlet.planner._hooks import hook_operation


@dataclass(frozen=True)
class DownOptions:
    """`figlet down` flags: `volumes` is -v, `rmi` is --rmi local|all, `timeout` is -t;
    `services` (empty = all) limits it to those services' containers (networks and volumes
    go only when no container left uses them)."""

    services: tuple[str, ...] = ()
    remove_orphans: bool = False
    volumes: bool = False
    rmi: Literal["local", "all"] | None = None
    timeout: int | None = None


def plan_down(
    project_name: str,
    project: Project | None,
    observed: Observed,
    options: DownOptions | None = None,
) -> Plan:
    """The operations that take the project down (pure: no I/O)."""
    options = options or DownOptions()
    known = set(project.services) | set(project.disabled_services) if project else None
    by_service: dict[str, list[ObservedContainer]] = {}
    kept: list[Orphan] = []
    causes: dict[str, str] = {}
    for container in sorted(observed.containers, key=lambda c: (c.service, c.number, c.name)):
        if options.services and container.service not in options.services:
            continue  # `down SERVICE...`: not one of them, kept (and not an orphan to report)
        orphan = known is not None and container.service not in known
        if orphan and not options.remove_orphans:
            kept.append(Orphan(container.name, container.service))
            continue
        by_service.setdefault(container.service, []).append(container)
        if orphan:
            causes[container.name] = (
                f'orphan (service "{container.service}" is no longer in the project)'
            )
        elif container.oneoff:
            causes[container.name] = "one-off container"
        else:
            causes[container.name] = "down"
    needs = service_dependencies(project, by_service)
    declared = list(project.services) if project else []
    try:
        order = ordered(needs, declared)
    except DependencyCycle:  # labels another tool wrote in a circle: any order takes it down
        order = tuple(sorted(needs))
    dependents: dict[str, set[str]] = {name: set() for name in needs}
    for name, targets in needs.items():
        for target in targets & needs.keys():
            dependents[target].add(name)
    ops = Builder()
    shares = _volume_sources(project, by_service) if options.volumes else {}
    gates: dict[str, tuple[str, ...]] = {}  # service -> what its dependencies stop after
    removed: dict[str, list[str]] = {}
    for service in reversed(order):
        after = tuple(
            gate for dependent in sorted(dependents[service]) for gate in gates.get(dependent, ())
        )
        users = tuple(
            op for dependent in sorted(shares.get(service, ())) for op in removed.get(dependent, ())
        )
        steps = [
            _remove(
                ops,
                container,
                causes[container.name],
                after,
                users,
                options,
                project.services.get(service) if project else None,
            )
            for container in reversed(by_service[service])
        ]
        removed[service] = [remove for _, remove in steps]
        stops = tuple(stop for stop, _ in steps if stop)
        gates[service] = stops or after
    every_removal = tuple(op for ids in removed.values() for op in ids)
    # a container that stays (a kept orphan, another service's with `down SERVICE`) still uses
    # its networks and volumes: removing them would fail half-way or pull them from under it
    removed_names = {c.name for containers in by_service.values() for c in containers}
    staying = [c for c in observed.containers if c.name not in removed_names]
    in_use = _networks_in_use(project, observed, staying)
    volumes_in_use = _volumes_in_use(project, observed, staying) if options.services else set()
    # two networks of one name (a create race, or made by hand): each removed by its id
    named = Counter(network.name for network in observed.networks)
    for network in sorted(observed.networks, key=lambda n: (n.name, n.id)):
        if not _external(project, network.name, "network") and network.name not in in_use:
            twin = named[network.name] > 1
            ops.add(
                Operation(
                    id=ids.remove_network(network.name, network.id if twin else None),
                    target=network.name,
                    cause="down",
                    depends_on=every_removal,
                    payload=RemoveNetwork(network.id if twin else network.name),
                )
            )
    if options.volumes:
        for volume in sorted(observed.volumes, key=lambda v: v.name):
            if not _external(project, volume.name, "volume") and volume.name not in volumes_in_use:
                ops.add(
                    Operation(
                        id=ids.remove_volume(volume.name),
                        target=volume.name,
                        cause="down -v",
                        depends_on=every_removal,
                        payload=RemoveVolume(volume.name),
                    )
                )
    for image in _images(project, observed, options, staying):
        ops.add(
            Operation(
                id=ids.remove_image(image),
                target=image,
                cause=f"--rmi {options.rmi}",
                depends_on=every_removal,
                payload=RemoveImage(image),
            )
        )
    return Plan(project=project_name, operations=ops.operations(), orphans=tuple(kept))


def _remove(
    ops: Builder,
    container: ObservedContainer,
    cause: str,
    after: tuple[str, ...],
    users: tuple[str, ...],
    options: DownOptions,
    service: Service | None = None,
) -> tuple[str | None, str]:
    """(stop id or None, remove id) for one container: a graceful STOP after `after` when it
    runs and there is a grace period, then a forced REMOVE after it and after `users`."""
    name = container.name
    stopped: str | None = None
    hook = hook_operation(service, name, "pre_stop", after, cause) if service else None
    if hook is not None and container.running:
        after = (ops.add(hook),)
    if (container.running or container.state == "paused") and options.timeout != 0:
        stopped = ops.add(
            Operation(
                id=ids.stop(name),
                target=name,
                cause=cause,
                depends_on=after,
                service=container.service,
                payload=Stop(name, container.id),
            )
        )
    removed = ops.add(
        Operation(
            id=ids.remove(name),
            target=name,
            cause=cause,
            depends_on=(*([stopped] if stopped else after if hook else []), *users),
            service=container.service,
            payload=Remove(name, container.id, container.service, options.volumes, force=True),
        )
    )
    return stopped, removed


def _volume_sources(
    project: Project | None, by_service: Mapping[str, list[ObservedContainer]]
) -> dict[str, set[str]]:
    """Service -> the services that mount its volumes (`volumes_from`), among those removed."""
    found: dict[str, set[str]] = {}
    if project is None:
        return found
    for name in by_service:
        spec = project.services.get(name) or project.disabled_services.get(name)
        for edge in edges(spec) if spec is not None else ():
            if edge.kind == "volumes_from" and edge.target in by_service:
                found.setdefault(edge.target, set()).add(name)
    return found


def service_dependencies(
    project: Project | None, by_service: Mapping[str, list[ObservedContainer]]
) -> dict[str, set[str]]:
    """Service -> the services it depends on, among those of `by_service`: from the project,
    else from its containers' depends_on label."""
    needs: dict[str, set[str]] = {}
    for service, containers in by_service.items():
        spec = project.services.get(service) if project else None
        if spec is None and project:
            spec = project.disabled_services.get(service)
        if spec is not None:
            needs[service] = {edge.target for edge in edges(spec)}
        else:
            needs[service] = _label_dependencies(containers)
        needs[service] = (needs[service] & set(by_service)) - {service}
    return needs


def _label_dependencies(containers: list[ObservedContainer]) -> set[str]:
    found: set[str] = set()
    for container in containers:
        for entry in container.labels.get(labels.DEPENDS_ON, "").split(","):
            if entry.strip():
                found.add(entry.strip().split(":", 1)[0])
    return found


def _external(project: Project | None, name: str, kind: str) -> bool:
    if project is None:
        return False
    declared = project.networks if kind == "network" else project.volumes
    return any(item.external and item.name == name for item in declared.values())


def _images(
    project: Project | None,
    observed: Observed,
    options: DownOptions,
    staying: list[ObservedContainer],
) -> list[str]:
    """The images --rmi removes: of the services taken down, unless a container that stays
    runs one of them."""
    if options.rmi is None:
        return []
    images: dict[str, None] = {}
    if project is not None:
        for service in project.services.values():
            if options.services and service.name not in options.services:
                continue
            if options.rmi == "all" or (service.build is not None and service.image is None):
                images[image_reference(project, service)] = None
    elif options.rmi == "all":
        for container in sorted(observed.containers, key=lambda c: c.name):
            if not options.services or container.service in options.services:
                images[container.image] = None
    used = {container.image for container in staying}
    return sorted(image for image in images if image not in used)


def _networks_in_use(
    project: Project | None, observed: Observed, staying: list[ObservedContainer]
) -> set[str]:
    """Engine names of the networks a staying container is attached to (its addresses), or
    whose service is declared on (a stopped container has no address); without a project, a
    staying stopped container keeps every network."""
    found: set[str] = set()
    for container in staying:
        found.update(container.addresses)
        spec = _service(project, container.service)
        if spec is not None and project is not None:
            found.update(
                project.networks[link.network].name
                for link in spec.networks
                if link.network in project.networks
            )
        elif not container.running:
            found.update(network.name for network in observed.networks)
    return found


def _volumes_in_use(
    project: Project | None, observed: Observed, staying: list[ObservedContainer]
) -> set[str]:
    """Engine names of the project volumes a staying container's service mounts; without a
    project, any staying container keeps every volume (which it mounts is not observed)."""
    found: set[str] = set()
    for container in staying:
        spec = _service(project, container.service)
        if spec is None or project is None:
            if staying:
                return {volume.name for volume in observed.volumes}
            continue
        for mount in spec.spec.get("volumes") or ():
            if isinstance(mount, dict) and mount.get("type") == "volume":
                source = str(mount.get("source") or "")
                if source in project.volumes:
                    found.add(project.volumes[source].name)
    return found


def _service(project: Project | None, name: str) -> Service | None:
    if project is None:
        return None
    return project.services.get(name) or project.disabled_services.get(name)
