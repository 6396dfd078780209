"""The deploy planner (pure): a stack and what the swarm holds in, the plan out. The observed
side is the fake engine's swarm after a deploy, so that "unchanged" means what it means on a
real swarm (the labels figlet wrote)."""

from __future__ import annotations

import base64
from dataclasses import replace

from deploy_factory import network, secret, service, stack

from figlet.engine.fake import FakeEngine
from figlet.errors import Location, Problem
from figlet.events import NullSink
from figlet.executor import execute
from figlet.model import Dependency
from figlet.observe.swarm import ObservedStack, observe_stack
from figlet.plan import ids
from figlet.plan.payloads.swarm import CreateService, RemoveSwarmObject, UpdateService, WaitService
from figlet.planner import DeployOptions, plan_deploy, plan_undeploy
from figlet.planner._swarm_spec import DIGEST
from figlet.swarm.stack import NAMESPACE, ObjectKind, Stack, SwarmObject


def observed(engine: FakeEngine) -> ObservedStack:
    return observe_stack(engine, "demo")


def deployed(*given: Stack) -> FakeEngine:
    """A fake swarm on which each stack was deployed in turn."""
    engine = FakeEngine()
    for one in given:
        plan = plan_deploy(one, observed(engine))
        assert execute(plan, None, engine, NullSink()).ok
    return engine


def test_a_new_stack_is_created_dependencies_first_each_with_its_cause() -> None:
    plan = plan_deploy(
        stack(service("web", replicas=2, depends_on=["db"]), service("db")), ObservedStack("demo")
    )
    assert plan.to_text() == (
        "demo: 3 to create\n"
        "  + network demo_default  new overlay network\n"
        "  + service demo_db       new service (1 replica); then wait until its tasks run\n"
        "  + service demo_web      new service (2 replicas), after demo_db runs"
    )
    web = plan.operation(ids.service("demo_web"))
    assert web.depends_on == (
        ids.network("demo_default"),
        ids.wait_service("demo_db", "service_started"),
    )
    assert plan.operation(ids.wait_service("demo_db", "service_started")).depends_on == (
        ids.service("demo_db"),
    )


def test_each_condition_is_its_own_wait() -> None:
    plan = plan_deploy(
        stack(
            service("db"),
            service("migrate"),
            service(
                "web",
                depends_on=[
                    Dependency("db", "service_healthy"),
                    Dependency("migrate", "service_completed_successfully"),
                ],
            ),
        ),
        ObservedStack("demo"),
    )
    waits = [op.payload for op in plan.operations if isinstance(op.payload, WaitService)]
    assert [(w.key, w.condition) for w in waits] == [
        ("db", "service_healthy"),
        ("migrate", "service_completed_successfully"),
    ]
    assert "after demo_db runs healthy and demo_migrate completed" in (
        plan.operation(ids.service("demo_web")).cause
    )


def test_an_unchanged_stack_plans_nothing() -> None:
    given = stack(service("db"), service("web", depends_on=["db"]))
    plan = plan_deploy(given, observed(deployed(given)))
    assert plan.empty
    assert plan.to_text() == "demo: nothing to do, 2 unchanged\n  = demo_db, demo_web  up to date"


def test_a_changed_service_is_updated_with_its_changes_and_the_others_stay() -> None:
    engine = deployed(stack(service("db"), service("web", env=["A=1"])))
    before = engine.service_named("demo_web")
    assert before is not None
    plan = plan_deploy(stack(service("db"), service("web", env=["A=2"])), observed(engine))
    assert [op.id for op in plan.operations] == [ids.service("demo_web")]
    op = plan.operations[0]
    assert isinstance(op.payload, UpdateService)
    assert (op.payload.id, op.payload.version) == (before.id, before.version)
    assert plan.unchanged == ("demo_db",)
    assert plan.to_text().splitlines()[1] == (
        '  * service demo_web  update: TaskTemplate.ContainerSpec.Env[0] "A=1" → "A=2"'
    )


def test_a_replicas_only_change_is_a_scale() -> None:
    engine = deployed(stack(service("web", replicas=1)))
    plan = plan_deploy(stack(service("web", replicas=3)), observed(engine))
    assert plan.to_text().splitlines() == ["demo: 1 to scale", "  ± service demo_web  scale 1 → 3"]
    payload = plan.operations[0].payload
    assert isinstance(payload, UpdateService) and payload.scale


def test_a_sensitive_variable_changes_without_showing_its_value() -> None:
    engine = deployed(stack(service("web", env=["DB_PASSWORD=old"])))
    plan = plan_deploy(stack(service("web", env=["DB_PASSWORD=new"])), observed(engine))
    text = plan.to_text()
    assert "old" not in text and "new" not in text
    assert "Env[0]: (changed, hidden)" in text


