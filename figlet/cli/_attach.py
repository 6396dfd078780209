"""Attached `up`: follow every container's output with a colored `name  | ` prefix.

Ends when every container has stopped, or with `abort_on_exit` when the first one stops (the
others are then stopped). Ctrl-C stops the containers gracefully; a second Ctrl-C kills them.
"""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from types import FrameType
from typing import TextIO

from figlet.engine.base import Engine
from figlet.errors import FigletError
from figlet.events import EventSink
from figlet.observe.state import ObservedContainer

_COLORS = ("36", "33", "32", "35", "34", "96", "93", "92", "95", "94")


@dataclass(frozen=True)
class AttachResult:
    """How attaching to a container ended."""

    exit_code: int
    interrupted: bool = False


def _use_color(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _follow(
    engine: Engine,
    container: ObservedContainer,
    lines: queue.Queue[tuple[str, str | None]],
    timestamps: bool = False,
) -> None:
    pending = b""
    try:
        for chunk in engine.logs(container.id, follow=True, tail="all", timestamps=timestamps):
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for line in complete:
                lines.put((container.name, line.decode(errors="replace").rstrip("\r")))
    except FigletError as error:
        lines.put((container.name, f"(figlet: log stream ended: {error.render()})"))
    finally:
        if pending:
            lines.put((container.name, pending.decode(errors="replace")))
        lines.put((container.name, None))


def attach(
    engine: Engine,
    containers: Sequence[ObservedContainer],
    *,
    project_name: str,
    events: EventSink,
    abort_on_exit: bool = False,
    exit_code_from: str | None = None,
    stop_timeout: int | None = None,
    out: TextIO | None = None,
    color: bool | None = None,
    prefix: bool = True,
    timestamps: bool = False,
) -> AttachResult:
    """Print the containers' output until they stop (see the module doc for the exit rules).

    `color`: None colors the prefixes on a terminal unless NO_COLOR is set (False: --no-color);
    `prefix` False drops the `name  | ` prefix (--no-log-prefix); `timestamps` starts each line
    with the engine's time (--timestamps)."""
    stream = out or sys.stdout
    color = _use_color(stream) if color is None else color
    width = max((len(c.name) for c in containers), default=0)
    prefixes = {}
    for index, container in enumerate(containers):
        if not prefix:
            prefixes[container.name] = ""
            continue
        prefix_text = f"{container.name.ljust(width)}  | "
        if color:
            prefix_text = f"\x1b[{_COLORS[index % len(_COLORS)]}m{prefix_text}\x1b[0m"
        prefixes[container.name] = prefix_text

    lines: queue.Queue[tuple[str, str | None]] = queue.Queue()
    for container in containers:
        threading.Thread(
            target=_follow,
            args=(engine, container, lines, timestamps),
            daemon=True,
            name=f"logs-{container.name}",
        ).start()

    attached = {c.name for c in containers}
    open_streams = set(attached)
    first_exited: str | None = None
    try:
        while open_streams:
            try:
                name, line = lines.get(timeout=0.25)
            except queue.Empty:
                continue
            if line is None:
                open_streams.discard(name)
                stream.write(
                    f"{prefixes[name] or name + ' '}exited\n"
                    if not color
                    else f"{prefixes[name] or name + ' '}\x1b[2mexited\x1b[0m\n"
                )
                stream.flush()
                if first_exited is None:
                    first_exited = name
                if abort_on_exit:
                    break
                continue
            stream.write(prefixes[name] + line + "\n")
            stream.flush()
    except KeyboardInterrupt:
        stop_all(engine, project_name, events, stop_timeout, attached)
        return AttachResult(exit_code=130, interrupted=True)

    if abort_on_exit:
        sys.stderr.write("Aborting on container exit...\n")
        stop_all(engine, project_name, events, stop_timeout, attached)
    by_name = {c.name: c for c in containers}
    if exit_code_from is not None:
        chosen = [c for c in containers if c.service == exit_code_from]
        return AttachResult(exit_code=_exit_code(engine, chosen[0]) if chosen else 1)
    if abort_on_exit and first_exited is not None:
        return AttachResult(exit_code=_exit_code(engine, by_name[first_exited]))
    return AttachResult(exit_code=0)


def _exit_code(engine: Engine, container: ObservedContainer) -> int:
    try:
        return engine.wait_exit(container.id, timeout=30)
    except FigletError:
        return 1


def stop_all(
    engine: Engine,
    project_name: str,
    events: EventSink,
    stop_timeout: int | None,
    only: set[str] | None = None,
) -> None:
    """Stop the project's running containers (those named in `only`); a Ctrl-C meanwhile kills
    them instead."""
    from figlet.api import stop_plan
    from figlet.executor import execute
    from figlet.options import RunSettings

    running = [
        c
        for c in engine.list_containers(project_name)
        if c.running and not c.oneoff and (only is None or c.name in only)
    ]
    if not running:
        return

    def kill(signum: int, frame: FrameType | None) -> None:
        sys.stderr.write("Killing...\n")
        for container in running:
            threading.Thread(target=_quiet_stop, args=(engine, container.id), daemon=True).start()

    previous = signal.getsignal(signal.SIGINT)
    in_main = threading.current_thread() is threading.main_thread()
    if in_main:
        signal.signal(signal.SIGINT, kill)
    sys.stderr.write("Gracefully stopping... (press Ctrl+C again to force)\n")
    sys.stderr.flush()
    try:
        execute(
            stop_plan(project_name, running),
            None,
            engine,
            events,
            settings=RunSettings(stop_timeout=stop_timeout),
        )
    finally:
        if in_main and previous is not None:
            signal.signal(signal.SIGINT, previous)


def _quiet_stop(engine: Engine, container_id: str) -> None:
    try:
        engine.stop_container(container_id, 0)
    except FigletError:
        return
