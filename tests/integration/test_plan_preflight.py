"""`figlet plan` tells what `up` would stop at: port conflicts and missing images, exit 1."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _h5 import containers, figlet

PROJECT_PREFIX = "h10"

WEB = """\
services:
  web:
    image: {image}
    command: ["sleep", "3600"]
    ports: ["{ports}"]
"""


@pytest.fixture
def held_port() -> Iterator[int]:
    """A loopback port this test process listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield int(sock.getsockname()[1])


def _write(tmp_path: Path, image: str, ports: str = "127.0.0.1::80") -> Path:
    (tmp_path / "compose.yaml").write_text(WEB.format(image=image, ports=ports), encoding="utf-8")
    return tmp_path


def test_plan_reports_a_port_held_by_a_process_like_up(
    engine: Any, project_name: str, busybox_image: str, held_port: int, tmp_path: Path
) -> None:
    workdir = _write(tmp_path, busybox_image, f"127.0.0.1:{held_port}:80")

    plan = figlet("-p", project_name, "plan", cwd=workdir)
    assert plan.code == 1, plan.out + plan.err
    assert f"host port {held_port}/tcp on 127.0.0.1" in plan.out, plan.out
    assert "problems:" in plan.out

    as_json = figlet("-p", project_name, "plan", "--format", "json", cwd=workdir)
    assert as_json.code == 1
    problems = json.loads(as_json.out)["problems"]
    assert any(str(held_port) in problem["message"] for problem in problems), problems

    up = figlet("-p", project_name, "up", "-d", cwd=workdir)
    assert up.code != 0
    assert f"host port {held_port}/tcp on 127.0.0.1" in up.err, up.err
    assert containers(engine, project_name) == {}


def test_plan_reports_a_missing_image_that_may_not_be_pulled(
    engine: Any, project_name: str, tmp_path: Path
) -> None:
    workdir = _write(tmp_path, "figlet-local/h10-absent:never")

    plan = figlet("-p", project_name, "plan", cwd=workdir, env={"FIGLET_PULL": "never"})

    assert plan.code == 1, plan.out + plan.err
    assert "figlet-local/h10-absent:never is not present locally" in plan.out, plan.out
    assert containers(engine, project_name) == {}


def test_plan_without_problems_exits_0(
    engine: Any, project_name: str, busybox_image: str, tmp_path: Path
) -> None:
    workdir = _write(tmp_path, busybox_image)

    plan = figlet("-p", project_name, "plan", cwd=workdir)

    assert plan.code == 0, plan.out + plan.err
    assert "problems" not in plan.out
