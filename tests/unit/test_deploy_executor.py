"""The deploy plans run by the executor on the fake engine's swarm: ids filled in, dependency
order, waits that fail with a task's error and logs, and the API's refusals."""

from __future__ import annotations

import pytest
from deploy_factory import secret, service, stack

from figlet import api
from figlet.engine.fake import FakeEngine
from figlet.errors import FigletError
from figlet.events import NullSink, OperationDone, RecordingSink
from figlet.executor import execute
from figlet.model import Dependency
from figlet.observe.swarm import SwarmInfo, observe_stack
from figlet.options import RunSettings
from figlet.plan import ids
from figlet.planner import DeployOptions, plan_deploy, plan_undeploy
from figlet.swarm.stack import Stack

FAST = RunSettings(poll_interval=0.0, sleep=lambda _: None, swarm_stable=0.0)


def run(engine: FakeEngine, given: Stack, options: DeployOptions | None = None) -> RecordingSink:
    sink = RecordingSink()
    plan = plan_deploy(given, observe_stack(engine, "demo"), options)
    outcome = execute(plan, None, engine, sink, settings=FAST)
    if not outcome.ok:
        raise outcome.error()
    return sink


def test_the_created_service_names_its_secret_by_the_id_the_swarm_gave_it() -> None:
    engine = FakeEngine()
    run(engine, stack(service("web", secrets=["pw"]), secrets=[secret("pw", b"s3cret")]))
    [created] = engine.list_swarm_objects("secret", "demo")
    web = engine.service_named("demo_web")
    assert web is not None
    [ref] = web.spec["TaskTemplate"]["ContainerSpec"]["Secrets"]
    assert (ref["SecretName"], ref["SecretID"]) == ("demo_pw", created.id)


def test_an_unchanged_redeploy_makes_no_engine_write() -> None:
    engine = FakeEngine()
    given = stack(service("db"), service("web", depends_on=["db"]))
    run(engine, given)
    engine.calls.clear()
    run(engine, given)
    assert engine.calls == []


def test_a_dependent_is_created_after_its_dependency_is_ready() -> None:
    engine = FakeEngine()
    sink = run(
        engine,
        stack(service("db"), service("web", depends_on=[Dependency("db", "service_healthy")])),
    )
    done = [e.op_id for e in sink.of_type(OperationDone)]
    assert done.index(ids.wait_service("demo_db", "service_healthy")) < done.index(
        ids.service("demo_web")
    )
    db, web = engine.service_named("demo_db"), engine.service_named("demo_web")
    assert db is not None and web is not None
    [db_task] = engine.list_tasks(service="demo_db")
    assert db_task.state_at < web.created_at


def test_a_completed_dependency_lets_its_dependent_start() -> None:
    engine = FakeEngine()
    engine.completing.add("demo_migrate")
    dep = Dependency("migrate", "service_completed_successfully")
    run(engine, stack(service("migrate"), service("web", depends_on=[dep])))
    assert engine.service_named("demo_web") is not None


def test_a_failing_task_fails_the_wait_with_its_error_and_last_log_lines() -> None:
    engine = FakeEngine()
    engine.failing["demo_db"] = "task: non-zero exit (3)"
    engine.task_log_lines["demo_db"] = [f"line {n}" for n in range(30)] + ["cannot bind"]
    with pytest.raises(FigletError) as caught:
        run(engine, stack(service("db"), service("web", depends_on=["db"])))
    text = caught.value.render()
    assert 'service "db"' in text
    assert "task: non-zero exit (3)" in text
    assert "cannot bind" in text and "line 29" in text and "line 5\n" not in text
    assert engine.service_named("demo_web") is None  # its dependency never ran


def test_deploy_wait_fails_on_a_failing_task() -> None:
    engine = FakeEngine()
    engine.failing["demo_web"] = "starting container failed: no such file"
    with pytest.raises(FigletError, match="no such file"):
        run(engine, stack(service("web")), DeployOptions(wait=True))


