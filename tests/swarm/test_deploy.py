"""`figlet deploy` / `undeploy` / `ps --swarm` on the real single-node swarm of the local
engine: replicas, start order (engine timestamps), no-op and one-service redeploys (service
versions), a failing task's error and logs, and both ways of seeing with `docker stack`."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from figlet.cli.app import main
from figlet.engine.docker_engine import DockerEngine
from figlet.events import NullSink
from figlet.executor import execute
from figlet.model import Dependency
from figlet.observe.swarm import engine_time, observe_stack
from figlet.planner import plan_deploy
from figlet.swarm.stack import NAMESPACE, SPEC_HASH, Stack, SwarmNetwork, SwarmService, spec_hash

DEBIAN = "figlet-local/debian:bookworm"
BUSYBOX = "figlet-local/busybox:latest"
TRIO = f"""\
services:
  redis:
    image: {DEBIAN}
    command: ["redis-server", "--protected-mode", "no", "--save", ""]
  web:
    image: {DEBIAN}
    command: ["python3", "-m", "http.server", "8000"]
    environment:
      GREETING: hello
    depends_on: [redis]
    deploy:
      replicas: 2
"""

Figlet = Callable[..., tuple[int, str, str]]


@pytest.fixture
def figlet(
    tmp_path: Path, stack_name: str, capsys: pytest.CaptureFixture[str], debian_image: str
) -> Figlet:
    """Run figlet in-process on the real engine, `-p stack_name`, in a directory of its own
    holding TRIO (rewrite `compose.yaml` to change it)."""
    (tmp_path / "compose.yaml").write_text(TRIO)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["-f", str(tmp_path / "compose.yaml"), "-p", stack_name, *args])
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        return code, out, err

    return run


def services(engine: Any, namespace: str) -> dict[str, Any]:
    """Service name -> its inspect, for the stack."""
    found = engine.api.services(filters={"label": f"{NAMESPACE}={namespace}"})
    return {s["Spec"]["Name"]: s for s in found}


def versions(engine: Any, namespace: str) -> dict[str, int]:
    return {name: s["Version"]["Index"] for name, s in services(engine, namespace).items()}


def running_tasks(engine: Any, service: str) -> list[dict[str, Any]]:
    tasks = engine.api.tasks(filters={"service": service, "desired-state": "running"})
    return [t for t in tasks if t["Status"]["State"] == "running"]


def test_deploy_runs_the_replicas_after_their_dependency(
    figlet: Figlet, engine: Any, stack_name: str
) -> None:
    code, _, err = figlet("deploy", "--wait", "--timeout", "120", "--progress", "plain")
    assert code == 0, err
    found = services(engine, stack_name)
    assert found[f"{stack_name}_web"]["Spec"]["Mode"]["Replicated"]["Replicas"] == 2
    assert len(running_tasks(engine, f"{stack_name}_web")) == 2
    assert len(running_tasks(engine, f"{stack_name}_redis")) == 1
    # order: the redis task ran before the web service was even created
    [redis_task] = running_tasks(engine, f"{stack_name}_redis")
    web_created = engine_time(found[f"{stack_name}_web"]["CreatedAt"])
    assert engine_time(redis_task["Status"]["Timestamp"]) <= web_created


def test_a_second_deploy_of_the_same_file_changes_nothing(
    figlet: Figlet, engine: Any, stack_name: str
) -> None:
    assert figlet("deploy", "--wait", "--progress", "quiet")[0] == 0
    before = versions(engine, stack_name)
    code, _, err = figlet("deploy", "--progress", "quiet")
    assert (code, err) == (0, f"{stack_name}: nothing to do, 2 unchanged\n")
    assert versions(engine, stack_name) == before


def test_a_changed_service_is_updated_and_the_other_is_not(
    figlet: Figlet, engine: Any, stack_name: str, tmp_path: Path
) -> None:
    assert figlet("deploy", "--wait", "--progress", "quiet")[0] == 0
    before = versions(engine, stack_name)
    compose = tmp_path / "compose.yaml"
    compose.write_text(TRIO.replace("GREETING: hello", "GREETING: bonjour"))
    code, out, _ = figlet("plan", "--swarm")
    assert code == 0
    assert '"GREETING=hello" → "GREETING=bonjour"' in out
    code, _, err = figlet("deploy", "--wait", "--timeout", "120", "--progress", "quiet")
    assert code == 0, err
    after = versions(engine, stack_name)
    assert after[f"{stack_name}_redis"] == before[f"{stack_name}_redis"]
    assert after[f"{stack_name}_web"] > before[f"{stack_name}_web"]
    tasks = running_tasks(engine, f"{stack_name}_web")
    assert len(tasks) == 2
    env = tasks[0]["Spec"]["ContainerSpec"]["Env"]
    assert "GREETING=bonjour" in env


def test_undeploy_leaves_nothing(figlet: Figlet, engine: Any, stack_name: str) -> None:
    assert figlet("deploy", "--wait", "--progress", "quiet")[0] == 0
    code, _, err = figlet("undeploy", "--wait", "--timeout", "120", "--progress", "quiet")
    assert code == 0, err
    label = {"label": f"{NAMESPACE}={stack_name}"}
    assert engine.services.list(filters=label) == []
    assert engine.networks.list(filters=label) == []
    assert engine.containers.list(all=True, filters=label) == []


def test_a_failing_task_under_wait_gives_its_error_and_logs(figlet: Figlet, tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        f"""\
services:
  broken:
    image: {BUSYBOX}
    command: ["sh", "-c", "echo cannot-open-the-database >&2; exit 3"]
