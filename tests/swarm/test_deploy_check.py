"""The issue's check, end to end, as a user runs it: `python -m figlet -p STACK deploy` in a
project directory with a `.env` file and interpolation, on the real swarm; read back with the
docker CLI only. Right replicas (`docker service ls`, `docker stack services`, `docker stack
ps`), start order (engine timestamps: a dependency's tasks run, or are healthy for
`service_healthy`, before the dependent service is created), a no-op redeploy (the same
service versions, "nothing to do"), a change updating only its service (the others' versions
kept), and `undeploy --wait` leaving nothing with the stack's label."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from conftest import docker

from figlet.observe.swarm import engine_time

STACK_PREFIX = "sk"
HEALTHY_AFTER = 4  # seconds db's healthcheck fails after its task started

COMPOSE = """\
services:
  db:
    image: figlet-local/busybox:${TAG}
    init: true
    command: ["sh", "-c", "sleep ${DB_WARMUP}; touch /ready; exec sleep 3600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/ready"]
      interval: 1s
      timeout: 2s
      retries: 30
  cache:
    image: figlet-local/busybox:${TAG}
    init: true
    command: ["sleep", "3600"]
  api:
    image: figlet-local/busybox:${TAG}
    init: true
    command: ["sleep", "3600"]
    environment:
      GREETING: ${GREETING:?set GREETING in .env}
    secrets: [token]
    configs: [settings]
    depends_on:
      db: {condition: service_healthy}
      cache: {condition: service_started}
    deploy:
      replicas: ${API_REPLICAS}
  web:
    image: figlet-local/busybox:${TAG}
    init: true
    command: ["sleep", "3600"]
    links: ["api:backend"]
    depends_on: [api]
    deploy:
      replicas: 1
secrets:
  token:
    environment: TOKEN
configs:
  settings:
    file: ./settings.ini
