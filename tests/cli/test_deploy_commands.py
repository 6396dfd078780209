"""`figlet deploy`, `undeploy`, `ps --swarm` and `plan --swarm` on the fake engine's swarm:
their output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from _cli import Figlet

from figlet.engine.fake import FakeEngine
from figlet.observe.swarm import SwarmInfo


def test_deploy_creates_the_stack_and_a_second_deploy_changes_nothing(
    figlet: Figlet, fake: FakeEngine
) -> None:
    done = figlet("deploy", "--progress", "quiet")
    assert (done.code, done.out) == (0, "")
    assert [s.name for s in fake.list_services("demo")] == ["demo_db", "demo_web"]
    web = fake.service_named("demo_web")
    assert web is not None and web.replicas == 2
    fake.calls.clear()
    again = figlet("deploy", "--progress", "quiet")
    assert again.code == 0
    assert again.err == "demo: nothing to do, 2 unchanged\n"
    assert fake.calls == []


def test_a_second_deploy_wait_only_waits_and_says_nothing_to_do(
    figlet: Figlet, fake: FakeEngine
) -> None:
    assert figlet("deploy", "--wait", "--progress", "quiet").code == 0
    fake.calls.clear()
    again = figlet("deploy", "--wait", "--progress", "quiet")
    assert (again.code, again.err) == (0, "demo: nothing to do, 2 unchanged\n")
    assert fake.calls == []  # the waits read the tasks, and write nothing


def test_deploy_progress_names_each_step(figlet: Figlet) -> None:
    done = figlet("deploy", "--progress", "plain")
    assert done.code == 0
    for line in (
        "Network demo_default  Created",
        "Service demo_db  Created",
        "Service demo_db  Running",
        "Service demo_web  Created",
    ):
        assert line in done.err


def test_deploy_dry_run_prints_the_plan_and_changes_nothing(
    figlet: Figlet, fake: FakeEngine
) -> None:
    done = figlet("deploy", "--dry-run")
    assert done.code == 0
    assert done.out == (
        "demo: 3 to create\n"
        "  + network demo_default  new overlay network\n"
        "  + service demo_db       new service (1 replica); then wait until its tasks run\n"
        "  + service demo_web      new service (2 replicas), after demo_db runs\n"
    )
    assert fake.calls == []


def test_deploy_format_json_is_the_plan(figlet: Figlet) -> None:
    done = figlet("deploy", "--dry-run", "--format", "json")
    plan = json.loads(done.out)
    assert plan["summary"]["create"] == 3
    assert [op["action"] for op in plan["operations"]] == [
        "create_stack_network",
        "create_service",
        "wait_service",
        "create_service",
    ]


def test_plan_swarm_shows_an_update_with_its_change(
    figlet: Figlet, fake: FakeEngine, project: Path
) -> None:
    assert figlet("deploy", "--progress", "quiet").code == 0
    compose = project / "compose.yaml"
    compose.write_text(compose.read_text().replace("replicas: 2", "replicas: 4"))
    done = figlet("plan", "--swarm")
    assert done.code == 0
    assert "± service demo_web  scale 2 → 4" in done.out
    assert "= demo_db" in done.out


def test_deploy_on_an_engine_outside_a_swarm_says_how_to_make_one(
    figlet: Figlet, fake: FakeEngine
) -> None:
    fake.swarm = SwarmInfo(state="inactive", manager=False)
    done = figlet("deploy")
    assert done.code == 1
    assert "is not part of a swarm" in done.err
    assert "docker swarm init" in done.err


def test_deploy_rejects_an_unknown_format(figlet: Figlet) -> None:
    done = figlet("deploy", "--format", "yaml")
    assert done.code == 2
    assert '--format "yaml": expected text or json' in done.err


def test_deploy_wait_names_the_failing_task(figlet: Figlet, fake: FakeEngine) -> None:
    fake.failing["demo_db"] = "task: non-zero exit (1)"
    fake.task_log_lines["demo_db"] = ["redis: cannot open config"]
    done = figlet("deploy", "--wait", "--progress", "quiet")
    assert done.code == 1
    assert "task: non-zero exit (1)" in done.err
    assert "redis: cannot open config" in done.err


def test_ps_swarm_lists_services_and_tasks(figlet: Figlet) -> None:
    figlet("deploy", "--progress", "quiet")
    table = figlet("ps", "--swarm")
    assert table.code == 0
    lines = table.out.splitlines()
    assert lines[0].split() == ["SERVICE", "MODE", "REPLICAS", "IMAGE"]
    assert lines[2].split()[:3] == ["demo_web", "replicated", "2/2"]
    assert "demo_web.2" in table.out
    listed = json.loads(figlet("ps", "--swarm", "--format", "json").out)
    assert [(s["Name"], len(s["Tasks"])) for s in listed] == [("demo_db", 1), ("demo_web", 2)]
    assert listed[1]["Tasks"][0]["CurrentState"] == "running"


def test_undeploy_leaves_nothing_and_a_second_one_says_so(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("deploy", "--progress", "quiet")
    done = figlet("undeploy", "--progress", "quiet")
    assert done.code == 0
    assert fake.list_services("demo") == []
    assert fake.list_stack_networks("demo") == []
    again = figlet("undeploy", "--progress", "quiet")
    assert (again.code, again.err) == (0, "demo: nothing to remove\n")


def test_a_kept_orphan_service_is_warned_about(
    figlet: Figlet, fake: FakeEngine, project: Path
) -> None:
    figlet("deploy", "--progress", "quiet")
    compose = project / "compose.yaml"
    text = compose.read_text()
    compose.write_text(text[: text.index("  web:")])
    done = figlet("deploy", "--progress", "quiet")
    assert done.code == 0
    assert "service demo_web is no longer in the project, kept" in done.err
    pruned = figlet("deploy", "--prune", "--progress", "quiet")
    assert pruned.code == 0
    assert [s.name for s in fake.list_services("demo")] == ["demo_db"]
