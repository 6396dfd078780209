"""Which services a plan covers, and in which order (dependencies first), without networkx."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from figlet.errors import Problem
from figlet.model import Dependency, Project, Service

EdgeKind = Literal["depends_on", "links", "volumes_from", "network_mode", "ipc", "pid"]


@dataclass(frozen=True)
class Edge:
    """One reason why `service` needs `target` first."""

    target: str
    kind: EdgeKind
    dependency: Dependency | None = None  # the depends_on entry, for kind "depends_on"

    @property
    def required(self) -> bool:
        return self.dependency.required if self.dependency else True


def edges(service: Service) -> tuple[Edge, ...]:
    """Every dependency of `service` with its kind, in a stable order (self-references dropped)."""
    found: list[Edge] = [Edge(dep.service, "depends_on", dep) for dep in service.depends_on]
    found.extend(Edge(link.service, "links") for link in service.links)
    for entry in service.volumes_from:
        if not entry.startswith("container:"):
            found.append(Edge(entry.split(":", 1)[0], "volumes_from"))
    modes: tuple[tuple[EdgeKind, str | None], ...] = (
        ("network_mode", service.network_mode),
        ("ipc", service.ipc),
        ("pid", service.pid),
    )
    for kind, mode in modes:
        if mode and mode.startswith("service:"):
            found.append(Edge(mode.split(":", 1)[1], kind))
    return tuple(edge for edge in found if edge.target != service.name)


@dataclass(frozen=True)
class Selection:
    """The services to plan, dependencies before dependents, and what is wrong with the choice."""

    services: Mapping[str, Service]
    problems: tuple[Problem, ...] = ()


def select_services(project: Project, names: Iterable[str], *, no_deps: bool) -> Selection:
    """`names` (empty = every active service) plus, unless `no_deps`, their dependencies.

    A service named explicitly, or needed by one, is planned even if its profile is disabled;
    without names, a required dependency on a disabled service is a problem (as in Compose).
    Optional (`required: false`) dependencies that are not in the project are skipped.
    """
    known: dict[str, Service] = {**project.disabled_services, **project.services}
    problems: list[Problem] = []
    wanted = tuple(dict.fromkeys(names))
    chosen: dict[str, Service] = {}
    for name in wanted:
        if name in known:
            chosen[name] = known[name]
        else:
            problems.append(
                Problem(
                    f"no such service: {name}",
                    path=f"services.{name}",
                    hint="services: " + ", ".join(sorted(project.services)),
                )
            )
    if not wanted:
        chosen = dict(project.services)
    if not no_deps:
        queue = list(chosen.values())
        while queue:
            service = queue.pop(0)
            for edge in edges(service):
                if edge.target in chosen:
                    continue
                if edge.target in project.services or (wanted and edge.target in known):
                    chosen[edge.target] = known[edge.target]
                    queue.append(known[edge.target])
                elif edge.target in known and edge.required:
                    problems.append(
                        Problem(
                            f'service "{edge.target}" is needed by service "{service.name}" '
                            "but is not enabled by the active profiles",
                            path=f"services.{service.name}.{edge.kind}",
                            hint=f'enable a profile of "{edge.target}" (--profile) or give both '
                            "services a common profile",
                        )
                    )
                elif edge.required:
                    problems.append(
                        Problem(
                            f'service "{service.name}" depends on undefined service '
                            f'"{edge.target}"',
                            path=f"services.{service.name}.{edge.kind}",
                        )
                    )
    needs = {
        name: {edge.target for edge in edges(service) if edge.target in chosen}
        for name, service in chosen.items()
    }
    order = startup_order(needs, list(known))
    if order is None:
        problems.append(Problem("the services have a dependency cycle", hint="see figlet config"))
        order = [name for name in known if name in chosen]
    return Selection({name: chosen[name] for name in order}, tuple(problems))


def startup_order(needs: Mapping[str, set[str]], declared: list[str]) -> list[str] | None:
    """Kahn's algorithm over `name -> names it needs` (all keys of `needs`): dependencies first,
    ready names in `declared` order (unknown names last, sorted). None on a cycle."""
    position = {name: index for index, name in enumerate(declared)}
    rank = {name: (position.get(name, len(position)), name) for name in needs}
    names = needs.keys()
    waiting = {name: set(targets) & names for name, targets in needs.items()}
    dependents: dict[str, list[str]] = {name: [] for name in needs}
    for name, targets in waiting.items():
        for target in targets:
            dependents[target].append(name)
    ready = [rank[name] for name, targets in waiting.items() if not targets]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, name = heapq.heappop(ready)
        order.append(name)
        for dependent in dependents[name]:
            waiting[dependent].discard(name)
            if not waiting[dependent]:
                heapq.heappush(ready, rank[dependent])
    return order if len(order) == len(needs) else None
