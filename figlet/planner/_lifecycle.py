"""The lifecycle planners: `start`, `stop`, `restart`, `kill`, `pause`, `unpause` and `rm` of
existing containers (pure, no I/O). Each emits one typed operation per container, with its cause.

Order where it matters, parallel where it does not: a stop waits for the stops of the
containers that depend on it (dependents first, the reverse of the start order); a start or a
restart waits for those of its dependencies (dependencies first). Kill, pause, unpause and the
removals of `rm` are independent of each other. Dependencies come from the project when there is
one, otherwise from the containers' `com.docker.compose.depends_on` label (`-p NAME` without a
file), as in `plan_down`.

A start or restart is followed by an UPDATE_HOSTS of each container with `links:` that was
(re)started or links to one that was: figlet writes link entries into hosts files itself, and a
start may change an address.

Which containers each command touches follows Compose v2: `stop` the running (and paused) ones,
`start` the stopped ones of the services and their dependencies, `restart` every one, `kill` the
running ones, `pause` and `unpause` the running and paused ones (the engine refuses a container
already paused, or not paused, as it does for Compose), `rm` the stopped ones (with `stop`, the
running ones too, stopped first).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from figlet.errors import Problem
from figlet.graph import DependencyCycle, ordered
from figlet.model import Project
from figlet.observe.state import Observed, ObservedContainer
from figlet.plan import Operation, Plan, ids
from figlet.plan.payloads.containers import StartContainer, UpdateHosts
from figlet.plan.payloads.lifecycle import Kill, Pause, Remove, Restart, Stop, Unpause
from figlet.planner._builder import Builder
from figlet.planner._down import service_dependencies

if TYPE_CHECKING:
    from figlet.plan.payloads import Payload

Containers = dict[str, list[ObservedContainer]]  # service -> its containers, by number


@dataclass(frozen=True)
class LifecycleOptions:
    """What `start`, `stop`, `restart`, `kill`, `pause`, `unpause` and `rm` act on and how.

    `services` selects services (empty = all); `signal` is kill's -s; `remove_orphans` is
    kill's --remove-orphans; `volumes` and `stop` are rm's -v and -s.
    """

    services: tuple[str, ...] = ()
    signal: str = "SIGKILL"
    remove_orphans: bool = False
    volumes: bool = False
    stop: bool = False


def plan_stop(
    project_name: str,
    project: Project | None,
    observed: Observed,
    options: LifecycleOptions | None = None,
) -> Plan:
    """STOP each running or paused container of the services, dependents first."""
    options = options or LifecycleOptions()
    chosen = _containers(project, observed, options.services)
    ops = Builder()
    _stops(ops, project, chosen, "stopped by `figlet stop`")
    return Plan(project=project_name, operations=ops.operations())


def plan_start(
    project_name: str,
    project: Project | None,
    observed: Observed,
    options: LifecycleOptions | None = None,
) -> Plan:
    """START each stopped container of the services and of their dependencies, dependencies
    first. A named service without containers, or no container at all, is a problem (as in
    Compose: exit 1)."""
    options = options or LifecycleOptions()
    every = _containers(project, observed, ())
    wanted = _with_dependencies(project, every, options.services)
    chosen = {service: every[service] for service in every if service in wanted}
    hint = "create the containers with `figlet up` (or `figlet create`) first"
    missing = [name for name in options.services if name not in every]
    if missing or not chosen:
        problems = [
            Problem(f'no container found for service "{name}"', hint=hint) for name in missing
        ] or [Problem(f'no container found for project "{project_name}"', hint=hint)]
        return Plan(project=project_name, problems=tuple(problems))
    ops = Builder()
    started = _in_order(
        ops,
        project,
        chosen,
        lambda c: c.state in ("created", "exited", "dead"),
        lambda c: (ids.start(c.name), StartContainer(c.service, c.name)),
        "started by `figlet start`",
        dependencies_first=True,
    )
    _update_hosts(ops, project, every, started)
    return Plan(project=project_name, operations=ops.operations())


def plan_restart(
    project_name: str,
    project: Project | None,
    observed: Observed,
    options: LifecycleOptions | None = None,
) -> Plan:
    """RESTART every container of the services (stopped ones start), dependencies first."""
    options = options or LifecycleOptions()
    chosen = _containers(project, observed, options.services)
    ops = Builder()
    restarted = _in_order(
        ops,
        project,
        chosen,
        lambda c: True,
        lambda c: (ids.restart(c.name), Restart(c.name, c.id)),
        "restarted by `figlet restart`",
        dependencies_first=True,
    )
    _update_hosts(ops, project, _containers(project, observed, ()), restarted)
    return Plan(project=project_name, operations=ops.operations())


def plan_kill(
    project_name: str,
    project: Project | None,
    observed: Observed,
    options: LifecycleOptions | None = None,
) -> Plan:
    """KILL each running container of the services with `options.signal`, all at once; with
    `remove_orphans`, REMOVE the containers of services no longer in the project."""
    options = options or LifecycleOptions()
    chosen = _containers(project, observed, options.services)
    ops = Builder()
    cause = f"{options.signal} sent by `figlet kill`"
    for container in _flat(chosen):
        if container.running:
            ops.add(
                _op(
                    ids.kill(container.name),
                    container,
                    cause,
                    Kill(container.name, container.id, options.signal),
                )
            )
    if options.remove_orphans and project is not None:
        for orphan in _orphans(project, observed):
            ops.add(
                _op(
                    ids.remove(orphan.name),
                    orphan,
                    f'orphan (service "{orphan.service}" is no longer in the project)',
                    Remove(orphan.name, orphan.id, orphan.service, force=True),
                )
            )
    return Plan(project=project_name, operations=ops.operations())


def plan_pause(
    project_name: str,
    project: Project | None,
    observed: Observed,
    options: LifecycleOptions | None = None,
) -> Plan:
    """PAUSE each running (or already paused: the engine says so) container, all at once."""
    return _each_live(project_name, project, observed, options, "pause")


def plan_unpause(
    project_name: str,
    project: Project | None,
    observed: Observed,
    options: LifecycleOptions | None = None,
) -> Plan:
    """UNPAUSE each paused (or running: the engine says it is not paused) container."""
    return _each_live(project_name, project, observed, options, "unpause")


def plan_rm(
    project_name: str,
    project: Project | None,
    observed: Observed,
    options: LifecycleOptions | None = None,
) -> Plan:
    """REMOVE each stopped container of the services (its anonymous volumes with `volumes`);
    with `stop`, the running ones too, each after its STOP (dependents stopped first)."""
    options = options or LifecycleOptions()
    chosen = _containers(project, observed, options.services)
    ops = Builder()
    stops = _stops(ops, project, chosen, "stopped by `figlet rm --stop`") if options.stop else {}
    for container in _flat(chosen):
        live = container.running or container.state == "paused"
        if live and container.name not in stops:
            continue
        after = (stops[container.name],) if container.name in stops else ()
        payload = Remove(
            container.name, container.id, container.service, options.volumes, force=True
        )
        ops.add(
            _op(ids.remove(container.name), container, "removed by `figlet rm`", payload, after)
        )
    return Plan(project=project_name, operations=ops.operations())


def _each_live(
    project_name: str,
    project: Project | None,
    observed: Observed,
    options: LifecycleOptions | None,
    command: str,
) -> Plan:
    chosen = _containers(project, observed, (options or LifecycleOptions()).services)
    ops = Builder()
    for container in _flat(chosen):
        if container.running or container.state == "paused":
            name, ref = container.name, container.id
            payload: Payload
            if command == "pause":
                op_id, payload = ids.pause(name), Pause(name, ref)
            else:
                op_id, payload = ids.unpause(name), Unpause(name, ref)
            ops.add(_op(op_id, container, f"{command}d by `figlet {command}`", payload))
    return Plan(project=project_name, operations=ops.operations())


def _stops(ops: Builder, project: Project | None, chosen: Containers, cause: str) -> dict[str, str]:
    """A STOP for each running or paused container, after its dependents' stops; container
    name -> the STOP's id."""
    return _in_order(
        ops,
        project,
        chosen,
        lambda c: c.running or c.state == "paused",
        lambda c: (ids.stop(c.name), Stop(c.name, c.id)),
        cause,
        dependencies_first=False,
    )


