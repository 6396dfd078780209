"""Attached `up`, --wait with healthchecks, depends_on service_healthy, and --build."""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

import pytest
from _h5 import FIXTURES, containers, figlet, figlet_env

PROJECT_PREFIX = "h5"


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


def test_exit_code_from_returns_that_service_code_and_stops_the_rest(
    engine: Any, project_name: str
) -> None:
    run = figlet(
        "-p", project_name, "up", "--exit-code-from", "job", "-t", "1", cwd=FIXTURES / "attached"
    )
    assert run.code == 3, run.err
    assert f"{project_name}-job-1" in run.out and "job says hi" in run.out
    assert all(c.status == "exited" for c in containers(engine, project_name).values())


def test_attached_up_ends_when_every_container_has_stopped(
    engine: Any, project_name: str, tmp_path: Any
) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  one:\n    image: figlet-local/busybox:latest\n    command: echo first\n"
        "  two:\n    image: figlet-local/busybox:latest\n    command: echo second\n"
    )
    run = figlet("-p", project_name, "up", cwd=tmp_path)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert any(line.startswith(f"{project_name}-one-1") and "first" in line for line in lines)
    assert any(line.startswith(f"{project_name}-two-1") and "second" in line for line in lines)


def test_wait_and_depends_on_healthy(engine: Any, project_name: str) -> None:
    run = figlet(
        "-p", project_name, "up", "--wait", "--progress", "plain", cwd=FIXTURES / "healthy"
    )
    assert run.code == 0, run.err
    found = containers(engine, project_name)
    db, app = found[f"{project_name}-db-1"], found[f"{project_name}-app-1"]
    assert db.attrs["State"]["Health"]["Status"] == "healthy"
    # app was created only once db was healthy: its start follows db's health
    assert app.attrs["Created"] > db.attrs["State"]["StartedAt"]
    assert "Service db  Healthy" in run.err
    # the legacy link resolves through figlet's hosts entries
    hosts = app.exec_run(["cat", "/etc/hosts"]).output.decode()
    address = db.attrs["NetworkSettings"]["Networks"][f"{project_name}_default"]["IPAddress"]
    assert any(line.split()[:2] == [address, "database"] for line in hosts.splitlines())


def test_build_tags_the_image_and_uses_the_build_args(engine: Any, project_name: str) -> None:
    run = figlet(
        "-p", project_name, "up", "-d", "--build", "--progress", "plain", cwd=FIXTURES / "build"
    )
    assert run.code == 0, run.err
    assert f"Image {project_name}-app  Built" in run.err
    app = containers(engine, project_name)[f"{project_name}-app-1"]
    assert app.attrs["Config"]["Image"] == f"{project_name}-app"
    # the label names the image just built, as Compose's does
    assert app.labels["com.docker.compose.image"] == engine.images.get(f"{project_name}-app").id
    assert app.exec_run(["cat", "/flavour"]).output.strip() == b"mint"

    again = figlet("-p", project_name, "up", "-d", "--progress", "plain", cwd=FIXTURES / "build")
    assert again.code == 0, again.err
    assert "Building" not in again.err  # present already: no rebuild without --build


def _attached_until_ready(where: Any, project: str, *extra: str) -> subprocess.Popen[str]:
    """Start an attached `figlet up` (SIGINT as a terminal would send it) and return once the
    service printed "ready"."""
    process = subprocess.Popen(
        [sys.executable, "-m", "figlet", "-p", project, "up", *extra],
        cwd=where,
        env=figlet_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.rstrip().endswith("ready"):
            return process
    process.kill()
    raise AssertionError(f"never ready: {process.communicate()[1]}")


def test_ctrl_c_stops_the_containers(engine: Any, project_name: str, tmp_path: Any) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  svc:\n    image: figlet-local/busybox:latest\n"
        "    command: sh -c \"echo ready; trap 'exit 0' TERM; while true; do sleep 1; done\"\n"
    )
    process = _attached_until_ready(tmp_path, project_name)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Gracefully stopping" in err
    svc = containers(engine, project_name)[f"{project_name}-svc-1"]
    assert svc.status == "exited" and svc.attrs["State"]["ExitCode"] == 0


