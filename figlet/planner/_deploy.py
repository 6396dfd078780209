"""The deploy planner (pure): a `Stack` (what the file asks of a swarm) and an `ObservedStack`
(what the swarm holds) -> the `Plan` of `figlet deploy`; `plan_undeploy` for `undeploy`.

Order at deploy time, which `docker stack deploy` drops: a service is created (or updated)
once each of its `depends_on` services' tasks run (`service_started`), run healthy
(`service_healthy`: Swarm marks a task running only once its healthcheck passed) or completed
(`service_completed_successfully`): a WAIT_SERVICE operation on the dependency stands between.
An unchanged service (its spec-hash label equal) plans nothing, so a no-op deploy writes
nothing. Services no longer in the file are removed only with `--prune` (as stack deploy).
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from figlet.errors import Problem
from figlet.observe.swarm import ObjectRecord, ObservedService, ObservedStack
from figlet.plan import Change, Operation, Orphan, Plan, ids
from figlet.plan.payloads.resources import RemoveNetwork
from figlet.plan.payloads.swarm import (
    CreateService,
    CreateStackNetwork,
    CreateSwarmObject,
    RemoveService,
    RemoveSwarmObject,
    UpdateService,
    WaitService,
)
from figlet.planner._builder import Builder
from figlet.planner._swarm_spec import (
    DIGEST,
    comparable,
    object_name,
    object_spec,
    recorded_spec,
    service_spec,
    versions_of,
)
from figlet.planner.config_hash import ABSENT, spec_changes
from figlet.sensitive import HIDDEN, sensitive_variable
from figlet.swarm.stack import NAMESPACE, SPEC_HASH, ObjectKind, Stack, SwarmObject, SwarmService

CONDITION_WORDS = {
    "service_started": "until its tasks run",
    "service_healthy": "until its tasks run healthy",
    "service_completed_successfully": "until its tasks complete successfully",
    "converged": "until its tasks converge (--wait)",
    "removed": "until its tasks are gone (they hold the stack's networks)",
}
_REPLICAS = "Mode.Replicated.Replicas"
_AFTER = {  # a dependent's cause: "after p_db runs healthy"
    "service_started": "runs",
    "service_healthy": "runs healthy",
    "service_completed_successfully": "completed",
}


@dataclass(frozen=True)
class DeployOptions:
    """`figlet deploy` flags: `prune` removes the stack's services (and networks) no longer in
    the file; `wait` adds a wait until each service's tasks converge, `timeout` seconds at most
    (also the bound of each dependency wait)."""

    prune: bool = False
    wait: bool = False
    timeout: float = 300.0


def plan_deploy(
    stack: Stack, observed: ObservedStack, options: DeployOptions | None = None
) -> Plan:
    """The operations that bring the swarm to `stack`, each with its cause."""
    options = options or DeployOptions()
    if stack.problems:
        return Plan(stack.namespace, problems=stack.problems)
    builder = Builder()
    problems: list[Problem] = []
    networks = _networks(builder, stack, observed, problems)
    renamed, objects, superseded = _objects(builder, stack, observed, problems)
    service_ops: dict[str, str] = {}  # key -> its create/update op id
    unchanged: list[str] = []
    by_key = {service.key: service for service in stack.services}
    for service in _ordered(stack.services):
        spec = service_spec(service, renamed)
        found = observed.service(service.name)
        if found is not None and found.record.spec_hash == spec["Labels"][SPEC_HASH]:
            unchanged.append(service.name)
            continue
        after = [networks[n] for n in _networks_of(spec) if n in networks]
        after += [objects[ref] for ref in _objects_of(spec) if ref in objects]
        waits: list[str] = []
        for dependency in service.depends_on:
            target = by_key.get(dependency.service)
            if target is None:
                continue
            after.append(_wait(builder, target, dependency.condition, service_ops, options.timeout))
            waits.append(f"{target.name} {_AFTER.get(dependency.condition, 'runs')}")
        op = _service_op(service, spec, found, tuple(after), waits)
        service_ops[service.key] = builder.add(op)
    if options.wait:
        for service in stack.services:
            _wait(builder, service, "converged", service_ops, options.timeout)
    orphans = _orphans(builder, stack, observed, options)
    removals = tuple(service_ops.values()) + tuple(
        op.id for op in builder.operations() if isinstance(op.payload, RemoveService)
    )
    for kind, record in superseded:
        builder.add(
            Operation(
                ids.remove_swarm_object(kind, record.name),
                record.name,
                "superseded by its new contents (once the services use the new one)",
                RemoveSwarmObject(kind, record.name, record.id),
                depends_on=removals,
            )
        )
    if options.prune:
        _prune_networks(builder, stack, observed, removals)
    return Plan(
        stack.namespace,
        operations=builder.operations(),
        unchanged=tuple(unchanged),
        problems=tuple(problems),
        orphans=tuple(orphans),
    )


def plan_undeploy(observed: ObservedStack, timeout: float = 300.0) -> Plan:
    """Remove the stack's services, then, once their tasks are gone (the swarm refuses to
    remove a network a task still holds), its networks; its secrets and configs once the
    services are removed. Named volumes stay, as with `down`."""
    builder = Builder()
    cause = f"figlet undeploy {observed.namespace}"
    removed: list[str] = []
    gone: list[str] = []
    for service in observed.services:
        removed.append(
            builder.add(
                Operation(
                    ids.remove_service(service.name),
                    service.name,
                    cause,
                    RemoveService(service.name, service.record.id),
                )
            )
        )
        gone.append(
            builder.add(
                Operation(
                    ids.wait_service(service.name, "removed"),
                    service.name,
                    CONDITION_WORDS["removed"],
                    WaitService(
                        service.name.removeprefix(f"{observed.namespace}_"),
                        service.name,
                        "removed",
                        timeout,
                        id=service.record.id,
                    ),
                    depends_on=(removed[-1],),
                )
            )
        )
    for network in observed.networks:
        builder.add(
            Operation(
                ids.remove_network(network.name),
                network.name,
                cause,
                RemoveNetwork(network.name),
                depends_on=tuple(gone),
            )
        )
    kinds: tuple[tuple[ObjectKind, Any], ...] = (
        ("secret", observed.secrets),
        ("config", observed.configs),
    )
    for kind, records in kinds:
        for record in records:
            builder.add(
                Operation(
                    ids.remove_swarm_object(kind, record.name),
                    record.name,
                    cause,
                    RemoveSwarmObject(kind, record.name, record.id),
                    depends_on=tuple(removed),
                )
            )
    return Plan(observed.namespace, operations=builder.operations())


def _ordered(services: Sequence[SwarmService]) -> list[SwarmService]:
    """Dependencies first; among services ready together, the file's order (the loader has
    refused cycles)."""
    by_key = {service.key: service for service in services}
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for service in services:
        sorter.add(service.key, *(d.service for d in service.depends_on if d.service in by_key))
    sorter.prepare()
    position = {service.key: index for index, service in enumerate(services)}
    ordered: list[SwarmService] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        ordered.extend(by_key[key] for key in ready)
        sorter.done(*ready)
    return ordered


def _networks(
    builder: Builder, stack: Stack, observed: ObservedStack, problems: list[Problem]
) -> dict[str, str]:
    """Create the stack's missing networks; name -> the create op id."""
    present = {network.name for network in observed.networks}
    created: dict[str, str] = {}
    for network in stack.networks:
        if network.external:
            if network.name not in observed.external_networks:
                problems.append(
                    Problem(
                        f'external network "{network.name}" does not exist',
                        hint=f"create it: `docker network create -d overlay --attachable "
                        f"{network.name}`",
                    )
                )
            continue
        if network.name in present:
            continue
        created[network.name] = builder.add(
            Operation(
                ids.network(network.name),
                network.name,
                f"new {network.spec.get('Driver', 'overlay')} network",
                CreateStackNetwork(network.key, network.name, network.spec),
            )
        )
    return created


