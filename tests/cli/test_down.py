"""`figlet down` on the fake engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from _cli import Figlet, InterruptingEngine

from figlet.engine.fake import FakeEngine


def test_down_removes_containers_and_network(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("up", "-d")
    done = figlet("down")
    assert done.code == 0, done.err
    assert fake.containers == {} and fake.networks == {}
    assert "Network demo_default  Removed" in done.err


def test_down_with_nothing_to_remove_says_so(figlet: Figlet) -> None:
    done = figlet("down")
    assert (done.code, done.err) == (0, "demo: nothing to remove\n")


def test_down_by_project_name_needs_no_file(
    figlet: Figlet, fake: FakeEngine, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figlet("up", "-d")
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    done = figlet("-p", "demo", "down")
    assert done.code == 0, done.err
    assert fake.containers == {}


def test_dry_run_changes_nothing(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("up", "-d")
    done = figlet("down", "--dry-run")
    assert done.code == 0
    assert done.out.startswith("demo: 4 to remove\n")
    assert len(fake.containers) == 3


def test_a_bad_rmi_is_a_usage_error(figlet: Figlet) -> None:
    done = figlet("down", "--rmi", "some")
    assert (done.code, done.err) == (2, '--rmi "some": expected local or all\n')


def test_an_engine_failure_exits_1(figlet: Figlet, fake: FakeEngine) -> None:
    figlet("up", "-d")
    fake.fail[("remove_network", "demo_default")] = "engine on fire"
    done = figlet("down")
    assert done.code == 1
    assert "engine on fire" in done.err
    assert fake.containers == {}


def test_ctrl_c_exits_130(figlet: Figlet) -> None:
    done = figlet("down", engine=InterruptingEngine())
    assert done.code == 130
    assert done.err.endswith("Aborted!\n")
