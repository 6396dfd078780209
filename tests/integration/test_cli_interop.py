"""Interop with Docker Compose v2 (when installed): it sees figlet's projects as its own."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from _h5 import FIXTURES, containers, figlet
from _peers import require_compose_v2

PROJECT_PREFIX = "h8"


@pytest.fixture(scope="module")
def compose_v2_binary() -> Path:
    return require_compose_v2()


def compose_ps(binary: Path, project: str, cwd: Path) -> list[dict[str, Any]]:
    """`docker compose -p PROJECT ps -a --format json`: one JSON object per line (or a list)."""
    done = subprocess.run(
        [str(binary), "-p", project, "ps", "-a", "--format", "json"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.strip()
    if text.startswith("["):
        return list(json.loads(text))
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_compose_v2_ps_lists_figlets_containers(
    engine: Any, project_name: str, busybox_image: str, compose_v2_binary: Path, tmp_path: Path
) -> None:
    up = figlet("-p", project_name, "up", "-d", "--scale", "cache=2", cwd=FIXTURES / "basic")
    assert up.code == 0, up.err
    ours = containers(engine, project_name)
    assert len(ours) == 3

    # from an empty directory: Compose finds the project by its labels alone
    listed = compose_ps(compose_v2_binary, project_name, tmp_path)
    seen = {entry["Name"]: entry for entry in listed}
    assert {name: entry["Service"] for name, entry in seen.items()} == {
        f"{project_name}-web-1": "web",
        f"{project_name}-cache-1": "cache",
        f"{project_name}-cache-2": "cache",
    }
    assert {entry["Project"] for entry in listed} == {project_name}
    assert {entry["State"] for entry in listed} == {"running"}
    assert {entry["ID"] for entry in listed} == {c.id[:12] for c in ours.values()}
