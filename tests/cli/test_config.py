"""`figlet config`: output formats, the listing options and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from _cli import Figlet

COMPOSE = """
name: demo
services:
  web:
    image: nginx:${TAG:-latest}
    ports: ["8080:80"]
    volumes: ["data:/data"]
    networks: [front]
    command: echo "$$HOME"
  worker:
    build: ./worker
    profiles: [jobs]
networks:
  front: {}
volumes:
  data: {}
"""


@pytest.fixture
def project(project: Path) -> Path:
    """The shared project directory, holding this module's COMPOSE."""
    (project / "compose.yaml").write_text(COMPOSE)
    return project


def test_json_output_is_the_canonical_model(figlet: Figlet, project: Path) -> None:
    result = figlet("config", "--format", "json")
    assert result.code == 0, result.err
    model = json.loads(result.out)
    assert model["name"] == "demo"
    assert list(model["services"]) == ["web"]
    web = model["services"]["web"]
    assert web["image"] == "nginx:latest"
    assert web["command"] == ["echo", "$$HOME"]  # `$` printed escaped, as Compose does
    assert web["networks"] == {"front": None}
    assert model["networks"] == {"front": {"name": "demo_front", "ipam": {}}}
    assert model["volumes"] == {"data": {"name": "demo_data"}}


def test_yaml_is_the_default(figlet: Figlet, project: Path) -> None:
    result = figlet("config")
    assert yaml.safe_load(result.out)["services"]["web"]["ports"] == [
        {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"}
    ]


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("--services", "web\n"),
        ("--volumes", "data\n"),
        ("--networks", "front\n"),
        ("--profiles", "jobs\n"),
        ("--images", "nginx:latest\n"),
    ],
)
def test_listings(figlet: Figlet, project: Path, flag: str, expected: str) -> None:
    result = figlet("config", flag)
    assert result.code == 0, result.err
    assert result.out == expected


def test_profiles_enable_services(figlet: Figlet, project: Path) -> None:
    result = figlet("--profile", "jobs", "config", "--images")
    assert result.out == "nginx:latest\ndemo-worker\n"


def test_quiet_prints_nothing(figlet: Figlet, project: Path) -> None:
    result = figlet("config", "-q")
    assert result.code == 0
    assert result.out == ""


def test_no_interpolate_and_output_file(figlet: Figlet, project: Path) -> None:
    out = project / "out.json"
    result = figlet("config", "--no-interpolate", "--format", "json", "-o", str(out))
    assert result.code == 0, result.err
    assert result.out == ""
    model = json.loads(out.read_text())
    assert model["services"]["web"]["image"] == "nginx:${TAG:-latest}"


def test_environment_shows_sources(
    figlet: Figlet, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".env").write_text("TAG=from-dotenv\n")
    result = figlet("config", "--environment")
    assert result.out == "TAG=from-dotenv\t# .env\n"
    monkeypatch.setenv("TAG", "from-shell")
    result = figlet("config", "--environment")
    assert result.out == "TAG=from-shell\t# process environment\n"
    (project / ".env").unlink()
    monkeypatch.delenv("TAG")
    assert figlet("config", "--environment").out == "TAG=latest\t# default\n"


def test_hash(figlet: Figlet, project: Path) -> None:
    result = figlet("config", "--hash", "*")
    assert result.code == 0, result.err
    name, digest = result.out.split()
    assert name == "web" and len(digest) >= 16


def test_error_is_rendered_once_with_exit_1(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  web:\n    image: a\n    ports: ['80:80:80']\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "figlet", "config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "FIGLET_NO_CACHE": "1"},
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == (
        f'{tmp_path}/compose.yaml:4:13: services.web.ports[0]: "80:80:80" is not a valid port '
        'mapping\n  expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. "8080:80"\n'
    )
