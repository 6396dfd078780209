"""`figlet plan`: show what `up` would do, and why, without changing anything.

The typer declaration (the options are `up`'s, declared once in `figlet.cli._options`); the
body and its checks are `figlet.cli._plan.run`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from figlet.cli import _options as opt
from figlet.cli.app import load_options


def register(app: typer.Typer) -> None:
    app.command("plan", help="Show what `up` would change, and why; change nothing.")(plan_command)


def plan_command(
    ctx: typer.Context,
    services: opt.Services = None,
    scale: opt.Scale = None,
    no_deps: Annotated[
        bool, typer.Option("--no-deps", help="Don't include the services' dependencies.")
    ] = False,
    force_recreate: opt.ForceRecreate = False,
    no_recreate: opt.NoRecreate = False,
    no_start: opt.NoStart = False,
    remove_orphans: opt.RemoveOrphans = False,
    fmt: Annotated[str, typer.Option("--format", help="Output format: text or json.")] = "text",
    operations: Annotated[
        bool, typer.Option("--operations", help="Text: also list each operation and its order.")
    ] = False,
    build: Annotated[
        bool | None,
        typer.Option("--build/--no-build", help="Plan to build images first / never."),
    ] = None,
    pull: Annotated[
        str | None,
        typer.Option(
            "--pull",
            help="Pull images: always, missing, never. Default: $FIGLET_PULL when set, else "
            "each service's pull_policy (missing).",
        ),
    ] = None,
) -> None:
    """Print the plan `figlet up` would run with the same options."""
    from figlet.cli import _plan

    _plan.run(
        load_options(ctx),
        services=services,
        scale=scale,
        no_deps=no_deps,
        force_recreate=force_recreate,
        no_recreate=no_recreate,
        no_start=no_start,
        remove_orphans=remove_orphans,
        fmt=fmt,
        operations=operations,
        build=build,
        pull=pull,
    )
