"""`plan_up`: compare the project with the observed state and list what to do, in order.

Rules beyond the per-container decision (`_containers.reconcile`):

- A service's start / recreate operations wait for its dependencies: their containers'
  start (or recreate) operations, or a WAIT operation when `depends_on` asks for
  `service_healthy` / `service_completed_successfully`. Its create waits for those WAITs
  (a dependent of a failed or unhealthy service is not even created, as in Compose) and
  otherwise only for what the create body needs: its networks and volumes, the containers
  whose namespaces or volumes it takes (`network_mode` / `ipc` / `pid: service:x`,
  `volumes_from`: they must exist) and its legacy `links` targets (their addresses go into
  its hosts entries: an ADDRESS operation per target container being started, which the
  executor finishes once the engine has connected it, while its start still runs; the
  linker's start waits for the target's start as usual). So a chain of plain `depends_on`
  (service_started) creates every container at once and pays one start per level, and a
  chain of `links` pays one start per level plus the first create.
- A recreated service takes along the containers that share its namespaces
  (`network_mode` / `ipc` / `pid: service:x`): theirs points at the old container and is gone.
- A plain `depends_on` does NOT recreate dependents: the dependent only needs the dependency to
  be reachable, which a recreate keeps (same name, same DNS aliases). Recreating it too would
  restart healthy services for nothing. `depends_on.restart: true` asks for a restart
  (STOP + START) of running dependents, as Compose does.
- A running container that `links` to a service whose containers change (created, started,
  recreated, removed) keeps running and gets UPDATE_HOSTS: only its hosts entries are stale.
- `volumes_from` does not recreate dependents either: the volumes they mounted outlive the
  source container (the executor removes it without its volumes).
- Orphans (containers of services that are no longer in the project, profiles aside) are listed
  and removed only with `remove_orphans`.
- Images come first (`_images.plan_images`): the creates and recreates of a service wait for
  the build or pull of its image. After a build or pull of an image that is present already
  (--build, `pull_policy: always`), the service's containers are recreated only if it gives
  their image a new id (`Recreate.unless_image`; not with `no_recreate`).
- A never-started ("created") container of a service whose create takes steps after the
  engine's create (more networks, copied files) is recreated rather than started, unless
  `no_start` / `no_recreate`: an `up` killed half-way may have left it unfinished.

The payload classes (`figlet.plan.payloads`) are imported where an operation is made, so that
a plan without operations (a no-op `up`, the most frequent) never loads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from figlet.errors import Problem
from figlet.graph import Edge, edges
from figlet.model import Project, Service, image_reference
from figlet.observe.state import Observed, ObservedContainer
from figlet.plan import Action, Operation, Orphan, Plan, ids
from figlet.planner._builder import Builder, unique
from figlet.planner._containers import (
    Reconcile,
    Slot,
    observed_by_service,
    reconcile,
)
from figlet.planner._hooks import hook_operation
from figlet.planner._images import plan_images
from figlet.planner._resources import Resource, Resources, plan_resources
from figlet.planner._select import select_services
from figlet.planner.config_hash import HashedService, sensitive_changes
from figlet.planner.options import UpOptions
from figlet.sensitive import Redactor, redactor_of

_CONDITION_WORDS = {
    "service_healthy": "healthy",
    "service_completed_successfully": "completed successfully",
}


@dataclass
class _ServiceOps:
    """What the plan does to one service, for its dependents to refer to."""

    names: tuple[str, ...] = ()  # its containers after the plan
    ready: list[str] = field(default_factory=list)  # ops after which its containers run
    exist: list[str] = field(default_factory=list)  # ops after which its new containers exist
    touched: list[str] = field(default_factory=list)  # every op on its containers
    recreated: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.touched)


@dataclass(frozen=True)
class _After:
    """What one service's operations wait for, by kind of operation."""

    base: list[str]  # start of an existing container, recreate, restart: resources + dependencies
    create: list[str]  # create: resources + what the create body needs (see the module docstring)
    start: list[str]  # start after a create: the dependencies the create did not wait for
    namespaces: list[str]  # recreate: every op on the containers whose namespaces it shares
    image: list[str]  # create, recreate: the build or pull of the service's image


