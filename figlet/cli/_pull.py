"""The body of `figlet pull` (declared in `cmd_pull`): the planner's pull operations for the
selected services (`figlet.planner.plan_pull`), run by the executor in parallel."""

from __future__ import annotations

from figlet.cli._context import CommandContext

POLICIES = ("missing", "always")


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    quiet: bool = False,
    ignore_pull_failures: bool = False,
    policy: str | None = None,
    include_deps: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Pull the selected services' images."""
    import sys

    from figlet.cli._arguments import USAGE, check_services
    from figlet.cli._images import check_parallel, run_image_plan
    from figlet.display import resolve_mode
    from figlet.errors import FigletError, Problem
    from figlet.model import image_reference
    from figlet.planner import PullOptions, plan_pull

    if policy is not None and policy not in POLICIES:
        raise FigletError(
            Problem(
                f'--policy "{policy}": expected missing or always', hint="e.g. --policy missing"
            ),
            exit_code=USAGE,
        )
    check_parallel(parallel)
    resolve_mode(progress, sys.stderr)
    project = cli.load()
    selected = tuple(services or ())
    check_services(project, selected)
    engine = cli.engine()
    references = sorted({image_reference(project, s) for s in project.services.values()})
    present = engine.image_ids(references)
    plan = plan_pull(
        project,
        present,
        PullOptions(
            services=selected,
            policy=policy,
            include_deps=include_deps,
            ignore_failures=ignore_pull_failures,
        ),
    )
    run_image_plan(cli, project, plan, progress="quiet" if quiet else progress, parallel=parallel)
