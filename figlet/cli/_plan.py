"""The body of `figlet plan` (declared in `cmd_plan`).

The options are `up`'s, and so are the checks: the plan's own problems (missing external
network, unknown service, ...), images that are missing and may not be pulled (`FIGLET_PULL` or
each service's pull_policy, as `up`), and the preflight port conflicts. They are printed with
the plan; exit status 1 when there is any, else 0. Nothing is pulled, built, created or started.
"""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

from figlet.cli._context import CommandContext

if TYPE_CHECKING:
    from collections.abc import Mapping

    from figlet.engine.base import Engine
    from figlet.model import Project
    from figlet.plan import Plan

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
) -> None:
    """Print the plan `figlet up` would run with the same options."""
    from figlet.cli._arguments import USAGE, parse_scale
    from figlet.cli._report import echo
    from figlet.errors import FigletError, Problem
    from figlet.observe import observe
    from figlet.planner import UpOptions, plan_up, render_plan

    if fmt not in FORMATS:
        raise FigletError(
            Problem(f'--format "{fmt}": expected text or json', hint="e.g. --format json"),
            exit_code=USAGE,
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
    project = cli.load()
    engine = cli.engine()
    observed = observe(engine, project)
    plan = plan_up(project, observed, options)
    plan = with_up_problems(
        plan, project, engine, options.services, no_deps=no_deps, present=observed.images
    )
    if fmt == "text" and operations:
        echo(plan.to_text(operations=True))
    else:
        echo(render_plan(plan, fmt))
    if plan.problems:
        raise SystemExit(1)


def with_up_problems(
    plan: Plan,
    project: Project,
    engine: Engine,
    services: tuple[str, ...],
    *,
    no_deps: bool,
    present: Mapping[str, str] | None = None,
) -> Plan:
    """`plan` with every problem `up` would stop at before changing anything: the plan's own,
    the images (checked as a dry run: nothing pulled or built), then the preflight ones.
    `present`: the image ids observed for the plan (else they are listed here)."""
    from figlet.api import selected_services
    from figlet.events import NullSink
    from figlet.executor._images import prepare_images, pull_policy_from_env
    from figlet.preflight import preflight

    wanted = selected_services(project, services, no_deps=no_deps)
    images = prepare_images(
        project,
        wanted,
        engine,
        NullSink(),
        pull=pull_policy_from_env(os.environ),
        dry_run=True,
        present=present,
    )
    found = [*plan.problems, *images.problems, *preflight(plan, project, engine)]
    return dataclasses.replace(plan, problems=tuple(found))
