"""`figlet port`, `top`, `images`, `ls`, `wait`, `events`, `attach` and
`ps --filter/--format` on the real engine, on a small busybox project."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from _h5 import figlet, figlet_env

PROJECT_PREFIX = "lg"
COMPOSE = """\
services:
  web:
    image: figlet-local/busybox:latest
    command: ["httpd", "-f", "-p", "80"]
    ports: ["127.0.0.1::80"]
    stop_signal: SIGKILL
  job:
    image: figlet-local/busybox:latest
    command: ["sh", "-c", "sleep 4; echo job done; exit 3"]
"""


@pytest.fixture
def project(tmp_path: Path, busybox_image: str, project_name: str) -> Path:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    up = figlet("-p", project_name, "up", "-d", "--progress", "quiet", cwd=tmp_path)
    assert up.code == 0, up.err
    return tmp_path


def test_port_top_images_ps(engine: Any, project: Path, project_name: str) -> None:
    web = engine.containers.get(f"{project_name}-web-1")
    published = web.attrs["NetworkSettings"]["Ports"]["80/tcp"][0]
    port = figlet("-p", project_name, "port", "web", "80", cwd=project)
    assert (port.code, port.out) == (0, f"127.0.0.1:{published['HostPort']}\n")
    missing = figlet("-p", project_name, "port", "web", "81", cwd=project)
    assert missing.code == 1 and "no port 81/tcp published" in missing.err

    top = figlet("-p", project_name, "top", "web", cwd=project)
    assert top.code == 0, top.err
    assert top.out.startswith("SERVICE  #  UID")
    assert "httpd -f -p 80" in top.out

    images = figlet("-p", project_name, "images", "web", cwd=project)
    assert images.code == 0, images.err
    assert images.out.splitlines()[1].split()[:3] == [
        f"{project_name}-web-1",
        "figlet-local/busybox",
        "latest",
    ]
    names = figlet(
        "-p", project_name, "ps", "--filter", "status=running", "--format", "{{.Name}}", cwd=project
    )
    assert f"{project_name}-web-1" in names.out.split()


def test_ls_and_wait(project: Path, project_name: str) -> None:
    listed = figlet("ls", "--format", "json", cwd=project)
    assert listed.code == 0, listed.err
    ours = [p for p in json.loads(listed.out) if p["Name"] == project_name]
    assert ours and ours[0]["ConfigFiles"] == str(project / "compose.yaml")
    assert "running(" in ours[0]["Status"]

    waited = figlet("-p", project_name, "wait", "job", cwd=project, timeout=60)
    assert waited.code == 3, waited.err
    assert waited.out == f"{project_name}-job-1 exited with code 3\n"
    assert project_name in figlet("ls", "-a", "-q", cwd=project).out.split()


def test_events_until_sigint(project: Path, project_name: str) -> None:
    watcher = subprocess.Popen(
        [sys.executable, "-m", "figlet", "-p", project_name, "events", "--json"],
        cwd=project,
        env=figlet_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        time.sleep(1.5)  # the watcher is listening
        scaled = figlet("-p", project_name, "scale", "web=2", cwd=project)
        assert scaled.code == 0, scaled.err
        time.sleep(1)
        watcher.send_signal(signal.SIGINT)
        out, _ = watcher.communicate(timeout=20)
        assert watcher.returncode == 130
        events = [json.loads(line) for line in out.decode().splitlines()]
        started = [e for e in events if e["action"] == "start"]
        assert started and started[0]["service"] == "web"
        assert started[0]["attributes"]["name"] == f"{project_name}-web-2"
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()


def test_attach_prints_the_output_and_exits_with_the_containers_code(
    project: Path, project_name: str
) -> None:
    attached = figlet("-p", project_name, "attach", "--no-stdin", "job", cwd=project, timeout=60)
    assert (attached.code, attached.out) == (3, "job done\n"), attached.err
    again = figlet("-p", project_name, "attach", "job", cwd=project)
    assert again.code == 1 and 'service "job" has no running container' in again.err
