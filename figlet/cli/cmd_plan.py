"""`figlet plan`: show what `up` would do, and why, without changing anything.

Exit status: 0 when the plan can be applied, 1 when it has problems (missing external network,
unknown service, ...), which are printed with the plan.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Annotated

import typer

from figlet.cli.app import load_options

FORMATS = ("text", "json")


def register(app: typer.Typer) -> None:
    app.command("plan", help="Show what `up` would change, and why; change nothing.")(plan_command)


def plan_command(
    ctx: typer.Context,
    services: Annotated[list[str] | None, typer.Argument(help="Services (default: all).")] = None,
    scale: Annotated[
        list[str] | None, typer.Option("--scale", help="SERVICE=NUM (repeatable).")
    ] = None,
    no_deps: Annotated[
        bool, typer.Option("--no-deps", help="Don't include the services' dependencies.")
    ] = False,
    force_recreate: Annotated[
        bool, typer.Option("--force-recreate", help="Recreate even if nothing changed.")
    ] = False,
    no_recreate: Annotated[
        bool, typer.Option("--no-recreate", help="Never recreate existing containers.")
    ] = False,
    no_start: Annotated[bool, typer.Option("--no-start", help="Create, don't start.")] = False,
    remove_orphans: Annotated[
        bool, typer.Option("--remove-orphans", help="Remove containers of removed services.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="Output format: text or json.")] = "text",
    operations: Annotated[
        bool, typer.Option("--operations", help="Text: also list each operation and its order.")
    ] = False,
) -> None:
    """Print the plan `figlet up` would run with the same options."""
    from figlet.engine.docker_engine import DockerEngine
    from figlet.errors import FigletError, Problem
    from figlet.loader import load_project
    from figlet.observe import observe
    from figlet.planner import UpOptions, plan_up, render_plan

    if fmt not in FORMATS:
        raise FigletError(
            Problem(f'--format "{fmt}": expected text or json', hint="e.g. --format json"),
            exit_code=2,
        )
    options = UpOptions(
        services=tuple(services or ()),
        no_deps=no_deps,
        force_recreate=force_recreate,
        no_recreate=no_recreate,
        no_start=no_start,
        remove_orphans=remove_orphans,
        scale=parse_scale(scale or ()),
    )
    project = load_project(load_options(ctx))
    for warning in project.warnings:
        sys.stderr.write(f"warning: {warning.render()}\n")
    plan = plan_up(project, observe(DockerEngine.from_env(), project), options)
    if fmt == "text" and operations:
        typer.echo(plan.to_text(operations=True))
    else:
        typer.echo(render_plan(plan, fmt))
    if plan.problems:
        raise typer.Exit(1)


def parse_scale(values: Iterable[str]) -> dict[str, int]:
    """["web=3", "db=1"] -> {"web": 3, "db": 1}; every malformed entry reported at once."""
    from figlet.errors import FigletError, Problem

    found: dict[str, int] = {}
    problems: list[Problem] = []
    for value in values:
        name, sep, count = value.partition("=")
        if not sep or not name.strip() or not count.strip().isdigit():
            problems.append(
                Problem(f'--scale "{value}": expected SERVICE=NUMBER', hint="e.g. --scale web=3")
            )
            continue
        found[name.strip()] = int(count)
    if problems:
        raise FigletError(problems, exit_code=2)
    return found
