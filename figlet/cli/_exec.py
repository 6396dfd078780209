"""The body of `figlet exec` (declared in `cmd_exec`): a command in a running container,
attached to the terminal or the pipes (`_session.relay`); figlet exits with its exit code."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from figlet.cli._context import CommandContext

if TYPE_CHECKING:
    from figlet.engine.base import Interactive


def run(
    cli: CommandContext,
    *,
    service: str,
    command: list[str] | None = None,
    detach: bool = False,
    privileged: bool = False,
    user: str | None = None,
    no_tty: bool = False,
    index: int = 1,
    env: list[str] | None = None,
    workdir: str | None = None,
) -> None:
    """Run `command` in the `index`-th container of `service`."""
    from figlet.cli._arguments import USAGE
    from figlet.cli._pairs import key_values, process_environment
    from figlet.cli._session import relay, stdin_is_terminal
    from figlet.engine.base import Interactive
    from figlet.engine.values.commands import ExecRequest
    from figlet.errors import FigletError, Problem

    if not command:
        raise FigletError(
            Problem("exec needs a command", hint=f"e.g. figlet exec {service} sh"),
            exit_code=USAGE,
        )
    if index < 1:
        raise FigletError(Problem("--index must be 1 or more"), exit_code=USAGE)
    environment = key_values(env, "-e", process_environment())
    _, project_name = cli.load_or_name()
    engine = cli.engine()
    if not isinstance(engine, Interactive):
        raise FigletError(f"{engine.describe()} cannot run commands in containers")
    found = [
        c
        for c in engine.list_containers(project_name)
        if c.service == service and c.number == index and not c.oneoff and c.running
    ]
    if not found:
        raise FigletError(
            Problem(
                f'service "{service}" is not running'
                + (f" (no running replica {index})" if index != 1 else ""),
                hint=f"start it first: figlet up -d {service}",
            )
        )
    tty = not no_tty and not detach and stdin_is_terminal()
    request = ExecRequest(
        command=tuple(command),
        tty=tty,
        stdin=not detach,
        user=user or "",
        workdir=workdir or "",
        environment=environment,
        privileged=privileged,
    )
    exec_id = engine.create_exec(found[0].id, request)
    stream = engine.start_exec(exec_id, tty=tty, detach=detach)
    if stream is None:
        return
    try:

        def resize(rows: int, columns: int) -> None:
            engine.resize_exec(exec_id, rows, columns)

        relay(stream, tty=tty, stdin=True, resize=resize)
    finally:
        stream.close()
    code = _exit_code(engine, exec_id)
    if code:
        sys.stdout.flush()
        raise SystemExit(code)


def _exit_code(engine: Interactive, exec_id: str) -> int:
    """The command's exit code (the engine may take a moment to record it after the output
    ends)."""
    for _ in range(50):
        code = engine.exec_exit_code(exec_id)
        if code is not None:
            return code
        time.sleep(0.02)
    return 0
