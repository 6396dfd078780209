"""Concurrent commands on one project, and a project with two networks of one name, on the real
engine: the project lock serialises `up`s, `up` keeps one network of a duplicated name, `down`
removes every network of the project by id."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _h5 import PROJECT_LABEL, containers, figlet, figlet_env, networks

PROJECT_PREFIX = "fault"
SERVICES = 10


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


@pytest.fixture
def ten_services(tmp_path: Path, busybox_image: str) -> Path:
    services = "".join(
        f"  s{i}:\n    image: {busybox_image}\n    command: [sleep, '600']\n"
        f"    stop_grace_period: 0s\n"
        for i in range(SERVICES)
    )
    (tmp_path / "compose.yaml").write_text("services:\n" + services)
    return tmp_path


def test_two_concurrent_ups_both_succeed_and_leave_one_network(
    engine: Any, project_name: str, ten_services: Path, tmp_path: Path
) -> None:
    env = {**figlet_env(), "XDG_RUNTIME_DIR": str(tmp_path)}  # a lock directory of this test
    command = [sys.executable, "-m", "figlet", "-p", project_name, "up", "-d"]
    runs = [
        subprocess.Popen(
            command, cwd=ten_services, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]  # fmt: skip
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for code, _out, err in results:
        assert code == 0, err
    waited = [err for _code, _out, err in results if "figlet: waiting for figlet up (pid " in err]
    assert len(waited) == 1, [err for _code, _out, err in results]
    assert networks(engine, project_name) == [f"{project_name}_default"]
    running = containers(engine, project_name)
    assert len(running) == SERVICES
    assert all(c.status == "running" for c in running.values())


def _duplicate_network(engine: Any, project_name: str) -> None:
    """A network named like the project's default one, with its labels: the engine's own
    duplicate check is off, as it is for two creates racing."""
    engine.networks.create(
        f"{project_name}_default",
        labels={PROJECT_LABEL: project_name, "com.docker.compose.network": "default"},
        check_duplicate=False,
    )


def test_up_works_and_down_removes_both_with_two_networks_of_one_name(
    engine: Any, project_name: str, ten_services: Path
) -> None:
    _duplicate_network(engine, project_name)
    _duplicate_network(engine, project_name)
    assert networks(engine, project_name) == [f"{project_name}_default"] * 2

    up = figlet("-p", project_name, "up", "-d", cwd=ten_services)
    assert up.code == 0, up.err
    assert "ambiguous" not in up.err
    assert networks(engine, project_name) == [f"{project_name}_default"]
    assert len(containers(engine, project_name)) == SERVICES

    _duplicate_network(engine, project_name)  # one in use, one new
    down = figlet("-p", project_name, "down", "-t", "0", cwd=ten_services)
    assert down.code == 0, down.err
    assert "Traceback" not in down.err
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []


def test_down_removes_two_networks_of_one_name_without_containers(
    engine: Any, project_name: str, ten_services: Path
) -> None:
    _duplicate_network(engine, project_name)
    _duplicate_network(engine, project_name)
    down = figlet("-p", project_name, "down", cwd=ten_services)
    assert down.code == 0, down.err
    assert networks(engine, project_name) == []
