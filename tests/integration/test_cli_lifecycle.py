"""start, stop, restart, kill, pause, unpause, rm and `down SERVICE` on the real engine, run as
a user would (`python -m figlet`), on a small project where web depends on redis."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _h5 import Run, containers, figlet, networks, volumes

PROJECT_PREFIX = "st"
# a process that stops at once on SIGTERM (a plain `sleep` as PID 1 ignores it)
SERVE = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]


@pytest.fixture
def stack(tmp_path: Path, busybox_image: str) -> Path:
    (tmp_path / "compose.yaml").write_text(
        json.dumps(
            {
                "services": {
                    "redis": {"image": busybox_image, "command": SERVE},
                    "web": {
                        "image": busybox_image,
                        "command": SERVE,
                        "depends_on": ["redis"],
                        "links": ["redis"],
                        "volumes": ["/data"],
                    },
                }
            }
        )
    )
    return tmp_path


def _run(project_name: str, stack: Path, *args: str) -> Run:
    return figlet("-p", project_name, *args, cwd=stack)


def _order(done: Run, event: str) -> list[tuple[str, str]]:
    """(action, target) of each JSON progress event of kind `event`, in order."""
    found = []
    for line in done.err.splitlines():
        if line.startswith("{"):
            data = json.loads(line)
            if data["event"] == event:
                found.append((data["action"], data["target"]))
    return found


def _states(engine: Any, project_name: str) -> dict[str, str]:
    return {name: c.status for name, c in containers(engine, project_name).items()}


def test_stop_then_start_keeps_the_containers_in_dependency_order(
    engine: Any, project_name: str, stack: Path
) -> None:
    assert _run(project_name, stack, "up", "-d").code == 0
    ids = {name: c.id for name, c in containers(engine, project_name).items()}
    web, redis = f"{project_name}-web-1", f"{project_name}-redis-1"

    stop = _run(project_name, stack, "stop", "--progress", "json")
    assert stop.code == 0, stop.err
    assert _order(stop, "done") == [("stop", web), ("stop", redis)]
    assert _states(engine, project_name) == {web: "exited", redis: "exited"}

    start = _run(project_name, stack, "start", "web", "--progress", "json")
    assert start.code == 0, start.err
    assert _order(start, "done") == [("start", redis), ("start", web), ("update_hosts", web)]
    # web's hosts file points `redis` at the address redis has now
    found = containers(engine, project_name)
    address = next(iter(found[redis].attrs["NetworkSettings"]["Networks"].values()))["IPAddress"]
    hosts = found[web].exec_run(["cat", "/etc/hosts"]).output.decode()
    assert any(line.split()[:2] == [address, "redis"] for line in hosts.splitlines()), hosts
    assert {name: c.id for name, c in containers(engine, project_name).items()} == ids
    assert _states(engine, project_name) == {web: "running", redis: "running"}

    plain = _run(project_name, stack, "stop", "web", "--progress", "plain")
    assert plain.code == 0
    assert plain.err.startswith(f"Container {web}  Stopping\nContainer {web}  Stopped ")


def test_restart_kill_pause_unpause(engine: Any, project_name: str, stack: Path) -> None:
    assert _run(project_name, stack, "up", "-d").code == 0
    web, redis = f"{project_name}-web-1", f"{project_name}-redis-1"
    started = containers(engine, project_name)[web].attrs["State"]["StartedAt"]

    restart = _run(project_name, stack, "restart", "web", "--progress", "json")
    assert restart.code == 0, restart.err
    assert _order(restart, "done") == [("restart", web), ("update_hosts", web)]
    assert containers(engine, project_name)[web].attrs["State"]["StartedAt"] != started

    pause = _run(project_name, stack, "pause", "web")
    assert pause.code == 0, pause.err
    assert _states(engine, project_name) == {web: "paused", redis: "running"}
    again = _run(project_name, stack, "pause", "web")
    assert again.code == 1 and "already paused" in again.err
    assert _run(project_name, stack, "unpause", "web").code == 0
    assert _states(engine, project_name) == {web: "running", redis: "running"}
    not_paused = _run(project_name, stack, "unpause", "web")
    assert not_paused.code == 1 and "is not paused" in not_paused.err

    term = _run(project_name, stack, "kill", "-s", "SIGTERM", "redis")
    assert term.code == 0, term.err
    # its TERM trap ends it (after the `sleep 1` running) with code 0
    assert containers(engine, project_name)[redis].wait(timeout=15)["StatusCode"] == 0
    kill = _run(project_name, stack, "kill")
    assert kill.code == 0
    assert containers(engine, project_name)[web].attrs["State"]["ExitCode"] == 137
    nothing = _run(project_name, stack, "kill")
    assert (nothing.code, nothing.err) == (0, "no container to kill\n")


def test_rm_asks_and_rm_f_v_removes_anonymous_volumes(
    engine: Any, project_name: str, stack: Path
) -> None:
    assert _run(project_name, stack, "up", "-d").code == 0
    web = f"{project_name}-web-1"
    anonymous = [
        m["Name"] for m in containers(engine, project_name)[web].attrs["Mounts"] if m.get("Name")
    ]
    assert len(anonymous) == 1
    assert _run(project_name, stack, "rm", "-f").err == "No stopped containers\n"
    assert _run(project_name, stack, "stop", "web").code == 0

    asked = _run(project_name, stack, "rm")  # stdin is not a terminal and gives no answer
    assert (asked.code, asked.out) == (0, f"Going to remove {web}\n")
    assert web in containers(engine, project_name)

    removed = _run(project_name, stack, "rm", "-f", "-v", "--progress", "plain")
    assert removed.code == 0, removed.err
    assert removed.out == f"Going to remove {web}\n"
    assert f"Container {web}  Removed" in removed.err
    assert web not in containers(engine, project_name)
    assert anonymous[0] not in {v.name for v in engine.volumes.list()}


def test_down_a_service_leaves_redis_running(engine: Any, project_name: str, stack: Path) -> None:
    assert _run(project_name, stack, "up", "-d").code == 0
    redis = f"{project_name}-redis-1"
    down = _run(project_name, stack, "down", "web", "-v")
    assert down.code == 0, down.err
    assert _states(engine, project_name) == {redis: "running"}
    assert networks(engine, project_name) == [f"{project_name}_default"]
    assert _run(project_name, stack, "down", "redis").code == 0
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []
    assert volumes(engine, project_name) == []


def test_by_project_name_without_a_file(engine: Any, project_name: str, stack: Path) -> None:
    assert _run(project_name, stack, "up", "-d").code == 0
    elsewhere = stack / "elsewhere"
    elsewhere.mkdir()
    stop = figlet("-p", project_name, "stop", "--progress", "json", cwd=elsewhere)
    assert stop.code == 0, stop.err
    web, redis = f"{project_name}-web-1", f"{project_name}-redis-1"
    assert _order(stop, "done") == [("stop", web), ("stop", redis)]  # from the labels
    assert figlet("-p", project_name, "start", cwd=elsewhere).code == 0
    assert set(_states(engine, project_name).values()) == {"running"}


def test_up_renew_anon_volumes_gives_a_new_anonymous_volume(
    engine: Any, project_name: str, stack: Path
) -> None:
    assert _run(project_name, stack, "up", "-d").code == 0
    web = f"{project_name}-web-1"
    first = containers(engine, project_name)[web]
    first.exec_run(["sh", "-c", "echo kept > /data/marker"])
    old_volume = next(m["Name"] for m in first.attrs["Mounts"] if m.get("Name"))

    assert _run(project_name, stack, "up", "-d", "--force-recreate", "web").code == 0
    second = containers(engine, project_name)[web]
    assert second.exec_run(["cat", "/data/marker"]).output.strip() == b"kept"

    renewed = _run(project_name, stack, "up", "-d", "-V", "--progress", "plain")
    assert renewed.code == 0, renewed.err
    third = containers(engine, project_name)[web]
    assert third.id != second.id
    assert third.exec_run(["cat", "/data/marker"]).exit_code != 0
    assert old_volume not in {v.name for v in engine.volumes.list()}


def test_up_attach_and_no_attach(engine: Any, project_name: str, tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        json.dumps(
            {
                "services": {
                    name: {
                        "image": "figlet-local/busybox:latest",
                        "command": ["sh", "-c", f"echo from-{name}; sleep 1"],
                    }
                    for name in ("a", "b")
                }
            }
        )
    )
    only_a = figlet("-p", project_name, "up", "--attach", "a", "--no-color", cwd=tmp_path)
    assert only_a.code == 0, only_a.err
    assert f"{project_name}-a-1  | from-a" in only_a.out
    assert "from-b" not in only_a.out

    not_a = figlet("-p", project_name, "up", "--no-attach", "a", "--no-log-prefix", cwd=tmp_path)
    assert not_a.code == 0, not_a.err
    assert "from-b" in not_a.out.splitlines()
    assert "from-a" not in not_a.out
