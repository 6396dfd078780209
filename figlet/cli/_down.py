"""The body of `figlet down` (declared in `cmd_down`)."""

from __future__ import annotations

import sys
from typing import cast

from figlet.cli import _lifecycle
from figlet.cli._context import CommandContext

RMI_CHOICES = ("local", "all")


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    volumes: bool = False,
    rmi: str | None = None,
    remove_orphans: bool = False,
    timeout: int | None = None,
    dry_run: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Stop and remove containers and networks; from the project file, or by -p name. With
    services, only their containers, and the networks and volumes no other container uses;
    an unknown service is warned about (Compose: an info line, exit 0)."""
    from typing import Literal

    from figlet import api
    from figlet.cli._progress import progress_display
    from figlet.cli._report import report_plan
    from figlet.display import resolve_mode
    from figlet.errors import FigletError, Problem
    from figlet.planner import DownOptions

    if rmi is not None and rmi not in RMI_CHOICES:
        raise FigletError(Problem(f'--rmi "{rmi}": expected local or all'), exit_code=2)
    resolve_mode(progress, sys.stderr)
    project, name = cli.load_or_name()
    if project is not None and services:
        _lifecycle.warn_unknown(project, tuple(services))
    options = DownOptions(
        services=tuple(services or ()),
        remove_orphans=remove_orphans,
        volumes=volumes,
        rmi=cast("Literal['local', 'all'] | None", rmi),
        timeout=timeout,
    )
    engine = cli.engine()
    with progress_display("quiet" if dry_run else progress, title="Running") as sink:
        result = api.down(
            name, project, engine, options, events=sink, parallel=parallel, dry_run=dry_run
        )
    if report_plan(result.plan, "down", dry_run=dry_run):
        return
    if result.plan.empty:
        sys.stderr.write(f"{name}: nothing to remove\n")
