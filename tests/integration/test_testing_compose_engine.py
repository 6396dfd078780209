"""`figlet.testing.DockerCompose` on the real engine, used as testcontainers documents its
compose module; the same body with testcontainers' own class (changing only the import) when
Docker Compose v2 is installed.

Every project is named after its directory, `tst-<8 hex>`, and removed by label afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from figlet.errors import ConfigError, FigletError
from figlet.testing import ContainerIsNotRunning, DockerCompose, NoSuchPortExposed
from figlet.testing._reaper import OWNER_HOST, OWNER_PID, OWNER_STARTED, process_started

PROJECT_PREFIX = "tst"

COMPOSE = """\
services:
  web:
    image: figlet-local/busybox:latest
    command:
      - sh
      - -c
      - >-
        mkdir -p /www && echo "hello from web" > /www/index.html
        && echo "web: serving on 8080" && echo "web: a warning" >&2
        && exec httpd -f -p 8080 -h /www
    ports: ["8080"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 1s
      timeout: 2s
      retries: 30
  worker:
    image: figlet-local/busybox:latest
    command: ["sh", "-c", "echo worker ready; exec sleep 600"]
    stop_grace_period: 1s
"""

# What a testcontainers user writes (their docs' compose example, grown a little). The only
# line that differs between the two runs is the first: the import.
BODY = """\
import sys
import urllib.request

{import_line}

context = sys.argv[1]
with DockerCompose(context, compose_file_name="compose.yaml", wait=True) as compose:
    host, port = compose.get_service_host_and_port("web", 8080)
    assert host == "0.0.0.0", host
    assert port == compose.get_service_port("web", 8080)
    assert host == compose.get_service_host("web", 8080)
    compose.wait_for(f"http://127.0.0.1:{{port}}/")
    with urllib.request.urlopen(f"http://127.0.0.1:{{port}}/", timeout=5) as response:
        assert response.read() == b"hello from web\\n"

    stdout, stderr, code = compose.exec_in_container(["sh", "-c", "echo out; echo err >&2"], "web")
    assert (stdout, stderr, code) == ("out\\n", "err\\n", 0), (stdout, stderr, code)

    logs, _ = compose.get_logs("web")
    assert "web-1  | web: serving on 8080\\n" in logs, logs
    assert "web-1  | web: a warning\\n" in logs, logs
    assert "worker" not in logs, logs

    containers = compose.get_containers()
    assert sorted(c.Service for c in containers) == ["web", "worker"]
    web = compose.get_container("web")
    assert web.State == "running" and web.Health == "healthy", web
    assert web.Name.endswith("-web-1") and web.Project and web.ID, web
    assert web.get_publisher(by_port=8080).PublishedPort == port
print("ok")
"""


@pytest.fixture
def context(tmp_path: Path, new_project_name: Callable[[], str], busybox_image: str) -> Path:
    """A directory `tst-<hex>` holding compose.yaml: the project name is the directory's."""
    directory = tmp_path / new_project_name()
    directory.mkdir()
    (directory / "compose.yaml").write_text(COMPOSE)
    return directory


def compose_v2() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        done = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@pytest.mark.parametrize(
    "import_line",
    [
        "from figlet.testing import DockerCompose",
        "from testcontainers.compose import DockerCompose",
    ],
    ids=["figlet", "testcontainers"],
)
def test_the_documented_usage_runs_with_either_import(context: Path, import_line: str) -> None:
    if "testcontainers" in import_line and not compose_v2():
        pytest.skip("Docker Compose v2 is not installed: testcontainers' own class cannot run")
    script = context.parent / "usage.py"
    script.write_text(BODY.format(import_line=import_line))
    done = subprocess.run(
        [sys.executable, str(script), str(context)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("ok")
    leftovers = DockerCompose(context).get_containers(include_all=True)
    assert leftovers == []


def test_errors_are_testcontainers_errors(context: Path) -> None:
    with DockerCompose(context) as compose:
        with pytest.raises(ContainerIsNotRunning, match="not exactly 1 container \\(but 2\\)"):
            compose.get_container()
        with pytest.raises(ContainerIsNotRunning, match="nope is not running"):
            compose.get_container("nope")
        with pytest.raises(NoSuchPortExposed):
            compose.get_service_port("worker", 8080)
        with pytest.raises(subprocess.CalledProcessError) as failed:
            compose.exec_in_container(["sh", "-c", "echo partial; exit 3"], "web")
        assert failed.value.returncode == 3
        assert failed.value.stdout == b"partial\n"


def test_services_wait_false_and_stop_without_down(context: Path, engine: Any) -> None:
    compose = DockerCompose(context, services=["worker"], wait=False)
    compose.start()
    try:
        assert [c.Service for c in compose.get_containers()] == ["worker"]
        compose.stop(down=False)
        assert compose.get_containers() == []
        [stopped] = compose.get_containers(include_all=True)
        assert stopped.State == "exited"
    finally:
        compose.stop()
    assert compose.get_containers(include_all=True) == []


def test_stacks_carry_their_owner(context: Path, engine: Any) -> None:
    with DockerCompose(context) as compose:
        web = compose.get_container("web")
        labels = engine.containers.get(web.ID).labels
        network = engine.networks.get(f"{compose.project_name}_default")
        assert labels[OWNER_HOST] == socket.gethostname()
        assert labels[OWNER_PID] == str(os.getpid())
        assert labels[OWNER_STARTED] == process_started(os.getpid())
        assert network.attrs["Labels"][OWNER_PID] == str(os.getpid())


def test_a_failed_start_in_a_with_block_takes_the_stack_down(context: Path) -> None:
    broken = (
        '  broken:\n    image: figlet-local/busybox:latest\n    command: ["sh", "-c", "exit 3"]\n'
    )
    (context / "compose.yaml").write_text(COMPOSE + broken)
    with pytest.raises(FigletError, match="broken"), DockerCompose(context):
        pytest.fail("the block must not run")
    assert DockerCompose(context).get_containers(include_all=True) == []


def test_a_file_that_does_not_load_raises_the_loaders_error(context: Path) -> None:
    (context / "compose.yaml").write_text("services:\n  web:\n    image: [1\n")
    with (
        pytest.raises(ConfigError, match=r"compose\.yaml:\d+:\d+: invalid YAML"),
        DockerCompose(context),
    ):
        pytest.fail("the block must not run")
