"""`figlet down`: stop and remove the project's containers and networks (volumes with -v).

The typer declaration; the body is `figlet.cli._down.run`."""

from __future__ import annotations

from typing import Annotated

import typer

from figlet.cli import _options as opt
from figlet.cli.app import load_options


def register(app: typer.Typer) -> None:
    app.command("down", help="Stop and remove containers, networks (and volumes with -v).")(
        down_command
    )


def down_command(
    ctx: typer.Context,
    volumes: Annotated[
        bool, typer.Option("--volumes", "-v", help="Also remove named and anonymous volumes.")
    ] = False,
    rmi: Annotated[str | None, typer.Option("--rmi", help="Remove images: local or all.")] = None,
    remove_orphans: opt.RemoveOrphans = False,
    timeout: opt.Timeout = None,
    dry_run: opt.DryRun = False,
    parallel: opt.Parallel = None,
    progress: opt.Progress = "auto",
) -> None:
    """Stop and remove containers and networks; from the project file, or by -p name."""
    from figlet.cli import _down

    _down.run(
        load_options(ctx),
        volumes=volumes,
        rmi=rmi,
        remove_orphans=remove_orphans,
        timeout=timeout,
        dry_run=dry_run,
        parallel=parallel,
        progress=progress,
    )