def test_a_dependent_that_changes_waits_for_its_unchanged_dependency() -> None:
    engine = deployed(stack(service("db"), service("web", env=["A=1"], depends_on=["db"])))
    plan = plan_deploy(
        stack(service("db"), service("web", env=["A=2"], depends_on=["db"])), observed(engine)
    )
    assert plan.operation(ids.service("demo_web")).depends_on == (
        ids.wait_service("demo_db", "service_started"),
    )
    assert plan.operation(ids.wait_service("demo_db", "service_started")).depends_on == ()


def test_orphans_are_kept_unless_pruned() -> None:
    engine = deployed(stack(service("db"), service("old")))
    kept = plan_deploy(stack(service("db")), observed(engine))
    assert kept.empty
    assert "! service demo_old" in kept.to_text()
    assert "kept: --prune removes it" in kept.to_text()
    pruned = plan_deploy(stack(service("db")), observed(engine), DeployOptions(prune=True))
    assert [op.id for op in pruned.operations] == [ids.remove_service("demo_old")]


def test_wait_adds_a_converge_wait_for_every_service() -> None:
    given = stack(service("db"), service("web"))
    plan = plan_deploy(given, observed(deployed(given)), DeployOptions(wait=True, timeout=7))
    assert [op.id for op in plan.operations] == [
        ids.wait_service("demo_db", "converged"),
        ids.wait_service("demo_web", "converged"),
    ]
    first = plan.operations[0].payload
    assert isinstance(first, WaitService) and first.timeout == 7


def test_stack_problems_stop_the_plan_before_any_operation() -> None:
    problem = Problem(
        'service "app" has a build: section but no image:',
        location=Location("compose.yaml", 3, 5),
        hint="give it an image: to push the build to",
    )
    plan = plan_deploy(stack(service("app"), problems=(problem,)), ObservedStack("demo"))
    assert plan.empty
    assert plan.problems == (problem,)
    assert "compose.yaml:3:5" in plan.to_text()


def test_a_missing_external_network_is_a_problem() -> None:
    external = network(key="shared")
    given = Stack(
        namespace="demo",
        services=(service("web"),),
        networks=(network(), type(external)(external.key, "shared", external.spec, True)),
    )
    plan = plan_deploy(given, ObservedStack("demo"))
    assert [p.message for p in plan.problems] == ['external network "shared" does not exist']


def test_a_new_secret_is_created_before_its_service() -> None:
    plan = plan_deploy(
        stack(service("web", secrets=["pw"]), secrets=[secret("pw", b"one")]),
        ObservedStack("demo"),
    )
    assert (
        ids.swarm_object("secret", "demo_pw") in plan.operation(ids.service("demo_web")).depends_on
    )
    assert "+ secret demo_pw" in plan.to_text()


def test_a_changed_secret_gets_a_new_object_the_service_moves_to_then_the_old_goes() -> None:
    engine = deployed(stack(service("web", secrets=["pw"]), secrets=[secret("pw", b"one")]))
    changed = secret("pw", b"two")
    rotated = f"demo_pw-{changed.digest[:12]}"
    plan = plan_deploy(stack(service("web", secrets=["pw"]), secrets=[changed]), observed(engine))
    assert [op.id for op in plan.operations] == [
        ids.swarm_object("secret", rotated),
        ids.service("demo_web"),
        ids.remove_swarm_object("secret", "demo_pw"),
    ]
    update = plan.operation(ids.service("demo_web")).payload
    assert isinstance(update, CreateService | UpdateService)
    refs = update.spec["TaskTemplate"]["ContainerSpec"]["Secrets"]
    assert [ref["SecretName"] for ref in refs] == [rotated]
    removal = plan.operation(ids.remove_swarm_object("secret", "demo_pw"))
    assert isinstance(removal.payload, RemoveSwarmObject)
    assert removal.depends_on == (ids.service("demo_web"),)
    # deployed, the same contents plan nothing more
    assert execute(plan, None, engine, NullSink()).ok
    again = plan_deploy(stack(service("web", secrets=["pw"]), secrets=[changed]), observed(engine))
    assert again.empty
    assert [o.name for o in engine.list_swarm_objects("secret", "demo")] == [rotated]


