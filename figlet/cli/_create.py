"""The body of `figlet create` (declared in `cmd_create`): `up --no-start`, the same plan."""

from __future__ import annotations

from figlet.cli._context import CommandContext


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    scale: list[str] | None = None,
    force_recreate: bool = False,
    no_recreate: bool = False,
    remove_orphans: bool = False,
    build: bool | None = None,
    pull: str | None = None,
    dry_run: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Create (or recreate) the containers of the services and their dependencies, with
    their networks and volumes and images, and start none of them."""
    from figlet.cli import _up

    _up.run(
        cli,
        services=services,
        scale=scale,
        force_recreate=force_recreate,
        no_recreate=no_recreate,
        no_start=True,
        remove_orphans=remove_orphans,
        build=build,
        pull=pull,
        dry_run=dry_run,
        parallel=parallel,
        progress=progress,
    )
