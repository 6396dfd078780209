"""Anonymous volumes on the real engine: kept across a recreate, removed by `down -v` only."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from _h5 import FIXTURES, containers, figlet

PROJECT_PREFIX = "h8"
WHERE = FIXTURES / "anonymous"


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


@pytest.fixture
def anonymous(engine: Any, project_name: str) -> Iterator[list[str]]:
    """Names of anonymous volumes a test made; removed afterwards, after the project's
    containers (they carry no label, and a volume taken over by a recreate is not removed with
    the container by the engine)."""
    import docker.errors

    made: list[str] = []
    try:
        yield made
    finally:
        for container in containers(engine, project_name).values():
            with contextlib.suppress(docker.errors.NotFound):
                container.remove(force=True, v=True)
        for name in made:
            with contextlib.suppress(docker.errors.NotFound, docker.errors.APIError):
                engine.api.remove_volume(name, force=True)


def data_volume(container: Any) -> str:
    """The name of the volume mounted at /data."""
    container.reload()
    mounts = [m for m in container.attrs["Mounts"] if m.get("Destination") == "/data"]
    assert len(mounts) == 1 and mounts[0]["Type"] == "volume"
    return str(mounts[0]["Name"])


def test_a_recreate_keeps_the_anonymous_volume_and_its_data(
    engine: Any, project_name: str, anonymous: list[str]
) -> None:
    name = f"{project_name}-store-1"
    assert figlet("-p", project_name, "up", "-d", cwd=WHERE).code == 0
    old = containers(engine, project_name)[name]
    volume = data_volume(old)
    anonymous.append(volume)
    assert old.exec_run(["sh", "-c", "echo precious > /data/file"]).exit_code == 0

    changed = figlet(
        "-p", project_name, "up", "-d", "--progress", "plain", cwd=WHERE, env={"MARK": "second"}
    )
    assert changed.code == 0, changed.err
    assert f"Container {name}  Recreated" in changed.err
    new = containers(engine, project_name)[name]
    assert new.id != old.id
    assert data_volume(new) == volume
    assert new.exec_run(["cat", "/data/file"]).output == b"precious\n"


def test_down_v_removes_anonymous_volumes_even_after_a_recreate(
    engine: Any, project_name: str, anonymous: list[str]
) -> None:
    import docker.errors

    name = f"{project_name}-store-1"
    assert figlet("-p", project_name, "up", "-d", cwd=WHERE).code == 0
    volume = data_volume(containers(engine, project_name)[name])
    anonymous.append(volume)
    assert figlet("-p", project_name, "up", "-d", cwd=WHERE, env={"MARK": "second"}).code == 0
    assert data_volume(containers(engine, project_name)[name]) == volume  # taken over

    down = figlet("-p", project_name, "down", "-v", "-t", "1", cwd=WHERE, env={"MARK": "second"})
    assert down.code == 0, down.err
    assert containers(engine, project_name) == {}
    with pytest.raises(docker.errors.NotFound):
        engine.volumes.get(volume)
