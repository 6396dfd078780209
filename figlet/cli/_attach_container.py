"""The body of `figlet attach` (declared in `cmd_attach`): the container's output as it
comes; stdin passed on when it is a terminal (raw when the container has one too); Ctrl-C
passed on as SIGINT with `sig_proxy` (the container decides to stop); the container's exit
code at its end, 0 when detached (the detach keys) while it still runs.

It attaches as `run` and `exec` do: the engine's `Interactive` protocol, and `_session.relay`
for the local terminal or pipes."""

from __future__ import annotations

import threading

from figlet.cli._context import CommandContext
from figlet.errors import EngineError


def run(
    cli: CommandContext,
    *,
    service: str,
    index: int | None = None,
    no_stdin: bool = False,
    sig_proxy: bool = True,
    detach_keys: str | None = None,
) -> None:
    """Attach to the service's running container `index` (1 by default)."""
    from figlet.cli._selection import only, select, unable
    from figlet.cli._session import relay, stdin_is_terminal
    from figlet.engine.base import Interactive

    _, engine, containers = select(cli, [service], running=True)
    container = only(containers, service, index, what="running container")
    if not isinstance(engine, Interactive):
        raise unable("figlet attach", engine)
    tty = engine.is_tty(container.id)
    stdin = not no_stdin and stdin_is_terminal()
    stream = engine.attach_container(container.id, stdin=stdin, detach_keys=detach_keys)

    def resize(rows: int, columns: int) -> None:
        engine.resize_container(container.id, rows, columns)

    done = threading.Event()

    def copy() -> None:
        try:
            relay(stream, tty=tty, stdin=stdin, resize=resize)
        finally:
            done.set()

    # the relay in a thread: the main one sees Ctrl-C at once, and passes it on
    threading.Thread(target=copy, name="figlet-attach", daemon=True).start()
    try:
        while not done.wait(0.25):
            pass
    except KeyboardInterrupt:
        if not sig_proxy or tty:
            raise
        engine.kill_container(container.id, "SIGINT")
        while not done.wait(0.25):
            pass
    finally:
        stream.close()
    try:
        code = engine.wait_exit(container.id, timeout=3)
    except EngineError:
        return  # still running: detached
    raise SystemExit(code)
