"""samples/pytest-demo, run as its README says (`pytest -n 2` in its folder), on the real engine:
it passes and leaves nothing behind."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _cleanup import project_prefix, projects

DEMO = Path(__file__).resolve().parents[2] / "samples" / "pytest-demo"


@pytest.fixture
def prefix(engine: Any, debian_image: str) -> Iterator[str]:
    with project_prefix(engine, "ts2-demo") as value:
        yield value


def test_the_pytest_demo_passes_under_xdist_and_leaves_nothing(prefix: str, engine: Any) -> None:
    env = {**os.environ, "FIGLET_REAP": "0"}  # the inner run must not reap the outer tests' stacks
    env.pop("TRIO_PORT", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--figlet-project-prefix", prefix],
        cwd=DEMO, env=env, capture_output=True, text=True, timeout=540, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "created: 2/2 workers" in done.stdout
    assert "3 passed" in done.stdout, done.stdout
    assert projects(engine, prefix) == set()
