"""The body of `figlet attach` (declared in `cmd_attach`): the container's output as it
comes; stdin passed on when it is a terminal (raw when the container has one too); Ctrl-C
passed on as SIGINT with `sig_proxy` (the container decides to stop); the container's exit
code at its end, 0 when detached (the detach keys) while it still runs."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from figlet.cli._context import CommandContext
from figlet.errors import EngineError

if TYPE_CHECKING:
    from figlet.engine.base import AttachedStream


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
    from figlet.engine.base import ContainerAttacher

    _, engine, containers = select(cli, [service], running=True)
    container = only(containers, service, index, what="running container")
    if not isinstance(engine, ContainerAttacher):
        raise unable("figlet attach", engine)
    tty = engine.is_tty(container.id)
    with_stdin = not no_stdin and sys.stdin.isatty()
    stream = engine.attach(container.id, stdin=with_stdin, detach_keys=detach_keys)
    done = threading.Event()
    threading.Thread(target=_copy_out, args=(stream, done), daemon=True).start()
    restore = _raw_terminal() if with_stdin and tty else None
    if with_stdin:
        threading.Thread(target=_copy_in, args=(stream,), daemon=True).start()
    try:
        while not done.wait(0.25):  # short waits: Ctrl-C is seen at once
            pass
    except KeyboardInterrupt:
        if not sig_proxy or tty:
            stream.close()
            raise
        engine.signal_container(container.id, "SIGINT")
        while not done.wait(0.25):
            pass
    finally:
        if restore is not None:
            restore()
        stream.close()
    try:
        code = engine.wait_exit(container.id, timeout=3)
    except EngineError:
        return  # still running: detached
    raise SystemExit(code)


def _copy_out(stream: AttachedStream, done: threading.Event) -> None:
    out = sys.stdout.buffer
    try:
        for piece in stream:
            out.write(piece)
            out.flush()
    finally:
        done.set()


def _copy_in(stream: AttachedStream) -> None:
    try:
        while data := os.read(sys.stdin.fileno(), 4096):
            stream.write(data)
        stream.close_input()
    except OSError:
        return  # the attach ended


def _raw_terminal() -> Callable[[], None]:
    """Put the terminal in raw mode (keys go to the container's own terminal as typed); the
    function that restores it."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty.setraw(fd)

    def restore() -> None:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    return restore
