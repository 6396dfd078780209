"""`figlet scale web=3 db=1`: Fig's own command, an `up -d` of those services at that scale."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from figlet.cli import _options as opt
from figlet.cli.app import load_options


def register(app: typer.Typer) -> None:
    app.command("scale", help="Set the number of containers of services: SERVICE=NUM...")(
        scale_command
    )


def scale_command(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument(help="SERVICE=NUM, e.g. web=3 db=1.")],
    timeout: opt.Timeout = None,
    parallel: opt.Parallel = None,
    progress: opt.Progress = "auto",
) -> None:
    """Scale services (dependencies are left as they are)."""
    from figlet import api
    from figlet.cli import _lifecycle
    from figlet.display import resolve_mode
    from figlet.executor import RunSettings
    from figlet.planner import UpOptions

    resolve_mode(progress, sys.stderr)
    scales = _lifecycle.parse_scale(targets, flag="scale")
    project = _lifecycle.load(load_options(ctx))
    _lifecycle.check_services(project, scales)
    options = UpOptions(services=tuple(scales), no_deps=True, scale=scales)
    engine = _lifecycle.connect()
    with _lifecycle.progress(progress, title="Scaling") as sink:
        result = api.up(
            project,
            engine,
            options,
            events=sink,
            parallel=parallel,
            settings=RunSettings(stop_timeout=timeout),
        )
    if result.plan.empty:
        wanted = ", ".join(f"{name}={count}" for name, count in scales.items())
        sys.stderr.write(f"{project.name}: already at {wanted}\n")
