"""`figlet exec` on the fake engine: output and exit code passed through, the replica
chosen, a service that does not run."""

from __future__ import annotations

from _cli import Figlet

from figlet.engine.fake import FakeEngine, frame


def test_output_and_exit_code_pass_through(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("up", "-d", "--progress", "quiet")
    fake.outputs["demo-db-1"] = frame(1, b"out\n") + frame(2, b"err\n")
    fake.exec_codes["demo-db-1"] = 4
    done = figlet("exec", "-e", "A=1", "-u", "nobody", "-w", "/tmp", "db", "sh", "-c", "exit 4")
    assert (done.code, done.out, done.err) == (4, "out\n", "err\n")
    container, request = fake.execs["e" + fake.called("start_exec")[-1].lstrip("e")]
    assert container == "demo-db-1"
    assert request.command == ("sh", "-c", "exit 4")
    assert (request.user, request.workdir, dict(request.environment)) == (
        "nobody",
        "/tmp",
        {"A": "1"},
    )
    assert not request.tty  # stdin is not a terminal


def test_index_chooses_the_replica(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("up", "-d", "--progress", "quiet")
    done = figlet("exec", "--index", "2", "-T", "web", "hostname")
    assert done.code == 0, done.err
    exec_id = fake.called("start_exec")[-1]
    assert fake.execs[exec_id][0] == "demo-web-2"


def test_detached_returns_at_once(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("up", "-d", "--progress", "quiet")
    done = figlet("exec", "-d", "db", "sleep", "10")
    assert (done.code, done.out) == (0, "")
    assert fake.streams == []


def test_a_service_that_does_not_run_exits_1_as_compose(figlet: Figlet, fake: FakeEngine) -> None:
    done = figlet("exec", "db", "true")
    assert done.code == 1
    assert done.err.startswith('service "db" is not running')
    figlet("up", "-d", "--progress", "quiet")
    done = figlet("exec", "--index", "3", "web", "true")
    assert done.code == 1
    assert 'service "web" is not running (no running replica 3)' in done.err
    assert fake.called("create_exec") == []


def test_usage_errors(figlet: Figlet) -> None:
    assert figlet("exec", "db").code == 2
    assert "exec needs a command" in figlet("exec", "db").err
    assert figlet("exec", "--index", "0", "db", "true").code == 2
    assert figlet("exec").code == 2
