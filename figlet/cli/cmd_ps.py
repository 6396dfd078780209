"""`figlet ps`: the project's containers, one line each (replicas included).

The typer declaration; the body is `figlet.cli._ps.run`."""

from __future__ import annotations

from typing import Annotated

import typer

from figlet.cli.app import load_options


def register(app: typer.Typer) -> None:
    app.command("ps", help="List the project's containers.")(ps_command)


def ps_command(
    ctx: typer.Context,
    services: Annotated[list[str] | None, typer.Argument(help="Only these services.")] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include stopped containers.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only container ids.")] = False,
    service_names: Annotated[bool, typer.Option("--services", help="Only service names.")] = False,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="Filter by state (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """List containers: name, image, service, status, ports."""
    from figlet.cli import _ps

    _ps.run(
        load_options(ctx),
        services=services,
        all_=all_,
        quiet=quiet,
        service_names=service_names,
        status=status,
        fmt=fmt,
    )
