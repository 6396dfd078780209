"""The body of `figlet pause` (declared in `cmd_pause`)."""

from __future__ import annotations

from figlet.cli import _lifecycle
from figlet.cli._context import CommandContext
from figlet.planner.options import LifecycleOptions


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    dry_run: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Pause the running containers of the services (already paused: an error, as in Compose)."""
    _lifecycle.run(
        cli,
        "pause",
        LifecycleOptions(services=tuple(services or ())),
        dry_run=dry_run,
        parallel=parallel,
        progress=progress,
    )
