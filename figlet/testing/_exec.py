"""Run a command inside a container (`docker exec`) for the pytest plugin's `FigletStack.exec`,
through the stack's own engine (`CommandRunner`): the same DOCKER_HOST and client as the rest
of the stack, and no limit on how long the command runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from figlet.engine.base import CommandRunner, Engine
from figlet.errors import EngineError, Problem


@dataclass(frozen=True)
class ExecResult:
    """What a command run in a container did: its exit code and its output (stdout + stderr)."""

    exit_code: int
    output: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


def exec_in(
    engine: Engine,
    container_id: str,
    command: Sequence[str],
    *,
    user: str = "",
    environment: Mapping[str, str] | None = None,
    workdir: str | None = None,
) -> ExecResult:
    """Run `command` in the container and wait for it; engine problems raise EngineError."""
    if not isinstance(engine, CommandRunner):
        raise EngineError(
            Problem(
                f"{engine.describe()} cannot run commands in containers",
                hint="use a Docker engine (DOCKER_HOST) for tests that call `exec`",
            )
        )
    output, code = engine.run_command(
        container_id, command, user=user, environment=environment, workdir=workdir
    )
    text = output.decode(errors="replace")
    return ExecResult(exit_code=-1 if code is None else code, output=text)