def plan_up(project: Project, observed: Observed, options: UpOptions | None = None) -> Plan:
    """The operations that bring the engine to the project (pure: no I/O)."""
    return _UpPlanner(project, observed, options or UpOptions()).plan()


class _UpPlanner:
    def __init__(self, project: Project, observed: Observed, options: UpOptions) -> None:
        self.project = project
        self.observed = observed
        self.options = options
        self.ops = Builder()
        self.states: dict[str, _ServiceOps] = {}
        self.unchanged: list[str] = []
        self.problems: list[Problem] = []
        self.image_ops: Mapping[str, str] = {}  # service -> the build/pull its creates wait for
        self.dependencies: frozenset[str] = frozenset()  # what --always-recreate-deps forces
        self._found: Redactor | None = None

    def _redactor(self) -> Redactor:
        """The project's sensitive values, found once, when a recreate first needs them."""
        if self._found is None:
            self._found = redactor_of(self.project.spec, self.project.environment)
        return self._found

    def plan(self) -> Plan:
        selection = select_services(
            self.project, self.options.services, no_deps=self.options.no_deps
        )
        self.problems.extend(selection.problems)
        known = {*self.project.services, *self.project.disabled_services}
        for name in self.options.scale:
            if name not in known:  # a known service outside the selection is left as it is
                self.problems.append(
                    Problem(
                        f"--scale {name}: no such service",
                        hint="services: " + ", ".join(sorted(self.project.services)),
                    )
                )
        resources = plan_resources(
            self.project,
            selection.services.values(),
            networks=frozenset(network.name for network in self.observed.networks),
            volumes=frozenset(volume.name for volume in self.observed.volumes),
            external_networks=self.observed.external_networks,
            external_volumes=self.observed.external_volumes,
        )
        self.problems.extend(resources.problems)
        images = plan_images(
            self.project, selection.services.values(), self.observed.images, self.options.images
        )
        self.problems.extend(images.problems)
        for op in images.operations:
            self.ops.add(op)
        self.image_ops = images.by_service
        self._resources(resources)
        self.dependencies = _dependencies_of(selection.services.values(), self.options)
        grouped = observed_by_service(self.observed.containers)
        orphans = self._orphans(grouped)
        for service in selection.services.values():
            if service.name not in self.options.no_containers:
                self._service(service, resources, grouped.get(service.name, ()))
        return Plan(
            project=self.project.name,
            operations=self.ops.operations(),
            unchanged=tuple(self.unchanged),
            problems=tuple(self.problems),
            orphans=orphans,
        )

    # --- resources and orphans -----------------------------------------------------------
    def _resources(self, resources: Resources) -> None:
        for resource in resources.needed:
            if resource.create:
                from figlet.plan.payloads.resources import CreateNetwork, CreateVolume

                self.ops.add(
                    Operation(
                        id=_resource_id(resource),
                        target=resource.name,
                        cause="missing",
                        payload=CreateNetwork(resource.key, resource.name)
                        if resource.kind == "network"
                        else CreateVolume(resource.key, resource.name),
                    )
                )

    def _orphans(self, grouped: Mapping[str, tuple[ObservedContainer, ...]]) -> tuple[Orphan, ...]:
        known = set(self.project.services) | set(self.project.disabled_services)
        kept: list[Orphan] = []
        for service in sorted(set(grouped) - known):
            for container in grouped[service]:
                if not self.options.remove_orphans:
                    kept.append(Orphan(container.name, service))
                    continue
                from figlet.plan.payloads.lifecycle import Remove

                self.ops.add(
                    Operation(
                        id=ids.remove(container.name),
                        target=container.name,
                        cause=f'orphan (service "{service}" is no longer in the project)',
                        service=service,
                        payload=Remove(container.name, container.id, service),
                    )
                )
        return tuple(kept)

    # --- one service -------------------------------------------------------------------
    def _service(
        self,
        service: Service,
        resources: Resources,
        containers: tuple[ObservedContainer, ...],
    ) -> None:
        options = self.options
        hashed = HashedService(service)
        config_hash = hashed.config_hash
        image_id = self.observed.images.get(image_reference(self.project, service))
        forced_by = _forced_by(options, service.name in self.dependencies)
        slots, problems = reconcile(
            Reconcile(
                project=self.project.name,
                service=service,
                replicas=options.scale.get(service.name, service.replicas),
                containers=containers,
                config_hash=config_hash,
                image_id=image_id,
                force_recreate=bool(forced_by),
                forced_by=forced_by,
                no_recreate=options.no_recreate,
                recreate_unstarted=not options.no_start
                and _may_be_unfinished(self.project, service, containers),
                hide=sensitive_changes(service, self.project.spec, self._redactor),
            )
        )
        self.problems.extend(problems)
        planned = [edge for edge in edges(service) if edge.target in self.states]
        slots = self._follow_namespaces(slots, planned)
        image_op = self.image_ops.get(service.name)
        if image_op is not None:
            slots = self._follow_image(slots, self.ops.get(image_op))
        state = _ServiceOps(names=tuple(slot.name for slot in slots if slot.kind != "remove"))
        self.states[service.name] = state
        created = [
            _resource_id(resource)
            for resource in resources.by_service.get(service.name, ())
            if resource.create
        ]
        image = [image_op] if image_op is not None else []
        needs_base = any(slot.kind in ("create", "start", "recreate") for slot in slots)
        restarts = self._restart_causes(planned)
        dependencies: list[str] = []
        if needs_base or (restarts and any(slot.running_after for slot in slots)):
            dependencies = self._dependency_ops(service, planned)
        namespace_deps = [
            op
            for edge in planned
            if edge.kind in ("network_mode", "ipc", "pid")
            for op in self.states[edge.target].touched
        ]
        hosts = self._hosts_causes(planned)
        waits = [op for op in dependencies if self.ops.get(op).action is Action.WAIT]
        after = _After(
            base=[*created, *dependencies],
            create=[*image, *created, *waits, *self._create_dependency_ops(planned, service.name)]
            if any(slot.kind == "create" for slot in slots)
            else [],
            image=image,
            start=[op for op in dependencies if op not in waits],
            namespaces=namespace_deps,
        )
        creates = any(slot.kind in ("create", "recreate") for slot in slots)
        # of the creates and recreates: the label is only compressed for them
        config = _Config(config_hash, hashed.config_label if creates else "")
        for slot in slots:
            self._slot(slot, state, service, after, config, restarts, hosts)

    def _follow_namespaces(self, slots: tuple[Slot, ...], planned: list[Edge]) -> tuple[Slot, ...]:
        owners = [
            edge
            for edge in planned
            if edge.kind in ("network_mode", "ipc", "pid") and self.states[edge.target].recreated
        ]
        if not owners or self.options.no_recreate:
            return slots
        edge = owners[0]
        cause = f'follows "{edge.target}": shares its {edge.kind} (service:{edge.target})'
        return tuple(
            replace(slot, kind="recreate", cause=cause)
            if slot.kind in ("start", "unchanged") and slot.container is not None
            else slot
            for slot in slots
        )

    def _follow_image(self, slots: tuple[Slot, ...], image_op: Operation) -> tuple[Slot, ...]:
        """Existing containers that the plan does not replace anyway are recreated after the
        build or pull of their image if it changes their image id, and kept otherwise."""
        if self.options.no_recreate:
            return slots
        verb = "build" if image_op.action is Action.BUILD_IMAGE else "pull"
        cause = f"if the {verb} gives a new image ({image_op.cause})"
        return tuple(
            replace(
                slot,
                kind="recreate",
                cause=cause,
                unless_image=slot.container.image_id,
                start_if_kept=slot.kind == "start",
            )
            if slot.kind in ("start", "unchanged")
            and slot.container is not None
            and slot.container.image_id
            else slot
            for slot in slots
        )

    def _restart_causes(self, planned: list[Edge]) -> list[tuple[str, list[str]]]:
        """(cause, ops to follow) for `depends_on.restart: true` targets that change."""
        found: list[tuple[str, list[str]]] = []
        for edge in planned:
            state = self.states[edge.target]
            if edge.dependency and edge.dependency.restart and state.recreated:
                found.append(
                    (f'restart: "{edge.target}" is recreated (depends_on.restart)', state.ready)
                )
        return found

    def _hosts_causes(self, planned: list[Edge]) -> list[tuple[str, list[str]]]:
        found: list[tuple[str, list[str]]] = []
        for edge in planned:
            state = self.states[edge.target]
            if edge.kind == "links" and state.changed:
                found.append((f'link target "{edge.target}" changes', state.touched))
        return found

    def _dependency_ops(self, service: Service, planned: list[Edge]) -> list[str]:
        ids: list[str] = []
        for edge in planned:
            state = self.states[edge.target]
            condition = edge.dependency.condition if edge.dependency else "service_started"
            if condition != "service_started" and not self.options.no_start and state.names:
                ids.append(self._wait(edge.target, condition, service.name))
            else:
                ids.extend(state.ready)
        return ids

    def _create_dependency_ops(self, planned: list[Edge], linker: str) -> list[str]:
        """What a create waits for among the dependencies (see the module docstring)."""
        ids: list[str] = []
        for edge in planned:
            state = self.states[edge.target]
            if edge.kind == "links":
                ids.extend(self._address(op_id, linker) for op_id in state.ready)
            elif edge.kind in ("network_mode", "ipc", "pid", "volumes_from"):
                ids.extend(state.exist)
        return ids

    def _address(self, op_id: str, linker: str) -> str:
        """The ADDRESS operation after the start or recreate `op_id` (added once); other
        operations (a create under `no_start`) are their own answer."""
        from figlet.plan.payloads.containers import Address, Recreate, StartContainer

        op = self.ops.get(op_id)
        payload = op.payload
        starts = isinstance(payload, StartContainer) or (
            isinstance(payload, Recreate) and payload.start
        )
        if not starts or op.service is None:
            return op_id
        address_id = ids.address(op.target)
        if address_id in self.ops:
            known = self.ops.get(address_id)
            self.ops.replace(replace(known, cause=f"{known.cause}, {linker}"))
            return address_id
        return self.ops.add(
            Operation(
                id=address_id,
                target=op.target,
                cause=f"its address, for the hosts entries of {linker}",
                depends_on=(op_id,),
                service=op.service,
                payload=Address(op.service, op.target),
            )
        )

    def _wait(self, target: str, condition: str, needed_by: str) -> str:
        from figlet.plan.payloads.containers import Wait

        op_id = ids.wait(target)
        if op_id in self.ops and _condition(self.ops.get(op_id)) != condition:
            op_id = ids.wait(target, condition)
        if op_id in self.ops:
            op = self.ops.get(op_id)
            self.ops.replace(replace(op, cause=f"{op.cause}, {needed_by}"))
            return op_id
        state = self.states[target]
        return self.ops.add(
            Operation(
                id=op_id,
                target=target,
                cause=f"until {_CONDITION_WORDS.get(condition, condition)}, for {needed_by}",
                depends_on=tuple(state.ready),
                service=target,
                payload=Wait(target, condition, state.names),
            )
        )

    # --- one container -----------------------------------------------------------------
    def _slot(
        self,
        slot: Slot,
        state: _ServiceOps,
        service: Service,
        after: _After,
        config: _Config,
        restarts: list[tuple[str, list[str]]],
        hosts: list[tuple[str, list[str]]],
    ) -> None:
        base = after.base
        no_start = self.options.no_start
        name = slot.name
        container = slot.container
        if slot.kind == "create":
            from figlet.plan.payloads.containers import CreateContainer

            created = self.ops.add(
                Operation(
                    id=ids.create(name),
                    cause=slot.cause,
                    depends_on=tuple(after.create),
                    payload=CreateContainer(
                        service.name, slot.number, name, config.hash, config.label
                    ),
                    target=name,
                    service=service.name,
                )
            )
            state.touched.append(created)
            state.exist.append(created)
            if no_start:
                state.ready.append(created)
                return
            started = self._start(name, service, slot.cause, (created, *after.start))
            state.touched.append(started)
            state.ready.append(started)
        elif slot.kind == "recreate" and container is not None:
            from figlet.plan.payloads.containers import Recreate

            op_id = self.ops.add(
                Operation(
                    id=ids.recreate(name),
                    cause=slot.cause,
                    depends_on=unique([*after.image, *base, *after.namespaces]),
                    changes=slot.changes,
                    payload=Recreate(
                        service.name,
                        slot.number,
                        name,
                        config.hash,
                        config.label,
                        container.id,
                        start=not no_start,
                        unless_image=slot.unless_image,
                        start_if_kept=slot.start_if_kept and not no_start,
                        renew_anon_volumes=self.options.renew_anon_volumes,
                    ),
                    target=name,
                    service=service.name,
                )
            )
            state.recreated = True
            state.exist.append(op_id)
            state.touched.append(op_id)
            state.ready.append(op_id if no_start else self._post_start(name, service, "", op_id))
        elif slot.kind == "start" and not no_start:
            started = self._start(name, service, slot.cause, tuple(base))
            state.touched.append(started)
            state.ready.append(started)
        elif slot.kind == "remove" and container is not None:
            from figlet.plan.payloads.lifecycle import Remove

            hook = hook_operation(service, name, "pre_stop", (), slot.cause)
            first = () if hook is None or not container.running else (self.ops.add(hook),)
            state.touched.append(
                self.ops.add(
                    Operation(
                        id=ids.remove(name),
                        cause=slot.cause,
                        depends_on=first,
                        payload=Remove(name, container.id, service.name),
                        target=name,
                        service=service.name,
                    )
                )
            )
        elif slot.running_after and restarts and container is not None:
            from figlet.plan.payloads.lifecycle import Stop

            cause, restarted_after = restarts[0]
            stopped = self.ops.add(
                Operation(
                    id=ids.stop(name),
                    cause=cause,
                    depends_on=tuple(restarted_after),
                    payload=Stop(name, container.id),
                    target=name,
                    service=service.name,
                )
            )
            started = self._start(name, service, cause, (stopped, *base))
            state.touched.extend((stopped, started))
            state.ready.append(started)
        elif slot.running_after and hosts:
            from figlet.plan.payloads.containers import UpdateHosts

            self.ops.add(
                Operation(
                    id=ids.hosts(name),
                    cause="; ".join(cause for cause, _ in hosts),
                    depends_on=tuple(op for _, after in hosts for op in after),
                    payload=UpdateHosts(service.name, name),
                    target=name,
                    service=service.name,
                )
            )
        else:
            self.unchanged.append(name)

    def _start(self, name: str, service: Service, cause: str, after: tuple[str, ...]) -> str:
        """The START of `name`, then its post_start hooks: the id of the last (what the
        container's dependents wait for)."""
        from figlet.plan.payloads.containers import StartContainer

        started = self.ops.add(
            Operation(
                id=ids.start(name),
                target=name,
                cause=cause,
                depends_on=after,
                service=service.name,
                payload=StartContainer(service.name, name),
            )
        )
        return self._post_start(name, service, cause, started)

    def _post_start(self, name: str, service: Service, cause: str, started: str) -> str:
        hook = hook_operation(service, name, "post_start", (started,), cause)
        return started if hook is None else self.ops.add(hook)


