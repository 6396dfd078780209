"""`figlet down`: stop and remove the project's containers and networks (volumes with -v)."""

from __future__ import annotations

import sys
from typing import Annotated, cast

import typer

from figlet.cli import _options as opt
from figlet.cli.app import load_options

RMI_CHOICES = ("local", "all")


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
    from typing import Literal

    from figlet import api
    from figlet.cli import _lifecycle
    from figlet.display import resolve_mode
    from figlet.errors import FigletError, Problem
    from figlet.planner import DownOptions

    if rmi is not None and rmi not in RMI_CHOICES:
        raise FigletError(Problem(f'--rmi "{rmi}": expected local or all'), exit_code=2)
    resolve_mode(progress, sys.stderr)
    project, name = _lifecycle.load_or_name(load_options(ctx))
    options = DownOptions(
        remove_orphans=remove_orphans,
        volumes=volumes,
        rmi=cast("Literal['local', 'all'] | None", rmi),
        timeout=timeout,
    )
    engine = _lifecycle.connect()
    with _lifecycle.progress("quiet" if dry_run else progress, title="Running") as sink:
        result = api.down(
            name, project, engine, options, events=sink, parallel=parallel, dry_run=dry_run
        )
    if _lifecycle.report_plan(result.plan, "down", dry_run=dry_run):
        return
    if result.plan.empty:
        sys.stderr.write(f"{name}: nothing to remove\n")
