"""The service dependency graph: edges, cycles, order (figlet.graph)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from figlet.errors import ConfigError, Location
from figlet.graph import DependencyCycle, DependencyGraph, edges, ordered
from figlet.model import Dependency, Link, Service


def svc(name: str, *deps: str, **fields: object) -> Service:
    return Service(
        name=name,
        spec={},
        depends_on=tuple(Dependency(dep) for dep in deps),
        **fields,  # type: ignore[arg-type]
    )


def graph(*items: Service) -> DependencyGraph:
    return DependencyGraph.of({item.name: item for item in items})


def cycle_of(project: DependencyGraph) -> tuple[str, ...]:
    with pytest.raises(DependencyCycle) as found:
        project.startup_order()
    return found.value.cycle


KINDS = (
    svc("db"),
    svc("cache"),
    svc("data"),
    svc("vpn"),
    svc("web", "db", links=(Link("cache", "redis"),), volumes_from=("data:ro",)),
    svc("app", network_mode="service:vpn", ipc="service:web", pid="host"),
    svc("tool", volumes_from=("container:foreign",)),
)


def test_edges_of_every_kind() -> None:
    found = {(edge.target, edge.kind) for item in KINDS for edge in edges(item)}
    assert found == {
        ("db", "depends_on"),
        ("cache", "links"),
        ("data", "volumes_from"),
        ("vpn", "network_mode"),
        ("web", "ipc"),
    }


def test_a_self_reference_is_no_edge() -> None:
    assert edges(svc("web", "web", links=(Link("web", "me"),))) == ()


def test_networkx_view_points_from_dependent_to_dependency() -> None:
    drawn = graph(*KINDS).to_networkx()
    assert sorted(drawn.edges) == [
        ("app", "vpn"),
        ("app", "web"),
        ("web", "cache"),
        ("web", "data"),
        ("web", "db"),
    ]
    assert list(drawn.nodes) == ["db", "cache", "data", "vpn", "web", "app", "tool"]


def test_dependency_on_unknown_service_is_kept_but_not_needed() -> None:
    project = graph(svc("web", "ghost"))
    assert [edge.target for edge in project.edges["web"]] == ["ghost"]
    assert project.needs("web") == ()
    assert project.startup_order() == ("web",)


def test_no_cycle() -> None:
    assert graph(svc("web", "db"), svc("db")).startup_order() == ("db", "web")


def test_two_service_cycle_starts_at_first_declared() -> None:
    assert cycle_of(graph(svc("web", "api"), svc("api", "web"))) == ("web", "api", "web")


def test_a_cycle_not_through_the_first_service_starts_at_its_first_declared_member() -> None:
    items = (svc("front", "b"), svc("a", "c"), svc("b", "a"), svc("c", "b"), svc("z"))
    assert cycle_of(graph(*items)) == ("a", "c", "b", "a")  # a needs c, c needs b, b needs a
    assert cycle_of(graph(*reversed(items))) == ("c", "b", "a", "c")


def test_cycle_through_links_and_network_mode() -> None:
    project = graph(
        svc("web", links=(Link("proxy", "proxy"),)),
        svc("proxy", network_mode="service:web"),
    )
    assert cycle_of(project) == ("web", "proxy", "web")


def test_a_cycle_is_a_config_error_naming_it_at_the_key_of_its_first_step() -> None:
    project = graph(svc("web", "api"), svc("api", links=(Link("web", "web"),)))
    asked: list[tuple[str, ...]] = []

    def locate(path: tuple[str, ...]) -> Location:
        asked.append(path)
        return Location("compose.yaml", 4, 5)

    with pytest.raises(ConfigError) as raised:
        project.check_acyclic(locate)
    assert asked == [("services", "web", "depends_on", "api")]
    assert raised.value.render() == (
        "compose.yaml:4:5: services.web.depends_on.api: dependency cycle detected: "
        "web -> api -> web\n"
        "  remove one of the depends_on / links / volumes_from / service: entries in the cycle"
    )


def test_a_step_by_another_kind_is_located_at_that_key() -> None:
    project = graph(svc("api", links=(Link("web", "web"),)), svc("web", "api"))
    with pytest.raises(DependencyCycle) as raised:
        project.check_acyclic(lambda path: None)
    assert raised.value.cycle == ("api", "web", "api")
    assert raised.value.path == "services.api.links"


def test_startup_order_dependencies_first_ready_ones_in_declaration_order() -> None:
    project = graph(svc("web", "db", "cache"), svc("worker", "db"), svc("db"), svc("cache"))
    # after db, both worker and cache are ready: worker is declared first
    assert project.startup_order() == ("db", "worker", "cache", "web")
    assert project.startup_order(among=["web", "cache"]) == ("cache", "web")


def test_ordered_names_not_declared_go_after_by_name() -> None:
    needs = {"b": set(), "zz": {"a"}, "a": set(), "y": set()}
    assert ordered(needs, declared=["a", "b"]) == ("a", "b", "y", "zz")


def test_ordered_ignores_names_that_are_not_keys() -> None:
    assert ordered({"web": {"gone"}}) == ("web",)


def test_a_long_chain_is_ordered_without_recursion() -> None:
    names = [f"s{i}" for i in range(3000)]
    needs = {name: {names[i - 1]} if i else set() for i, name in enumerate(names)}
    assert ordered(dict(reversed(list(needs.items())))) == tuple(names)


def test_the_up_path_does_not_import_networkx() -> None:
    code = (
        "import figlet.graph, figlet.planner, figlet.loader, sys; print('networkx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
