"""The body of `figlet stop` (declared in `cmd_stop`)."""

from __future__ import annotations

from figlet.cli import _lifecycle
from figlet.cli._context import CommandContext
from figlet.planner.options import LifecycleOptions


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    timeout: int | None = None,
    dry_run: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Stop the running containers of the services, dependents first; they are kept."""
    _lifecycle.run(
        cli,
        "stop",
        LifecycleOptions(services=tuple(services or ())),
        dry_run=dry_run,
        parallel=parallel,
        progress=progress,
        timeout=timeout,
    )