def _objects(
    builder: Builder, stack: Stack, observed: ObservedStack, problems: list[Problem]
) -> tuple[dict[tuple[str, str], str], dict[str, str], list[tuple[ObjectKind, Any]]]:
    """Create the secrets and configs whose contents are not deployed yet. Returns the
    deployed name of each ((kind, name) -> name), the create op of each created name, and
    the observed versions they supersede. One of the same name outside the stack is used
    as it is when its contents are known to be the same, else it is a problem."""
    renamed: dict[tuple[str, str], str] = {}
    created: dict[str, str] = {}
    superseded: list[tuple[ObjectKind, Any]] = []
    wanted: Iterable[SwarmObject] = (*stack.secrets, *stack.configs)
    for item in wanted:
        if item.external:
            continue
        foreign = next(
            (r for r in observed.foreign if (r.kind, r.name) == (item.kind, item.name)), None
        )
        if foreign is not None:
            if item.digest in (foreign.labels.get(DIGEST), foreign.content_digest):
                renamed[(item.kind, item.name)] = foreign.name
            else:
                problems.append(_foreign_problem(item, foreign, stack.namespace))
            continue
        records = observed.objects(item.kind)
        name, create = object_name(item, records)
        renamed[(item.kind, item.name)] = name
        if create:
            cause = (
                f"new {item.kind}"
                if not versions_of(item, records)
                else f"its contents changed (sha256 {item.digest[:12]}); {item.kind}s cannot "
                "change in Swarm, so a new one replaces it"
            )
            created[name] = builder.add(
                Operation(
                    ids.swarm_object(item.kind, name),
                    name,
                    cause,
                    CreateSwarmObject(item.kind, item.key, name, object_spec(item, name)),
                )
            )
        superseded += [(item.kind, r) for r in versions_of(item, records) if r.name != name]
    return renamed, created, superseded


