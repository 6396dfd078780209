"""Helpers of the fault suites: a small linked project, figlet run as a user runs it, its JSON
progress events read as they come, and the checks of a converged project.

The project (~5 containers, all from figlet-local/debian:bookworm):
- redis: a named volume `data` on /data (append-only file), a healthcheck (`redis-cli ping`);
- web: 2 replicas, `links: [redis:cache]`, waits for redis to be healthy;
- worker: `links: [web]`, after web.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_LABEL = "com.docker.compose.project"
DEBIAN = "figlet-local/debian:bookworm"
REPLICAS = {"redis": 1, "web": 2, "worker": 1}
LINKS = {"web": {"cache": "redis"}, "worker": {"web": "web"}}  # linker -> alias -> target

COMPOSE = f"""\
services:
  redis:
    image: {DEBIAN}
    command: ["redis-server", "--appendonly", "yes", "--dir", "/data", "--protected-mode", "no"]
    volumes:
      - data:/data
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 500ms
      timeout: 2s
      retries: 40
    stop_grace_period: 2s
  web:
    image: {DEBIAN}
    command: ["python3", "-m", "http.server", "8000"]
    links:
      - redis:cache
    depends_on:
      redis:
        condition: service_healthy
    deploy:
      replicas: 2
    stop_grace_period: 1s
  worker:
    image: {DEBIAN}
    command: ["sleep", "infinity"]
    links:
      - web
    depends_on: [web]
    stop_grace_period: 1s
volumes:
  data: {{}}
"""


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def write_project(directory: Path) -> Path:
    (directory / "compose.yaml").write_text(COMPOSE)
    return directory


def figlet_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every figlet run here: never pull, no COMPOSE_FILE of the caller."""
    environ = {**os.environ, "FIGLET_PULL": "never", **(extra or {})}
    environ.pop("COMPOSE_FILE", None)
    return environ


