"""`figlet logs` on the fake engine (whose followed logs end at once, as if each container
stopped right after its last line)."""

from __future__ import annotations

import pytest
from _cli import Figlet

from figlet.engine.fake import FAKE_TIME, FakeEngine


@pytest.fixture
def talking(figlet: Figlet, fake: FakeEngine) -> FakeEngine:
    """The demo project up, each container with two lines of log."""
    assert figlet("up", "-d").code == 0
    for container in fake.containers.values():
        fake.log_lines[container.name] = [f"{container.name} one", "two"]
    return fake


def _lines(text: str) -> list[str]:
    return sorted(text.splitlines())


def test_every_containers_lines_behind_its_padded_prefix(
    figlet: Figlet, talking: FakeEngine
) -> None:
    done = figlet("logs")
    assert done.code == 0
    assert _lines(done.out) == sorted(
        [
            "db-1   | demo-db-1 one",
            "db-1   | two",
            "web-1  | demo-web-1 one",
            "web-1  | two",
            "web-2  | demo-web-2 one",
            "web-2  | two",
        ]
    )
    assert done.out.index("web-1  | demo-web-1 one") < done.out.index("web-1  | two")


def test_services_index_tail_timestamps_and_no_prefix(figlet: Figlet, talking: FakeEngine) -> None:
    assert figlet("logs", "--index", "2", "web").out == "web-2  | demo-web-2 one\nweb-2  | two\n"
    assert figlet("logs", "--tail", "1", "db").out == "db-1  | two\n"
    assert figlet("logs", "--tail", "0", "db").out == ""
    assert figlet("logs", "-t", "--no-log-prefix", "--tail", "1", "db").out == (
        f"{FAKE_TIME} two\n"
    )
    assert figlet("logs", "--no-color", "--since", "10m", "--until", "1m", "db").code == 0


def test_follow_ends_when_the_followed_containers_stopped(
    figlet: Figlet, talking: FakeEngine
) -> None:
    done = figlet("logs", "-f", "web")
    assert done.code == 0
    assert _lines(done.out) == sorted(
        [
            "web-1  | demo-web-1 one",
            "web-1  | two",
            "web-2  | demo-web-2 one",
            "web-2  | two",
            "web-1 exited with code 0",
            "web-2 exited with code 0",
        ]
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--tail", "ten"], 2, '--tail "ten": expected a number of lines or "all"'),
        (["--since", "yesterday"], 2, '--since "yesterday": not a time'),
        (["--index", "x"], 2, "invalid int value"),
        (["nosuch"], 1, "no such service: nosuch"),
    ],
)
def test_errors(
    figlet: Figlet, talking: FakeEngine, args: list[str], code: int, message: str
) -> None:
    done = figlet("logs", *args)
    assert done.code == code
    assert message in done.err
    assert done.out == ""


def test_an_engine_failure_is_one_clear_error(figlet: Figlet, talking: FakeEngine) -> None:
    db = talking.container_named("demo-db-1")
    assert db is not None
    talking.fail[("log_stream", db.id)] = (500, "log driver broke")
    done = figlet("logs", "db")
    assert done.code == 1
    assert "log driver broke" in done.err
