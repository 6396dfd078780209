"""`figlet scale web=3 db=1`: Fig's own command, an `up -d` of those services at that scale.

The typer declaration; the body is `figlet.cli._scale.run`."""

from __future__ import annotations

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
    from figlet.cli import _scale

    _scale.run(
        load_options(ctx),
        targets=targets,
        timeout=timeout,
        parallel=parallel,
        progress=progress,
    )
