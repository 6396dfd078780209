"""DockerEngine + container_spec + observe against the real engine (project names h3-...)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from figlet import labels as L
from figlet.container_spec import container_request, network_request, volume_request
from figlet.container_spec.hosts import link_hosts
from figlet.engine.docker_engine import DockerEngine
from figlet.errors import EngineError
from figlet.model import Link, Network, Project, Service, ServiceNetwork, Volume
from figlet.observe import observe, observe_name

PROJECT_PREFIX = "h3"
BUSYBOX = "figlet-local/busybox:latest"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_service(name: str, **spec: Any) -> Service:
    links = tuple(Link(item.split(":")[0], item.split(":")[-1]) for item in spec.pop("_links", ()))
    full = {"image": BUSYBOX, "command": ["sleep", "300"], **spec}
    return Service(
        name=name,
        spec=full,
        image=full["image"],
        links=links,
        networks=(ServiceNetwork("default"),),
    )


def make_project(name: str, *services: Service) -> Project:
    return Project(
        name=name,
        working_dir="/tmp",
        config_files=("/tmp/compose.yaml",),
        services={s.name: s for s in services},
        networks={"default": Network("default", f"{name}_default", {"name": f"{name}_default"})},
        volumes={"data": Volume("data", f"{name}_data", {"name": f"{name}_data"})},
        spec={"name": name},
    )


def up(engine: DockerEngine, project: Project, service: Service, **kwargs: Any) -> str:
    """Create and start container 1 of `service`; returns its id."""
    request = container_request(
        project,
        service,
        number=1,
        name=f"{project.name}-{service.name}-1",
        config_hash="hash-" + service.name,
        config_label="",
        link_hosts=kwargs.pop("link_hosts", {}),
    )
    container_id = engine.create_container(request)
    engine.start_container(container_id)
    return container_id


def exec_out(engine: Any, container_id: str, command: str) -> str:
    result = engine.containers.get(container_id).exec_run(["sh", "-c", command])
    assert result.exit_code == 0, result.output
    return str(result.output.decode())


def create_resources(engine: DockerEngine, project: Project) -> None:
    for network in project.networks.values():
        engine.create_network(network_request(project, network))
    for volume in project.volumes.values():
        engine.create_volume(volume_request(project, volume))


def test_two_containers_labels_ports_env_mounts_and_links(
    engine: Any, docker_engine: DockerEngine, project_name: str, tmp_path: Path
) -> None:
    (tmp_path / "greeting.txt").write_text("hello from the host\n")
    port = free_port()
    db = make_service(
        "db",
        command=["httpd", "-f", "-p", "80", "-h", "/srv"],
        ports=[{"target": 80, "published": str(port), "host_ip": "127.0.0.1", "protocol": "tcp"}],
        environment={"GREETING": "bonjour", "EMPTY": ""},
        labels={"tier": "data"},
        volumes=[
            {"type": "bind", "source": str(tmp_path), "target": "/srv", "read_only": True},
            {"type": "volume", "source": "data", "target": "/data"},
            {"type": "tmpfs", "target": "/scratch", "tmpfs": {"size": "1m"}},
        ],
    )
    web = make_service("web", _links=["db:database"])
    project = make_project(project_name, db, web)
    create_resources(docker_engine, project)
    db_id = up(docker_engine, project, db)
    db_name = f"{project_name}-db-1"
    hosts = link_hosts(project, web, {db_name: docker_engine.addresses(db_id)})
    web_id = up(docker_engine, project, web, link_hosts=hosts)

    attrs = engine.api.inspect_container(db_id)
    labels = attrs["Config"]["Labels"]
    assert labels[L.PROJECT] == project_name
    assert labels[L.SERVICE] == "db"
    assert labels[L.CONTAINER_NUMBER] == "1"
    assert labels[L.CONFIG_HASH] == "hash-db"
    assert labels["tier"] == "data"
    assert attrs["HostConfig"]["PortBindings"] == {
        "80/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(port)}]
    }
    assert exec_out(engine, db_id, 'echo "$GREETING"') == "bonjour\n"
    assert exec_out(engine, db_id, "cat /srv/greeting.txt") == "hello from the host\n"
    exec_out(engine, db_id, "echo kept > /data/file")
    assert exec_out(engine, db_id, "cat /data/file") == "kept\n"
    assert " /scratch tmpfs " in exec_out(engine, db_id, "cat /proc/mounts")
    mounts = {m["Destination"]: m for m in attrs["Mounts"]}
    assert mounts["/data"]["Name"] == f"{project_name}_data"
    assert mounts["/srv"]["RW"] is False

    # the published port answers on loopback
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"GET /greeting.txt HTTP/1.0\r\n\r\n")
        response = b"".join(iter(lambda: conn.recv(4096), b""))
    assert b"hello from the host" in response

    # the link entries are in the linker's /etc/hosts on a user-defined network
    db_address = docker_engine.addresses(db_id)[f"{project_name}_default"]
    etc_hosts = docker_engine.read_hosts(web_id)
    assert f"{db_address}\tdatabase" in etc_hosts
    assert f"{db_address}\t{db_name}" in etc_hosts
    assert exec_out(engine, web_id, "wget -q -O - http://database/greeting.txt") == (
        "hello from the host\n"
    )


def test_write_hosts_replaces_link_entries(
    engine: Any, docker_engine: DockerEngine, project_name: str
) -> None:
    from figlet.container_spec.hosts import MARKER, parse_hosts_label, render_hosts

    db = make_service("db")
    web = make_service("web", _links=["db"])
    project = make_project(project_name, db, web)
    create_resources(docker_engine, project)
    db_id = up(docker_engine, project, db)
    old = link_hosts(project, web, {f"{project_name}-db-1": docker_engine.addresses(db_id)})
    web_id = up(docker_engine, project, web, link_hosts=old)
    label = engine.api.inspect_container(web_id)["Config"]["Labels"][L.HOSTS]
    assert parse_hosts_label(label) == old

    new = {name: "127.0.0.2" for name in old}
    docker_engine.write_hosts(
        web_id, render_hosts(docker_engine.read_hosts(web_id), new, previous=old)
    )
    etc_hosts = docker_engine.read_hosts(web_id)
    assert MARKER in etc_hosts
    assert "127.0.0.2\tdb" in etc_hosts
    assert f"{old['db']}\tdb\n" not in etc_hosts
    assert "localhost" in etc_hosts
    assert exec_out(engine, web_id, "ping -c1 -W1 db 2>&1 || true").find("127.0.0.2") >= 0


def test_healthcheck_states(docker_engine: DockerEngine, project_name: str) -> None:
    good = make_service(
        "good",
        healthcheck={"test": ["CMD-SHELL", "true"], "interval": "1s", "retries": 1},
    )
    bad = make_service(
        "bad",
        healthcheck={"test": ["CMD", "false"], "interval": "1s", "timeout": "1s", "retries": 1},
    )
    plain = make_service("plain")
    project = make_project(project_name, good, bad, plain)
    create_resources(docker_engine, project)
    good_id, bad_id, plain_id = (up(docker_engine, project, s) for s in (good, bad, plain))
    assert docker_engine.wait_health(good_id, timeout=30).status == "healthy"
    assert docker_engine.wait_health(bad_id, timeout=30).status == "unhealthy"
    assert docker_engine.health(good_id).status == "healthy"
    assert docker_engine.health(plain_id).status is None
    by_name = {c.service: c for c in observe_name(docker_engine, project_name).containers}
    assert by_name["good"].health == "healthy"
    assert by_name["bad"].health == "unhealthy"
    assert by_name["plain"].health is None


def test_observe_returns_the_project(docker_engine: DockerEngine, project_name: str) -> None:
    port = free_port()
    web = make_service(
        "web", ports=[{"target": 80, "published": str(port), "host_ip": "127.0.0.1"}]
    )
    once = make_service("once", command=["sh", "-c", "exit 3"])
    project = make_project(project_name, web, once)
    create_resources(docker_engine, project)
    web_id = up(docker_engine, project, web)
    once_id = up(docker_engine, project, once)
    assert docker_engine.wait_exit(once_id, timeout=30) == 3

    observed = observe(docker_engine, project)
    assert observed.project == project_name
    containers = {c.name: c for c in observed.containers}
    assert set(containers) == {f"{project_name}-web-1", f"{project_name}-once-1"}
    running = containers[f"{project_name}-web-1"]
    assert (running.id, running.service, running.number, running.state) == (
        web_id,
        "web",
        1,
        "running",
    )
    assert running.config_hash == "hash-web"
    assert running.image == BUSYBOX
    assert running.image_id.startswith("sha256:")
    assert running.ports == (f"127.0.0.1:{port}->80/tcp",)
    assert f"{project_name}_default" in running.addresses
    exited = containers[f"{project_name}-once-1"]
    assert (exited.state, exited.exit_code, exited.running) == ("exited", 3, False)
    assert [n.name for n in observed.networks] == [f"{project_name}_default"]
    assert [v.name for v in observed.volumes] == [f"{project_name}_data"]
    assert observed.images == {BUSYBOX: running.image_id}
    assert observe_name(docker_engine, "h3-nothing-here").containers == ()


def test_external_resources_are_reported_when_present(
    docker_engine: DockerEngine, project_name: str
) -> None:
    project = make_project(project_name)
    mine = Network("mine", f"{project_name}_default", {}, external=True)
    missing = Network("missing", f"{project_name}_absent", {}, external=True)
    project = Project(
        name=project.name,
        working_dir=project.working_dir,
        config_files=project.config_files,
        services={},
        networks={"mine": mine, "missing": missing},
        volumes={},
        spec={},
    )
    docker_engine.create_network(network_request(project, project.networks["mine"]))
    observed = observe(docker_engine, project)
    assert observed.external_networks == frozenset({f"{project_name}_default"})


def test_port_already_allocated_names_the_port(
    docker_engine: DockerEngine, project_name: str
) -> None:
    port = free_port()
    ports = [{"target": 80, "published": str(port), "host_ip": "127.0.0.1"}]
    first, second = make_service("first", ports=ports), make_service("second", ports=ports)
    project = make_project(project_name, first, second)
    create_resources(docker_engine, project)
    up(docker_engine, project, first)
    with pytest.raises(EngineError) as failure:
        up(docker_engine, project, second)
    message = failure.value.render()
    assert f"host port {port}" in message
    assert f"{project_name}-second-1" in message
    assert "ports:" in message


def test_missing_image_says_how_to_get_it(docker_engine: DockerEngine, project_name: str) -> None:
    ghost = make_service("ghost", image="figlet-local/does-not-exist:1")
    project = make_project(project_name, ghost)
    create_resources(docker_engine, project)
    with pytest.raises(EngineError) as failure:
        up(docker_engine, project, ghost)
    message = failure.value.render()
    assert "figlet-local/does-not-exist:1" in message
    assert "registry cannot be reached" in message
    assert "docker build" in message and "docker load" in message
    with pytest.raises(EngineError, match="registry cannot be reached"):
        docker_engine.pull_image("figlet-local/does-not-exist:1")


@pytest.mark.parametrize("host", ["unix:///tmp/h3-no-such-engine.sock", "tcp://127.0.0.1:1"])
def test_unreachable_engine_names_where_and_what_to_do(host: str) -> None:
    unreachable = DockerEngine.from_env({"DOCKER_HOST": host})
    with pytest.raises(EngineError) as failure:
        unreachable.list_containers("h3-anything")
    message = failure.value.render()
    assert host in message
    assert "DOCKER_HOST" in message and "start Docker" in message


def test_content_configs_are_copied_before_start(
    engine: Any, docker_engine: DockerEngine, project_name: str
) -> None:
    web = make_service("web", configs=[{"source": "site", "target": "/etc/site.conf"}])
    base = make_project(project_name, web)
    project = Project(
        name=base.name,
        working_dir=base.working_dir,
        config_files=base.config_files,
        services=base.services,
        networks=base.networks,
        volumes={},
        spec={"configs": {"site": {"content": "listen 80\n"}}},
    )
    create_resources(docker_engine, project)
    web_id = up(docker_engine, project, web)
    assert exec_out(engine, web_id, "cat /etc/site.conf") == "listen 80\n"
    assert exec_out(engine, web_id, "stat -c %a /etc/site.conf") == "444\n"


def test_recreate_keeps_anonymous_volumes(
    engine: Any, docker_engine: DockerEngine, project_name: str
) -> None:
    web = make_service("web", volumes=[{"type": "volume", "target": "/cache"}])
    project = make_project(project_name, web)
    create_resources(docker_engine, project)
    old_id = up(docker_engine, project, web)
    exec_out(engine, old_id, "echo warm > /cache/state")
    kept = docker_engine.anonymous_volumes(old_id)
    assert list(kept) == ["/cache"]
    docker_engine.stop_container(old_id, timeout=1)
    docker_engine.remove_container(old_id)
    request = container_request(
        project,
        web,
        number=1,
        name=f"{project_name}-web-1",
        config_hash="h2",
        link_hosts={},
        anonymous_volumes=kept,
    )
    new_id = docker_engine.create_container(request)
    docker_engine.start_container(new_id)
    assert exec_out(engine, new_id, "cat /cache/state") == "warm\n"
    # the taken-over volume is not the new container's own for the engine: removing with
    # volumes must still remove it
    volume = kept["/cache"]
    docker_engine.remove_container(new_id, force=True, volumes=True)
    assert not docker_engine.volume_exists(volume)
