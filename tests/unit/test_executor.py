"""Executor unit tests: hand-built plans against the in-memory FakeEngine, no Docker."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import pytest
from payload_classes import payload_classes

from figlet import labels
from figlet.engine.fake import FakeContainer, FakeEngine
from figlet.engine.values.containers import ContainerRequest
from figlet.engine.values.readings import Health
from figlet.engine.values.resources import NetworkRequest, VolumeRequest
from figlet.errors import FigletError
from figlet.events import (
    OperationDone,
    OperationFailed,
    OperationSkipped,
    OperationStarted,
    RecordingSink,
)
from figlet.executor import Outcome, Translator, default_parallel, execute
from figlet.model import Link, Network, Project, Service, ServiceNetwork, Volume
from figlet.options import RunSettings
from figlet.plan import Action, Operation, Plan

IMAGE = "figlet-local/busybox:latest"


def make_project(*services: Service, name: str = "trio") -> Project:
    return Project(
        name=name,
        working_dir="/tmp",
        config_files=("/tmp/compose.yaml",),
        services={s.name: s for s in services},
        networks={"default": Network(key="default", name=f"{name}_default", spec={})},
        volumes={"data": Volume(key="data", name=f"{name}_data", spec={})},
        spec={},
    )


def svc(name: str, **extra: Any) -> Service:
    return Service(
        name=name,
        spec={"image": IMAGE},
        image=IMAGE,
        networks=(ServiceNetwork(network="default"),),
        **extra,
    )


def _container_request(
    project: Project,
    service: Service,
    *,
    number: int,
    name: str,
    config_hash: str,
    config_label: str,
    link_hosts: Mapping[str, str],
    image_id: str = "",
    anonymous_volumes: Mapping[str, str] | None = None,
) -> ContainerRequest:
    targets = dict.fromkeys(service.spec.get("anonymous", ()), "") | dict(anonymous_volumes or {})
    mounts = [{"Type": "volume", "Source": src, "Target": dst} for dst, src in targets.items()]
    return ContainerRequest(
        name=name,
        body={
            "Image": service.image,
            "Labels": {
                labels.PROJECT: project.name,
                labels.SERVICE: service.name,
                labels.CONTAINER_NUMBER: str(number),
                labels.CONFIG_HASH: config_hash,
                labels.IMAGE: image_id,
            },
            "HostConfig": {
                "ExtraHosts": [f"{h}:{a}" for h, a in sorted(link_hosts.items())],
                "Mounts": mounts,
            },
            "NetworkingConfig": {"EndpointsConfig": {f"{project.name}_default": {}}},
        },
    )


def _link_hosts(
    project: Project, service: Service, addresses: Mapping[str, Mapping[str, str]]
) -> dict[str, str]:
    return {name: found[f"{project.name}_default"] for name, found in addresses.items()}


def _render_hosts(
    base: str, entries: Mapping[str, str], *, previous: Mapping[str, str] | None = None
) -> str:
    own = "".join(f"{a}\t{h}\n" for h, a in sorted(entries.items()))
    return base.split("# figlet links\n")[0] + "# figlet links\n" + own


STUB = Translator(
    container_request=_container_request,
    network_request=lambda p, n: NetworkRequest(n.name, {"Labels": {labels.PROJECT: p.name}}),
    volume_request=lambda p, v: VolumeRequest(v.name, {"Labels": {labels.PROJECT: p.name}}),
    link_hosts=_link_hosts,
    render_hosts=_render_hosts,
)
FAST = RunSettings(sleep=lambda seconds: None, health_timeout=5)


PAYLOADS: dict[Action, type] = {kind.action: kind for kind in payload_classes()}


def op(op_id: str, action: Action, *deps: str, **fields: Any) -> Operation:
    """An operation whose payload (of `action`'s type) has the keyword arguments as fields (its
    service field follows them)."""
    return Operation(
        id=op_id,
        target=op_id.split(":", 1)[1],
        cause="test",
        depends_on=deps,
        service=fields.get("service"),
        payload=PAYLOADS[action](**fields),
    )


def create_ops(project: str, service: str, number: int, *deps: str) -> tuple[Operation, Operation]:
    name = f"{project}-{service}-{number}"
    return (
        op(
            f"create:{name}",
            Action.CREATE,
            f"network:{project}_default",
            *deps,
            service=service,
            number=number,
            name=name,
            config_hash="h1",
            config_label="",
        ),
        op(f"start:{name}", Action.START, f"create:{name}", service=service, name=name),
    )


def up_plan(project: Project, *extra: Operation) -> Plan:
    ops: list[Operation] = [
        op("network:trio_default", Action.CREATE_NETWORK, key="default", name="trio_default")
    ]
    for service in project.services.values():
        deps = tuple(f"start:trio-{dep}-1" for dep in sorted(service.service_dependencies()))
        ops.extend(create_ops("trio", service.name, 1, *deps))
    ops.extend(extra)
    return Plan(project="trio", operations=tuple(ops))


def run(
    plan: Plan, project: Project | None, engine: FakeEngine, **kw: Any
) -> tuple[Outcome, RecordingSink]:
    sink = RecordingSink()
    kw.setdefault("parallel", 4)
    kw.setdefault("translator", STUB)
    outcome = execute(plan, project, engine, sink, settings=kw.pop("settings", FAST), **kw)
    return outcome, sink


def test_up_creates_network_then_containers_in_dependency_order() -> None:
    project = make_project(svc("db"), svc("web", links=(Link("db", "db"),)))
    engine = FakeEngine()
    outcome, sink = run(up_plan(project), project, engine)
    assert outcome.ok, outcome.error().render()
    assert engine.calls[0] == ("create_network", "trio_default")
    order = [target for _, target in engine.calls]
    assert order.index("trio-db-1") < order.index("trio-web-1")
    web = engine.container_named("trio-web-1")
    assert web is not None and web.state == "running"
    # the linker was created with the target's current address
    db_address = engine.addresses("trio-db-1")["trio_default"]
    assert web.body["HostConfig"]["ExtraHosts"] == [f"trio-db-1:{db_address}"]
    started = [e.op_id for e in sink.of_type(OperationStarted)]
    done = [e.op_id for e in sink.of_type(OperationDone)]
    assert sorted(started) == sorted(done) == sorted(o.id for o in up_plan(project).operations)


def test_each_operation_starts_only_after_its_dependencies_are_done() -> None:
    project = make_project(
        svc("a"), svc("b", depends_on=()), svc("c", links=(Link("a", "a"), Link("b", "b")))
    )
    plan = up_plan(project)
    engine = FakeEngine()
    outcome, sink = run(plan, project, engine, parallel=3)
    assert outcome.ok
    position: dict[str, int] = {}
    for index, event in enumerate(sink.events):
        if isinstance(event, OperationStarted):
            position[f"start {event.op_id}"] = index
        if isinstance(event, OperationDone):
            position[f"done {event.op_id}"] = index
    for operation in plan.operations:
        for dep in operation.depends_on:
            assert position[f"done {dep}"] < position[f"start {operation.id}"]


def independent_plan(count: int) -> Plan:
    return Plan(
        project="trio",
        operations=tuple(
            op(f"volume:v{i}", Action.REMOVE_VOLUME, name=f"v{i}") for i in range(count)
        ),
    )


def test_parallelism_is_bounded_and_used() -> None:
    engine = FakeEngine()
    for i in range(12):
        engine.volumes[f"v{i}"] = {}
    lock = threading.Lock()
    in_flight = [0, 0]  # current, max
    barrier = threading.Barrier(3, timeout=10)

    def hook(method: str, target: str) -> None:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
        try:
            barrier.wait()  # passes only when 3 operations run at once
        finally:
            with lock:
                in_flight[0] -= 1

    engine.hook = hook
    outcome, _ = run(independent_plan(12), None, engine, parallel=3)
    assert outcome.ok, outcome.error().render()
    assert in_flight[1] == 3
    assert not engine.volumes


def test_parallel_one_runs_a_diamond_without_deadlock() -> None:
    project = make_project(
        svc("base"),
        svc("left", links=(Link("base", "base"),)),
        svc("right", links=(Link("base", "base"),)),
        svc("top", links=(Link("left", "left"), Link("right", "right"))),
    )
    engine = FakeEngine()
    outcome, _ = run(up_plan(project), project, engine, parallel=1)
    assert outcome.ok
    assert len(engine.called("start_container")) == 4


def test_a_failure_stops_its_dependents_but_not_independent_branches() -> None:
    project = make_project(svc("db"), svc("web", links=(Link("db", "db"),)), svc("cache"))
    engine = FakeEngine()
    engine.fail[("start_container", "trio-db-1")] = "driver failed: port is already allocated"
    outcome, sink = run(up_plan(project), project, engine)
    assert not outcome.ok
    assert [f.op_id for f in outcome.failures] == ["start:trio-db-1"]
    assert set(outcome.skipped) == {"create:trio-web-1", "start:trio-web-1"}
    assert engine.container_named("trio-web-1") is None
    cache = engine.container_named("trio-cache-1")
    assert cache is not None and cache.state == "running"
    failed = sink.of_type(OperationFailed)
    assert "port is already allocated" in failed[0].message
    assert {e.op_id for e in sink.of_type(OperationSkipped)} == set(outcome.skipped)
    error = outcome.error()
    assert 'service "db"' in error.render() and "already allocated" in error.render()


def test_running_operations_finish_when_another_fails() -> None:
    engine = FakeEngine()
    engine.volumes.update({"v0": {}, "v1": {}})
    engine.fail[("remove_volume", "v0")] = "volume is in use"
    release = threading.Event()

    def hook(method: str, target: str) -> None:
        if target == "v1":
            release.wait(10)  # still running while v0 fails
        elif target == "v0":
            release.set()

    engine.hook = hook
    outcome, _ = run(independent_plan(2), None, engine, parallel=2)
    assert outcome.done == ("volume:v1",)
    assert [f.op_id for f in outcome.failures] == ["volume:v0"]
    assert "v1" not in engine.volumes


def test_recreate_replaces_the_container_under_the_same_name() -> None:
    project = make_project(svc("web"))
    engine = FakeEngine()
    outcome, _ = run(up_plan(project), project, engine)
    old = engine.container_named("trio-web-1")
    assert outcome.ok and old is not None
    plan = Plan(
        project="trio",
        operations=(
            op(
                "recreate:trio-web-1",
                Action.RECREATE,
                service="web",
                number=1,
                name="trio-web-1",
                config_hash="h2",
                config_label="",
                old_id=old.id,
            ),
        ),
    )
    outcome, _ = run(plan, project, engine)
    assert outcome.ok
    new = engine.container_named("trio-web-1")
    assert new is not None and new.id != old.id and new.state == "running"
    assert new.labels[labels.CONFIG_HASH] == "h2"
    assert len(engine.containers) == 1
    # stop + remove the old one strictly before creating the new one: no temporary container
    tail = [m for m, _ in engine.calls[-4:]]
    assert tail == ["stop_container", "remove_container", "create_container", "start_container"]


def recreate_op(old_id: str, config_hash: str = "h2") -> Operation:
    return op(
        "recreate:trio-web-1",
        Action.RECREATE,
        service="web",
        number=1,
        name="trio-web-1",
        config_hash=config_hash,
        config_label="",
        old_id=old_id,
    )


def test_recreate_mounts_the_old_containers_anonymous_volumes_again() -> None:
    web = Service(
        name="web",
        spec={"image": IMAGE, "anonymous": ["/data"]},
        image=IMAGE,
        networks=(ServiceNetwork(network="default"),),
    )
    project = make_project(web)
    engine = FakeEngine()
    assert run(up_plan(project), project, engine)[0].ok
    old = engine.container_named("trio-web-1")
    assert old is not None
    kept = engine.anonymous_volumes(old.id)
    assert list(kept) == ["/data"]
    outcome, _ = run(Plan(project="trio", operations=(recreate_op(old.id),)), project, engine)
    assert outcome.ok, outcome.error().render()
    assert engine.anonymous_volumes("trio-web-1") == kept
    assert kept["/data"] in engine.volumes


def test_recreate_after_the_old_container_vanished_still_converges() -> None:
    project = make_project(svc("web"))
    engine = FakeEngine()
    engine.add_network("trio_default")
    plan = Plan(
        project="trio",
        operations=(
            op(
                "recreate:trio-web-1",
                Action.RECREATE,
                service="web",
                number=1,
                name="trio-web-1",
                config_hash="h2",
                config_label="",
                old_id="gone",
            ),
        ),
    )
    outcome, _ = run(plan, project, engine)
    assert outcome.ok, outcome.error().render()
    assert engine.container_named("trio-web-1") is not None


def wait_plan(condition: str) -> Plan:
    return Plan(
        project="trio",
        operations=(
            op("wait:db", Action.WAIT, service="db", condition=condition, containers=["trio-db-1"]),
            op("volume:v0", Action.REMOVE_VOLUME, "wait:db", name="v0"),
        ),
    )


def engine_with_db() -> FakeEngine:
    engine = FakeEngine()
    engine.volumes["v0"] = {}
    engine.add_network("trio_default")
    request = _container_request(
        make_project(svc("db")),
        svc("db"),
        number=1,
        name="trio-db-1",
        config_hash="h",
        config_label="",
        link_hosts={},
    )
    engine.start_container(engine.create_container(request))
    return engine


def test_wait_healthy_polls_until_healthy() -> None:
    engine = engine_with_db()
    engine.health_script["trio-db-1"] = [Health("starting"), Health("starting"), Health("healthy")]
    outcome, _ = run(wait_plan("service_healthy"), None, engine)
    assert outcome.ok
    assert "v0" not in engine.volumes


def test_wait_unhealthy_fails_with_the_last_health_log_and_blocks_dependents() -> None:
    engine = engine_with_db()
    engine.health_script["trio-db-1"] = [
        Health("starting"),
        Health("unhealthy", "pg_isready: no response"),
    ]
    outcome, _ = run(wait_plan("service_healthy"), None, engine)
    assert outcome.skipped == ("volume:v0",)
    message = outcome.error().render()
    assert 'service "db"' in message and "pg_isready: no response" in message
    assert "v0" in engine.volumes


def test_wait_healthy_is_bounded_by_the_timeout() -> None:
    engine = engine_with_db()
    engine.health_script["trio-db-1"] = [Health("starting")]
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    settings = RunSettings(sleep=sleep, clock=lambda: now[0], health_timeout=3, poll_interval=1)
    outcome, _ = run(wait_plan("service_healthy"), None, engine, settings=settings)
    assert not outcome.ok
    assert "not healthy after 3s" in outcome.error().render()


def test_wait_completed_successfully_checks_the_exit_code() -> None:
    engine = engine_with_db()
    engine.exit_codes["trio-db-1"] = 3
    outcome, _ = run(wait_plan("service_completed_successfully"), None, engine)
    assert "exited with code 3" in outcome.error().render()
    engine = engine_with_db()
    outcome, _ = run(wait_plan("service_completed_successfully"), None, engine)
    assert outcome.ok


def test_down_removes_containers_then_network_and_tolerates_what_is_gone() -> None:
    project = make_project(svc("db"), svc("web", links=(Link("db", "db"),)))
    engine = FakeEngine()
    assert run(up_plan(project), project, engine)[0].ok
    web = engine.container_named("trio-web-1")
    db = engine.container_named("trio-db-1")
    assert web is not None and db is not None
    plan = Plan(
        project="trio",
        operations=(
            op("remove:trio-web-1", Action.REMOVE, name="trio-web-1", id=web.id, service="web"),
            op(
                "remove:trio-db-1",
                Action.REMOVE,
                "remove:trio-web-1",
                name="trio-db-1",
                id=db.id,
                service="db",
            ),
            op("remove:trio-gone-1", Action.REMOVE, name="trio-gone-1", id="nope", service="gone"),
            op(
                "remove-network:trio_default",
                Action.REMOVE_NETWORK,
                "remove:trio-web-1",
                "remove:trio-db-1",
                "remove:trio-gone-1",
                name="trio_default",
            ),
        ),
    )
    outcome, sink = run(plan, None, engine)
    assert outcome.ok, outcome.error().render()
    assert not engine.containers and not engine.networks
    details = {e.op_id: e.detail for e in sink.of_type(OperationDone)}
    assert details["remove:trio-gone-1"] == "already gone"


def _web_running() -> tuple[FakeEngine, FakeContainer]:
    """A fake engine after `up` of a trio project with one plain service, and its web-1."""
    project = make_project(svc("web"))
    engine = FakeEngine()
    assert run(up_plan(project), project, engine)[0].ok
    web = engine.container_named("trio-web-1")
    assert web is not None
    return engine, web


def _remove_trio_network() -> Plan:
    return Plan(
        project="trio",
        operations=(op("remove-network:trio_default", Action.REMOVE_NETWORK, name="trio_default"),),
    )


def test_a_network_with_leaked_endpoints_is_reported_clearly() -> None:
    engine = FakeEngine()
    engine.add_network("trio_default")
    engine.fail[("remove_network", "trio_default")] = (
        403,
        "error while removing network: network trio_default id n0 has active endpoints",
    )
    outcome, _ = run(_remove_trio_network(), None, engine)
    message = outcome.error().render()
    first = message.splitlines()[0]
    # the cause on the first line, and short: a log that keeps 200 characters a line keeps it
    assert "counts an endpoint that no container holds (moby/moby#43286" in first
    assert len(first) < 200
    assert "only an engine restart clears the count" in message
    assert engine.called("remove_network") == ["trio_default"] * 3


def test_a_network_still_used_by_another_project_names_its_containers() -> None:
    engine, web = _web_running()
    web.name = "other-app-1"  # now a container of somebody else, on trio's network
    outcome, _ = run(_remove_trio_network(), None, engine)
    message = outcome.error().render()
    assert "network trio_default is still used by containers outside this project: other-app-1" in (
        message
    )
    assert "docker network disconnect -f trio_default <container>" in message
    assert "43286" not in message


def test_update_hosts_rewrites_the_linker_block() -> None:
    project = make_project(svc("db"), svc("web", links=(Link("db", "db"),)))
    engine = FakeEngine()
    assert run(up_plan(project), project, engine)[0].ok
    web = engine.container_named("trio-web-1")
    assert web is not None
    web.hosts = "127.0.0.1\tlocalhost\n# figlet links\n10.9.9.9\ttrio-db-1\n"
    plan = Plan(
        project="trio",
        operations=(op("hosts:trio-web-1", Action.UPDATE_HOSTS, service="web", name="trio-web-1"),),
    )
    outcome, _ = run(plan, project, engine)
    assert outcome.ok, outcome.error().render()
    address = engine.addresses("trio-db-1")["trio_default"]
    assert web.hosts == f"127.0.0.1\tlocalhost\n# figlet links\n{address}\ttrio-db-1\n"


def test_unknown_dependencies_are_rejected_before_anything_runs() -> None:
    engine = FakeEngine()
    plan = Plan(
        project="trio",
        operations=(op("volume:v0", Action.REMOVE_VOLUME, "volume:nope", name="v0"),),
    )
    with pytest.raises(FigletError, match="inconsistent"):
        run(plan, None, engine)
    assert engine.calls == []


def test_a_cycle_is_reported_as_skipped_not_a_hang() -> None:
    engine = FakeEngine()
    plan = Plan(
        project="trio",
        operations=(
            op("volume:a", Action.REMOVE_VOLUME, "volume:b", name="a"),
            op("volume:b", Action.REMOVE_VOLUME, "volume:a", name="b"),
        ),
    )
    outcome, _ = run(plan, None, engine, parallel=1)
    assert set(outcome.skipped) == {"volume:a", "volume:b"}
    assert not outcome.ok


def test_cancel_starts_nothing_new() -> None:
    engine = FakeEngine()
    for i in range(4):
        engine.volumes[f"v{i}"] = {}
    cancel = threading.Event()
    engine.hook = lambda method, target: cancel.set()
    outcome, _ = run(independent_plan(4), None, engine, parallel=1, cancel=cancel)
    assert outcome.interrupted and outcome.done == ("volume:v0",)
    assert len(outcome.skipped) == 3
    assert outcome.error().exit_code == 130


def test_default_parallel_reads_compose_parallel_limit() -> None:
    assert default_parallel({"COMPOSE_PARALLEL_LIMIT": "3"}) == 3
    assert default_parallel({"COMPOSE_PARALLEL_LIMIT": "zero"}) == 16
    assert default_parallel({}) == 16


def test_the_real_translator_wires_link_hosts_into_the_create_body() -> None:
    project = make_project(svc("db"), svc("web", links=(Link("db", "database"),)))
    engine = FakeEngine()
    outcome, _ = run(up_plan(project), project, engine, translator=Translator.default())
    assert outcome.ok, outcome.error().render()
    web = engine.container_named("trio-web-1")
    assert web is not None
    address = engine.addresses("trio-db-1")["trio_default"]
    assert f"database:{address}" in web.body["HostConfig"]["ExtraHosts"]
    assert web.labels[labels.PROJECT] == "trio"


def test_ctrl_c_while_scheduling_lets_running_operations_finish() -> None:
    """A KeyboardInterrupt on the scheduling thread: nothing new starts, nothing is lost."""
    engine = FakeEngine()
    for i in range(3):
        engine.volumes[f"v{i}"] = {}

    class InterruptingSink(RecordingSink):
        def emit(self, event: Any) -> None:
            super().emit(event)
            if isinstance(event, OperationStarted) and event.op_id == "volume:v0":
                raise KeyboardInterrupt

    sink = InterruptingSink()
    outcome = execute(independent_plan(3), None, engine, sink, parallel=1, translator=STUB)
    assert outcome.interrupted
    assert outcome.done == ("volume:v0",)
    assert set(outcome.skipped) == {"volume:v1", "volume:v2"}
    assert set(engine.volumes) == {"v1", "v2"}


def test_remove_still_removes_when_the_graceful_stop_fails() -> None:
    engine, web = _web_running()
    engine.fail[("stop_container", web.id)] = "cannot stop container: tried to kill container"
    plan = Plan(
        project="trio",
        operations=(
            op("remove:trio-web-1", Action.REMOVE, name="trio-web-1", id=web.id, service="web"),
        ),
    )
    outcome, _ = run(plan, None, engine)
    assert outcome.ok
    assert engine.container_named("trio-web-1") is None


def test_a_forced_remove_is_one_delete_without_a_stop() -> None:
    engine, web = _web_running()
    before = len(engine.calls)
    plan = Plan(
        project="trio",
        operations=(
            op(
                "remove:trio-web-1",
                Action.REMOVE,
                name="trio-web-1",
                id=web.id,
                service="web",
                force=True,
            ),
        ),
    )
    outcome, _ = run(plan, None, engine)
    assert outcome.ok
    assert [method for method, _ in engine.calls[before:]] == ["remove_container"]
    assert engine.container_named("trio-web-1") is None


class EarlyEngine(FakeEngine):
    """Reports a starting container's addresses, then holds its start until the linker has
    been created (as the Docker engine connects a container early in a long start)."""

    def __init__(self) -> None:
        super().__init__()
        self.linker_created = threading.Event()
        self.hook = self._watch

    def _watch(self, method: str, target: str) -> None:
        if method == "create_container" and target == "trio-web-1":
            self.linker_created.set()

    def start_reporting_addresses(self, container: str, report: Any) -> None:
        report({"trio_default": "10.7.7.7"})
        if container == "trio-db-1" and not self.linker_created.wait(5):
            raise AssertionError("the linker was not created while its target was starting")
        self.start_container(container)


def _planned_up(project: Project) -> Plan:
    from figlet.observe.state import Observed
    from figlet.planner import plan_up

    images = {"figlet-local/busybox:latest": "sha256:busybox"}  # present: nothing to pull
    return plan_up(project, Observed(project="trio", images=images))


def test_a_linker_is_created_while_its_target_is_still_starting() -> None:
    project = make_project(svc("db"), svc("web", links=(Link("db", "db"),)))
    engine = EarlyEngine()
    plan = _planned_up(project)
    assert plan.operation("create:trio-web-1").depends_on == (
        "network:trio_default",
        "address:trio-db-1",
    )
    outcome, sink = run(plan, project, engine)
    assert outcome.ok, outcome.error().render()
    calls = engine.calls
    assert calls.index(("create_container", "trio-web-1")) < calls.index(
        ("start_container", "trio-db-1")
    )
    assert calls.index(("start_container", "trio-db-1")) < calls.index(
        ("start_container", "trio-web-1")
    )
    web = engine.container_named("trio-web-1")
    assert web is not None
    assert web.body["HostConfig"]["ExtraHosts"] == ["trio-db-1:10.7.7.7"]  # the early address
    assert not [e for e in sink.events if getattr(e, "action", None) is Action.ADDRESS]


def test_without_early_reports_a_linker_waits_for_its_target_to_run() -> None:
    project = make_project(svc("db"), svc("web", links=(Link("db", "db"),)))
    engine = FakeEngine()  # cannot report addresses before a start ends
    outcome, _ = run(_planned_up(project), project, engine)
    assert outcome.ok, outcome.error().render()
    calls = engine.calls
    assert calls.index(("start_container", "trio-db-1")) < calls.index(
        ("create_container", "trio-web-1")
    )
    db_address = engine.addresses("trio-db-1")["trio_default"]
    web = engine.container_named("trio-web-1")
    assert web is not None and web.body["HostConfig"]["ExtraHosts"] == [f"trio-db-1:{db_address}"]


def test_a_target_that_fails_after_its_report_leaves_its_linker_created_not_started() -> None:
    project = make_project(svc("db"), svc("web", links=(Link("db", "db"),)))
    engine = EarlyEngine()
    engine.fail[("start_container", "trio-db-1")] = "cannot start trio-db-1: boom"
    outcome, _ = run(_planned_up(project), project, engine)
    assert not outcome.ok
    assert [f.op_id for f in outcome.failures] == ["start:trio-db-1"]
    assert "start:trio-web-1" in outcome.skipped
    web = engine.container_named("trio-web-1")
    assert web is not None and web.state == "created"
