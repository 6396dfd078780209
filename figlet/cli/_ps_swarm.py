"""`figlet ps --swarm`: the project's stack on a swarm, its services and their tasks (node,
desired and current state, error), as `docker stack services` and `docker stack ps` show
them together."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from figlet.observe.swarm import NodeRecord, ObservedService, ObservedStack, TaskRecord


def service_rows(stack: ObservedStack) -> list[dict[str, object]]:
    """One JSON-ready dict per service, its tasks inside."""
    return [_service(service) for service in sorted(stack.services, key=lambda s: s.name)]


def as_json(stack: ObservedStack, nodes: Sequence[NodeRecord]) -> str:
    names = _node_names(nodes)
    rows = service_rows(stack)
    for row, service in zip(rows, sorted(stack.services, key=lambda s: s.name), strict=True):
        row["Tasks"] = [_task(service, task, names) for task in _tasks(service)]
    return json.dumps(rows, indent=2)


def table(stack: ObservedStack, nodes: Sequence[NodeRecord]) -> str:
    names = _node_names(nodes)
    services = sorted(stack.services, key=lambda s: s.name)
    head: list[tuple[str, ...]] = [("SERVICE", "MODE", "REPLICAS", "IMAGE")]
    head += [
        (str(r["Name"]), str(r["Mode"]), str(r["Replicas"]), str(r["Image"]))
        for r in map(_service, services)
    ]
    tasks: list[tuple[str, ...]] = [("TASK", "NODE", "DESIRED", "CURRENT", "ERROR")]
    for service in services:
        for task in _tasks(service):
            row = _task(service, task, names)
            tasks.append(
                (
                    str(row["Name"]),
                    str(row["Node"]),
                    str(row["DesiredState"]),
                    str(row["CurrentState"]),
                    str(row["Error"]),
                )
            )
    return _columns(head) + "\n\n" + _columns(tasks)


def _columns(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
        lines.append("   ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def _service(service: ObservedService) -> dict[str, object]:
    record = service.record
    wanted = record.replicas
    running = sum(1 for t in service.tasks if t.desired_state == "running" and t.running)
    spec = (record.spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}
    return {
        "Name": record.name,
        "ID": record.id,
        "Mode": "global" if wanted is None else "replicated",
        "Replicas": f"{running}/{wanted}" if wanted is not None else f"{running} (global)",
        "Image": str(spec.get("Image", "")).split("@", 1)[0],
        "Version": record.version,
        "SpecHash": record.spec_hash,
    }


def _tasks(service: ObservedService) -> list[TaskRecord]:
    """By slot (or node), the newest first."""
    ordered = sorted(service.tasks, key=lambda t: t.created_at, reverse=True)
    return sorted(ordered, key=lambda t: (t.slot, t.node_id))


def _task(
    service: ObservedService, task: TaskRecord, nodes: Mapping[str, str]
) -> dict[str, object]:
    return {
        "Name": f"{service.name}.{task.slot or task.node_id[:12]}",
        "ID": task.id,
        "Node": nodes.get(task.node_id, task.node_id[:12]),
        "DesiredState": task.desired_state,
        "CurrentState": task.state,
        "Error": task.error,
        "ExitCode": task.exit_code,
    }


def _node_names(nodes: Sequence[NodeRecord]) -> dict[str, str]:
    hostnames = [node.hostname for node in nodes]
    return {
        node.id: node.hostname if hostnames.count(node.hostname) == 1 else node.id[:12]
        for node in nodes
    }