@dataclass(frozen=True)
class _Config:
    """A service's config hash and label, as its creates and recreates record them."""

    hash: str
    label: str


def _may_be_unfinished(
    project: Project, service: Service, containers: tuple[ObservedContainer, ...]
) -> bool:
    """Whether a never-started container of the service may be unfinished: its create takes
    steps after the engine's create. Only asked when there is such a container (the answer
    needs the whole container spec)."""
    if not any(container.state == "created" for container in containers):
        return False
    from figlet.container_spec import has_steps_after_create

    return has_steps_after_create(project, service)


def _resource_id(resource: Resource) -> str:
    return ids.network(resource.name) if resource.kind == "network" else ids.volume(resource.name)


def _condition(op: Operation) -> str | None:
    from figlet.plan.payloads.containers import Wait

    return op.payload.condition if isinstance(op.payload, Wait) else None


def _dependencies_of(services: Iterable[Service], options: UpOptions) -> frozenset[str]:
    """With --always-recreate-deps, the services that a service of the plan (a named one, or
    any without names) depends on."""
    if not options.always_recreate_deps:
        return frozenset()
    chosen = [s for s in services if not options.services or s.name in options.services]
    return frozenset(edge.target for service in chosen for edge in edges(service))


def _forced_by(options: UpOptions, dependency: bool) -> str:
    """The flag that forces the recreate of a service's containers, "" when none does."""
    if options.force_recreate:
        return "--force-recreate"
    if options.renew_anon_volumes:
        return "--renew-anon-volumes"
    if dependency:
        return "--always-recreate-deps"
    return ""