def _foreign_problem(item: SwarmObject, foreign: ObjectRecord, namespace: str) -> Problem:
    owner = foreign.labels.get(NAMESPACE)
    where = f"by stack {owner}" if owner else "outside any stack"
    why = (
        "with other contents"
        if item.kind == "config" or foreign.labels.get(DIGEST)
        else "and Swarm never shows a secret's contents, so figlet cannot tell they are the same"
    )
    return Problem(
        f'{item.kind} "{item.name}" ({item.key}) already exists, made {where}, {why}',
        hint=f"to use that {item.kind} as it is, declare it `external: true` (with "
        f"`name: {item.name}`); else remove it (`docker {item.kind} rm {item.name}`) or give "
        f"this one another `name:` (figlet never takes over an object of another stack)",
    )


def _networks_of(spec: dict[str, Any]) -> list[str]:
    return [
        str(n.get("Target", "")) for n in (spec.get("TaskTemplate") or {}).get("Networks") or ()
    ]


def _objects_of(spec: dict[str, Any]) -> list[str]:
    container = (spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}
    names = [str(ref.get("SecretName", "")) for ref in container.get("Secrets") or ()]
    return names + [str(ref.get("ConfigName", "")) for ref in container.get("Configs") or ()]


def _wait(
    builder: Builder,
    service: SwarmService,
    condition: str,
    service_ops: dict[str, str],
    timeout: float,
) -> str:
    """The wait on `service`'s tasks (planned once per condition)."""
    op_id = ids.wait_service(service.name, condition)
    if op_id not in builder:
        own = service_ops.get(service.key)
        builder.add(
            Operation(
                op_id,
                service.name,
                CONDITION_WORDS.get(condition, condition),
                WaitService(service.key, service.name, condition, timeout),
                depends_on=(own,) if own else (),
                service=service.key,
            )
        )
    return op_id


def _service_op(
    service: SwarmService,
    spec: dict[str, Any],
    found: ObservedService | None,
    after: tuple[str, ...],
    waits: list[str],
) -> Operation:
    later = f", after {' and '.join(waits)}" if waits else ""
    if found is None:
        mode = "global" if service.replicas is None else _replicas(service.replicas)
        cause = f"new service ({mode}){later}"
        return Operation(
            ids.service(service.name),
            service.name,
            cause,
            CreateService(service.key, service.name, spec),
            depends_on=after,
            service=service.key,
        )
    record = found.record
    before = recorded_spec(record)
    changes = spec_changes(
        before if before is not None else comparable(record.spec), comparable(spec)
    )
    if before is None:  # made by `docker stack deploy`: compare what figlet sets only
        changes = tuple(c for c in changes if c.after is not ABSENT)
    changes = tuple(_hidden(change) for change in changes)
    scale = bool(changes) and all(change.path == _REPLICAS for change in changes)
    if scale:
        cause = f"scale {changes[0].before} → {changes[0].after}"
    elif before is None:
        cause = "not deployed by figlet yet (no spec-hash label)"
    else:
        cause = "changed: " + ", ".join(sorted({_field(c.path) for c in changes}) or ["labels"])
    cause += later
    return Operation(
        ids.service(service.name),
        service.name,
        cause,
        UpdateService(service.key, service.name, record.id, record.version, spec, scale=scale),
        depends_on=after,
        service=service.key,
        changes=changes,
    )


def _replicas(count: int) -> str:
    return f"{count} replica{'s' if count != 1 else ''}"


def _field(path: str) -> str:
    """A change's field, shortened for a cause: `TaskTemplate.ContainerSpec.Env`."""
    return path.split("[", 1)[0]


def _hidden(change: Change) -> Change:
    """An environment entry of a sensitive name shows no value."""
    if ".Env[" not in change.path:
        return change
    values = [v for v in (change.before, change.after) if isinstance(v, str)]
    if not any(sensitive_variable(v.split("=", 1)[0]) for v in values):
        return change

    def mask(value: Any) -> Any:
        return value if value is ABSENT else HIDDEN

    return Change(change.path, mask(change.before), mask(change.after), hidden=True)


def _orphans(
    builder: Builder, stack: Stack, observed: ObservedStack, options: DeployOptions
) -> list[Orphan]:
    wanted = {service.name for service in stack.services}
    orphans: list[Orphan] = []
    prefix = f"{stack.namespace}_"
    for found in observed.services:
        if found.name in wanted:
            continue
        key = found.name.removeprefix(prefix)
        if not options.prune:
            orphans.append(Orphan(found.name, key, kind="service"))
            continue
        builder.add(
            Operation(
                ids.remove_service(found.name),
                found.name,
                f'orphan (service "{key}" is no longer in the project), --prune',
                RemoveService(found.name, found.record.id),
            )
        )
    return orphans


def _prune_networks(
    builder: Builder, stack: Stack, observed: ObservedStack, after: tuple[str, ...]
) -> None:
    wanted = {network.name for network in stack.networks}
    for network in observed.networks:
        if network.name not in wanted:
            builder.add(
                Operation(
                    ids.remove_network(network.name),
                    network.name,
                    "no longer in the project, --prune",
                    RemoveNetwork(network.name),
                    depends_on=after,
                )
            )


__all__ = ["CONDITION_WORDS", "plan_deploy", "plan_undeploy"]
