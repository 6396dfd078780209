"""Images on the real engine: the image id label, and FIGLET_PULL keeping `up` off registries."""

from __future__ import annotations

from typing import Any

import pytest
from _h5 import FIXTURES, containers, figlet

PROJECT_PREFIX = "h8"
BASIC = FIXTURES / "basic"


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


def test_containers_carry_the_image_id_label(engine: Any, project_name: str) -> None:
    assert figlet("-p", project_name, "up", "-d", cwd=BASIC).code == 0
    image_id = engine.images.get("figlet-local/busybox:latest").id
    found = containers(engine, project_name).values()
    assert {c.labels.get("com.docker.compose.image") for c in found} == {image_id}


def test_figlet_pull_never_keeps_up_away_from_registries(
    engine: Any, project_name: str, tmp_path: Any
) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  ghost:\n    image: figlet-local/does-not-exist:1\n    pull_policy: always\n"
    )
    run = figlet("-p", project_name, "up", "-d", "--progress", "plain", cwd=tmp_path)
    assert run.code != 0
    assert "pulling is disabled" in run.err and "Pulling" not in run.err
    assert containers(engine, project_name) == {}

    bad = figlet("-p", project_name, "up", "-d", cwd=tmp_path, env={"FIGLET_PULL": "often"})
    assert bad.code == 2 and 'FIGLET_PULL="often"' in bad.err

    helped = figlet("up", "--help", cwd=tmp_path, env={"COLUMNS": "200"})
    assert helped.code == 0 and "FIGLET_PULL" in helped.out
