"""`figlet plan` on the real engine: it shows what `up` would do and changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PROJECT_PREFIX = "h2"
LABEL = "com.docker.compose.project"

COMPOSE = """\
services:
  db:
    image: figlet-local/busybox:latest
    command: ["sleep", "3600"]
    environment:
      GREETING: {greeting}
  web:
    image: figlet-local/busybox:latest
    command: ["sleep", "3600"]
    depends_on: [db]
"""


def figlet(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environ = {key: value for key, value in os.environ.items() if key != "COMPOSE_FILE"}
    return subprocess.run(
        [sys.executable, "-m", "figlet", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def held(client: Any, project: str) -> tuple[list[str], list[str]]:
    """(container names, network names) carrying the project label."""
    found = client.containers.list(all=True, filters={"label": f"{LABEL}={project}"})
    nets = client.networks.list(filters={"label": f"{LABEL}={project}"})
    return sorted(c.name for c in found), sorted(n.name for n in nets)


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


def test_plan_changes_nothing_then_explains_a_recreate(
    engine: Any, project_name: str, tmp_path: Path
) -> None:
    (tmp_path / "compose.yaml").write_text(COMPOSE.format(greeting="hello"))
    first = figlet("-p", project_name, "plan", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == f"{project_name}: 3 to create"
    assert f"+ container {project_name}-web-1" in first.stdout
    assert held(engine, project_name) == ([], [])

    up = figlet("-p", project_name, "up", "-d", "--progress", "quiet", cwd=tmp_path)
    assert up.returncode == 0, up.stderr
    again = figlet("-p", project_name, "plan", cwd=tmp_path)
    assert again.stdout.splitlines()[0] == f"{project_name}: nothing to do, 2 unchanged"

    (tmp_path / "compose.yaml").write_text(COMPOSE.format(greeting="bonjour"))
    before = held(engine, project_name)
    changed = figlet("-p", project_name, "plan", "--format", "json", cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    data = json.loads(changed.stdout)
    (op,) = data["operations"]
    assert op["id"] == f"recreate:{project_name}-db-1"
    assert op["changes"] == [
        {"path": "environment.GREETING", "before": "hello", "after": "bonjour"}
    ]
    assert held(engine, project_name) == before


def test_plan_reports_a_missing_external_network(
    engine: Any, project_name: str, tmp_path: Path
) -> None:
    (tmp_path / "compose.yaml").write_text(
        COMPOSE.format(greeting="hi")
        + f"networks:\n  default:\n    name: {project_name}-absent\n    external: true\n"
    )
    result = figlet("-p", project_name, "plan", cwd=tmp_path)
    assert result.returncode == 1
    assert f'external network "{project_name}-absent" does not exist' in result.stdout
    bad = figlet("-p", project_name, "plan", "--scale", "web", cwd=tmp_path)
    assert bad.returncode == 2
    assert '--scale "web": expected SERVICE=NUMBER' in bad.stderr
