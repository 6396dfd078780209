"""What the lifecycle commands' bodies share (`start`, `stop`, `restart`, `kill`, `pause`,
`unpause`, `rm`): load the project (or, with no file, go by -p name, as Compose does), check
the service names, plan through `figlet.api.lifecycle_plan`, print the plan for --dry-run or
run it with the progress display.

Unknown service names follow Compose v2: `start` and `restart` refuse them (exit 1); the others
act on the names that exist and, unlike Compose, which says nothing, warn about the others.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from figlet.cli._arguments import check_services
from figlet.cli._context import CommandContext

if TYPE_CHECKING:
    from figlet.api import Result
    from figlet.model import Project
    from figlet.plan import Plan
    from figlet.planner import LifecycleOptions


def prepare(
    cli: CommandContext,
    command: str,
    options: LifecycleOptions,
    *,
    progress: str = "auto",
    strict: bool = False,
) -> tuple[Project | None, Plan]:
    """(project or None, the plan): the options checked, the names checked, the plan made."""
    from figlet import api
    from figlet.display import resolve_mode

    resolve_mode(progress, sys.stderr)
    project, name = cli.load_or_name()
    if project is not None:
        if strict:
            check_services(project, options.services)
        else:
            warn_unknown(project, options.services)
    return project, api.lifecycle_plan(command, name, project, cli.engine(), options)


def act(
    cli: CommandContext,
    project: Project | None,
    plan: Plan,
    *,
    dry_run: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
    timeout: int | None = None,
) -> Result | None:
    """Print the plan (--dry-run, None) or run it with the progress display on stderr."""
    from figlet import api
    from figlet.cli._progress import progress_display

    if dry_run:
        from figlet.planner import render_plan

        sys.stdout.write(render_plan(plan, "text") + "\n")
        return None
    with progress_display(progress, title="Running") as sink:
        return api.apply(
            plan, project, cli.engine(), events=sink, parallel=parallel, timeout=timeout
        )


STRICT = frozenset({"start", "restart"})  # refuse unknown service names, as Compose v2 does
NOTHING_TO_DO = {"kill": "no container to kill"}  # stderr, exit 0, when the plan is empty


def run(
    cli: CommandContext,
    command: str,
    *,
    services: list[str] | None = None,
    timeout: int | None = None,
    no_deps: bool = False,
    signal: str = "SIGKILL",
    remove_orphans: bool = False,
    dry_run: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """The one body of `start`, `stop`, `restart`, `kill`, `pause` and `unpause` (each
    declared in its `cmd_<command>`, which passes only the options it declares): `prepare`
    then `act`. `restart --no-deps` changes nothing: as in Compose v2, only the named
    services are restarted, with or without it."""
    from figlet.planner import LifecycleOptions

    del no_deps
    options = LifecycleOptions(
        services=tuple(services or ()), signal=signal, remove_orphans=remove_orphans
    )
    project, plan = prepare(cli, command, options, progress=progress, strict=command in STRICT)
    if plan.empty and not dry_run and command in NOTHING_TO_DO:
        sys.stderr.write(NOTHING_TO_DO[command] + "\n")
        return
    act(cli, project, plan, dry_run=dry_run, parallel=parallel, progress=progress, timeout=timeout)


def warn_unknown(project: Project, names: tuple[str, ...]) -> None:
    """A warning on stderr for each name that is not a service of the project."""
    from figlet.errors import FigletError

    try:
        check_services(project, names)
    except FigletError as error:
        for problem in error.problems:
            sys.stderr.write(f"warning: {problem.render()}\n")
