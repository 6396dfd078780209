"""`figlet up` on the fake engine: output, state reached and exit codes."""

from __future__ import annotations

import pytest
from _cli import Figlet, InterruptingEngine

from figlet.engine.fake import FakeEngine


def states(fake: FakeEngine) -> dict[str, str]:
    return {c.name: c.state for c in fake.containers.values()}


def test_detached_up_creates_and_starts_every_replica(figlet: Figlet, fake: FakeEngine) -> None:
    done = figlet("up", "-d")
    assert done.code == 0, done.err
    assert done.out == ""
    assert states(fake) == {
        "demo-db-1": "running",
        "demo-web-1": "running",
        "demo-web-2": "running",
    }
    assert "Container demo-web-2  Started" in done.err
    assert "Network demo_default  Created" in done.err


def test_a_second_up_changes_nothing_and_says_so(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("up", "-d")
    calls = len(fake.calls)
    again = figlet("up", "-d")
    assert again.code == 0
    assert again.err == "demo: nothing to change, 3 containers up to date\n"
    assert len(fake.calls) == calls


def test_options_and_services_may_be_mixed(figlet: Figlet, fake: FakeEngine) -> None:
    done = figlet("up", "web", "--scale", "web=3", "-d", "--no-deps", "--progress", "quiet")
    assert done.code == 0, done.err
    assert done.err == ""
    assert sorted(states(fake)) == ["demo-web-1", "demo-web-2", "demo-web-3"]


def test_dry_run_prints_the_plan_and_changes_nothing(figlet: Figlet, fake: FakeEngine) -> None:
    done = figlet("up", "-d", "--dry-run")
    assert done.code == 0
    assert done.out.splitlines()[:2] == ["demo: 4 to create", "  + network demo_default  missing"]
    assert fake.containers == {}


def test_attached_up_follows_the_containers_until_they_exit(figlet: Figlet) -> None:
    done = figlet("up")
    assert done.code == 0, done.err
    assert done.out.splitlines() == [
        "demo-db-1   | exited",
        "demo-web-1  | exited",
        "demo-web-2  | exited",
    ]


def test_exit_code_from_is_that_services_code(figlet: Figlet, fake: FakeEngine) -> None:
    fake.exit_codes["demo-web-1"] = 3
    done = figlet("up", "--exit-code-from", "web")
    assert done.code == 3, done.err
    assert "Aborting on container exit..." in done.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scale", "web=x"], '--scale "web=x": expected SERVICE=NUMBER'),
        (["--parallel", "0"], "--parallel must be 1 or more"),
        (["--pull", "sometimes"], '--pull "sometimes": expected one of always, missing, never'),
        (["-d", "--abort-on-container-exit"], "-d/--wait and --abort-on-container-exit"),
        (["--progress", "loud"], 'unknown progress mode "loud"'),
        (["--timeout", "soon"], "argument -t/--timeout: invalid int value: 'soon'"),
        (["--build=yes"], "argument --build/--no-build: ignored explicit argument 'yes'"),
    ],
)
def test_bad_options_are_usage_errors(
    figlet: Figlet, fake: FakeEngine, args: list[str], message: str
) -> None:
    done = figlet("up", *args)
    assert done.code == 2
    assert message in done.err
    assert fake.calls == []


def test_an_unknown_service_exits_1(figlet: Figlet) -> None:
    done = figlet("up", "-d", "nosuch")
    assert (done.code, done.err) == (1, "no such service: nosuch\n  services: db, web\n")


def test_an_engine_failure_is_rendered_once_and_exits_1(figlet: Figlet, fake: FakeEngine) -> None:
    fake.fail[("create_container", "demo-db-1")] = "disk full"
    done = figlet("up", "-d")
    assert done.code == 1
    assert done.err.count("disk full") == 2  # the progress line, then the error, once
    assert "running" not in states(fake).values()  # web waits for db, which never came


def test_ctrl_c_exits_130(figlet: Figlet) -> None:
    done = figlet("up", "-d", engine=InterruptingEngine())
    assert done.code == 130
    assert done.err.endswith("Aborted!\n")


def test_ctrl_c_while_attaching_exits_130(figlet: Figlet) -> None:
    engine = InterruptingEngine(skip=1_000)
    figlet("up", "-d", engine=engine)
    before = engine.skip
    figlet("up", "-d", engine=engine)
    # the attached `up` lists as a no-op `up -d` does, then once more to attach: Ctrl-C then
    engine.skip = before - engine.skip
    done = figlet("up", engine=engine)
    assert done.code == 130
    assert done.out == ""
    assert done.err.endswith("Aborted!\n")
