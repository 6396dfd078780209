"""`figlet scale` on the fake engine."""

from __future__ import annotations

import pytest
from _cli import Figlet, InterruptingEngine

from figlet.engine.fake import FakeEngine


def web(fake: FakeEngine) -> list[str]:
    return sorted(c.name for c in fake.containers.values() if c.name.startswith("demo-web"))


def test_scale_up_then_down(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("up", "-d")
    done = figlet("scale", "web=3")
    assert done.code == 0, done.err
    assert "Container demo-web-3  Started" in done.err
    assert web(fake) == ["demo-web-1", "demo-web-2", "demo-web-3"]
    assert figlet("scale", "web=1", "--progress", "quiet").err == ""
    assert web(fake) == ["demo-web-1"]


def test_at_that_scale_already(figlet: Figlet) -> None:
    figlet("up", "-d")
    done = figlet("scale", "web=2", "db=1")
    assert (done.code, done.err) == (0, "demo: already at web=2, db=1\n")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "the following arguments are required: SERVICE=NUM"),
        (["web"], 2, 'scale "web": expected SERVICE=NUMBER'),
        (["web=3", "--parallel", "many"], 2, "argument --parallel: invalid int value: 'many'"),
        (["cache=2"], 1, "no such service: cache"),
    ],
)
def test_errors(figlet: Figlet, fake: FakeEngine, args: list[str], code: int, message: str) -> None:
    done = figlet("scale", *args)
    assert done.code == code
    assert message in done.err
    assert fake.containers == {}


def test_ctrl_c_exits_130(figlet: Figlet) -> None:
    done = figlet("scale", "web=3", engine=InterruptingEngine())
    assert done.code == 130
    assert done.err.endswith("Aborted!\n")
