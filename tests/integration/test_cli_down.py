"""`figlet down` on the real engine: nothing left behind, volumes only with -v, by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _h5 import FIXTURES, containers, figlet, networks, volumes

PROJECT_PREFIX = "h5"


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


def test_down_keeps_named_volumes_and_down_v_removes_them(engine: Any, project_name: str) -> None:
    where = FIXTURES / "volume"
    assert figlet("-p", project_name, "up", "-d", cwd=where).code == 0
    assert volumes(engine, project_name) == [f"{project_name}_data"]

    down = figlet("-p", project_name, "down", "--progress", "plain", cwd=where)
    assert down.code == 0, down.err
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []
    assert volumes(engine, project_name) == [f"{project_name}_data"]

    # the data survived: a new container sees the marker the first one wrote
    assert figlet("-p", project_name, "up", "-d", cwd=where).code == 0
    store = containers(engine, project_name)[f"{project_name}-store-1"]
    assert store.exec_run(["cat", "/data/marker"]).output.strip() == b"kept"

    down_v = figlet("-p", project_name, "down", "-v", "--progress", "plain", cwd=where)
    assert down_v.code == 0, down_v.err
    assert f"Volume {project_name}_data  Removed" in down_v.err
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []
    assert volumes(engine, project_name) == []


def test_down_by_project_name_without_a_file(
    engine: Any, project_name: str, tmp_path: Path
) -> None:
    assert figlet("-p", project_name, "up", "-d", cwd=FIXTURES / "basic").code == 0
    assert figlet("-p", project_name, "scale", "cache=2", cwd=FIXTURES / "basic").code == 0
    assert len(containers(engine, project_name)) == 3

    down = figlet("-p", project_name, "down", "-t", "1", "--progress", "plain", cwd=tmp_path)
    assert down.code == 0, down.err
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []

    again = figlet("-p", project_name, "down", cwd=tmp_path)
    assert again.code == 0 and "nothing to remove" in again.err


def test_ps_by_project_name_without_a_file(engine: Any, project_name: str, tmp_path: Path) -> None:
    assert figlet("-p", project_name, "up", "-d", cwd=FIXTURES / "basic").code == 0
    listed = figlet("-p", project_name, "ps", cwd=tmp_path)
    assert listed.code == 0, listed.err
    assert f"{project_name}-web-1" in listed.out and f"{project_name}-cache-1" in listed.out


def test_without_a_file_or_name_down_says_what_to_do(tmp_path: Path) -> None:
    run = figlet("down", cwd=tmp_path)
    assert run.code != 0
    assert "no configuration file provided" in run.err and "Traceback" not in run.err


def test_orphans_are_named_and_removed_with_remove_orphans(
    engine: Any, project_name: str, tmp_path: Path
) -> None:
    compose = tmp_path / "compose.yaml"
    full = (FIXTURES / "basic" / "compose.yaml").read_text()
    compose.write_text(full)
    assert figlet("-p", project_name, "up", "-d", cwd=tmp_path).code == 0
    compose.write_text(full[: full.index("  cache:")])  # the cache service is gone

    down = figlet("-p", project_name, "down", "-t", "1", cwd=tmp_path)
    assert down.code == 0, down.err
    assert f"orphan container kept ({project_name}-cache-1)" in down.err
    assert set(containers(engine, project_name)) == {f"{project_name}-cache-1"}

    down = figlet("-p", project_name, "down", "-t", "1", "--remove-orphans", cwd=tmp_path)
    assert down.code == 0, down.err
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []


def test_down_names_the_containers_of_others_that_keep_its_network(
    engine: Any, project_name: str, busybox_image: str
) -> None:
    where = FIXTURES / "basic"
    assert figlet("-p", project_name, "up", "-d", cwd=where).code == 0
    network = f"{project_name}_default"
    guest = engine.containers.run(
        busybox_image,
        ["sleep", "60"],
        name=f"{project_name}-guest",
        network=network,
        labels={"figlet.test.guest": project_name},  # not the project's label: figlet leaves it
        detach=True,
    )
    try:
        down = figlet("-p", project_name, "down", "-t", "0", "--progress", "plain", cwd=where)
        assert down.code != 0 and "Traceback" not in down.err
        assert (
            f"network {network} is still used by containers outside this project: "
            f"{project_name}-guest" in " ".join(down.err.split())
        ), down.err
        assert "disconnect -f" in down.err and "43286" not in down.err
        assert containers(engine, project_name) == {}  # its own containers are gone
        guest.reload()
        assert guest.status == "running"  # and the other one was left alone
    finally:
        guest.remove(force=True)
    again = figlet("-p", project_name, "down", cwd=where)
    assert again.code == 0, again.err
    assert networks(engine, project_name) == []
