"""The body of `figlet start` (declared in `cmd_start`)."""

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
    """Start the stopped containers of the services and their dependencies, dependencies first."""
    _lifecycle.run(
        cli,
        "start",
        LifecycleOptions(services=tuple(services or ())),
        dry_run=dry_run,
        parallel=parallel,
        progress=progress,
        strict=True,
    )
