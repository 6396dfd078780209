"""A linker is created while its link target is still starting (project names ea-...).

The engine connects a container to its networks a few ms into a ~0.2 s start; figlet learns
its address from the "connect" event and creates the linker then, with that address in its
hosts entries, and starts the linker once the target's start has returned.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from _h5 import containers, figlet

from figlet import labels as L
from figlet.engine.docker_engine import DockerEngine
from figlet.engine.values.containers import ContainerRequest
from figlet.errors import EngineError

PROJECT_PREFIX = "ea"

TRIO = """\
services:
  db:
    image: figlet-local/busybox:latest
    command: ["sleep", "300"]{mode}
  web:
    image: figlet-local/busybox:latest
    command: ["sleep", "300"]
    links: [db]{mode}
  lb:
    image: figlet-local/busybox:latest
    command: ["sleep", "300"]
    links: ["web:app"]{mode}
"""


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


def _time(text: str) -> datetime:
    """An engine timestamp (nanoseconds, Z) as a datetime (microseconds)."""
    head, _, fraction = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(f"{head}.{(fraction + '000000')[:6]}")


@pytest.mark.parametrize("mode", ["bridge", "project"])
def test_linkers_are_created_while_their_targets_start(
    engine: Any, project_name: str, tmp_path: Path, mode: str
) -> None:
    line = "\n    network_mode: bridge" if mode == "bridge" else ""
    (tmp_path / "compose.yaml").write_text(TRIO.format(mode=line))
    done = figlet("-p", project_name, "up", "-d", cwd=tmp_path)
    assert done.code == 0, done.err
    found = {c.name: c.attrs for c in containers(engine, project_name).values()}
    db, web, lb = (found[f"{project_name}-{s}-1"] for s in ("db", "web", "lb"))
    # each linker existed before its target's process ran, and started after it
    assert _time(web["Created"]) < _time(db["State"]["StartedAt"])
    assert _time(lb["Created"]) < _time(web["State"]["StartedAt"])
    assert _time(db["State"]["StartedAt"]) < _time(web["State"]["StartedAt"])
    # with the addresses the targets run with
    net = "bridge" if mode == "bridge" else f"{project_name}_default"
    db_ip = db["NetworkSettings"]["Networks"][net]["IPAddress"]
    web_ip = web["NetworkSettings"]["Networks"][net]["IPAddress"]
    assert f"db:{db_ip}" in web["HostConfig"]["ExtraHosts"]
    assert f"app:{web_ip}" in lb["HostConfig"]["ExtraHosts"]
    ping = engine.containers.get(f"{project_name}-lb-1").exec_run(["ping", "-c1", "-W2", "app"])
    assert ping.exit_code == 0, ping.output
    assert figlet("-p", project_name, "down", "-t", "0", cwd=tmp_path).code == 0


def test_the_address_is_reported_before_the_start_returns(engine: Any, project_name: str) -> None:
    docker_engine = DockerEngine.from_env()
    name = f"{project_name}-db-1"
    body = {
        "Image": "figlet-local/busybox:latest",
        "Cmd": ["sleep", "300"],
        "Labels": {L.PROJECT: project_name},
        "HostConfig": {"NetworkMode": "bridge"},
    }
    docker_engine.create_container(ContainerRequest(name=name, body=body))
    reports: list[tuple[float, dict[str, str]]] = []
    docker_engine.start_reporting_addresses(
        name, lambda found: reports.append((time.monotonic(), dict(found)))
    )
    returned = time.monotonic()
    assert len(reports) == 1
    reported_at, addresses = reports[0]
    assert reported_at < returned
    assert addresses == dict(docker_engine.addresses(name))
    assert all(t.name != "figlet-address" for t in threading.enumerate())
    docker_engine.close()


def test_a_failed_start_still_fails_with_its_own_message(engine: Any, project_name: str) -> None:
    docker_engine = DockerEngine.from_env()
    name = f"{project_name}-bad-1"
    body = {
        "Image": "figlet-local/busybox:latest",
        "Cmd": ["/no/such/program"],
        "Labels": {L.PROJECT: project_name},
    }
    docker_engine.create_container(ContainerRequest(name=name, body=body))
    with pytest.raises(EngineError) as failure:
        docker_engine.start_reporting_addresses(name, lambda found: None)
    assert f"cannot start container {name}" in failure.value.render()
    assert all(t.name != "figlet-address" for t in threading.enumerate())
    docker_engine.close()
