"""The body of `figlet wait` (declared in `cmd_wait`)."""

from __future__ import annotations

import queue
import threading

from figlet.cli._context import CommandContext


def run(cli: CommandContext, *, services: list[str], down_project: bool = False) -> None:
    """Block until the services' containers stop, each said as it does; exit with the first
    one's code (as Compose); with `down_project`, take the project down after that first stop
    instead of waiting for the others."""
    from figlet.cli._report import echo
    from figlet.cli._selection import select

    _, engine, containers = select(cli, services)
    if not containers:
        return
    codes: queue.Queue[tuple[str, int]] = queue.Queue()

    def wait(name: str, container_id: str) -> None:
        codes.put((name, engine.wait_exit(container_id)))

    for container in containers:
        threading.Thread(
            target=wait,
            args=(container.name, container.id),
            name=f"figlet-wait-{container.name}",
            daemon=True,
        ).start()
    first: int | None = None
    for _ in containers:
        while True:
            try:
                name, code = codes.get(timeout=0.25)  # short waits: Ctrl-C is seen at once
                break
            except queue.Empty:
                continue
        echo(f"{name} exited with code {code}")
        first = code if first is None else first
        if down_project:
            break
    if down_project:
        from figlet.cli._down import run as down

        down(cli, progress="quiet")
    raise SystemExit(first)
