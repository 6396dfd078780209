"""The body of `figlet restart` (declared in `cmd_restart`)."""

from __future__ import annotations

from figlet.cli import _lifecycle
from figlet.cli._context import CommandContext
from figlet.planner.options import LifecycleOptions


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    timeout: int | None = None,
    no_deps: bool = False,
    dry_run: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Restart every container of the services (stopped ones start), dependencies first."""
    del no_deps  # as in Compose v2, only the named services are restarted, with or without it
    _lifecycle.run(
        cli,
        "restart",
        LifecycleOptions(services=tuple(services or ())),
        dry_run=dry_run,
        parallel=parallel,
        progress=progress,
        timeout=timeout,
        strict=True,
    )
