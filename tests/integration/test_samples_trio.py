"""samples/trio on the real engine, driven through the figlet command as a user would."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

PROJECT_PREFIX = "h4"
ROOT = Path(__file__).resolve().parents[2]
TRIO = ROOT / "samples" / "trio" / "compose.yaml"
FIGLET = [sys.executable, "-m", "figlet"]


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def figlet(project: str, port: int, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRIO_PORT": str(port)}
    return subprocess.run(
        [*FIGLET, "-f", str(TRIO), "-p", project, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def visit(url: str, attempts: int = 60) -> str:
    """The answer of `url`, retrying while nginx or the replicas are still starting."""
    last: Exception | None = None
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return str(answer.read().decode())
        except (urllib.error.URLError, ConnectionError) as exc:
            last = exc
            time.sleep(0.5)
    raise AssertionError(f"{url} never answered: {last}")


def test_trio_counts_through_the_load_balancer(
    project_name: str, debian_image: str, engine: Any
) -> None:
    port = free_port()
    up = figlet(project_name, port, "up", "--wait")
    assert up.returncode == 0, up.stderr

    url = f"http://127.0.0.1:{port}/"
    answers = [visit(url) for _ in range(6)]
    visits = [int(answer.rsplit("visit ", 1)[1]) for answer in answers]
    assert visits == [1, 2, 3, 4, 5, 6]
    replicas = {answer.split(":")[0].removeprefix("hello from ") for answer in answers}
    # nginx balances over every replica, and each knows its own container name
    assert replicas == {f"{project_name}-web-{n}" for n in (1, 2, 3)}

    ps = figlet(project_name, port, "ps")
    assert ps.returncode == 0, ps.stderr
    for name in ("web-1", "web-2", "web-3", "redis-1", "lb-1"):
        assert f"{project_name}-{name}" in ps.stdout

    web1 = engine.containers.get(f"{project_name}-web-1")
    hosts = web1.exec_run(["cat", "/etc/hosts"]).output.decode()
    assert any(line.split()[1:2] == ["redis"] for line in hosts.splitlines() if line.strip())

    down = figlet(project_name, port, "down", "-t", "2")
    assert down.returncode == 0, down.stderr
    label = f"com.docker.compose.project={project_name}"
    assert engine.containers.list(all=True, filters={"label": label}) == []


def config_images(**environ: str) -> set[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRIO_")}
    config = subprocess.run(
        [*FIGLET, "-f", str(TRIO), "config", "--images"],
        env={**clean, **environ},
        capture_output=True,
        text=True,
        check=False,
    )
    assert config.returncode == 0, config.stderr
    return set(config.stdout.split())


def test_trio_runs_the_local_image_by_default() -> None:
    assert config_images() == {"figlet-local/debian:bookworm"}


def test_trio_public_images_can_stand_in() -> None:
    public = {
        "TRIO_WEB_IMAGE": "python:3.11-slim",
        "TRIO_REDIS_IMAGE": "redis:7",
        "TRIO_LB_IMAGE": "nginx:1.25",
    }
    assert config_images(**public) == set(public.values())
