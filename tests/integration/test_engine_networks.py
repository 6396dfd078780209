"""Several networks, aliases and network_mode "service:x" through DockerEngine (h3-...)."""

from __future__ import annotations

from typing import Any

from figlet.container_spec import container_request, network_request
from figlet.engine.docker_engine import DockerEngine
from figlet.model import Network, Project, Service, ServiceNetwork

PROJECT_PREFIX = "h3"
BUSYBOX = "figlet-local/busybox:latest"


def run(engine: DockerEngine, project: Project, service: Service) -> str:
    request = container_request(
        project,
        service,
        number=1,
        name=f"{project.name}-{service.name}-1",
        config_hash="h",
        config_label="",
        link_hosts={},
    )
    container_id = engine.create_container(request)
    engine.start_container(container_id)
    return container_id


def sh(client: Any, container_id: str, command: str) -> tuple[int, str]:
    result = client.containers.get(container_id).exec_run(["sh", "-c", command])
    return int(result.exit_code), str(result.output.decode())


def test_second_network_aliases_and_shared_network_namespace(
    engine: Any, docker_engine: DockerEngine, project_name: str
) -> None:
    spec = {"image": BUSYBOX, "command": ["sleep", "300"]}
    api = Service(
        "api",
        spec,
        image=BUSYBOX,
        networks=(ServiceNetwork("front"), ServiceNetwork("back", aliases=("backend",))),
    )
    client = Service("client", spec, image=BUSYBOX, networks=(ServiceNetwork("back"),))
    sidecar = Service("sidecar", spec, image=BUSYBOX, network_mode="service:api")
    project = Project(
        name=project_name,
        working_dir="/tmp",
        config_files=(),
        services={"api": api, "client": client, "sidecar": sidecar},
        networks={
            "front": Network("front", f"{project_name}_front", {}),
            "back": Network("back", f"{project_name}_back", {}),
        },
        volumes={},
        spec={},
    )
    for network in project.networks.values():
        docker_engine.create_network(network_request(project, network))
    api_id = run(docker_engine, project, api)
    client_id = run(docker_engine, project, client)
    sidecar_id = run(docker_engine, project, sidecar)

    assert set(docker_engine.addresses(api_id)) == {f"{project_name}_front", f"{project_name}_back"}
    back_address = docker_engine.addresses(api_id)[f"{project_name}_back"]
    for name in ("api", "backend", f"{project_name}-api-1"):
        code, output = sh(engine, client_id, f"nslookup {name} 127.0.0.11")
        assert code == 0 and back_address in output, (name, output)
    # the sidecar shares the api container's network namespace
    code, output = sh(engine, sidecar_id, "hostname -i; ip -4 addr 2>/dev/null || ifconfig")
    assert back_address in output


def test_a_network_created_twice_at_once_ends_as_one(
    engine: Any, docker_engine: DockerEngine, project_name: str
) -> None:
    """The engine's duplicate-name check is not atomic: a create still in flight from a killed
    `up` and the rerun's own can both succeed. The second create keeps the older network."""
    from figlet.engine.values.resources import NetworkRequest

    name = f"{project_name}_default"
    labels = {"com.docker.compose.project": project_name}
    first = engine.networks.create(name, labels=labels)  # the interrupted run's network
    racing = NetworkRequest(name, {"CheckDuplicate": False, "Labels": labels})  # passed the check

    kept = docker_engine.create_network(racing)

    assert kept == first.id
    assert [n.id for n in engine.networks.list(names=[name]) if n.name == name] == [first.id]
