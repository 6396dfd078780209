"""`figlet config`: output formats, the listing options and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from figlet.cli import app as cli_app

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


@pytest.fixture(scope="module")
def app() -> Any:
    if not any(c.name == "config" for c in cli_app.app.registered_commands):
        cli_app.register_commands()
    return cli_app.app


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FIGLET_NO_CACHE", "1")
    monkeypatch.delenv("TAG", raising=False)
    monkeypatch.delenv("COMPOSE_FILE", raising=False)
    monkeypatch.delenv("COMPOSE_PROJECT_NAME", raising=False)
    monkeypatch.delenv("COMPOSE_PROFILES", raising=False)
    return tmp_path


def run(app: Any, *args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=True)


def test_json_output_is_the_canonical_model(app: Any, project: Path) -> None:
    result = run(app, "config", "--format", "json")
    assert result.exit_code == 0, result.output
    model = json.loads(result.stdout)
    assert model["name"] == "demo"
    assert list(model["services"]) == ["web"]
    web = model["services"]["web"]
    assert web["image"] == "nginx:latest"
    assert web["command"] == ["echo", "$$HOME"]  # `$` printed escaped, as Compose does
    assert web["networks"] == {"front": None}
    assert model["networks"] == {"front": {"name": "demo_front", "ipam": {}}}
    assert model["volumes"] == {"data": {"name": "demo_data"}}


def test_yaml_is_the_default(app: Any, project: Path) -> None:
    result = run(app, "config")
    assert yaml.safe_load(result.stdout)["services"]["web"]["ports"] == [
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
def test_listings(app: Any, project: Path, flag: str, expected: str) -> None:
    result = run(app, "config", flag)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_profiles_enable_services(app: Any, project: Path) -> None:
    result = run(app, "--profile", "jobs", "config", "--images")
    assert result.stdout == "nginx:latest\ndemo-worker\n"


def test_quiet_prints_nothing(app: Any, project: Path) -> None:
    result = run(app, "config", "-q")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_no_interpolate_and_output_file(app: Any, project: Path) -> None:
    out = project / "out.json"
    result = run(app, "config", "--no-interpolate", "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    model = json.loads(out.read_text())
    assert model["services"]["web"]["image"] == "nginx:${TAG:-latest}"


def test_environment_shows_sources(
    app: Any, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".env").write_text("TAG=from-dotenv\n")
    result = run(app, "config", "--environment")
    assert result.stdout == "TAG=from-dotenv\t# .env\n"
    monkeypatch.setenv("TAG", "from-shell")
    result = run(app, "config", "--environment")
    assert result.stdout == "TAG=from-shell\t# process environment\n"
    (project / ".env").unlink()
    monkeypatch.delenv("TAG")
    assert run(app, "config", "--environment").stdout == "TAG=latest\t# default\n"


def test_hash(app: Any, project: Path) -> None:
    result = run(app, "config", "--hash", "*")
    assert result.exit_code == 0, result.output
    name, digest = result.stdout.split()
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