def _in_order(
    ops: Builder,
    project: Project | None,
    chosen: Containers,
    acts_on: Callable[[ObservedContainer], bool],
    make: Callable[[ObservedContainer], tuple[str, Payload]],
    cause: str,
    *,
    dependencies_first: bool,
) -> dict[str, str]:
    """One operation per container `acts_on` accepts, each after the operations of the
    services it waits for: its dependencies (`dependencies_first`) or its dependents. A service
    with nothing to do passes the wait on. Container name -> operation id."""
    needs = service_dependencies(project, chosen)
    order = _order(project, needs)
    waits_for: dict[str, set[str]] = {name: set() for name in needs}
    for name, targets in needs.items():
        for target in targets:
            if dependencies_first:
                waits_for[name].add(target)
            else:
                waits_for[target].add(name)
    gates: dict[str, tuple[str, ...]] = {}  # service -> what waiting on it means waiting for
    made: dict[str, str] = {}
    for service in order if dependencies_first else tuple(reversed(order)):
        after = tuple(gate for other in sorted(waits_for[service]) for gate in gates.get(other, ()))
        mine = []
        for container in chosen[service]:
            if acts_on(container):
                op_id, payload = make(container)
                made[container.name] = ops.add(_op(op_id, container, cause, payload, after))
                mine.append(op_id)
        gates[service] = tuple(mine) or after
    return made