def test_undeploy_removes_services_then_networks_and_objects() -> None:
    engine = deployed(stack(service("web", secrets=["pw"]), secrets=[secret("pw", b"x")]))
    plan = plan_undeploy(observed(engine))
    gone = ids.wait_service("demo_web", "removed")
    assert [op.id for op in plan.operations] == [
        ids.remove_service("demo_web"),
        gone,
        ids.remove_network("demo_default"),
        ids.remove_swarm_object("secret", "demo_pw"),
    ]
    assert plan.operation(gone).depends_on == (ids.remove_service("demo_web"),)
    assert plan.operation(ids.remove_network("demo_default")).depends_on == (gone,)
    secret_removal = plan.operation(ids.remove_swarm_object("secret", "demo_pw"))
    assert secret_removal.depends_on == (ids.remove_service("demo_web"),)
    assert execute(plan, None, engine, NullSink()).ok
    assert observed(engine).empty


def test_a_service_of_docker_stack_deploy_is_taken_over_with_figlets_labels() -> None:
    engine = FakeEngine()
    mine = service("web")
    theirs = {**mine.spec, "Labels": {"com.docker.stack.namespace": "demo"}}
    engine.create_service(theirs)
    plan = plan_deploy(stack(mine), observed(engine))
    op = plan.operation(ids.service("demo_web"))
    assert op.cause == "not deployed by figlet yet (no spec-hash label)"


def _foreign(engine: FakeEngine, kind: ObjectKind, name: str, data: bytes, **labels: str) -> None:
    """A secret or config made outside stack demo (by hand or another stack)."""
    spec = {"Name": name, "Labels": labels, "Data": base64.b64encode(data).decode()}
    engine.create_swarm_object(kind, spec)


def _observed_with_names(engine: FakeEngine, given: Stack) -> ObservedStack:
    named = [(o.kind, o.name) for o in (*given.secrets, *given.configs)]
    return observe_stack(engine, "demo", named_objects=named)


def _config(key: str, content: bytes) -> SwarmObject:
    return replace(secret(key, content), kind="config")


def test_a_config_of_the_same_name_and_contents_outside_the_stack_is_used_as_it_is() -> None:
    engine = FakeEngine()
    _foreign(engine, "config", "demo_conf", b"same", owner="hand")
    wanted = stack(service("web"), configs=(_config("conf", b"same"),))
    plan = plan_deploy(wanted, _observed_with_names(engine, wanted))
    assert not plan.problems
    assert ids.swarm_object("config", "demo_conf") not in [op.id for op in plan.operations]
    assert execute(plan, None, engine, NullSink()).ok
    (kept,) = engine.list_swarm_objects("config")
    assert dict(kept.labels) == {"owner": "hand"}  # not taken over
    assert plan_deploy(wanted, _observed_with_names(engine, wanted)).empty
    assert not any(
        isinstance(op.payload, RemoveSwarmObject)
        for op in plan_undeploy(observed(engine)).operations
    )


def test_a_config_of_the_same_name_and_other_contents_outside_the_stack_is_a_problem() -> None:
    engine = FakeEngine()
    _foreign(engine, "config", "demo_conf", b"theirs", **{"com.docker.stack.namespace": "other"})
    wanted = stack(service("web"), configs=(_config("conf", b"ours"),))
    plan = plan_deploy(wanted, _observed_with_names(engine, wanted))
    (problem,) = plan.problems
    text = problem.render()
    assert (
        'config "demo_conf" (conf) already exists, made by stack other, with other contents' in text
    )
    assert "external: true" in text and "docker config rm demo_conf" in text


def test_a_secret_of_the_same_name_made_by_hand_is_a_problem_its_contents_unknown() -> None:
    engine = FakeEngine()
    _foreign(engine, "secret", "demo_pw", b"one")
    wanted = stack(service("web", secrets=["pw"]), secrets=[secret("pw", b"one")])
    plan = plan_deploy(wanted, _observed_with_names(engine, wanted))
    (problem,) = plan.problems
    assert "outside any stack" in problem.render()
    assert "cannot tell they are the same" in problem.render()


def test_a_secret_of_the_same_name_and_digest_from_another_figlet_stack_is_used() -> None:
    engine = FakeEngine()
    mine = secret("pw", b"one")
    _foreign(engine, "secret", "demo_pw", b"one", **{DIGEST: mine.digest, NAMESPACE: "other"})
    wanted = stack(service("web", secrets=["pw"]), secrets=[mine])
    plan = plan_deploy(wanted, _observed_with_names(engine, wanted))
    assert not plan.problems
    assert [op.id for op in plan.operations] == [
        ids.network("demo_default"),
        ids.service("demo_web"),
    ]
    assert execute(plan, None, engine, NullSink()).ok
    assert len(engine.list_swarm_objects("secret")) == 1
