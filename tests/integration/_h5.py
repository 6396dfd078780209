"""Helpers for h5's CLI integration tests: run `figlet` as a user would, read the engine."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "h5"
PROJECT_LABEL = "com.docker.compose.project"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def figlet_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment every figlet run here gets: FIGLET_PULL=never unless `env` says
    otherwise (nothing here may reach a registry), no COMPOSE_FILE from the caller."""
    environ = {**os.environ, "FIGLET_PULL": "never", **(env or {})}
    environ.pop("COMPOSE_FILE", None)
    return environ


def figlet(
    *args: str, cwd: Path | str, env: dict[str, str] | None = None, timeout: float = 180
) -> Run:
    """`python -m figlet ARGS` in `cwd`, in `figlet_env(env)`."""
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


def containers(client: Any, project: str) -> dict[str, Any]:
    """name -> docker SDK container of the project (all states)."""
    found = client.containers.list(all=True, filters={"label": f"{PROJECT_LABEL}={project}"})
    return {c.name: c for c in found}


def networks(client: Any, project: str) -> list[str]:
    return [n.name for n in client.networks.list(filters={"label": f"{PROJECT_LABEL}={project}"})]


def volumes(client: Any, project: str) -> list[str]:
    return [v.name for v in client.volumes.list(filters={"label": f"{PROJECT_LABEL}={project}"})]
