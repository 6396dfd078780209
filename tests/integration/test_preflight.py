"""Preflight on the real engine: port conflicts are found before `up` creates anything."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from figlet.preflight import Address
from figlet.preflight._probe import bound_locally

PROJECT_PREFIX = "h9"
LABEL = "com.docker.compose.project"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def figlet(*args: str, cwd: Path) -> Run:
    """`python -m figlet ARGS` in `cwd`, as a user runs it."""
    environ = {k: v for k, v in os.environ.items() if k != "COMPOSE_FILE"}
    done = subprocess.run(
        [sys.executable, "-m", "figlet", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def up(project: str, where: Path) -> Run:
    return figlet("-p", project, "up", "-d", "--pull", "never", cwd=where)


def resources(engine: Any, project: str) -> list[str]:
    """Names of every container and network the project has on the engine."""
    filters = {"label": f"{LABEL}={project}"}
    return [c.name for c in engine.containers.list(all=True, filters=filters)] + [
        n.name for n in engine.networks.list(filters=filters)
    ]


def compose(where: Path, port: int, *, extra: str = "", env: str = "a") -> Path:
    where.mkdir(parents=True, exist_ok=True)
    (where / "compose.yaml").write_text(
        "services:\n"
        "  web:\n"
        "    image: figlet-local/busybox:latest\n"
        "    command: httpd -f -p 80\n"
        f"    environment: {{GREETING: {env}}}\n"
        f'    ports: ["{port}:80"]\n' + extra
    )
    return where


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A plain socket listening on 127.0.0.1:<free port>, closed after the test."""
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen()
    try:
        yield held
    finally:
        held.close()


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here runs figlet-local/busybox:latest."""


def test_a_port_a_process_holds_fails_before_anything_is_created(
    engine: Any, project_name: str, tmp_path: Path, listener: socket.socket
) -> None:
    port = int(listener.getsockname()[1])
    where = compose(tmp_path, port)
    run = up(project_name, where)
    assert run.code == 1, run.err
    assert f'service "web" cannot publish host port {port}/tcp' in run.err
    assert "a process on this machine" in run.err
    assert "Traceback" not in run.err
    assert resources(engine, project_name) == []

    listener.close()  # fixed: the rerun converges
    assert up(project_name, where).code == 0
    again = figlet("-p", project_name, "plan", cwd=where)
    assert again.code == 0 and "up to date" in again.out.lower(), again.out
    assert resources(engine, project_name) == [f"{project_name}-web-1", f"{project_name}_default"]


def test_a_port_another_projects_container_holds_fails_before_anything_is_created(
    engine: Any, new_project_name: Any, tmp_path: Path
) -> None:
    first, second = new_project_name(), new_project_name()
    port = free_port()
    assert up(first, compose(tmp_path / "first", port)).code == 0

    run = up(second, compose(tmp_path / "second", port))
    assert run.code == 1, run.err
    assert f'service "web" cannot publish host port {port}/tcp' in run.err
    assert f"container {first}-web-1 (project {first})" in run.err
    assert f"docker stop {first}-web-1" in run.err
    assert "Traceback" not in run.err
    assert resources(engine, second) == []


def test_a_port_and_a_missing_external_network_are_reported_together(
    engine: Any, project_name: str, tmp_path: Path, listener: socket.socket
) -> None:
    port = int(listener.getsockname()[1])
    missing = f"{project_name}-nowhere"
    where = compose(
        tmp_path,
        port,
        extra=(
            "    networks: [outside]\n"
            f"networks:\n  outside:\n    external: true\n    name: {missing}\n"
        ),
    )
    run = up(project_name, where)
    assert run.code == 1, run.err
    assert f'external network "{missing}" does not exist' in run.err
    assert f"host port {port}/tcp" in run.err
    assert "Traceback" not in run.err
    assert resources(engine, project_name) == []


def test_the_projects_own_ports_do_not_block_a_recreate(
    engine: Any, project_name: str, tmp_path: Path
) -> None:
    port = free_port()
    assert up(project_name, compose(tmp_path, port)).code == 0
    before = engine.containers.get(f"{project_name}-web-1").id
    run = up(project_name, compose(tmp_path, port, env="b"))
    assert run.code == 0, run.err
    assert engine.containers.get(f"{project_name}-web-1").id != before


def test_the_bind_probe_finds_tcp_and_udp_ports_in_use(listener: socket.socket) -> None:
    tcp = int(listener.getsockname()[1])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp_socket:
        udp_socket.bind(("127.0.0.1", 0))
        udp = int(udp_socket.getsockname()[1])
        free = free_port()
        found = bound_locally(
            [
                Address("127.0.0.1", tcp),
                Address("", tcp),
                Address("127.0.0.1", udp, "udp"),
                Address("127.0.0.1", free),
                Address("127.0.0.1", udp, "tcp"),
            ]
        )
    assert found == {Address("127.0.0.1", tcp), Address("", tcp), Address("127.0.0.1", udp, "udp")}
