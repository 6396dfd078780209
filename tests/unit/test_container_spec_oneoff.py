"""figlet.container_spec.oneoff: a service's create body made a one-off container (pure)."""

from __future__ import annotations

import pytest

from figlet import labels as L
from figlet.container_spec import container_request
from figlet.container_spec.oneoff import OneOff, oneoff_name, oneoff_request, parse_publish
from figlet.engine.values.containers import ContainerRequest
from figlet.errors import FigletError
from figlet.model import Network, Project, Service, ServiceNetwork

WEB = Service(
    "web",
    {
        "image": "busybox",
        "command": ["httpd", "-f"],
        "environment": {"A": "1", "B": "2"},
        "ports": [{"target": 80, "published": "8080", "protocol": "tcp"}],
        "restart": "always",
    },
    networks=(ServiceNetwork("default", aliases=("www",)),),
)
PROJECT = Project(
    name="demo",
    working_dir="/srv",
    config_files=(),
    services={"web": WEB},
    networks={"default": Network("default", "demo_default", {})},
    volumes={},
    spec={},
)
SLUG = "ab" * 32


def base() -> ContainerRequest:
    name = oneoff_name("demo", "web", SLUG)
    return container_request(PROJECT, WEB, number=1, name=name, config_hash="h", link_hosts={})


def test_named_and_labelled_as_compose_names_and_labels_run_containers() -> None:
    request = oneoff_request(base(), OneOff(), slug=SLUG, working_dir="/srv")
    assert request.name == "demo-web-run-abababababab"
    labels = request.body["Labels"]
    assert labels[L.ONEOFF] == "True"
    assert labels["com.docker.compose.slug"] == SLUG
    assert L.CONTAINER_NUMBER not in labels
    assert labels[L.SERVICE] == "web" and labels[L.PROJECT] == "demo"


def test_no_ports_no_restart_no_aliases_by_default() -> None:
    request = oneoff_request(base(), OneOff(), slug=SLUG, working_dir="/srv")
    host = request.body["HostConfig"]
    assert "PortBindings" not in host and "RestartPolicy" not in host
    endpoint = request.body["NetworkingConfig"]["EndpointsConfig"]["demo_default"]
    assert "Aliases" not in endpoint
    assert request.body["Cmd"] == ["httpd", "-f"]


def test_the_runs_overrides() -> None:
    oneoff = OneOff(
        command=("sh", "-c", "exit 3"),
        entrypoint="/bin/env -i",
        environment={"B": "3", "C": "4"},
        labels={"team": "x"},
        workdir="/tmp",
        user="1000",
        volumes=("./data:/data:ro", "cache:/cache"),
        publish=("127.0.0.1:9090:90/udp",),
        service_ports=True,
        tty=True,
    )
    body = oneoff_request(base(), oneoff, slug=SLUG, working_dir="/srv").body
    assert body["Cmd"] == ["sh", "-c", "exit 3"]
    assert body["Entrypoint"] == ["/bin/env", "-i"]
    assert body["Env"] == ["A=1", "B=3", "C=4"]
    assert body["Labels"]["team"] == "x"
    assert (body["WorkingDir"], body["User"], body["Tty"], body["OpenStdin"]) == (
        "/tmp",
        "1000",
        True,
        True,
    )
    assert body["HostConfig"]["Binds"][-2:] == ["/srv/data:/data:ro", "cache:/cache"]
    assert body["HostConfig"]["PortBindings"] == {
        "80/tcp": [{"HostIp": "", "HostPort": "8080"}],
        "90/udp": [{"HostIp": "127.0.0.1", "HostPort": "9090"}],
    }
    assert "90/udp" in body["ExposedPorts"]


def test_an_entrypoint_without_a_command_drops_the_services_command() -> None:
    body = oneoff_request(base(), OneOff(entrypoint="cat"), slug=SLUG, working_dir="/").body
    assert body["Entrypoint"] == ["cat"] and "Cmd" not in body


def test_detached_attaches_nothing() -> None:
    body = oneoff_request(base(), OneOff(detach=True), slug=SLUG, working_dir="/").body
    assert not (body["OpenStdin"] or body["AttachStdout"] or body["AttachStdin"])


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("80", ("80/tcp", {"HostIp": "", "HostPort": ""})),
        ("8080:80", ("80/tcp", {"HostIp": "", "HostPort": "8080"})),
        ("[::1]:8080:80/udp", ("80/udp", {"HostIp": "::1", "HostPort": "8080"})),
    ],
)
def test_publish_specs(spec: str, expected: tuple[str, dict[str, str]]) -> None:
    assert parse_publish(spec) == expected


@pytest.mark.parametrize("spec", ["web", "80:http", "a:b:c:d"])
def test_a_bad_publish_spec_is_a_usage_error(spec: str) -> None:
    with pytest.raises(FigletError) as caught:
        parse_publish(spec)
    assert caught.value.exit_code == 2 and spec in caught.value.render()