def _update_hosts(
    ops: Builder, project: Project | None, every: Containers, moved: Mapping[str, str]
) -> None:
    """After starts or restarts (`moved`: container name -> its operation), an UPDATE_HOSTS for
    each container of a service with `links:` that was itself (re)started, or runs and links to
    a service one of whose containers was: a start may give a container a new address, and
    figlet writes link entries into hosts files itself (see `container_spec.hosts`)."""
    if project is None:
        return
    for service_name in sorted(every):
        spec = project.services.get(service_name)
        if spec is None or not spec.links:
            continue
        targets = sorted({link.service for link in spec.links})
        target_ops = [
            moved[target.name]
            for name in targets
            for target in every.get(name, ())
            if target.name in moved
        ]
        for container in every[service_name]:
            own = [moved[container.name]] if container.name in moved else []
            if not own and not (container.running and target_ops):
                continue
            ops.add(
                _op(
                    ids.hosts(container.name),
                    container,
                    f"links to {', '.join(targets)}: addresses may have changed",
                    UpdateHosts(service_name, container.name),
                    (*own, *target_ops),
                )
            )


def _order(project: Project | None, needs: Mapping[str, set[str]]) -> tuple[str, ...]:
    declared = list(project.services) if project else []
    try:
        return ordered(needs, declared)
    except DependencyCycle:  # labels another tool wrote in a circle: any order will do
        return tuple(sorted(needs))


def _containers(
    project: Project | None, observed: Observed, services: tuple[str, ...]
) -> Containers:
    """The service containers (no one-off ones) of `services` (empty: all), by service, each
    service's by number; names that have no container are left out."""
    found: Containers = {}
    for container in sorted(observed.containers, key=lambda c: (c.service, c.number, c.name)):
        if container.oneoff or (services and container.service not in services):
            continue
        if not services and project is not None and _orphan(project, container):
            continue
        found.setdefault(container.service, []).append(container)
    return found


def _orphan(project: Project, container: ObservedContainer) -> bool:
    return container.service not in project.services and (
        container.service not in project.disabled_services
    )


def _orphans(project: Project, observed: Observed) -> list[ObservedContainer]:
    found = [c for c in observed.containers if not c.oneoff and _orphan(project, c)]
    return sorted(found, key=lambda c: (c.service, c.number, c.name))


def _with_dependencies(
    project: Project | None, every: Containers, services: tuple[str, ...]
) -> set[str]:
    """`services` (empty: all that have containers) and, transitively, what they depend on."""
    if not services:
        return set(every)
    needs = service_dependencies(project, every)
    wanted = set(services)
    queue = list(services)
    while queue:
        for target in needs.get(queue.pop(), set()):
            if target not in wanted:
                wanted.add(target)
                queue.append(target)
    return wanted


def _flat(chosen: Containers) -> list[ObservedContainer]:
    return [container for service in sorted(chosen) for container in chosen[service]]


def _op(
    op_id: str,
    container: ObservedContainer,
    cause: str,
    payload: Payload,
    after: tuple[str, ...] = (),
) -> Operation:
    return Operation(
        id=op_id,
        target=container.name,
        cause=cause,
        depends_on=after,
        service=container.service,
        payload=payload,
    )