"""

ENV = "TAG=latest\nDB_WARMUP={warmup}\nAPI_REPLICAS=3\nGREETING={greeting}\nTOKEN=s3cret\n"


def figlet(project: Path, stack: str, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "FIGLET_CACHE_DIR": str(project / ".cache")}
    environ.pop("GREETING", None)
    return subprocess.run(
        [sys.executable, "-m", "figlet", "-p", stack, *args],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def write_env(project: Path, greeting: str) -> None:
    (project / ".env").write_text(ENV.format(warmup=HEALTHY_AFTER, greeting=greeting))


def inspect_services(stack: str) -> dict[str, dict[str, Any]]:
    ids = docker("service", "ls", "-q", "--filter", f"label=com.docker.stack.namespace={stack}")
    found = json.loads(docker("service", "inspect", *ids.split()))
    return {s["Spec"]["Name"].removeprefix(f"{stack}_"): s for s in found}


def versions(stack: str) -> dict[str, int]:
    return {key: s["Version"]["Index"] for key, s in inspect_services(stack).items()}


def running_tasks(stack: str, key: str) -> list[tuple[str, str]]:
    """(created, became running) of each running task of the service, engine times."""
    ids = docker(
        "service", "ps", "-q", "--filter", "desired-state=running", f"{stack}_{key}"
    ).split()
    tasks = json.loads(docker("inspect", *ids))
    return [
        (engine_time(t["CreatedAt"]), engine_time(t["Status"]["Timestamp"]))
        for t in tasks
        if t["Status"]["State"] == "running"
    ]


def seconds(stamp: str) -> float:
    """An engine time (as normalised by engine_time) in seconds (UTC taken as local: only
    differences are used)."""
    return datetime.fromisoformat(stamp.rstrip("Z")[:26]).timestamp()


def labelled(kind: str, stack: str) -> list[str]:
    flag = "label=com.docker.stack.namespace=" + stack
    return docker(kind, "ls", "-q", "--filter", flag).split()


def test_the_issue_check_end_to_end(tmp_path: Path, stack_name: str) -> None:
    project = tmp_path / "shop"
    project.mkdir()
    (project / "compose.yaml").write_text(COMPOSE)
    (project / "settings.ini").write_text("[app]\nmode = check\n")
    write_env(project, "hello")

    # the plan first, with its causes; nothing deployed by it
    shown = figlet(project, stack_name, "plan", "--swarm")
    assert shown.returncode == 0, shown.stderr
    assert f"{stack_name}_api" in shown.stdout and "until its tasks run healthy" in shown.stdout
    assert not labelled("service", stack_name)

    done = figlet(
        project, stack_name, "deploy", "--wait", "--timeout", "240", "--progress", "plain"
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr

    # right replicas, seen by docker service ls and docker stack services / ps
    listed = docker(
        "service", "ls", "--filter", f"label=com.docker.stack.namespace={stack_name}",
        "--format", "{{.Name}} {{.Replicas}}",
    )  # fmt: skip
    assert sorted(listed.split("\n")[:-1]) == sorted(
        f"{stack_name}_{key} {n}/{n}"
        for key, n in (("api", 3), ("cache", 1), ("db", 1), ("web", 1))
    )
    services = docker("stack", "services", stack_name, "--format", "{{.Name}} {{.Replicas}}")
    assert sorted(services.split()) == sorted(listed.split())
    tasks = docker(
        "stack", "ps", stack_name, "--filter", "desired-state=running", "--format",
        "{{.Name}} {{.CurrentState}}",
    ).splitlines()  # fmt: skip
    assert len(tasks) == 6 and all(" Running " in line for line in tasks), tasks
    # the interpolated values, from .env
    found = inspect_services(stack_name)
    api = found["api"]["Spec"]["TaskTemplate"]["ContainerSpec"]
    assert "GREETING=hello" in api["Env"]
    assert api["Image"] == "figlet-local/busybox:latest"

    # start order. Swarm reports a task running once its healthcheck passed (`starting`
    # before): db's task ran HEALTHY_AFTER s after it was made, and api was created after
    # that; after cache ran too; web was created once all of api's tasks ran
    created = {key: engine_time(s["CreatedAt"]) for key, s in found.items()}
    ((db_made, db_running),) = running_tasks(stack_name, "db")
    assert seconds(db_running) - seconds(db_made) >= HEALTHY_AFTER - 0.5, (db_made, db_running)
    assert db_running <= created["api"], (db_running, created["api"])
    ((_, cache_running),) = running_tasks(stack_name, "cache")
    assert cache_running <= created["api"]
    api_running = [running for _, running in running_tasks(stack_name, "api")]
    assert len(api_running) == 3
    assert max(api_running) <= created["web"], (api_running, created["web"])

    # a second deploy of the unchanged project changes nothing
    before = versions(stack_name)
    again = figlet(project, stack_name, "deploy", "--wait", "--progress", "quiet")
    assert again.returncode == 0, again.stderr
    assert f"{stack_name}: nothing to do, 4 unchanged" in again.stderr
    assert versions(stack_name) == before

    # a change to one service (through .env) updates only it
    write_env(project, "bonjour")
    changed = figlet(
        project, stack_name, "deploy", "--wait", "--timeout", "240", "--progress", "plain"
    )
    assert changed.returncode == 0, changed.stderr
    after = versions(stack_name)
    assert after["api"] > before["api"]
    assert {k: v for k, v in after.items() if k != "api"} == {
        k: v for k, v in before.items() if k != "api"
    }
    api = inspect_services(stack_name)["api"]["Spec"]["TaskTemplate"]["ContainerSpec"]
    assert "GREETING=bonjour" in api["Env"]

    # undeploy leaves nothing with the stack's label
    gone = figlet(
        project, stack_name, "undeploy", "--wait", "--timeout", "180", "--progress", "quiet"
    )
    assert gone.returncode == 0, gone.stderr
    for kind in ("service", "network", "secret", "config"):
        assert labelled(kind, stack_name) == [], kind
    assert docker("ps", "-aq", "--filter", f"label=com.docker.stack.namespace={stack_name}") == ""