"""
    )
    code, _, err = figlet("deploy", "--wait", "--timeout", "60", "--progress", "quiet")
    assert code == 1
    assert "non-zero exit (3)" in err
    assert "cannot-open-the-database" in err


def test_docker_stack_ps_sees_figlets_deployment(figlet: Figlet, stack_name: str) -> None:
    assert figlet("deploy", "--wait", "--progress", "quiet")[0] == 0
    listed = subprocess.run(
        ["docker", "stack", "ps", stack_name, "--format", "{{.Name}} {{.DesiredState}}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split("\n")
    assert f"{stack_name}_redis.1 Running" in listed
    assert f"{stack_name}_web.2 Running" in listed


def test_figlet_ps_swarm_sees_a_docker_stack_deploy(
    figlet: Figlet, stack_name: str, tmp_path: Path, busybox_image: str
) -> None:
    theirs = tmp_path / "stack.yaml"
    theirs.write_text(
        f"""\
version: "3.8"
services:
  cache:
    image: {BUSYBOX}
    command: ["sleep", "3600"]
    deploy:
      replicas: 2
"""
    )
    subprocess.run(
        ["docker", "stack", "deploy", "--resolve-image", "never", "-c", str(theirs), stack_name],
        capture_output=True,
        check=True,
        timeout=60,
    )
    code, out, _ = figlet("ps", "--swarm", "--format", "json")
    assert code == 0
    [cache] = json.loads(out)
    assert cache["Name"] == f"{stack_name}_cache"
    assert cache["Mode"] == "replicated"
    assert cache["Replicas"].endswith("/2")


def test_a_healthy_dependency_is_waited_for_before_its_dependent_is_created(
    engine: Any, stack_name: str, busybox_image: str
) -> None:
    """service_healthy through the planner and executor on the real engine (the minimal
    stack translation does not carry healthchecks yet, so the stack is written here)."""
    network = f"{stack_name}_default"
    db = _service(
        stack_name,
        "db",
        ["sh", "-c", "sleep 2; touch /ready; exec sleep 3600"],
        health={
            "Test": ["CMD-SHELL", "test -e /ready"],
            "Interval": 300_000_000,
            "Timeout": 1_000_000_000,
            "Retries": 30,
        },
    )
    web = _service(
        stack_name, "web", ["sleep", "3600"], depends_on=(Dependency("db", "service_healthy"),)
    )
    stack = Stack(
        namespace=stack_name,
        services=(web, db),
        networks=(
            SwarmNetwork(
                "default",
                network,
                {"Name": network, "Driver": "overlay", "Labels": {NAMESPACE: stack_name}},
            ),
        ),
    )
    docker = DockerEngine.from_env()
    plan = plan_deploy(stack, observe_stack(docker, stack_name))
    outcome = execute(plan, None, docker, NullSink())
    assert outcome.ok, [f.message for f in outcome.failures]
    found = services(engine, stack_name)
    [db_task] = running_tasks(engine, f"{stack_name}_db")
    db_created = engine_time(found[f"{stack_name}_db"]["CreatedAt"])
    web_created = engine_time(found[f"{stack_name}_web"]["CreatedAt"])
    assert engine_time(db_task["Status"]["Timestamp"]) <= web_created
    assert _seconds(web_created) - _seconds(db_created) >= 2.0  # its healthcheck took 2 s


def _service(
    namespace: str,
    key: str,
    args: list[str],
    *,
    health: dict[str, Any] | None = None,
    depends_on: tuple[Dependency, ...] = (),
) -> SwarmService:
    name = f"{namespace}_{key}"
    container: dict[str, Any] = {"Image": BUSYBOX, "Args": args, "Labels": {NAMESPACE: namespace}}
    if health:
        container["Healthcheck"] = health
    spec: dict[str, Any] = {
        "Name": name,
        "Labels": {NAMESPACE: namespace},
        "TaskTemplate": {
            "ContainerSpec": container,
            "Networks": [{"Target": f"{namespace}_default", "Aliases": [key]}],
        },
        "Mode": {"Replicated": {"Replicas": 1}},
    }
    digest = spec_hash(spec)
    spec["Labels"][SPEC_HASH] = digest
    return SwarmService(key, name, spec, digest, depends_on, 1)


def _seconds(stamp: str) -> float:
    from datetime import datetime

    whole, _, fraction = stamp.rstrip("Z").partition(".")
    return datetime.fromisoformat(whole).timestamp() + float(f"0.{fraction or 0}")
