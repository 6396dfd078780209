"""`figlet up` / `ps` / `scale` on the real engine (image figlet-local/busybox)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _h5 import FIXTURES, containers, figlet, networks

PROJECT_PREFIX = "h5"
BASIC = FIXTURES / "basic"


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


def ids(client: Any, project: str) -> dict[str, str]:
    return {name: c.id for name, c in containers(client, project).items()}


def test_up_creates_and_a_rerun_changes_nothing(engine: Any, project_name: str) -> None:
    first = figlet("-p", project_name, "up", "-d", "--progress", "plain", cwd=BASIC)
    assert first.code == 0, first.err
    assert f"Container {project_name}-web-1  Started" in first.err
    before = ids(engine, project_name)
    assert set(before) == {f"{project_name}-web-1", f"{project_name}-cache-1"}
    assert all(c.status == "running" for c in containers(engine, project_name).values())
    assert networks(engine, project_name) == [f"{project_name}_default"]

    again = figlet("-p", project_name, "up", "-d", "--progress", "plain", cwd=BASIC)
    assert again.code == 0, again.err
    assert "nothing to change, 2 containers up to date" in again.err
    assert "Creating" not in again.err and "Recreating" not in again.err
    assert ids(engine, project_name) == before


def test_changing_one_service_recreates_only_it(engine: Any, project_name: str) -> None:
    assert figlet("-p", project_name, "up", "-d", cwd=BASIC).code == 0
    before = ids(engine, project_name)
    changed = figlet(
        "-p",
        project_name,
        "up",
        "-d",
        "--progress",
        "plain",
        cwd=BASIC,
        env={"GREETING": "bonjour"},
    )
    assert changed.code == 0, changed.err
    after = ids(engine, project_name)
    web, cache = f"{project_name}-web-1", f"{project_name}-cache-1"
    assert after[web] != before[web]
    assert after[cache] == before[cache]
    assert f"Container {web}  Recreated" in changed.err
    env = containers(engine, project_name)[web].attrs["Config"]["Env"]
    assert "GREETING=bonjour" in env
    assert len(after) == 2  # no temporary container left behind


def test_scale_up_then_down_removes_the_highest_numbers(engine: Any, project_name: str) -> None:
    assert figlet("-p", project_name, "up", "-d", cwd=BASIC).code == 0
    up = figlet("-p", project_name, "scale", "web=3", "--progress", "plain", cwd=BASIC)
    assert up.code == 0, up.err
    names = set(containers(engine, project_name))
    assert {f"{project_name}-web-{n}" for n in (1, 2, 3)} <= names

    ps = figlet("-p", project_name, "ps", cwd=BASIC)
    assert ps.code == 0, ps.err
    lines = ps.out.splitlines()
    assert lines[0].split() == ["NAME", "IMAGE", "SERVICE", "STATUS", "PORTS"]
    for n in (1, 2, 3):
        row = next(line for line in lines if line.startswith(f"{project_name}-web-{n} "))
        assert "Up" in row and "->8080/tcp" in row

    down = figlet("-p", project_name, "scale", "web=1", "--progress", "plain", cwd=BASIC)
    assert down.code == 0, down.err
    assert set(containers(engine, project_name)) == {
        f"{project_name}-web-1",
        f"{project_name}-cache-1",
    }


def test_up_scale_flag_and_ps_formats(engine: Any, project_name: str) -> None:
    run = figlet("-p", project_name, "up", "-d", "--scale", "cache=2", cwd=BASIC)
    assert run.code == 0, run.err
    listed = json.loads(figlet("-p", project_name, "ps", "--format", "json", cwd=BASIC).out)
    assert sorted(item["Name"] for item in listed) == sorted(
        [f"{project_name}-web-1", f"{project_name}-cache-1", f"{project_name}-cache-2"]
    )
    assert all(item["State"] == "running" for item in listed)
    web = next(item for item in listed if item["Service"] == "web")
    assert "->8080/tcp" in web["Ports"]
    services = figlet("-p", project_name, "ps", "--services", cwd=BASIC).out.split()
    assert sorted(services) == ["cache", "web"]
    quiet = figlet("-p", project_name, "ps", "-q", "cache", cwd=BASIC).out.split()
    assert len(quiet) == 2

    engine.containers.get(f"{project_name}-cache-2").stop(timeout=1)
    running = figlet("-p", project_name, "ps", "-q", cwd=BASIC).out.split()
    everything = figlet("-p", project_name, "ps", "-a", "-q", cwd=BASIC).out.split()
    exited = figlet("-p", project_name, "ps", "--status", "exited", "-q", cwd=BASIC).out.split()
    assert len(running) == 2 and len(everything) == 3 and len(exited) == 1


def test_dry_run_prints_the_plan_and_changes_nothing(engine: Any, project_name: str) -> None:
    run = figlet("-p", project_name, "up", "-d", "--dry-run", cwd=BASIC)
    assert run.code == 0, run.err
    assert f"container {project_name}-web-1" in run.out
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []


def test_unknown_service_and_bad_flags_are_reported_before_anything_runs(
    engine: Any, project_name: str
) -> None:
    run = figlet("-p", project_name, "up", "-d", "nosuch", "--scale", "web=x", cwd=BASIC)
    assert run.code != 0
    assert "web=x" in run.err and "Traceback" not in run.err
    run = figlet("-p", project_name, "up", "-d", "nosuch", cwd=BASIC)
    assert run.code != 0 and "no such service: nosuch" in run.err
    assert containers(engine, project_name) == {}


def test_json_progress_is_one_object_per_line(engine: Any, project_name: str) -> None:
    run = figlet("-p", project_name, "up", "-d", "--progress", "json", cwd=BASIC)
    assert run.code == 0, run.err
    events = [json.loads(line) for line in run.err.splitlines() if line.startswith("{")]
    done = {e["op_id"] for e in events if e["event"] == "done"}
    started = {e["op_id"] for e in events if e["event"] == "started"}
    assert f"start:{project_name}-web-1" in done
    assert done == started
