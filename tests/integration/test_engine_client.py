"""DockerEngine's stdlib Engine API client against the real engine (project names h11-...):
connections per thread, exec output and exit codes, waits, "already gone", leak messages."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from figlet import labels as L
from figlet.engine._http import HttpTransport
from figlet.engine.docker_engine import DockerEngine
from figlet.engine.values.containers import ContainerRequest
from figlet.engine.values.resources import NetworkRequest
from figlet.errors import EngineError, StateChanged

PROJECT_PREFIX = "h11"


@pytest.fixture
def docker_engine(engine: Any, busybox_image: str) -> Iterator[DockerEngine]:
    figlet_engine = DockerEngine.from_env()
    try:
        yield figlet_engine
    finally:
        figlet_engine.close()


def run(engine: DockerEngine, project: str, name: str, command: list[str], image: str) -> str:
    container_id = engine.create_container(
        ContainerRequest(
            name=f"{project}-{name}",
            body={
                "Image": image,
                "Cmd": command,
                "Labels": {L.PROJECT: project, L.SERVICE: name, L.CONTAINER_NUMBER: "1"},
            },
        )
    )
    engine.start_container(container_id)
    return container_id


def test_threads_share_the_engine_each_on_its_own_connection(
    docker_engine: DockerEngine, project_name: str, busybox_image: str
) -> None:
    transport = docker_engine._transport
    assert isinstance(transport, HttpTransport)
    run(docker_engine, project_name, "idle", ["sleep", "300"], busybox_image)
    with ThreadPoolExecutor(max_workers=4) as pool:
        seen = list(pool.map(lambda _: docker_engine.list_containers(project_name), range(16)))
    assert all([c.name for c in listed] == [f"{project_name}-idle"] for listed in seen)
    assert 1 <= len(transport._open) <= 5  # the main thread's and at most one per worker


def test_exec_output_exit_codes_and_waits(
    docker_engine: DockerEngine, project_name: str, busybox_image: str
) -> None:
    idle = run(docker_engine, project_name, "idle", ["sleep", "300"], busybox_image)
    docker_engine.write_hosts(idle, "127.0.0.1\tlocalhost\n10.0.0.9\th11-name\n")
    assert docker_engine.read_hosts(idle) == "127.0.0.1\tlocalhost\n10.0.0.9\th11-name\n"
    with pytest.raises(EngineError, match=r"did not exit within 0\.5s"):
        docker_engine.wait_exit(idle, timeout=0.5)
    # the connection that timed out was dropped: the next call works
    assert docker_engine.health(idle).status is None

    done = run(docker_engine, project_name, "done", ["sh", "-c", "exit 3"], busybox_image)
    assert docker_engine.wait_exit(done, timeout=30) == 3
    assert docker_engine.wait_health(done, timeout=5).status is None  # stopped: no wait


def test_a_command_runs_as_long_as_it_needs_with_its_user_env_and_workdir(
    project_name: str, busybox_image: str
) -> None:
    """`run_command` (the pytest plugin's `exec`) waits for the command however long it stays
    silent: an engine whose requests time out after 2 s still gets a 3 s command's output."""
    patient = DockerEngine.from_env(timeout=2)
    try:
        idle = run(patient, project_name, "idle", ["sleep", "300"], busybox_image)
        output, code = patient.run_command(idle, ["sh", "-c", "sleep 3; echo done; exit 4"])
        assert (output, code) == (b"done\n", 4)
        output, code = patient.run_command(
            idle,
            ["sh", "-c", 'echo "$(id -u) $GREETING $(pwd)"'],
            user="65534",
            environment={"GREETING": "hi"},
            workdir="/etc",
        )
        assert (output, code) == (b"65534 hi /etc\n", 0)
        patient.stop_container(idle, timeout=0)
        with pytest.raises(EngineError) as stopped:
            patient.run_command(idle, ["true"])
        message = stopped.value.render()
        assert f"in container {project_name}-idle" in message and "is not running" in message
        assert "the container must be running" in message
    finally:
        patient.close()


def test_already_gone_is_done_and_a_busy_network_says_why(
    docker_engine: DockerEngine, project_name: str, busybox_image: str
) -> None:
    network = f"{project_name}_h11net"
    docker_engine.create_network(
        NetworkRequest(network, {"Name": network, "Labels": {L.PROJECT: project_name}})
    )
    container_id = docker_engine.create_container(
        ContainerRequest(
            name=f"{project_name}-user-1",
            body={
                "Image": busybox_image,
                "Cmd": ["sleep", "300"],
                "Labels": {L.PROJECT: project_name},
                "HostConfig": {"NetworkMode": network},
            },
        )
    )
    docker_engine.start_container(container_id)
    with pytest.raises(EngineError) as busy:
        docker_engine.remove_network(network)
    assert "has active endpoints" in busy.value.render()
    assert "stop and remove that container first" in busy.value.render()

    docker_engine.remove_container(container_id, force=True)
    docker_engine.remove_container(container_id, force=True)  # already gone
    docker_engine.stop_container(container_id, timeout=0)
    docker_engine.remove_network(network)
    docker_engine.remove_network(network)
    assert not docker_engine.network_exists(network)
    assert docker_engine.list_containers(project_name) == []


def test_a_name_conflict_is_reported_with_what_to_do(
    docker_engine: DockerEngine, project_name: str, busybox_image: str
) -> None:
    run(docker_engine, project_name, "one", ["sleep", "300"], busybox_image)
    with pytest.raises(EngineError) as conflict:
        run(docker_engine, project_name, "one", ["sleep", "300"], busybox_image)
    assert isinstance(conflict.value, StateChanged)  # a container of the same project
    message = conflict.value.render()
    assert f"create container {project_name}-one" in message
    assert "is already in use by container" in message
    assert "figlet down" in message


def test_a_name_taken_by_another_project_is_not_taken_for_a_state_change(
    docker_engine: DockerEngine, project_name: str, busybox_image: str
) -> None:
    """`up` observes and plans again after a `StateChanged`; a name held by another project's
    container is no such race, so it is a plain error naming the holder."""
    holder = run(docker_engine, project_name, "one", ["sleep", "300"], busybox_image)
    with pytest.raises(EngineError) as conflict:
        docker_engine.create_container(
            ContainerRequest(
                name=f"{project_name}-one",
                body={"Image": busybox_image, "Labels": {L.PROJECT: f"{project_name}x"}},
            )
        )
    assert not isinstance(conflict.value, StateChanged)
    message = conflict.value.render()
    assert f'the name is taken by container {holder[:12]}, of project "{project_name}"' in message
    assert "container_name" in message


def test_the_sdk_transport_for_tls_and_ssh_hosts_does_the_same(
    engine: Any, project_name: str, busybox_image: str
) -> None:
    """TLS / ssh engines go through the docker SDK's session; checked here on the local socket."""
    import docker

    from figlet.engine._sdk_transport import SdkTransport

    client = docker.APIClient(version="1.41", timeout=30)
    sdk_engine = DockerEngine(SdkTransport(client), "unix:///var/run/docker.sock")
    try:
        idle = run(sdk_engine, project_name, "idle", ["sleep", "300"], busybox_image)
        sdk_engine.write_hosts(idle, "127.0.0.1\tlocalhost\n")
        assert sdk_engine.read_hosts(idle) == "127.0.0.1\tlocalhost\n"
        assert [c.name for c in sdk_engine.list_containers(project_name)] == [
            f"{project_name}-idle"
        ]
        done = run(sdk_engine, project_name, "done", ["sh", "-c", "exit 5"], busybox_image)
        assert sdk_engine.wait_exit(done, timeout=30) == 5
        with pytest.raises(EngineError, match="registry cannot be reached"):
            run(sdk_engine, project_name, "ghost", ["true"], "figlet-local/h11-none:1")
        sdk_engine.remove_container(done, force=True)
        sdk_engine.remove_container(done, force=True)  # already gone
        good = sdk_engine.create_container(
            ContainerRequest(
                name=f"{project_name}-good",
                body={
                    "Image": busybox_image,
                    "Cmd": ["sleep", "300"],
                    "Labels": {L.PROJECT: project_name},
                    "Healthcheck": {"Test": ["CMD", "true"], "Interval": 500_000_000},
                },
            )
        )
        sdk_engine.start_container(good)
        assert sdk_engine.wait_health(good, timeout=30).status == "healthy"  # the events stream
    finally:
        sdk_engine.close()