def test_a_second_ctrl_c_kills(engine: Any, project_name: str, tmp_path: Any) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  stubborn:\n    image: figlet-local/busybox:latest\n"
        "    command: sh -c \"trap '' TERM; echo ready; while true; do sleep 1; done\"\n"
    )
    process = _attached_until_ready(tmp_path, project_name, "-t", "600")
    process.send_signal(signal.SIGINT)
    assert process.stderr is not None
    for line in process.stderr:
        if "Gracefully stopping" in line:
            break
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)  # far less than the 600 s stop timeout
    assert process.returncode == 130, err
    assert "Killing" in err
    stubborn = containers(engine, project_name)[f"{project_name}-stubborn-1"]
    assert stubborn.status == "exited" and stubborn.attrs["State"]["ExitCode"] == 137


HEALTHCHECKED = """\
services:
  svc:
    image: figlet-local/busybox:latest
    command: sh -c "sleep 2; touch /ready; trap 'exit 0' TERM; while true; do sleep 1; done"
    healthcheck:
      test: ["CMD", "test", "-f", "{marker}"]
      interval: 1s
      timeout: 1s
      retries: {retries}
"""


def test_wait_blocks_until_healthy(engine: Any, project_name: str, tmp_path: Any) -> None:
    (tmp_path / "compose.yaml").write_text(HEALTHCHECKED.format(marker="/ready", retries=30))
    run = figlet("-p", project_name, "up", "--wait", cwd=tmp_path)
    assert run.code == 0, run.err
    svc = containers(engine, project_name)[f"{project_name}-svc-1"]
    assert svc.attrs["State"]["Health"]["Status"] == "healthy"


def test_wait_reports_an_unhealthy_service(engine: Any, project_name: str, tmp_path: Any) -> None:
    (tmp_path / "compose.yaml").write_text(HEALTHCHECKED.format(marker="/never", retries=2))
    run = figlet("-p", project_name, "up", "--wait", "--wait-timeout", "60", cwd=tmp_path)
    assert run.code == 1
    assert 'service "svc" is unhealthy' in run.err and "Traceback" not in run.err


def test_recreating_a_link_target_rewrites_the_linker_hosts(
    engine: Any, project_name: str, tmp_path: Any
) -> None:
    compose = tmp_path / "compose.yaml"
    original = (FIXTURES / "healthy" / "compose.yaml").read_text()
    compose.write_text(original)
    assert figlet("-p", project_name, "up", "-d", "--wait", cwd=tmp_path).code == 0
    app_id = containers(engine, project_name)[f"{project_name}-app-1"].id
    # change db only: db is recreated, app keeps running and gets its hosts entries rewritten
    compose.write_text(
        original.replace(
            '    command: sh -c "sleep 2;',
            '    environment: {VERSION: "2"}\n    command: sh -c "sleep 2;',
            1,
        )
    )
    run = figlet("-p", project_name, "up", "-d", "--progress", "plain", cwd=tmp_path)
    assert run.code == 0, run.err
    assert f"Container {project_name}-app-1  Hosts updated" in run.err
    found = containers(engine, project_name)
    assert found[f"{project_name}-app-1"].id == app_id
    db = found[f"{project_name}-db-1"]
    address = db.attrs["NetworkSettings"]["Networks"][f"{project_name}_default"]["IPAddress"]
    hosts = found[f"{project_name}-app-1"].exec_run(["cat", "/etc/hosts"]).output.decode()
    block = hosts[hosts.index("# figlet links") :]
    assert f"{address}\tdatabase" in block


def test_completed_successfully_gates_dependents(engine: Any, new_project_name: Any) -> None:
    where = FIXTURES / "oneshot"
    good, bad = new_project_name(), new_project_name()
    run = figlet("-p", good, "up", "--wait", cwd=where)
    assert run.code == 0, run.err
    found = containers(engine, good)
    assert found[f"{good}-migrate-1"].attrs["State"]["ExitCode"] == 0
    assert found[f"{good}-web-1"].status == "running"

    run = figlet("-p", bad, "up", "-d", cwd=where, env={"MIGRATE_EXIT": "4"})
    assert run.code == 1
    assert 'service "migrate" did not complete successfully' in run.err
    assert "exited with code 4" in run.err
    assert f"{bad}-web-1" not in containers(engine, bad)
