"""Fixtures shared by every test: the engine, a unique project name, cleanup by label.

- `engine`: a docker SDK client for the engine that answers (DOCKER_HOST honoured). When no engine
  answers, the test is skipped locally and FAILS in CI (env CI=true): CI never passes by skipping.
- `project_name`: a fresh name per test, `<prefix>-<8 hex>`; the prefix is the test module's
  `PROJECT_PREFIX` (helpers use their tag, e.g. "h4"), else "t". Everything the engine holds with
  the label com.docker.compose.project=<name> is removed after the test, pass or fail
  (`_cleanup.remove_project`: a network the engine leaked, moby/moby#43286, is a warning).
- `new_project_name`: a factory for tests that need several projects; each name is cleaned up too.
- `local_images(ref)`, `busybox_image`, `debian_image`: a figlet-local image name, or skip/fail
  like `engine` when it is missing (build them with scripts/build-images.sh).

Tests under tests/integration/ are marked `engine` automatically, so `pytest -m "not engine"`
runs only the pure ones.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _cleanup import remove_project

BUSYBOX_IMAGE = "figlet-local/busybox:latest"
DEBIAN_IMAGE = "figlet-local/debian:bookworm"
REPO_ROOT = Path(__file__).resolve().parent.parent

# Nothing in the test suite may reach an image registry (only local images exist here, and
# the machine may talk to nothing but loopback and its own containers): every `up` the tests
# run, through the CLI, the Python API or the pytest plugin, defaults to never pulling.
os.environ.setdefault("FIGLET_PULL", "never")


def in_ci() -> bool:
    """True when running in CI (CI=true), where a missing engine is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: run `make test`, it starts the engine and builds images)")
    pytest.skip(reason)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    integration = REPO_ROOT / "tests" / "integration"
    for item in items:
        if Path(str(item.fspath)).is_relative_to(integration):
            item.add_marker(pytest.mark.engine)


@pytest.fixture(scope="session")
def engine() -> Iterator[Any]:
    """A docker SDK client (docker.DockerClient) for the engine that answers."""
    import docker
    import docker.errors

    try:
        client = docker.from_env(timeout=60)
        client.ping()
    except docker.errors.DockerException as exc:
        unavailable(f"no Docker engine answers ({exc}); run scripts/ensure-engine.sh")
    try:
        yield client
    finally:
        client.close()


def _prefix(request: pytest.FixtureRequest) -> str:
    prefix = getattr(request.module, "PROJECT_PREFIX", "t")
    return str(prefix).lower()


@pytest.fixture
def new_project_name(engine: Any, request: pytest.FixtureRequest) -> Iterator[Callable[[], str]]:
    """A factory of unique project names, all cleaned up by label after the test."""
    names: list[str] = []

    def make() -> str:
        name = f"{_prefix(request)}-{uuid.uuid4().hex[:8]}"
        names.append(name)
        return name

    try:
        yield make
    finally:
        for name in names:
            remove_project(engine, name)


@pytest.fixture
def project_name(new_project_name: Callable[[], str]) -> str:
    """A unique project name for this test, cleaned up by label afterwards."""
    return new_project_name()


@pytest.fixture(scope="session")
def local_images(engine: Any) -> Callable[[str], str]:
    """`local_images(ref)` returns `ref` when the image exists, else skips (fails in CI)."""
    import docker.errors

    def need(ref: str) -> str:
        try:
            engine.images.get(ref)
        except docker.errors.ImageNotFound:
            unavailable(f"image {ref} is missing; run scripts/build-images.sh")
        return ref

    return need


@pytest.fixture
def busybox_image(local_images: Callable[[str], str]) -> str:
    """figlet-local/busybox:latest (sh, httpd, nc, wget, sleep...)."""
    return local_images(BUSYBOX_IMAGE)


@pytest.fixture
def debian_image(local_images: Callable[[str], str]) -> str:
    """figlet-local/debian:bookworm (python3, redis-server, nginx-light, curl)."""
    return local_images(DEBIAN_IMAGE)
