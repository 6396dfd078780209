"""`figlet ps` on the fake engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli import Figlet, InterruptingEngine

from figlet.engine.fake import FakeEngine


def test_the_table(figlet: Figlet) -> None:
    figlet("up", "-d")
    done = figlet("ps")
    assert done.code == 0
    assert done.out == (
        "NAME         IMAGE                         SERVICE   STATUS    PORTS\n"
        "demo-db-1    figlet-local/busybox:latest   db        running\n"
        "demo-web-1   figlet-local/busybox:latest   web       running\n"
        "demo-web-2   figlet-local/busybox:latest   web       running\n"
    )


def test_listing_options(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("up", "-d")
    fake.stop_container("demo-web-2")
    assert figlet("ps", "--services").out == "db\nweb\n"
    assert figlet("ps", "-q", "web").out == "".join(
        f"{c.id}\n" for c in fake.containers.values() if c.name == "demo-web-1"
    )
    exited = json.loads(figlet("ps", "--status", "exited", "--format", "json").out)
    assert [c["Name"] for c in exited] == ["demo-web-2"]
    assert len(json.loads(figlet("ps", "-a", "--format", "json").out)) == 3


def test_by_project_name_without_a_file(
    figlet: Figlet, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figlet("up", "-d")
    monkeypatch.chdir(project.parent)
    done = figlet("-p", "demo", "ps", "--services")
    assert (done.code, done.out) == (0, "db\nweb\n")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--format", "xml"], 2, '--format "xml": expected table, json or a template'),
        (["--status", "sleeping"], 2, '--status "sleeping": expected one of created,'),
        (["nosuch"], 1, "no such service: nosuch"),
    ],
)
def test_errors(figlet: Figlet, args: list[str], code: int, message: str) -> None:
    done = figlet("ps", *args)
    assert done.code == code
    assert message in done.err


def test_ctrl_c_exits_130(figlet: Figlet) -> None:
    done = figlet("ps", engine=InterruptingEngine())
    assert (done.code, done.out) == (130, "")
    assert done.err.endswith("Aborted!\n")


def test_filter_status_and_templates(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("up", "-d")
    fake.stop_container("demo-web-2")
    exited = figlet("ps", "--filter", "status=exited", "--format", "{{.Name}} {{ .State }}")
    assert (exited.code, exited.out) == (0, "demo-web-2 exited\n")
    running = figlet("ps", "--filter", "status=running", "--format", r"{{.Service}}\t{{.Number}}")
    assert running.out == "db\t1\nweb\t1\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--filter", "name=web"], '--filter "name=web": expected status=STATE'),
        (["--format", "{{.Nope}}"], '--format: no field "Nope"'),
    ],
)
def test_filter_and_template_errors(figlet: Figlet, args: list[str], message: str) -> None:
    done = figlet("ps", *args)
    assert done.code == 2
    assert message in done.err
