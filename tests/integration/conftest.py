"""Fixtures for the engine tests (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from figlet.engine.docker_engine import DockerEngine


@pytest.fixture
def docker_engine(engine: Any) -> Iterator[DockerEngine]:
    """figlet's DockerEngine for the engine that answers, closed after the test."""
    figlet_engine = DockerEngine.from_env()
    try:
        yield figlet_engine
    finally:
        figlet_engine.close()
