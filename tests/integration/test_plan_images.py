"""Images as plan data on the real engine: `figlet plan` and `up --dry-run` show the builds and
pulls `up` would run, with their causes, and run none; `up --build` recreates a container only
when the build gave its image a new id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PROJECT_PREFIX = "pimg"

DOCKERFILE = """\
FROM figlet-local/busybox:latest
ARG FLAVOUR=plain
RUN echo "$FLAVOUR" > /flavour
"""

COMPOSE = """\
services:
  app:
    build:
      context: ./app
      args:
        FLAVOUR: {flavour}
    command: ["sleep", "3600"]
    stop_grace_period: 1s
"""
PULLED = """\
  api:
    image: {absent}
    pull_policy: missing
    command: ["sleep", "3600"]
"""


def figlet(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """figlet in `cwd` with pulling allowed (no FIGLET_PULL): a plan decides, it never pulls."""
    drop = ("COMPOSE_FILE", "FIGLET_PULL")
    environ = {key: value for key, value in os.environ.items() if key not in drop}
    return subprocess.run(
        [sys.executable, "-m", "figlet", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def write(where: Path, project: str, *, flavour: str = "mint", pull: bool = True) -> str:
    """The project files; returns the absent image the `api` service names."""
    absent = f"figlet-absent/{project}:1"
    (where / "app").mkdir(exist_ok=True)
    (where / "app" / "Dockerfile").write_text(DOCKERFILE)
    compose = COMPOSE.format(flavour=flavour)
    if pull:
        compose += PULLED.format(absent=absent)
    (where / "compose.yaml").write_text(compose)
    return absent


def image_exists(client: Any, ref: str) -> bool:
    import docker.errors

    try:
        client.images.get(ref)
    except docker.errors.ImageNotFound:
        return False
    return True


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here builds FROM the local busybox image."""


def test_plan_and_dry_run_show_the_build_and_the_pull_and_run_neither(
    engine: Any, project_name: str, tmp_path: Path
) -> None:
    absent = write(tmp_path, project_name)
    built = f"{project_name}-app"
    plan = figlet("-p", project_name, "plan", cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr
    lines = plan.stdout.splitlines()
    assert lines[0] == f"{project_name}: 1 to build, 1 to pull, 3 to create"
    assert any(
        line.split() == ["^", "image", built, "build:", "image", "missing", "locally"]
        for line in lines
    ), plan.stdout
    assert any(
        line.split() == ["↓", "image", absent, "pull:", "missing", "locally"] for line in lines
    ), plan.stdout

    data = json.loads(figlet("-p", project_name, "plan", "--format", "json", cwd=tmp_path).stdout)
    by_id = {op["id"]: op for op in data["operations"]}
    assert by_id[f"build:{built}"]["action"] == "build_image"
    assert by_id[f"pull:{absent}"]["payload"] == {
        "service": "api",
        "reference": absent,
        "required": True,
        "platform": None,
    }
    assert by_id[f"create:{project_name}-app-1"]["depends_on"][0] == f"build:{built}"

    dry = figlet("-p", project_name, "up", "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout == plan.stdout

    no_build = figlet("-p", project_name, "plan", "--no-build", "--pull", "never", cwd=tmp_path)
    assert no_build.returncode == 1
    assert f"image {built} is missing and --no-build was given" in no_build.stdout
    assert "pulling is disabled (--pull never)" in no_build.stdout

    assert not image_exists(engine, built) and not image_exists(engine, absent)
    assert (
        engine.containers.list(
            all=True, filters={"label": f"com.docker.compose.project={project_name}"}
        )
        == []
    )


def test_up_build_recreates_only_when_the_image_changes(
    engine: Any, project_name: str, tmp_path: Path
) -> None:
    write(tmp_path, project_name, pull=False)
    first = figlet("-p", project_name, "up", "-d", "--progress", "plain", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert f"Image {project_name}-app  Built" in first.stderr
    before = engine.containers.get(f"{project_name}-app-1")

    planned = figlet("-p", project_name, "plan", "--build", cwd=tmp_path)
    assert planned.returncode == 0, planned.stderr
    assert "recreate: if the build gives a new image (--build)" in planned.stdout

    same = figlet("-p", project_name, "up", "-d", "--build", "--progress", "plain", cwd=tmp_path)
    assert same.returncode == 0, same.stderr
    kept = engine.containers.get(f"{project_name}-app-1")
    assert kept.id == before.id  # the cached build gave the same image: kept

    write(tmp_path, project_name, flavour="lime", pull=False)  # build args are not in the hash
    new = figlet("-p", project_name, "up", "-d", "--build", "--progress", "plain", cwd=tmp_path)
    assert new.returncode == 0, new.stderr
    after = engine.containers.get(f"{project_name}-app-1")
    assert after.id != before.id
    assert after.labels["com.docker.compose.image"] == engine.images.get(f"{project_name}-app").id
    assert after.exec_run(["cat", "/flavour"]).output.strip() == b"lime"
