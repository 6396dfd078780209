"""write_hosts on an image without a usable `sh` fails with advice (project names h3-...)."""

from __future__ import annotations

from typing import Any

import pytest

from figlet import labels as L
from figlet.engine.docker_engine import DockerEngine
from figlet.engine.values.containers import ContainerRequest
from figlet.errors import EngineError

PROJECT_PREFIX = "h3"


def test_write_hosts_without_shell_is_a_clear_error(engine: Any, project_name: str) -> None:
    docker_engine = DockerEngine.from_env()
    # PATH without /bin: `sh` cannot be found, as in an image that has no shell
    body = {
        "Image": "figlet-local/busybox:latest",
        "Cmd": ["/bin/sleep", "300"],
        "Env": ["PATH=/nowhere"],
        "Labels": {L.PROJECT: project_name},
    }
    container_id = docker_engine.create_container(
        ContainerRequest(name=f"{project_name}-noshell-1", body=body)
    )
    docker_engine.start_container(container_id)
    with pytest.raises(EngineError) as failure:
        docker_engine.write_hosts(container_id, "127.0.0.1\tlocalhost\n")
    message = failure.value.render()
    assert f"{project_name}-noshell-1" in message
    assert "no `sh`" in message and "--force-recreate" in message
    docker_engine.close()


def test_start_failure_names_the_container(engine: Any, project_name: str) -> None:
    docker_engine = DockerEngine.from_env()
    body = {
        "Image": "figlet-local/busybox:latest",
        "Cmd": ["/no/such/program"],
        "Labels": {L.PROJECT: project_name},
    }
    container_id = docker_engine.create_container(
        ContainerRequest(name=f"{project_name}-bad-1", body=body)
    )
    with pytest.raises(EngineError) as failure:
        docker_engine.start_container(container_id)
    message = failure.value.render()
    assert f"cannot start container {project_name}-bad-1" in message
    assert "command:" in message
    docker_engine.close()
