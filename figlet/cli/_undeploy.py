"""The body of `figlet undeploy` (declared in `cmd_undeploy`)."""

from __future__ import annotations

import sys

from figlet.cli._context import CommandContext


def run(
    cli: CommandContext,
    *,
    dry_run: bool = False,
    wait: bool = False,
    timeout: float = 300.0,
    progress: str = "auto",
) -> None:
    """Remove the stack named by the project file, or by -p NAME without one."""
    from figlet import api
    from figlet.cli._progress import progress_display
    from figlet.cli._report import echo
    from figlet.display import resolve_mode
    from figlet.planner import render_plan

    resolve_mode(progress, sys.stderr)
    _, name = cli.load_or_name()
    engine = cli.engine()
    with progress_display("quiet" if dry_run else progress, title="Removing") as sink:
        result = api.undeploy(
            name, engine, events=sink, wait=wait, timeout=timeout, dry_run=dry_run
        )
    if dry_run:
        echo(render_plan(result.plan, "text"))
    elif result.plan.empty:
        sys.stderr.write(f"{name}: nothing to remove\n")
