"""The service dependency graph: who needs whom before it can be created.

The one place that knows what a dependency is: `edges(service)` reads depends_on, links,
volumes_from and `service:` network_mode / ipc / pid. `DependencyGraph.of(services)` computes
them once per service; the loader checks it for cycles (`check_acyclic`, a located ConfigError
naming the cycle), the planner orders with it (`startup_order`), and `plan_down` orders the
services its containers' labels name with `ordered`, the same function.

Ordering and cycle detection use the standard library's `graphlib.TopologicalSorter`; among
the services that are ready at a step, the one declared first goes first, so the same project
always gives the same order. networkx (~0.3 s to import) is only behind `to_networkx`, for
commands that draw or analyse the graph, never on the up/down path.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING, Literal

from figlet.errors import ConfigError, Location, Problem

if TYPE_CHECKING:
    import networkx

    from figlet.model import Dependency, Service

EdgeKind = Literal["depends_on", "links", "volumes_from", "network_mode", "ipc", "pid"]
_HINT = "remove one of the depends_on / links / volumes_from / service: entries in the cycle"


@dataclass(frozen=True)
class Edge:
    """One reason why a service needs `target` first."""

    target: str
    kind: EdgeKind
    dependency: Dependency | None = None  # the depends_on entry, for kind "depends_on"

    @property
    def required(self) -> bool:
        return self.dependency.required if self.dependency else True


def edges(service: Service) -> tuple[Edge, ...]:
    """Every dependency of `service` with its kind, in a stable order (self-references dropped:
    the loader reports those on their own)."""
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


class DependencyCycle(ConfigError):
    """The services depend on each other in a circle. `cycle` names it, each service needing
    the next and the first repeated at the end (`("web", "api", "web")`); `path` is the key
    of the first step (`services.web.depends_on.api`)."""

    def __init__(self, cycle: tuple[str, ...], path: str, location: Location | None = None):
        self.cycle = cycle
        self.path = path
        message = f"dependency cycle detected: {' -> '.join(cycle)}"
        super().__init__(Problem(message, location, path, _HINT))


def ordered(
    needs: Mapping[str, Iterable[str]],
    declared: Sequence[str] = (),
    *,
    step_path: Callable[[str, str], str] | None = None,
) -> tuple[str, ...]:
    """Every key of `needs` (name -> the names it needs), each after what it needs; names
    needed that are not keys are ignored. Of the names ready at a step, the first in `declared`
    goes first (names not declared after, by name). Raises DependencyCycle on a cycle; its path
    is `step_path(first, second)` of the cycle's first step (default: empty)."""
    position = {name: index for index, name in enumerate(declared)}
    rank = {name: (position.get(name, len(position)), name) for name in needs}
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for name, targets in needs.items():
        sorter.add(name, *(target for target in targets if target in needs))
    try:
        sorter.prepare()
    except CycleError as found:
        cycle = _as_needs(found.args[1], rank)
        raise DependencyCycle(cycle, step_path(*cycle[:2]) if step_path else "") from None
    ready = [rank[name] for name in sorter.get_ready()]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, name = heapq.heappop(ready)
        order.append(name)
        sorter.done(name)
        for freed in sorter.get_ready():
            heapq.heappush(ready, rank[freed])
    return tuple(order)


def _as_needs(found: Sequence[str], rank: Mapping[str, tuple[int, str]]) -> tuple[str, ...]:
    """graphlib's cycle (each name before the next, the first repeated at the end) as "needs"
    steps, starting at the service declared first, so one project always names one cycle."""
    names = list(reversed(found[:-1])) if len(found) > 1 else list(found)
    start = names.index(min(names, key=rank.__getitem__))
    names = names[start:] + names[:start]
    return (*names, names[0])


@dataclass(frozen=True)
class DependencyGraph:
    """The services (in declaration order) and the edges of each, computed once. An edge may
    point at a name that is not a service here (a dependency on a disabled or undefined
    service); ordering ignores it, the loader and the planner report it."""

    names: tuple[str, ...]
    edges: Mapping[str, tuple[Edge, ...]]

    @classmethod
    def of(cls, services: Mapping[str, Service]) -> DependencyGraph:
        return cls(tuple(services), {name: edges(service) for name, service in services.items()})

    def needs(self, name: str) -> tuple[str, ...]:
        """The services `name` needs first, among those in the graph (each once, in order)."""
        return tuple(dict.fromkeys(e.target for e in self.edges[name] if e.target in self.edges))

    def startup_order(self, among: Iterable[str] | None = None) -> tuple[str, ...]:
        """The services (or only those `among`), each after the ones it needs; ties in
        declaration order. Raises DependencyCycle."""
        chosen = self.names if among is None else tuple(among)
        keep = set(chosen)
        needs = {name: [t for t in self.needs(name) if t in keep] for name in chosen}
        return ordered(needs, self.names, step_path=self.step_path)

    def check_acyclic(self, locate: Callable[[tuple[str, ...]], Location | None]) -> None:
        """Raise DependencyCycle, located with `locate(key path)`, if the services form a
        cycle."""
        try:
            self.startup_order()
        except DependencyCycle as cycle:
            first, second = cycle.cycle[:2]
            where = locate(self.step_key(first, second))
            raise DependencyCycle(cycle.cycle, cycle.path, where) from None

    def step_key(self, service: str, target: str) -> tuple[str, ...]:
        """The key path of the entry by which `service` needs `target`: the depends_on entry
        itself, else the key (`links`, `volumes_from`, `network_mode`, ...)."""
        edge = next(e for e in self.edges[service] if e.target == target)
        key: tuple[str, ...] = ("services", service, edge.kind)
        return (*key, target) if edge.kind == "depends_on" else key

    def step_path(self, service: str, target: str) -> str:
        return ".".join(self.step_key(service, target))

    def to_networkx(self) -> networkx.DiGraph[str]:
        """A networkx DiGraph (nodes in declaration order, edges dependent -> dependency, each
        node's in sorted order), for analysing or drawing the graph. Imports networkx."""
        import networkx

        graph: networkx.DiGraph[str] = networkx.DiGraph()
        graph.add_nodes_from(self.names)
        for name in self.names:
            graph.add_edges_from((name, target) for target in sorted(self.needs(name)))
        return graph

    def reduced(self) -> DependencyGraph:
        """The same services with only the edges a transitive reduction keeps (a dependency
        also reached through another one is dropped), each edge's kinds kept. Imports networkx.
        """
        import networkx

        kept = set(networkx.transitive_reduction(self.to_networkx()).edges)
        return DependencyGraph(
            self.names,
            {
                name: tuple(e for e in self.edges[name] if (name, e.target) in kept)
                for name in self.names
            },
        )

    def levels(self) -> tuple[tuple[str, ...], ...]:
        """The services by start-up level: level 0 needs nothing, each later level needs only
        services of earlier ones (networkx's topological generations of the reversed graph),
        each level in declaration order. Imports networkx."""
        import networkx

        position = {name: index for index, name in enumerate(self.names)}
        generations = networkx.topological_generations(self.to_networkx().reverse(copy=False))
        return tuple(tuple(sorted(level, key=position.__getitem__)) for level in generations)

    def roots(self) -> tuple[str, ...]:
        """The services no other service needs (the top of the tree), in declaration order.
        Imports networkx."""
        graph = self.to_networkx()
        return tuple(name for name in self.names if graph.in_degree(name) == 0)
