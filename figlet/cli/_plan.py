"""The body of `figlet plan` (declared in `cmd_plan`).

The options are `up`'s, and so are the checks (`figlet.api.plan`): the plan's own problems
(missing external network, unknown service, images that cannot be had, ...) and the preflight
port conflicts. They are printed with the plan; exit status 1 when there is any, else 0.
Nothing is pulled, built, created or started: the plan shows the pulls and builds `up` would run.
"""

from __future__ import annotations

from figlet.cli._context import CommandContext

FORMATS = ("text", "json")


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    scale: list[str] | None = None,
    no_deps: bool = False,
    force_recreate: bool = False,
    no_recreate: bool = False,
    no_start: bool = False,
    remove_orphans: bool = False,
    fmt: str = "text",
    operations: bool = False,
    build: bool | None = None,
    pull: str | None = None,
    swarm: bool = False,
) -> None:
    """Print the plan `figlet up` would run with the same options."""
    from figlet import api
    from figlet.cli._arguments import USAGE, parse_scale
    from figlet.cli._report import echo
    from figlet.errors import FigletError, Problem
    from figlet.planner import UpOptions, render_plan

    if fmt not in FORMATS:
        raise FigletError(
            Problem(f'--format "{fmt}": expected text or json', hint="e.g. --format json"),
            exit_code=USAGE,
        )
    if swarm:
        project = cli.load()
        planned = api.plan_deploy(project, cli.engine())
        echo(
            planned.to_text(operations=True)
            if fmt == "text" and operations
            else render_plan(planned, fmt)
        )
        if planned.problems:
            raise SystemExit(1)
        return
    options = UpOptions(
        services=tuple(services or ()),
        no_deps=no_deps,
        force_recreate=force_recreate,
        no_recreate=no_recreate,
        no_start=no_start,
        remove_orphans=remove_orphans,
        scale=parse_scale(scale or ()),
    )
    project = cli.load()
    engine = cli.engine()
    plan = api.plan(project, engine, options, build=build, pull=pull)
    if fmt == "text" and operations:
        echo(plan.to_text(operations=True))
    else:
        echo(render_plan(plan, fmt))
    if plan.problems:
        raise SystemExit(1)
