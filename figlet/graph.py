"""The service dependency graph: who needs whom before it can be created.

Edges point from a dependent to its dependency (`web -> db` when web depends on db), built from
`Service.service_dependencies()` (depends_on, links, volumes_from, network_mode / ipc / pid
`service:x`). Dependencies on services that are not in the mapping (a `required: false`
dependency on a disabled service, or a typo the loader reports) get no edge.

networkx is imported inside the functions: it is slow to import and the `up` path does not need
it (the planner orders with plain dicts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from figlet.model import Service

if TYPE_CHECKING:
    import networkx


def build_graph(services: Mapping[str, Service]) -> networkx.DiGraph[str]:
    """A DiGraph of the services, nodes in declaration order, edges dependent -> dependency.

    Each node's successors are added in sorted order, so every traversal is deterministic.
    """
    import networkx

    graph: networkx.DiGraph[str] = networkx.DiGraph()
    graph.add_nodes_from(services)
    for name, service in services.items():
        for dependency in sorted(service.service_dependencies()):
            if dependency in services:
                graph.add_edge(name, dependency)
    return graph


def find_cycle(services: Mapping[str, Service]) -> tuple[str, ...] | None:
    """A dependency cycle as names, the first repeated at the end (`("web", "api", "web")`).

    The search starts from services in declaration order and follows dependencies in sorted
    order, so the same project always reports the same cycle. None when the graph is acyclic.
    """
    import networkx

    graph = build_graph(services)
    try:
        # One depth-first search over all sources in order: linear in the size of the graph.
        edges = networkx.find_cycle(graph, source=list(graph))
    except networkx.NetworkXNoCycle:
        return None
    names = [str(edge[0]) for edge in edges]
    return (*names, names[0])


def startup_order(services: Mapping[str, Service]) -> tuple[str, ...]:
    """Services with every dependency before its dependents; ties keep declaration order.

    Raises ValueError on a cycle (the loader reports cycles, with `find_cycle`, before this).
    """
    import networkx

    graph = build_graph(services)
    position = {name: index for index, name in enumerate(services)}
    # reverse: edges dependency -> dependent, so a topological order starts with dependencies
    try:
        order = networkx.lexicographical_topological_sort(
            graph.reverse(copy=False), key=lambda name: position[name]
        )
        return tuple(order)
    except networkx.NetworkXUnfeasible as exc:
        raise ValueError(f"dependency cycle: {' -> '.join(find_cycle(services) or ())}") from exc
