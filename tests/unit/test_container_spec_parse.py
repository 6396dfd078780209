"""Reading Engine API list responses (figlet.engine._docker_parse), pure."""

from __future__ import annotations

from figlet import labels as L
from figlet.engine._docker_parse import container_from_list, normalize_reference

ITEM = {
    "Id": "c0ffee" * 10,
    "Names": ["/demo-web-2"],
    "Image": "figlet-local/busybox:latest",
    "ImageID": "sha256:abc",
    "State": "running",
    "Status": "Up 3 seconds (health: starting)",
    "Labels": {
        L.PROJECT: "demo",
        L.SERVICE: "web",
        L.CONTAINER_NUMBER: "2",
        L.CONFIG_HASH: "h",
        L.ONEOFF: "False",
    },
    "Ports": [
        {"PrivatePort": 80, "Type": "tcp", "IP": "0.0.0.0", "PublicPort": 8080},
        {"PrivatePort": 80, "Type": "tcp", "IP": "::", "PublicPort": 8080},
        {"PrivatePort": 9000, "Type": "tcp"},
    ],
    "NetworkSettings": {"Networks": {"demo_default": {"IPAddress": "10.0.0.4"}, "x": {}}},
}


def test_running_container_from_list() -> None:
    container = container_from_list(ITEM)
    assert (container.name, container.service, container.number) == ("demo-web-2", "web", 2)
    assert container.health == "starting" and container.running and not container.oneoff
    assert container.exit_code is None
    assert container.addresses == {"demo_default": "10.0.0.4"}
    assert container.ports == ("0.0.0.0:8080->80/tcp", "[::]:8080->80/tcp", "9000/tcp")
    assert container.status == "Up 3 seconds (health: starting)"


def test_exited_container_and_missing_labels() -> None:
    item = {**ITEM, "State": "exited", "Status": "Exited (137) 5 minutes ago", "Labels": None}
    container = container_from_list(item)
    assert (container.state, container.exit_code, container.running) == ("exited", 137, False)
    assert (container.service, container.number, container.config_hash) == ("", 0, "")


def test_normalize_reference() -> None:
    assert normalize_reference("busybox") == "busybox:latest"
    assert normalize_reference("docker.io/library/redis:7") == "redis:7"
    assert normalize_reference("localhost:5000/app") == "localhost:5000/app:latest"
    assert normalize_reference("figlet-local/busybox:latest") == "figlet-local/busybox:latest"
    assert normalize_reference("app@sha256:00") == "app@sha256:00"
