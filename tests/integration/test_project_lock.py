"""Concurrent commands on one project, and a project with two networks of one name, on the real
engine: the project lock serialises `up`s, `up` keeps one network of a duplicated name, `down`
removes every network of the project by id."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from _h5 import PROJECT_LABEL, containers, figlet, figlet_env, networks

from figlet.engine.docker_engine import DockerEngine
from figlet.lock import project_lock

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
    engine_id = DockerEngine.from_env(env).describe()
    command = [sys.executable, "-m", "figlet", "-p", project_name, "up", "-d"]
    errs = [tmp_path / f"up-{i}.err" for i in range(2)]
    # the test holds the lock while both start, so that both surely wait, then contend
    with (
        contextlib.ExitStack() as files,
        project_lock(engine_id, project_name, "test", environ=env),
    ):
        runs = [
            subprocess.Popen(
                command, cwd=ten_services, env=env, stdout=subprocess.DEVNULL,
                stderr=files.enter_context(err.open("w")),
            )
            for err in errs
        ]  # fmt: skip
        deadline = time.monotonic() + 120
        while not all("figlet: waiting for figlet test (pid " in _read(e) for e in errs):
            assert time.monotonic() < deadline, [_read(e) for e in errs]
            assert all(run.poll() is None for run in runs), [_read(e) for e in errs]
            time.sleep(0.1)
    codes = [run.wait(timeout=300) for run in runs]
    assert codes == [0, 0], [_read(e) for e in errs]
    assert all(_read(e).count("figlet: waiting for") == 1 for e in errs)
    assert networks(engine, project_name) == [f"{project_name}_default"]
    running = containers(engine, project_name)
    assert len(running) == SERVICES
    assert all(c.status == "running" for c in running.values())


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


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
