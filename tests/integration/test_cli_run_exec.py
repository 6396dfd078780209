"""`figlet run` and `figlet exec` on the real engine, as a user types them: exit codes passed
through, a one-off container removed with --rm, a real terminal (pseudo-terminal: a TTY seen
inside, typed input reaching the container), legacy links (hosts entry and Fig's variables),
and the same exit codes as `docker compose run/exec` on the same project."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from _h5 import Run, containers, figlet_env

PROJECT_PREFIX = "rn"
FIGLET = [sys.executable, "-m", "figlet"]
COMPOSE = """\
services:
  db:
    image: figlet-local/busybox:latest
    command: ["sleep", "3600"]
    expose: ["5432"]
    environment:
      POSTGRES_USER: me
  web:
    image: figlet-local/busybox:latest
    command: ["sleep", "3600"]
    links: ["db:database"]
    ports: ["127.0.0.1::80"]
"""


@pytest.fixture
def workdir(tmp_path: Path, busybox_image: str) -> Path:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return tmp_path


def figlet(project: str, cwd: Path, *args: str, stdin: str = "") -> Run:
    """`figlet -p PROJECT ARGS` in `cwd`, `stdin` piped in (never a terminal)."""
    done = subprocess.run(
        [*FIGLET, "-p", project, *args],
        cwd=cwd,
        env=figlet_env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def in_terminal(
    command: list[str], cwd: Path, *, wait_for: bytes, typed: bytes, timeout: float = 60
) -> tuple[int, bytes]:
    """Run `command` on a new pseudo-terminal; type `typed` once `wait_for` was output. Its
    exit code and everything it wrote on the terminal."""
    env = figlet_env()
    pid, fd = pty.fork()
    if pid == 0:  # the child: figlet, its stdin and stdout the terminal
        os.chdir(cwd)
        os.execvpe(command[0], command, env)
    output = b""
    typed_yet = False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:  # EIO: the child has exited and the terminal is gone
                break
            if not data:
                break
            output += data
            if not typed_yet and wait_for in output:
                os.write(fd, typed)
                typed_yet = True
        else:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"no end within {timeout}s; output so far: {output!r}")
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output


def one_offs(engine: Any, project: str) -> list[str]:
    return [
        name
        for name, c in containers(engine, project).items()
        if c.labels.get("com.docker.compose.oneoff") == "True"
    ]


def address(engine: Any, name: str) -> str:
    networks = engine.containers.get(name).attrs["NetworkSettings"]["Networks"]
    return str(next(iter(networks.values()))["IPAddress"])


def test_run_passes_the_exit_code_and_output_through_and_rm_leaves_nothing(
    engine: Any, project_name: str, workdir: Path
) -> None:
    done = figlet(
        project_name, workdir, "run", "--rm", "web", "sh", "-c", "echo out; echo err >&2; exit 3"
    )
    assert done.code == 3, done.err
    assert done.out == "out\n"
    assert done.err.endswith("err\n")
    assert one_offs(engine, project_name) == []
    # the dependency came up through the plan; the service's own containers did not
    assert set(containers(engine, project_name)) == {f"{project_name}-db-1"}


def test_run_pipes_stdin_and_detached_prints_the_name(
    engine: Any, project_name: str, workdir: Path
) -> None:
    piped = figlet(project_name, workdir, "run", "--rm", "--no-deps", "web", "cat", stdin="a\nb\n")
    assert (piped.code, piped.out) == (0, "a\nb\n"), piped.err
    detached = figlet(project_name, workdir, "run", "-d", "--no-deps", "web", "sleep", "60")
    assert detached.code == 0, detached.err
    name = detached.out.strip()
    assert name.startswith(f"{project_name}-web-run-") and len(name.rsplit("-", 1)[1]) == 12
    assert one_offs(engine, project_name) == [name]
    attrs = engine.containers.get(name).attrs
    assert attrs["HostConfig"]["PortBindings"] in (None, {})  # no --service-ports: none


def test_run_with_a_link_sees_the_target_in_hosts_and_figs_variables(
    engine: Any, project_name: str, workdir: Path
) -> None:
    done = figlet(
        project_name, workdir, "run", "--rm", "-T", "web", "sh", "-c", "cat /etc/hosts; env"
    )
    assert done.code == 0, done.err
    db = address(engine, f"{project_name}-db-1")
    assert f"{db}\tdatabase" in done.out
    lines = set(done.out.splitlines())
    assert f"DATABASE_PORT=tcp://{db}:5432" in lines
    assert f"DATABASE_PORT_5432_TCP_ADDR={db}" in lines
    assert "DATABASE_PORT_5432_TCP_PORT=5432" in lines
    assert "DATABASE_PORT_5432_TCP_PROTO=tcp" in lines
    assert "DATABASE_ENV_POSTGRES_USER=me" in lines
    assert f"DB_1_PORT_5432_TCP_ADDR={db}" in lines
    assert any(line.startswith("DATABASE_NAME=/" + project_name + "-web-run-") for line in lines)


def test_exec_passes_the_exit_code_through_and_sees_the_link_variables(
    engine: Any, project_name: str, workdir: Path
) -> None:
    assert figlet(project_name, workdir, "exec", "-T", "web", "true").code == 1
    up = figlet(project_name, workdir, "up", "-d")
    assert up.code == 0, up.err
    done = figlet(project_name, workdir, "exec", "-T", "db", "sh", "-c", "echo hi; exit 3")
    assert (done.code, done.out) == (3, "hi\n"), done.err
    env = figlet(project_name, workdir, "exec", "-e", "EXTRA=1", "web", "env")
    db = address(engine, f"{project_name}-db-1")
    assert f"DATABASE_PORT_5432_TCP_ADDR={db}" in env.out.splitlines()
    assert "EXTRA=1" in env.out.splitlines()
    piped = figlet(project_name, workdir, "exec", "db", "cat", stdin="typed\n")
    assert (piped.code, piped.out) == (0, "typed\n")
    stopped = figlet(project_name, workdir, "down", "-t", "0")
    assert stopped.code == 0
    gone = figlet(project_name, workdir, "exec", "db", "true")
    assert gone.code == 1
    assert 'service "db" is not running' in gone.err


def test_run_and_exec_on_a_terminal(engine: Any, project_name: str, workdir: Path) -> None:
    script = "test -t 0 && echo IS-A-TTY; read line; echo got-$line; exit 5"
    code, output = in_terminal(
        [*FIGLET, "-p", project_name, "run", "--rm", "web", "sh", "-c", script],
        workdir,
        wait_for=b"IS-A-TTY",
        typed=b"hello\r",
    )
    assert code == 5, output
    assert b"got-hello" in output
    assert one_offs(engine, project_name) == []
    code, output = in_terminal(
        [*FIGLET, "-p", project_name, "exec", "db", "sh", "-c", script],
        workdir,
        wait_for=b"IS-A-TTY",
        typed=b"there\r",
    )
    assert code == 5, output
    assert b"got-there" in output
    code, output = in_terminal(
        [*FIGLET, "-p", project_name, "run", "--rm", "-T", "web", "sh", "-c", "test -t 0"],
        workdir,
        wait_for=b"never",
        typed=b"",
    )
    assert code == 1  # -T: no TTY even on a terminal


@pytest.mark.skipif(shutil.which("docker") is None, reason="needs the docker CLI")
def test_the_same_exit_codes_as_docker_compose(
    engine: Any, new_project_name: Any, workdir: Path
) -> None:
    ours, theirs = new_project_name(), new_project_name()
    version = subprocess.run(
        ["docker", "compose", "version"], capture_output=True, text=True, check=False
    )
    if version.returncode != 0:
        pytest.skip("docker compose is not installed")
    cases = [
        ["run", "--rm", "-T", "web", "sh", "-c", "exit 7"],
        ["run", "--rm", "-T", "web", "nosuchcommand"],
        ["exec", "-T", "db", "sh", "-c", "exit 4"],
        ["exec", "-T", "web", "nosuchcommand"],
        ["exec", "-T", "nosuch", "true"],
    ]
    for case in cases:
        mine = figlet(ours, workdir, *case)
        compose = subprocess.run(
            ["docker", "compose", "-p", theirs, *case],
            cwd=workdir,
            input="",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert mine.code == compose.returncode, (case, mine, compose.stderr)


def test_ctrl_c_ends_run_and_rm_still_removes(
    engine: Any, project_name: str, workdir: Path
) -> None:
    running = subprocess.Popen(
        [*FIGLET, "-p", project_name, "run", "--rm", "--no-deps", "web", "sleep", "60"],
        cwd=workdir,
        env=figlet_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not one_offs(engine, project_name):  # until the container exists
        assert time.monotonic() < deadline and running.poll() is None
        time.sleep(0.1)
    time.sleep(0.5)
    running.send_signal(signal.SIGINT)
    _, err = running.communicate(timeout=60)
    assert running.returncode == 130, err
    assert one_offs(engine, project_name) == []