def figlet(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> Run:
    """`python -m figlet ARGS` in `cwd`, as a user runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "figlet", *args],
        cwd=cwd,
        env=figlet_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def planned_steps(project: str, cwd: Path, *args: str) -> list[dict[str, Any]]:
    """The operations `up` would run (`figlet plan --format json`), bookkeeping (ADDRESS) left
    out as the progress events leave it out."""
    done = figlet("-p", project, "plan", "--format", "json", *args, cwd=cwd)
    assert done.code == 0, done.err
    operations: list[dict[str, Any]] = json.loads(done.out)["operations"]
    return [op for op in operations if op["action"] != "address"]


def events(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    """The JSON progress events among the lines of figlet's error output."""
    for line in lines:
        if line.startswith('{"event"'):
            yield json.loads(line)


@dataclass(frozen=True)
class Stopped:
    """A figlet run stopped from outside: its exit code, error output, and the operations
    that had started when the fault was injected."""

    code: int
    err: str
    started: tuple[str, ...]
    injected: bool


def run_until(
    args: list[str],
    cwd: Path,
    when: Callable[[dict[str, Any]], bool],
    fault: Callable[[subprocess.Popen[str]], None],
    env: dict[str, str] | None = None,
) -> Stopped:
    """Start `figlet ARGS --progress json`, call `fault(process)` at the first event for which
    `when(event)` holds, and let the process end (it may end by itself first)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "figlet", *args, "--progress", "json"],
        cwd=cwd,
        env=figlet_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    lines: list[str] = []
    started: list[str] = []
    injected = False

    def read() -> Iterator[str]:
        for line in process.stderr:  # type: ignore[union-attr]
            lines.append(line)
            yield line

    try:
        for event in events(read()):
            if event["event"] == "started":
                started.append(event["op_id"])
            if when(event):
                fault(process)
                injected = True
                break
        lines.append(process.stderr.read())
        code = process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return Stopped(code, "".join(lines), tuple(started), injected)


def kill(process: subprocess.Popen[str]) -> None:
    process.kill()  # SIGKILL: no handler, no finally, no flush


# --- the engine, read with the docker SDK -------------------------------------------------
def containers(engine: Any, project: str) -> dict[str, Any]:
    found = engine.containers.list(all=True, filters={"label": f"{PROJECT_LABEL}={project}"})
    return {c.name: c for c in found}


def networks(engine: Any, project: str) -> list[str]:
    return [n.name for n in engine.networks.list(filters={"label": f"{PROJECT_LABEL}={project}"})]


def volumes(engine: Any, project: str) -> list[str]:
    return [v.name for v in engine.volumes.list(filters={"label": f"{PROJECT_LABEL}={project}"})]


def seed_volume(engine: Any, project: str, token: str) -> None:
    """Create the project's named volume (labelled as figlet labels it) holding data: a file
    and a key that redis saved, both `token`."""
    name = f"{project}_data"
    engine.volumes.create(
        name=name,
        labels={PROJECT_LABEL: project, "com.docker.compose.volume": "data"},
    )
    script = (
        "redis-server --dir /data --appendonly yes --daemonize yes >/dev/null && "
        "until redis-cli ping >/dev/null 2>&1; do sleep 0.05; done && "
        f"redis-cli set seeded {token} >/dev/null && redis-cli shutdown >/dev/null 2>&1; "
        f"echo {token} > /data/marker && sync"
    )
    engine.containers.run(
        DEBIAN,
        ["sh", "-c", script],
        volumes={name: {"bind": "/data", "mode": "rw"}},
        labels={PROJECT_LABEL: project},  # cleaned up with the project if anything fails
        remove=True,
    )


def exec_out(container: Any, *command: str) -> str:
    result = container.exec_run(list(command))
    assert result.exit_code == 0, (container.name, command, result.output)
    return str(result.output.decode())


def hosts_entries(text: str) -> dict[str, set[str]]:
    """Host name -> the addresses /etc/hosts gives it."""
    found: dict[str, set[str]] = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        for name in fields[1:]:
            found.setdefault(name, set()).add(fields[0])
    return found


def address(container: Any, project: str) -> str:
    return str(container.attrs["NetworkSettings"]["Networks"][f"{project}_default"]["IPAddress"])


def assert_hosts_true(engine: Any, project: str, replicas: dict[str, int]) -> int:
    """Every link entry of every linker's /etc/hosts names the current address of its target
    (alias, `<service>-<n>`, container name); returns how many entries were checked."""
    found = containers(engine, project)
    checked = 0
    for linker, links in LINKS.items():
        for number in range(1, replicas[linker] + 1):
            container = found[f"{project}-{linker}-{number}"]
            entries = hosts_entries(exec_out(container, "cat", "/etc/hosts"))
            for alias, target in links.items():
                first = found[f"{project}-{target}-1"]
                expected = {alias: address(first, project)}
                # the configured replicas must be listed; those added by `scale` later may
                # be (Compose does not update linkers on scale), and where they are now
                for target_number in range(1, replicas[target] + 1):
                    name = f"{project}-{target}-{target_number}"
                    if name in entries or target_number <= REPLICAS[target]:
                        where = address(found[name], project)
                        expected[name] = where
                        expected[f"{target}-{target_number}"] = where
                for name, where in expected.items():
                    assert entries.get(name) == {where}, (container.name, name, entries)
                    checked += 1
    return checked


def assert_converged(
    engine: Any, project: str, cwd: Path, token: str, replicas: dict[str, int] = REPLICAS
) -> None:
    """Exactly the configured containers, running, numbered 1..n, nothing stray; the data of
    the named volume intact; the hosts files true; and another `up` plans nothing."""
    found = containers(engine, project)
    expected = {
        f"{project}-{service}-{number}"
        for service, count in replicas.items()
        for number in range(1, count + 1)
    }
    assert set(found) == expected, sorted(found)
    for name, container in found.items():
        service, number = name.removeprefix(f"{project}-").rsplit("-", 1)
        assert container.status == "running", name
        assert container.labels["com.docker.compose.service"] == service
        assert container.labels["com.docker.compose.container-number"] == number
        assert container.labels["com.docker.compose.oneoff"] == "False"
    assert networks(engine, project) == [f"{project}_default"]
    assert volumes(engine, project) == [f"{project}_data"]
    redis = found[f"{project}-redis-1"]
    assert exec_out(redis, "cat", "/data/marker") == f"{token}\n"
    assert exec_out(redis, "redis-cli", "get", "seeded") == f"{token}\n"
    assert assert_hosts_true(engine, project, replicas) > 0
    scale = [f"--scale={s}={n}" for s, n in replicas.items() if n != REPLICAS[s]]
    assert planned_steps(project, cwd, *scale) == []
