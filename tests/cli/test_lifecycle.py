"""`figlet start/stop/restart/kill/pause/unpause/rm` on the fake engine: what each does to the
containers, in which order, what it prints and its exit code (as Compose v2 where it has one)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from _cli import Figlet

from figlet.engine.fake import FakeEngine


def _states(fake: FakeEngine) -> dict[str, str]:
    return {c.name: c.state for c in fake.containers.values()}


@pytest.fixture
def running(figlet: Figlet, fake: FakeEngine) -> FakeEngine:
    """demo up -d: demo-db-1, demo-web-1, demo-web-2 running; the calls so far forgotten."""
    assert figlet("up", "-d").code == 0
    fake.calls.clear()
    return fake


def test_stop_stops_dependents_first_and_keeps_the_containers(
    figlet: Figlet, running: FakeEngine
) -> None:
    ids = set(running.containers)
    done = figlet("stop", "--progress", "plain")
    assert done.code == 0, done.err
    assert running.called("stop_container")[-1] == next(
        c.id for c in running.containers.values() if c.name == "demo-db-1"
    )
    assert set(running.containers) == ids
    assert set(_states(running).values()) == {"exited"}
    assert "Container demo-web-1  Stopping\n" in done.err
    assert "Container demo-db-1  Stopped" in done.err


def test_stop_a_service_stops_only_it(figlet: Figlet, running: FakeEngine) -> None:
    assert figlet("stop", "web").code == 0
    assert _states(running) == {
        "demo-db-1": "running",
        "demo-web-1": "exited",
        "demo-web-2": "exited",
    }


def test_stop_when_nothing_runs_says_nothing(figlet: Figlet, running: FakeEngine) -> None:
    figlet("stop")
    done = figlet("stop")
    assert (done.code, done.out, done.err) == (0, "", "")


def test_stop_an_unknown_service_exits_0_with_a_warning(
    figlet: Figlet, running: FakeEngine
) -> None:
    done = figlet("stop", "nosuch")
    assert done.code == 0
    assert done.err.startswith("warning: no such service: nosuch\n")
    assert set(_states(running).values()) == {"running"}


def test_start_brings_dependencies_first(figlet: Figlet, running: FakeEngine) -> None:
    figlet("stop")
    running.calls.clear()
    done = figlet("start", "web")
    assert done.code == 0, done.err
    started = running.called("start_container")  # by name: StartContainer has no id
    assert started[0] == "demo-db-1" and sorted(started[1:]) == ["demo-web-1", "demo-web-2"]
    assert set(_states(running).values()) == {"running"}


def test_start_an_unknown_service_exits_1(figlet: Figlet, running: FakeEngine) -> None:
    done = figlet("start", "nosuch")
    assert done.code == 1
    assert done.err.startswith("no such service: nosuch\n")


def test_start_with_no_container_exits_1(figlet: Figlet) -> None:
    done = figlet("start")
    assert done.code == 1
    assert done.err.startswith('no container found for project "demo"\n')


def test_start_by_project_name_needs_no_file(
    figlet: Figlet, running: FakeEngine, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figlet("stop")
    (project / "elsewhere").mkdir()
    monkeypatch.chdir(project / "elsewhere")
    assert figlet("-p", "demo", "start").code == 0
    assert set(_states(running).values()) == {"running"}


def test_restart_restarts_every_container(figlet: Figlet, running: FakeEngine) -> None:
    done = figlet("restart", "-t", "1", "--progress", "plain")
    assert done.code == 0, done.err
    assert len(running.called("restart_container")) == 3
    assert "Container demo-db-1  Restarting\n" in done.err


def test_restart_an_unknown_service_exits_1(figlet: Figlet, running: FakeEngine) -> None:
    assert figlet("restart", "nosuch").code == 1


def test_kill_sends_the_signal(figlet: Figlet, running: FakeEngine) -> None:
    done = figlet("kill", "-s", "SIGTERM", "web", "--progress", "plain")
    assert done.code == 0, done.err
    assert sorted(running.signals) == [("demo-web-1", "SIGTERM"), ("demo-web-2", "SIGTERM")]
    assert "Container demo-web-1  Killed" in done.err


def test_kill_defaults_to_sigkill_and_with_nothing_running_says_so(
    figlet: Figlet, running: FakeEngine
) -> None:
    assert figlet("kill").code == 0
    assert set(_states(running).values()) == {"exited"}
    done = figlet("kill")
    assert (done.code, done.err) == (0, "no container to kill\n")


def test_pause_then_unpause(figlet: Figlet, running: FakeEngine) -> None:
    assert figlet("pause", "web").code == 0
    assert _states(running)["demo-web-1"] == "paused"
    assert _states(running)["demo-db-1"] == "running"
    again = figlet("pause", "web")
    assert again.code == 1
    assert "is already paused" in again.err
    assert figlet("unpause", "web").code == 0
    assert set(_states(running).values()) == {"running"}


def test_unpause_of_a_container_not_paused_exits_1_after_the_others(
    figlet: Figlet, running: FakeEngine
) -> None:
    figlet("pause", "web")
    done = figlet("unpause")
    assert done.code == 1
    assert "is not paused" in done.err
    assert set(_states(running).values()) == {"running"}


def test_rm_without_stopped_containers(figlet: Figlet, running: FakeEngine) -> None:
    done = figlet("rm", "-f")
    assert (done.code, done.out, done.err) == (0, "", "No stopped containers\n")


def test_rm_asks_and_no_answer_is_no(
    figlet: Figlet, running: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    figlet("stop", "web")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    done = figlet("rm")
    assert (done.code, done.out) == (0, "Going to remove demo-web-1, demo-web-2\n")
    assert len(running.containers) == 3


def test_rm_asks_and_yes_removes(
    figlet: Figlet, running: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    figlet("stop", "web")
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    done = figlet("rm", "--progress", "plain")
    assert done.code == 0, done.err
    assert done.out == "Going to remove demo-web-1, demo-web-2\n"
    assert sorted(_states(running)) == ["demo-db-1"]
    assert "Container demo-web-1  Removed" in done.err


def test_rm_force_stop_volumes(figlet: Figlet, running: FakeEngine) -> None:
    done = figlet("rm", "-f", "-s", "-v", "db")
    assert done.code == 0, done.err
    assert done.out == "Going to remove demo-db-1\n"
    assert sorted(_states(running)) == ["demo-web-1", "demo-web-2"]
    assert running.called("stop_container") and running.called("remove_container")


def test_dry_run_prints_the_plan_and_changes_nothing(figlet: Figlet, running: FakeEngine) -> None:
    done = figlet("stop", "--dry-run")
    assert done.code == 0
    assert done.out.startswith("demo: 3 to stop\n")
    assert not running.called("stop_container")
    assert set(_states(running).values()) == {"running"}


@pytest.mark.parametrize("command", ["stop", "start", "restart", "kill", "pause", "unpause", "rm"])
def test_by_name_without_a_file_and_nothing_there_exits_0_or_says_why(
    figlet: Figlet, project: Path, command: str
) -> None:
    (project / "compose.yaml").unlink()
    done = figlet("-p", "ghost", command)
    assert "Traceback" not in done.err
    assert done.code == (1 if command == "start" else 0)


def test_restart_by_project_name_needs_no_file(
    figlet: Figlet, running: FakeEngine, project: Path
) -> None:
    (project / "compose.yaml").unlink()
    done = figlet("-p", "demo", "restart")
    assert done.code == 0, done.err
    assert len(running.called("restart_container")) == 3


def test_create_needs_the_file(figlet: Figlet, project: Path) -> None:
    (project / "compose.yaml").unlink()
    done = figlet("-p", "ghost", "create")
    assert done.code == 1
    assert "no configuration file provided" in done.err


def test_a_failed_engine_call_exits_1(figlet: Figlet, running: FakeEngine) -> None:
    running.fail[("stop_container", _id(running, "demo-db-1"))] = "engine on fire"
    done = figlet("stop")
    assert done.code == 1
    assert "engine on fire" in done.err


def _id(fake: FakeEngine, name: str) -> str:
    return next(c.id for c in fake.containers.values() if c.name == name)


def test_down_a_service_leaves_the_others_and_the_network(
    figlet: Figlet, running: FakeEngine
) -> None:
    done = figlet("down", "web", "--progress", "plain")
    assert done.code == 0, done.err
    assert _states(running) == {"demo-db-1": "running"}
    assert "demo_default" in running.networks
    assert figlet("down", "db").code == 0
    assert running.containers == {} and running.networks == {}


def test_down_an_unknown_service_warns_and_exits_0(figlet: Figlet, running: FakeEngine) -> None:
    done = figlet("down", "nosuch")
    assert done.code == 0
    assert done.err.startswith("warning: no such service: nosuch\n")
    assert len(running.containers) == 3


def test_create_creates_and_starts_nothing(figlet: Figlet, fake: FakeEngine) -> None:
    done = figlet("create", "--progress", "plain")
    assert done.code == 0, done.err
    assert set(_states(fake).values()) == {"created"}
    assert len(fake.containers) == 3
    assert not fake.called("start_container")
    assert "Container demo-db-1  Created" in done.err
    assert figlet("start").code == 0
    assert set(_states(fake).values()) == {"running"}


def test_create_an_unknown_service_exits_1(figlet: Figlet, fake: FakeEngine) -> None:
    done = figlet("create", "nosuch")
    assert done.code == 1
    assert done.err.startswith("no such service: nosuch\n")
    assert fake.containers == {}


def test_create_force_and_no_recreate_together_is_a_usage_error(figlet: Figlet) -> None:
    assert figlet("create", "--force-recreate", "--no-recreate").code == 2