def test_a_wait_times_out_with_what_it_waited_for() -> None:
    engine = FakeEngine()
    clock = iter(range(0, 1000, 10))
    settings = RunSettings(
        poll_interval=0.0, sleep=lambda _: None, clock=lambda: next(clock), swarm_stable=0.0
    )
    run(engine, stack(service("web", replicas=2)))
    engine.tasks = engine.tasks[:1]  # one of the two tasks never comes
    plan = plan_deploy(
        stack(service("web", replicas=2)),
        observe_stack(engine, "demo"),
        DeployOptions(wait=True, timeout=30),
    )
    outcome = execute(plan, None, engine, NullSink(), settings=settings)
    assert not outcome.ok
    assert "did not converge within 30s (1/2 running)" in outcome.failures[0].message


def test_deploy_refuses_an_engine_that_is_not_a_swarm_manager(tmp_path: object) -> None:
    engine = FakeEngine()
    engine.swarm = SwarmInfo(state="inactive", manager=False)
    with pytest.raises(FigletError) as caught:
        api.swarm_manager(engine)
    assert "docker swarm init" in caught.value.render()
    engine.swarm = SwarmInfo(state="active", manager=False)
    with pytest.raises(FigletError, match="worker, not a manager"):
        api.swarm_manager(engine)


def test_an_external_secret_is_found_by_name_outside_the_stack() -> None:
    engine = FakeEngine()
    made = engine.create_swarm_object("secret", {"Name": "demo_ext", "Labels": {}, "Data": ""})
    run(engine, stack(service("web", secrets=["ext"])))
    web = engine.service_named("demo_web")
    assert web is not None
    [ref] = web.spec["TaskTemplate"]["ContainerSpec"]["Secrets"]
    assert ref["SecretID"] == made


def test_a_missing_secret_fails_the_create_with_what_to_do() -> None:
    engine = FakeEngine()
    with pytest.raises(FigletError, match='secret "demo_nope" does not exist'):
        run(engine, stack(service("web", secrets=["nope"])))


def test_converged_means_the_tasks_kept_running_for_a_while() -> None:
    engine = FakeEngine()
    run(engine, stack(service("web")))
    clock = iter(range(100))
    looks: list[int] = []

    def tick() -> float:
        looks.append(1)
        return float(next(clock))

    settings = RunSettings(poll_interval=1.0, sleep=lambda _: None, clock=tick, swarm_stable=3.0)
    plan = plan_deploy(
        stack(service("web")), observe_stack(engine, "demo"), DeployOptions(wait=True)
    )
    assert execute(plan, None, engine, NullSink(), settings=settings).ok
    assert len(looks) >= 4  # it looked again until 3 s of running had passed


def test_undeploy_removes_the_network_only_once_the_removed_services_tasks_are_gone() -> None:
    engine = FakeEngine()
    run(engine, stack(service("web", replicas=2)))
    lingering = list(engine.tasks)
    real_list_tasks = engine.list_tasks
    polls: list[int] = []

    def list_tasks(**filters: str | None) -> list[object]:
        """The removed service's tasks stay listed for two polls, as a real swarm's do while
        their containers stop."""
        if filters:
            return list(real_list_tasks(**filters))
        polls.append(len(polls))
        return list(lingering) if len(polls) <= 2 else []

    engine.list_tasks = list_tasks  # type: ignore[method-assign]
    plan = plan_undeploy(observe_stack(engine, "demo"))
    sink = RecordingSink()
    assert execute(plan, None, engine, sink, settings=FAST).ok
    assert len(polls) == 3
    done = [e.op_id for e in sink.of_type(OperationDone)]
    assert done.index(ids.wait_service("demo_web", "removed")) < done.index(
        ids.remove_network("demo_default")
    )


def test_a_removed_service_whose_tasks_never_go_fails_with_what_to_do() -> None:
    engine = FakeEngine()
    run(engine, stack(service("web")))
    lingering = list(engine.tasks)
    engine.list_tasks = lambda **_: lingering  # type: ignore[method-assign]
    clock = iter(range(0, 1000, 10))
    settings = RunSettings(poll_interval=0.0, sleep=lambda _: None, clock=lambda: next(clock))
    plan = plan_undeploy(observe_stack(engine, "demo"), timeout=30)
    outcome = execute(plan, None, engine, NullSink(), settings=settings)
    assert not outcome.ok
    assert "1 of its tasks are still there after 30s" in outcome.failures[0].message
    assert engine.networks  # kept: removing it would fail while the task holds it
