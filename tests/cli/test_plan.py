"""`figlet plan` on the fake engine: what `up` would do, and its exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli import BUSYBOX, Figlet, InterruptingEngine

from figlet.engine.fake import FakeEngine

EXTERNAL = f"""\
name: demo
services:
  web:
    image: {BUSYBOX}
    networks: [outside]
networks:
  outside:
    external: true
"""


def test_the_plan_of_a_new_project(figlet: Figlet, fake: FakeEngine) -> None:
    done = figlet("plan")
    assert done.code == 0
    assert done.out == (
        "demo: 4 to create\n"
        "  + network demo_default  missing\n"
        "  + container demo-db-1   missing\n"
        "  + container demo-web-1  missing\n"
        "  + container demo-web-2  missing\n"
    )
    assert fake.containers == {}


def test_up_options_and_formats(figlet: Figlet) -> None:
    figlet("up", "-d")
    assert figlet("plan").out.startswith("demo: nothing to do, 3 unchanged\n")
    scaled = json.loads(figlet("plan", "web", "--scale", "web=3", "--format", "json").out)
    assert "demo-web-3" in json.dumps(scaled)
    listed = figlet("plan", "--force-recreate", "--operations").out
    assert "operations:\n" in listed and "recreate" in listed


def test_a_problem_is_printed_with_the_plan_and_exits_1(figlet: Figlet, project: Path) -> None:
    (project / "compose.yaml").write_text(EXTERNAL)
    done = figlet("plan")
    assert done.code == 1
    assert done.out.startswith("demo: 1 to create, 1 problem\n")
    assert 'external network "outside" does not exist' in done.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "yaml"], '--format "yaml": expected text or json'),
        (["--scale", "web"], '--scale "web": expected SERVICE=NUMBER'),
        (["--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    ],
)
def test_usage_errors_exit_2(figlet: Figlet, args: list[str], message: str) -> None:
    done = figlet("plan", *args)
    assert (done.code, done.out) == (2, "")
    assert message in done.err


def test_ctrl_c_exits_130(figlet: Figlet) -> None:
    done = figlet("plan", engine=InterruptingEngine())
    assert (done.code, done.out) == (130, "")
    assert done.err.endswith("Aborted!\n")
