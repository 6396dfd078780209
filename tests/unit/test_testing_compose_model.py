"""DockerCompose's answers under testcontainers' names, the stream split, the public API: pure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import figlet
import figlet.testing
from figlet.engine._http import demux_streams
from figlet.observe.state import ObservedContainer
from figlet.testing import (
    ComposeContainer,
    ContainerIsNotRunning,
    DockerCompose,
    NoSuchPortExposed,
    PublishedPortModel,
)
from figlet.testing._compose_model import publishers

DOCS = Path(__file__).resolve().parents[2] / "docs" / "PYTEST.md"


def frame(kind: int, data: bytes) -> bytes:
    return bytes([kind, 0, 0, 0]) + len(data).to_bytes(4, "big") + data


def test_demux_streams_splits_stdout_from_stderr() -> None:
    raw = frame(1, b"out 1\n") + frame(2, b"err\n") + frame(1, b"out 2\n")
    assert demux_streams(raw) == (b"out 1\nout 2\n", b"err\n")


def test_demux_streams_takes_an_unframed_stream_as_stdout() -> None:
    assert demux_streams(b"plain tty output\n") == (b"plain tty output\n", b"")
    assert demux_streams(frame(1, b"cut")[:-1]) == (frame(1, b"cut")[:-1], b"")


def test_publishers_read_like_compose_ps() -> None:
    found = publishers(("0.0.0.0:32768->8080/tcp", "[::]:32768->8080/tcp", "53/udp"))
    assert found == [
        PublishedPortModel(URL="", TargetPort=53, PublishedPort=0, Protocol="udp"),
        PublishedPortModel(URL="0.0.0.0", TargetPort=8080, PublishedPort=32768, Protocol="tcp"),
        PublishedPortModel(URL="::", TargetPort=8080, PublishedPort=32768, Protocol="tcp"),
    ]


def web(*ports: str) -> ComposeContainer:
    observed = ObservedContainer(
        id="0123456789abcdef" * 4,
        name="demo-web-1",
        service="web",
        number=1,
        state="running",
        config_hash="",
        image="",
        image_id="",
        health="healthy",
        ports=ports,
        command="httpd -f",
    )
    return ComposeContainer.observed(observed, "demo", DockerCompose("."))


def test_a_container_has_compose_ps_fields() -> None:
    found = web("0.0.0.0:1234->80/tcp")
    assert (found.ID, found.Name, found.Project, found.Service) == (
        "0123456789ab",
        "demo-web-1",
        "demo",
        "web",
    )
    assert (found.State, found.Health, found.ExitCode, found.Command) == (
        "running",
        "healthy",
        0,
        "httpd -f",
    )
    assert found.status == "running"


def test_get_publisher_prefers_ipv4_and_filters_by_port() -> None:
    found = web("0.0.0.0:1234->80/tcp", "[::]:1234->80/tcp", "0.0.0.0:1235->81/tcp")
    assert found.get_publisher(by_port=80).PublishedPort == 1234
    assert found.get_publisher(by_port=80, prefer_ip_version="IPv6").URL == "::"
    with pytest.raises(NoSuchPortExposed, match="not exactly 1 publisher"):
        found.get_publisher()
    with pytest.raises(NoSuchPortExposed, match="Could not find publisher"):
        found.get_publisher(by_port=9999)
    assert issubclass(NoSuchPortExposed, RuntimeError)
    assert issubclass(ContainerIsNotRunning, RuntimeError)


def test_normalize_names_the_ssh_host_for_local_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    port = PublishedPortModel(URL="0.0.0.0", TargetPort=80, PublishedPort=1234, Protocol="tcp")
    monkeypatch.setenv("DOCKER_HOST", "unix:///var/run/docker.sock")
    assert port.normalize() == port
    monkeypatch.setenv("DOCKER_HOST", "ssh://me@build-box")
    assert port.normalize().URL == "build-box"


def test_constructor_takes_testcontainers_arguments_and_lists_one_file_as_a_list() -> None:
    compose = DockerCompose(
        "ctx",
        compose_file_name="a.yaml",
        pull=False,
        build=False,
        wait=True,
        env_file="x.env",
        services=["web"],
        docker_command_path="/usr/bin/docker",
        profiles=["p"],
        keep_volumes=False,
    )
    assert compose.compose_file_name == ["a.yaml"]
    assert compose.env_file == ["x.env"]


def test_get_config_is_the_loaded_project_as_plain_data(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "name: cfg\nservices:\n  web:\n    image: figlet-local/busybox:latest\n"
        "    ports: ['8080']\n"
    )
    config = DockerCompose(tmp_path).get_config()
    assert config["name"] == "cfg"
    assert config["services"]["web"]["image"] == "figlet-local/busybox:latest"
    assert isinstance(config["services"]["web"]["ports"], list)


def promised_api() -> list[str]:
    """The names the "Python API" section of docs/PYTEST.md imports from figlet."""
    text = DOCS.read_text()
    section = text.split("## The Python API", 1)[1]
    block = re.search(r"from figlet import \(([^)]*)\)", section)
    assert block is not None, "docs/PYTEST.md: no `from figlet import (...)` in the API section"
    return sorted(name.strip() for name in block.group(1).split(",") if name.strip())


def test_all_is_what_the_docs_promise() -> None:
    assert sorted(figlet.__all__) == promised_api()
    for name in figlet.__all__:
        assert getattr(figlet, name) is not None
    assert sorted(figlet.testing.__all__) == sorted(set(figlet.testing.__all__))
    for name in figlet.testing.__all__:
        assert getattr(figlet.testing, name) is not None


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        figlet.nope  # noqa: B018


def test_import_figlet_imports_nothing_heavy() -> None:
    code = "import sys, figlet; print(sorted(m for m in sys.modules if m.startswith('figlet')))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "['figlet', 'figlet._lazy', 'figlet._version']"


def test_log_times_sort_whatever_digits_the_engine_dropped() -> None:
    from figlet.testing.compose import _sortable

    stamps = ["2026-12-04T17:00:00.12Z", "2026-12-04T17:00:00.1Z", "2026-12-04T17:00:00Z"]
    assert sorted(stamps, key=_sortable) == [
        "2026-12-04T17:00:00Z",
        "2026-12-04T17:00:00.1Z",
        "2026-12-04T17:00:00.12Z",
    ]
