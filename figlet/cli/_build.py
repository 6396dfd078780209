"""The body of `figlet build` (declared in `cmd_build`): the planner's build operations for
the selected services (`figlet.planner.plan_build`), run by the executor in parallel, each
image's build output as progress lines."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from figlet.cli._context import CommandContext


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    no_cache: bool = False,
    pull: bool = False,
    quiet: bool = False,
    build_arg: list[str] | None = None,
    with_dependencies: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Build the images of the services that have a `build:` section."""
    import sys

    from figlet.cli._arguments import check_services
    from figlet.cli._images import check_parallel, run_image_plan
    from figlet.display import resolve_mode
    from figlet.planner import BuildOptions, plan_build

    check_parallel(parallel)
    resolve_mode(progress, sys.stderr)
    args = build_args(build_arg or (), os.environ)
    project = cli.load()
    selected = tuple(services or ())
    check_services(project, selected)
    plan = plan_build(
        project,
        BuildOptions(
            services=selected,
            no_cache=no_cache,
            pull=pull,
            args=args,
            with_dependencies=with_dependencies,
        ),
    )
    run_image_plan(cli, project, plan, progress="quiet" if quiet else progress, parallel=parallel)


def build_args(values: Sequence[str], environ: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """--build-arg KEY=VAL pairs; KEY alone takes its value from the environment and is left
    out when it is not set there (as Compose does); an empty KEY is a usage error."""
    from figlet.cli._arguments import USAGE
    from figlet.errors import FigletError, Problem

    found: dict[str, str] = {}
    for value in values:
        key, sep, given = value.partition("=")
        if not key.strip():
            raise FigletError(
                Problem(f'--build-arg "{value}": expected KEY=VALUE', hint="e.g. --build-arg V=1"),
                exit_code=USAGE,
            )
        if sep:
            found[key] = given
        elif key in environ:
            found[key] = environ[key]
    return tuple(found.items())
