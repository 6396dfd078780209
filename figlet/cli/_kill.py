"""The body of `figlet kill` (declared in `cmd_kill`)."""

from __future__ import annotations

import sys

from figlet.cli import _lifecycle
from figlet.cli._context import CommandContext
from figlet.planner.options import LifecycleOptions


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    signal: str = "SIGKILL",
    remove_orphans: bool = False,
    dry_run: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Send `signal` to every running container of the services, all at once; with
    --remove-orphans, remove the containers of services no longer in the project. Nothing
    running: "no container to kill" (stderr, exit 0, as Compose)."""
    options = LifecycleOptions(
        services=tuple(services or ()), signal=signal, remove_orphans=remove_orphans
    )
    project, plan = _lifecycle.prepare(cli, "kill", options, progress=progress)
    if plan.empty and not dry_run:
        sys.stderr.write("no container to kill\n")
        return
    _lifecycle.act(cli, project, plan, dry_run=dry_run, parallel=parallel, progress=progress)
