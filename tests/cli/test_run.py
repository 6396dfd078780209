"""`figlet run` on the fake engine: the one-off container, its dependencies, its output and
exit code, --rm, -d, usage errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _cli import Figlet

from figlet import labels
from figlet.engine.fake import FakeEngine, frame


def test_attached_output_and_exit_code_dependencies_first_removed_with_rm(
    figlet: Figlet, fake: FakeEngine
) -> None:
    fake.outputs["once"] = frame(1, b"hi\n") + frame(2, b"careful\n") + frame(1, b"bye\n")
    fake.exit_codes["once"] = 3
    done = figlet("run", "--rm", "--name", "once", "-e", "X=1", "web", "sh", "-c", "exit 3")
    assert done.code == 3
    assert done.out == "hi\nbye\n"
    assert done.err.endswith("careful\n")
    assert "Container demo-db-1  Started" in done.err  # web depends on db: up first
    assert fake.container_named("demo-db-1") is not None
    assert fake.container_named("demo-web-1") is None  # the service's own: not started
    assert fake.container_named("once") is None  # --rm
    created = fake.called("create_container")
    assert created[-1] == "once"
    made = fake.calls.index(("create_container", "once"))
    # attached before it starts (no output missed), waited for, removed
    assert [name for name, _ in fake.calls[made:]] == [
        "create_container",
        "attach_container",
        "start_container",
        "wait_exit",
        "remove_container",
    ]
    assert fake.streams[-1].input_closed  # no stdin to send: the container's is closed


def test_the_container_is_the_services_made_one_off(figlet: Figlet, fake: FakeEngine) -> None:
    done = figlet(
        "run", "-d", "-e", "X=1", "-l", "team=x", "-u", "1000", "-w", "/tmp", "web", "env"
    )
    assert done.code == 0, done.err
    name = done.out.strip()
    assert re.fullmatch(r"demo-web-run-[0-9a-f]{12}", name)
    container = fake.container_named(name)
    assert container is not None and container.state == "running"
    body = container.body
    assert body["Cmd"] == ["env"]
    assert "X=1" in body["Env"]
    assert (body["User"], body["WorkingDir"]) == ("1000", "/tmp")
    assert container.labels[labels.ONEOFF] == "True"
    assert container.labels["team"] == "x"
    assert container.labels["com.docker.compose.slug"].startswith(name.rsplit("-", 1)[1])
    # a one-off container is not one of the service's: `ps` and `up` leave it alone
    assert figlet("up", "-d", "--progress", "quiet").code == 0
    assert fake.container_named(name) is not None


def test_no_deps_starts_nothing_else_but_the_network(figlet: Figlet, fake: FakeEngine) -> None:
    done = figlet("run", "--no-deps", "--rm", "web", "true")
    assert done.code == 0, done.err
    assert fake.containers == {}
    assert len(fake.called("create_container")) == 1
    assert fake.called("create_network") == ["demo_default"]


def test_the_services_image_is_built_through_the_plan(
    figlet: Figlet, fake: FakeEngine, project: Path
) -> None:
    (project / "compose.yaml").write_text(
        "name: demo\nservices:\n  app:\n    build: .\n    image: demo-app\n"
    )
    done = figlet("run", "-d", "app", "true")
    assert done.code == 0, done.err
    assert fake.called("build_image") == ["demo-app"]
    container = fake.container_named(done.out.strip())
    assert container is not None
    assert container.labels[labels.IMAGE] == fake.images["demo-app"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "the following arguments are required: SERVICE"),
        (["--pull", "sometimes", "web"], 2, '--pull "sometimes": expected one of'),
        (["-d", "--rm", "web"], 2, "-d and --rm cannot be used together"),
        (["-e", "=1", "web"], 2, '-e "=1": expected KEY=VALUE'),
        (["-p", "http", "web"], 2, '-p "http": expected [IP:][HOST_PORT:]CONTAINER_PORT'),
        (["cache"], 1, "no such service: cache"),
    ],
)
def test_errors(figlet: Figlet, fake: FakeEngine, args: list[str], code: int, message: str) -> None:
    done = figlet("run", *args)
    assert done.code == code
    assert message in done.err
    assert fake.called("create_container") == []
