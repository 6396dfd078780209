"""`figlet up`: create and start the project's containers (attached unless -d).

The typer declaration; the body is `figlet.cli._up.run`."""

from __future__ import annotations

from typing import Annotated

import typer

from figlet.cli import _options as opt
from figlet.cli.app import load_options


def register(app: typer.Typer) -> None:
    app.command("up", help="Create and start containers.")(up_command)


def up_command(
    ctx: typer.Context,
    services: opt.Services = None,
    detach: Annotated[bool, typer.Option("--detach", "-d", help="Run in the background.")] = False,
    scale: opt.Scale = None,
    no_deps: Annotated[
        bool, typer.Option("--no-deps", help="Don't start linked services.")
    ] = False,
    force_recreate: opt.ForceRecreate = False,
    no_recreate: opt.NoRecreate = False,
    no_start: opt.NoStart = False,
    remove_orphans: opt.RemoveOrphans = False,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait until running/healthy (implies -d).")
    ] = False,
    wait_timeout: Annotated[
        int | None, typer.Option("--wait-timeout", help="Seconds to wait for --wait.")
    ] = None,
    abort_on_container_exit: Annotated[
        bool,
        typer.Option("--abort-on-container-exit", help="Stop all when one container stops."),
    ] = False,
    exit_code_from: Annotated[
        str | None,
        typer.Option("--exit-code-from", help="Exit with this service's exit code."),
    ] = None,
    build: Annotated[
        bool | None, typer.Option("--build/--no-build", help="Build images first / never.")
    ] = None,
    pull: Annotated[
        str | None,
        typer.Option(
            "--pull",
            help="Pull images: always, missing, never. Default: $FIGLET_PULL when set, else "
            "each service's pull_policy (missing).",
        ),
    ] = None,
    timeout: opt.Timeout = None,
    dry_run: opt.DryRun = False,
    parallel: opt.Parallel = None,
    progress: opt.Progress = "auto",
) -> None:
    """Create and start containers."""
    from figlet.cli import _up

    _up.run(
        load_options(ctx),
        services=services,
        detach=detach,
        scale=scale,
        no_deps=no_deps,
        force_recreate=force_recreate,
        no_recreate=no_recreate,
        no_start=no_start,
        remove_orphans=remove_orphans,
        wait=wait,
        wait_timeout=wait_timeout,
        abort_on_container_exit=abort_on_container_exit,
        exit_code_from=exit_code_from,
        build=build,
        pull=pull,
        timeout=timeout,
        dry_run=dry_run,
        parallel=parallel,
        progress=progress,
    )
