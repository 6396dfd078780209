"""The service dependency graph: edges, cycles, order."""

from __future__ import annotations

import sys

import pytest

from figlet.graph import build_graph, find_cycle, startup_order
from figlet.model import Dependency, Link, Service


def svc(name: str, *deps: str, **fields: object) -> Service:
    return Service(
        name=name,
        spec={},
        depends_on=tuple(Dependency(dep) for dep in deps),
        **fields,  # type: ignore[arg-type]
    )


def services(*items: Service) -> dict[str, Service]:
    return {item.name: item for item in items}


def test_edges_point_from_dependent_to_dependency_for_every_kind() -> None:
    graph = build_graph(
        services(
            svc("db"),
            svc("cache"),
            svc("data"),
            svc("vpn"),
            svc("web", "db", links=(Link("cache", "redis"),), volumes_from=("data:ro",)),
            svc("app", network_mode="service:vpn", ipc="service:web", pid="host"),
            svc("tool", volumes_from=("container:foreign",)),
        )
    )
    assert sorted(graph.edges) == [
        ("app", "vpn"),
        ("app", "web"),
        ("web", "cache"),
        ("web", "data"),
        ("web", "db"),
    ]
    assert list(graph.nodes) == ["db", "cache", "data", "vpn", "web", "app", "tool"]


def test_dependency_on_unknown_service_gets_no_edge() -> None:
    graph = build_graph(services(svc("web", "ghost")))
    assert list(graph.nodes) == ["web"]
    assert not graph.edges


def test_no_cycle() -> None:
    assert find_cycle(services(svc("web", "db"), svc("db"))) is None


def test_two_service_cycle_starts_at_first_declared() -> None:
    assert find_cycle(services(svc("web", "api"), svc("api", "web"))) == ("web", "api", "web")


def test_cycle_not_through_first_service_is_found_and_stable() -> None:
    project = services(svc("front", "b"), svc("a", "c"), svc("b", "a"), svc("c", "b"), svc("z"))
    first = find_cycle(project)
    assert first == ("b", "a", "c", "b")  # reached from "front", the first declared
    assert find_cycle(dict(reversed(list(project.items())))) in {
        ("a", "c", "b", "a"),
        ("b", "a", "c", "b"),
        ("c", "b", "a", "c"),
    }


def test_cycle_through_links_and_network_mode() -> None:
    project = services(
        svc("web", links=(Link("proxy", "proxy"),)),
        svc("proxy", network_mode="service:web"),
    )
    assert find_cycle(project) == ("web", "proxy", "web")


def test_startup_order_dependencies_first_ready_ones_in_declaration_order() -> None:
    project = services(svc("web", "db", "cache"), svc("worker", "db"), svc("db"), svc("cache"))
    # after db, both worker and cache are ready: worker is declared first
    assert startup_order(project) == ("db", "worker", "cache", "web")


def test_startup_order_cycle_raises() -> None:
    with pytest.raises(ValueError, match="web -> api -> web"):
        startup_order(services(svc("web", "api"), svc("api", "web")))


def test_importing_graph_does_not_import_networkx() -> None:
    import subprocess

    code = "import figlet.graph, sys; print('networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
