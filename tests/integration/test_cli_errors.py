"""Failures through the CLI: a clear message, exit code != 0, nothing half-done left unsaid."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from _h5 import FIXTURES, containers, figlet

PROJECT_PREFIX = "h5"


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_port_already_taken_is_a_clear_error(engine: Any, new_project_name: Any) -> None:
    first, second = new_project_name(), new_project_name()
    env = {"H5_PORT": str(free_port())}
    where = FIXTURES / "ports"
    assert figlet("-p", first, "up", "-d", cwd=where, env=env).code == 0

    run = figlet("-p", second, "up", "-d", "--progress", "plain", cwd=where, env=env)
    assert run.code != 0
    assert env["H5_PORT"] in run.err
    assert "already" in run.err.lower()
    assert 'service "web"' in run.err
    assert "Traceback" not in run.err
    # the first project is untouched
    assert containers(engine, first)[f"{first}-web-1"].status == "running"


def test_a_missing_image_is_reported_before_anything_is_created(
    engine: Any, project_name: str, tmp_path: Any
) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  web:\n    image: figlet-local/busybox:latest\n    command: httpd -f -p 80\n"
        "  ghost:\n    image: figlet-local/does-not-exist:1\n"
        "  other:\n    image: figlet-local/also-missing:2\n"
    )
    # --pull never: the engine must not even try a registry from this sandbox
    run = figlet("-p", project_name, "up", "-d", "--pull", "never", cwd=tmp_path)
    assert run.code != 0
    assert "pulling is disabled" in run.err
    assert "figlet-local/does-not-exist:1" in run.err and "figlet-local/also-missing:2" in run.err
    assert "Traceback" not in run.err
    assert containers(engine, project_name) == {}
