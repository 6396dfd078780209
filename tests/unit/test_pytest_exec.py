"""`FigletStack.exec` goes through the stack's engine: an engine that cannot run commands says
so instead of failing somewhere else."""

from __future__ import annotations

import pytest

from figlet.engine.base import CommandRunner
from figlet.engine.docker_engine import DockerEngine
from figlet.engine.fake import FakeEngine
from figlet.errors import EngineError
from figlet.testing._exec import exec_in


def test_an_engine_without_exec_says_it_cannot_run_commands() -> None:
    engine = FakeEngine()
    with pytest.raises(EngineError) as failure:
        exec_in(engine, "c1", ["true"])
    message = failure.value.render()
    assert message.startswith(f"{engine.describe()} cannot run commands in containers")
    assert "DOCKER_HOST" in message


def test_the_docker_engine_runs_commands() -> None:
    assert isinstance(DockerEngine.from_env({"DOCKER_HOST": "unix:///nowhere.sock"}), CommandRunner)
    assert not isinstance(FakeEngine(), CommandRunner)
