"""The pure port preflight: plan + project + ports in use -> problems (no engine, no sockets)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest

from figlet import labels
from figlet.engine.fake import FakeEngine
from figlet.errors import FigletError
from figlet.model import Network, Project, Service, ServiceNetwork
from figlet.observe.state import Observed, ObservedContainer
from figlet.plan import Action, Operation, Plan
from figlet.plan.payloads.containers import CreateContainer, Recreate, StartContainer
from figlet.plan.payloads.lifecycle import Stop
from figlet.planner import UpOptions, plan_up
from figlet.preflight import Address, PortsInUse, port_problems, preflight
from figlet.preflight._check import addresses_to_probe
from figlet.preflight._ports import held_ports, wanted_ports
from figlet.preflight._probe import engine_is_local, probeable

IMAGE = "figlet-local/busybox:latest"


def port(published: str | None, target: int = 80, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"mode": "ingress", "target": target, "protocol": "tcp", **extra}
    if published is not None:
        entry["published"] = published
    return entry


def svc(name: str, *ports: Mapping[str, Any], replicas: int = 1) -> Service:
    return Service(
        name=name,
        spec={"image": IMAGE, "ports": [dict(p) for p in ports], "networks": {"default": None}},
        image=IMAGE,
        replicas=replicas,
        networks=(ServiceNetwork("default"),),
    )


def proj(*services: Service, name: str = "h9") -> Project:
    return Project(
        name=name,
        working_dir="/w",
        config_files=("/w/compose.yaml",),
        services={s.name: s for s in services},
        networks={"default": Network("default", f"{name}_default", {})},
        volumes={},
        spec={},
    )


def start(*names: str, action: Action = Action.START, **fields: Any) -> list[Operation]:
    """START (or RECREATE, with `fields`) of containers "<service>-<n>"."""
    return [
        Operation(
            id=f"{action.value}:{n}",
            target=n,
            cause="test",
            service=n.rsplit("-", 1)[0],
            payload=StartContainer(n.rsplit("-", 1)[0], n)
            if action is Action.START
            else Recreate(n.rsplit("-", 1)[0], 1, n, "h", "", **{"old_id": "x", **fields}),
        )
        for n in names
    ]


def plan(*ops: Iterable[Operation]) -> Plan:
    return Plan(project="h9", operations=tuple(op for group in ops for op in group))


def running(
    name: str, *ports: str, project: str = "other", state: str = "running"
) -> ObservedContainer:
    return ObservedContainer(
        id=f"id-{name}",
        name=name,
        service=name.split("-")[1] if "-" in name else name,
        number=1,
        state=state,
        config_hash="",
        image=IMAGE,
        image_id="",
        labels={labels.PROJECT: project} if project else {},
        ports=ports,
    )


def messages(problems: Iterable[Any]) -> list[str]:
    return [p.render() for p in problems]


# --- what the plan publishes -----------------------------------------------------------


def test_only_started_containers_publish() -> None:
    project = proj(svc("web", port("8080")), svc("db", port("5432", 5432)))
    created = Operation("create:db-1", "db-1", "new", CreateContainer("db", 1, "db-1", "h"))
    no_start = start("web-1", action=Action.RECREATE, start=False, old_id="x")
    assert wanted_ports(plan([created], no_start), project) == ()
    found = wanted_ports(plan(start("web-1"), start("db-1", action=Action.RECREATE)), project)
    assert [(w.service, w.ports, w.path) for w in found] == [
        ("web", (8080,), "services.web.ports[0]"),
        ("db", (5432,), "services.db.ports[0]"),
    ]


def test_unpublished_ports_and_host_network_are_ignored() -> None:
    host = Service("h", spec={"ports": [port("9000")]}, image=IMAGE, network_mode="host")
    project = proj(svc("web", port(None), port("")), host)
    assert wanted_ports(plan(start("web-1", "h-1")), project) == ()


def test_a_published_range_is_every_port_of_it() -> None:
    project = proj(svc("web", port("8000-8002", host_ip="127.0.0.1", protocol="udp")))
    (entry,) = wanted_ports(plan(start("web-1")), project)
    assert entry.ports == (8000, 8001, 8002)
    assert entry.describe() == "8000-8002/udp on 127.0.0.1"


def test_listed_ports_are_parsed() -> None:
    c = running(
        "o-web-1", "0.0.0.0:8080->80/tcp", "[::]:8080->80/tcp", "53/udp", "127.0.0.1:53->53/udp"
    )
    assert [h.address for h in held_ports([c])] == [
        Address("0.0.0.0", 8080, "tcp"),
        Address("::", 8080, "tcp"),
        Address("127.0.0.1", 53, "udp"),
    ]
    assert held_ports([running("o-web-2", "0.0.0.0:1->1/tcp", state="exited")]) == ()


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        (Address("", 80), Address("0.0.0.0", 80), True),
        (Address("", 80), Address("127.0.0.1", 80), True),
        (Address("127.0.0.1", 80), Address("127.0.0.2", 80), False),
        (Address("::", 80), Address("127.0.0.1", 80), True),
        (Address("127.0.0.1", 80), Address("127.0.0.1", 81), False),
        (Address("127.0.0.1", 80, "tcp"), Address("127.0.0.1", 80, "udp"), False),
        (Address("[::1]", 80), Address("::1", 80), True),
    ],
)
def test_addresses_overlap(a: Address, b: Address, meet: bool) -> None:
    assert a.overlaps(b) is meet
    assert b.overlaps(a) is meet


# --- conflicts -------------------------------------------------------------------------


def test_a_port_of_another_projects_container_is_a_problem() -> None:
    project = proj(svc("web", port("8080")))
    in_use = PortsInUse(containers=(running("other-web-1", "0.0.0.0:8080->80/tcp"),))
    assert messages(port_problems(plan(start("web-1")), project, in_use)) == [
        'services.web.ports[0]: service "web" cannot publish host port 8080/tcp: it is already '
        "in use by container other-web-1 (project other)\n"
        "  stop that container (`docker stop other-web-1`), or publish another host port in "
        "services.web.ports[0]"
    ]


def test_a_port_held_by_a_process_is_a_problem() -> None:
    project = proj(svc("web", port("8080", host_ip="127.0.0.1")))
    in_use = PortsInUse(processes=frozenset({Address("127.0.0.1", 8080)}))
    (problem,) = port_problems(plan(start("web-1")), project, in_use)
    assert "host port 8080/tcp on 127.0.0.1: it is already in use by a process" in problem.message
    assert problem.path == "services.web.ports[0]"
    assert "ss -ltnup" in problem.hint


def test_free_ports_and_other_addresses_are_no_problem() -> None:
    project = proj(svc("web", port("8080", host_ip="127.0.0.1"), port("53", 53, protocol="udp")))
    in_use = PortsInUse(
        containers=(
            running("o-a-1", "127.0.0.2:8080->80/tcp", "0.0.0.0:53->53/tcp", "0.0.0.0:81->81/tcp"),
        ),
        processes=frozenset({Address("127.0.0.1", 8081)}),
    )
    assert port_problems(plan(start("web-1")), project, in_use) == []


def test_containers_the_plan_replaces_or_stops_do_not_count() -> None:
    project = proj(svc("web", port("8080")), svc("api", port("9090")))
    in_use = PortsInUse(
        containers=(
            running("h9-web-1", "0.0.0.0:8080->80/tcp", project="h9"),
            running("h9-api-1", "0.0.0.0:9090->80/tcp", project="h9"),
            running("h9-old-1", "0.0.0.0:7070->80/tcp", project="h9"),
        )
    )
    recreate = start("web-1", action=Action.RECREATE, old_id="id-h9-web-1")
    stop = Operation("stop:h9-api-1", "h9-api-1", "restart", Stop("h9-api-1", "id-h9-api-1"))
    assert port_problems(plan(recreate, [stop], start("api-1")), project, in_use) == []
    kept = plan(recreate, start("api-1"))
    assert [p.message for p in port_problems(kept, project, in_use)] == [
        'service "api" cannot publish host port 9090/tcp: it is already in use by container '
        "h9-api-1 (project h9)"
    ]


def test_a_range_is_taken_only_when_every_port_is() -> None:
    project = proj(svc("web", port("8000-8001")))
    one = PortsInUse(containers=(running("o-x-1", "0.0.0.0:8000->80/tcp"),))
    assert port_problems(plan(start("web-1")), project, one) == []
    both = PortsInUse(containers=one.containers, processes=frozenset({Address("", 8001)}))
    (problem,) = port_problems(plan(start("web-1")), project, both)
    assert problem.message == (
        'service "web" cannot publish a host port of 8000-8001/tcp: every one is already in use'
    )
    assert "`docker stop o-x-1`" in problem.hint and "process" in problem.hint


def test_replicas_of_a_fixed_port_conflict_with_each_other() -> None:
    project = proj(svc("web", port("8080"), port("9000-9001", 90)))
    (problem,) = port_problems(plan(start("web-1", "web-2")), project, PortsInUse())
    assert problem.message == (
        'service "web" cannot publish host port 8080/tcp from each of its 2 containers '
        "(web-1, web-2): only one can bind it"
    )


def test_two_services_publishing_one_port_conflict() -> None:
    project = proj(
        svc("a", port("8080")), svc("b", port("8080", host_ip="127.0.0.1")), svc("c", port("8081"))
    )
    (problem,) = port_problems(plan(start("a-1", "b-1", "c-1")), project, PortsInUse())
    assert problem.render() == (
        'services.b.ports[0]: service "b" cannot publish host port 8080/tcp on 127.0.0.1: '
        'service "a" publishes it too (services.a.ports[0])\n'
        "  publish another host port in services.b.ports[0] or in services.a.ports[0]"
    )


def test_every_conflict_is_reported_at_once() -> None:
    project = proj(svc("a", port("1000"), port("1001")), svc("b", port("1000")))
    in_use = PortsInUse(
        containers=(running("o-x-1", "0.0.0.0:1000->80/tcp"),),
        processes=frozenset({Address("", 1001)}),
    )
    paths = [p.path for p in port_problems(plan(start("a-1", "b-1")), project, in_use)]
    assert paths == [
        "services.a.ports[0]",
        "services.a.ports[1]",
        "services.b.ports[0]",
        "services.b.ports[0]",
    ]


def test_only_addresses_no_container_holds_are_probed() -> None:
    project = proj(svc("web", port("8080"), port("8081")))
    wanted = wanted_ports(plan(start("web-1")), project)
    held = held_ports([running("h9-web-1", "0.0.0.0:8080->80/tcp", project="h9")])
    assert addresses_to_probe(wanted, held) == (Address("", 8081),)


def test_only_loopback_and_wildcard_addresses_are_probed() -> None:
    assert all(probeable(h) for h in ("", "0.0.0.0", "::", "[::1]", "127.0.0.1", "127.1.2.3"))
    assert not any(probeable(h) for h in ("10.0.0.5", "192.168.1.1", "fe80::1"))


# --- preflight with an engine seam ---------------------------------------------------


class ListingEngine(FakeEngine):
    """A FakeEngine that also lists running containers of every project, and says where."""

    def __init__(self, others: Iterable[ObservedContainer], where: str = "fake engine") -> None:
        super().__init__()
        self.others = tuple(others)
        self.where = where
        self.listed = 0

    def describe(self) -> str:
        return self.where

    def list_running_containers(self) -> tuple[ObservedContainer, ...]:
        self.listed += 1
        return self.others


def test_preflight_reads_the_engine_only_when_a_port_is_published() -> None:
    engine = ListingEngine([running("o-x-1", "0.0.0.0:8080->80/tcp")])
    assert preflight(plan(start("web-1")), proj(svc("web", port(None))), engine) == []
    assert engine.listed == 0
    (problem,) = preflight(plan(start("web-1")), proj(svc("web", port("8080"))), engine)
    assert engine.listed == 1
    assert "container o-x-1" in problem.message


def test_engine_locality_comes_from_where_it_is() -> None:
    assert engine_is_local(ListingEngine([], "Docker engine at unix:///var/run/docker.sock"))
    assert not engine_is_local(ListingEngine([], "Docker engine at tcp://10.0.0.2:2376"))
    assert not engine_is_local(FakeEngine())


def test_up_raises_port_problems_with_the_planners_before_any_change() -> None:
    from figlet.api import up

    web = Service(
        name="web",
        spec={"image": IMAGE, "ports": [port("8080")], "networks": {"outside": None}},
        image=IMAGE,
        networks=(ServiceNetwork("outside"),),
    )
    project = proj(web)
    project = Project(
        **{
            **project.__dict__,
            "networks": {"outside": Network("outside", "outside", {}, external=True)},
        }
    )
    engine = ListingEngine([running("o-x-1", "0.0.0.0:8080->80/tcp")])
    engine.images[IMAGE] = "sha256:1"
    with pytest.raises(FigletError) as raised:
        up(project, engine, UpOptions(), pull="never")
    assert engine.calls == []
    assert [p.path for p in raised.value.problems] == ["networks.outside", "services.web.ports[0]"]


def test_the_planners_payloads_feed_the_check() -> None:
    project = proj(svc("web", port("8080"), replicas=2))
    the_plan = plan_up(project, Observed("h9", images={IMAGE: "sha256:1"}), UpOptions())
    (problem,) = port_problems(the_plan, project, PortsInUse())
    assert "h9-web-1, h9-web-2" in problem.message
