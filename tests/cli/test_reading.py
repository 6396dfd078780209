"""`figlet port`, `top`, `images`, `ls`, `wait` and `version --format json` on the fake
engine: output, exit codes, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli import BUSYBOX, Figlet

from figlet.engine.fake import FakeEngine, frame

PUBLISHING = f"""\
name: demo
services:
  web:
    image: {BUSYBOX}
    ports: ["80", "53/udp"]
    deploy:
      replicas: 2
  db:
    image: {BUSYBOX}
    ports: ["127.0.0.1:8080:5432"]
"""


@pytest.fixture
def up(figlet: Figlet, project: Path) -> None:
    (project / "compose.yaml").write_text(PUBLISHING)
    assert figlet("up", "-d").code == 0


def test_port(figlet: Figlet, fake: FakeEngine, up: None) -> None:
    done = figlet("port", "db", "5432")
    assert (done.code, done.out) == (0, "127.0.0.1:8080\n")
    web_2 = fake.container_named("demo-web-2")
    assert web_2 is not None
    udp = figlet("port", "--protocol", "udp", "--index", "2", "web", "53")
    assert (udp.code, udp.out) == (0, f"0.0.0.0:{32768 + int(web_2.id[1:])}\n")
    missing = figlet("port", "db", "5433")
    assert missing.code == 1
    assert "no port 5433/tcp published by container demo-db-1" in missing.err
    assert figlet("port", "--index", "3", "web", "80").err.startswith(
        'service "web" has no container #3'
    )
    assert figlet("port", "web", "eighty").code == 2
    assert "no such service: api" in figlet("port", "api", "80").err


def test_top(figlet: Figlet, fake: FakeEngine, up: None) -> None:
    db = fake.container_named("demo-db-1")
    assert db is not None
    db.processes = [("root", "42", "1", "0", "10:00", "?", "00:00:00", "sleep 3600")]
    done = figlet("top", "db")
    assert (done.code, done.out) == (
        0,
        "SERVICE  #  UID   PID  PPID  C  STIME  TTY  TIME      CMD\n"
        "db       1  root  42   1     0  10:00  ?    00:00:00  sleep 3600\n",
    )
    fake.stop_container("demo-db-1")
    assert figlet("top", "db").out == ""


def test_images(figlet: Figlet, fake: FakeEngine, up: None) -> None:
    done = figlet("images", "web")
    short = fake.images[BUSYBOX].removeprefix("sha256:")[:12]
    assert done.out == (
        "CONTAINER    REPOSITORY             TAG      IMAGE ID       SIZE\n"
        f"demo-web-1   figlet-local/busybox   latest   {short}   4.4MB\n"
        f"demo-web-2   figlet-local/busybox   latest   {short}   4.4MB\n"
    )
    assert figlet("images", "-q").out == f"{short}\n"
    rows = json.loads(figlet("images", "--format", "json", "db").out)
    assert rows == [
        {
            "ContainerName": "demo-db-1",
            "Repository": "figlet-local/busybox",
            "Tag": "latest",
            "ID": fake.images[BUSYBOX],
            "Size": 4_400_000,
        }
    ]


def test_ls(figlet: Figlet, fake: FakeEngine, project: Path, up: None) -> None:
    done = figlet("ls")
    assert done.out == (
        f"NAME   STATUS       CONFIG FILES\ndemo   running(3)   {project}/compose.yaml\n"
    )
    for name in ("demo-web-1", "demo-web-2", "demo-db-1"):
        fake.stop_container(name)
    assert figlet("ls").out == "NAME   STATUS   CONFIG FILES\n"
    assert figlet("ls", "-a", "-q").out == "demo\n"
    assert json.loads(figlet("ls", "-a", "--format", "json").out) == [
        {"Name": "demo", "Status": "exited(3)", "ConfigFiles": f"{project}/compose.yaml"}
    ]


def test_wait_exits_with_the_first_code(figlet: Figlet, fake: FakeEngine, up: None) -> None:
    fake.exit_codes["demo-db-1"] = 3
    done = figlet("wait", "db")
    assert (done.code, done.out) == (3, "demo-db-1 exited with code 3\n")
    both = figlet("wait", "web")
    assert both.code == 0 and both.out.count("exited with code 0") == 2
    down = figlet("wait", "--down-project", "web")
    assert down.code == 0 and fake.containers == {}
    assert figlet("wait").code == 2


def test_version_json(figlet: Figlet) -> None:
    from figlet import __version__

    assert figlet("version", "--format", "json").out == f'{{"version":"{__version__}"}}\n'
    assert figlet("version", "--format", "xml").code == 2


def test_attach_prints_the_output_and_exits_0_when_detached(
    figlet: Figlet, fake: FakeEngine, up: None
) -> None:
    fake.outputs["demo-db-1"] = frame(1, b"ready\n") + frame(2, b"accepting connections\n")
    done = figlet("attach", "--no-stdin", "db")
    assert (done.code, done.out, done.err) == (0, "ready\n", "accepting connections\n")
    assert [stream.input_closed for stream in fake.streams] == [True]
    fake.stop_container("demo-db-1")
    stopped = figlet("attach", "db")
    assert stopped.code == 1 and 'service "db" has no running container' in stopped.err
    assert figlet("attach", "--index", "3", "web").code == 1
    assert figlet("attach").code == 2
