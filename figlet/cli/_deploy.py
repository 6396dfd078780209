"""The body of `figlet deploy` (declared in `cmd_deploy`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from figlet.cli._context import CommandContext

if TYPE_CHECKING:
    from figlet.plan import Plan

FORMATS = ("text", "json")


def run(
    cli: CommandContext,
    *,
    dry_run: bool = False,
    wait: bool = False,
    timeout: float = 300.0,
    prune: bool = False,
    fmt: str = "text",
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Deploy the stack: the plan's problems stop it before any change; a dry run prints the
    plan (`--format json` too); otherwise progress on stderr, and what stayed on stdout."""
    from figlet import api
    from figlet.cli._arguments import USAGE
    from figlet.cli._progress import progress_display
    from figlet.cli._report import echo
    from figlet.display import resolve_mode
    from figlet.errors import FigletError, Problem
    from figlet.planner import DeployOptions, render_plan

    if fmt not in FORMATS:
        raise FigletError(
            Problem(f'--format "{fmt}": expected text or json', hint="e.g. --format json"),
            exit_code=USAGE,
        )
    if timeout <= 0:
        raise FigletError(
            Problem(f"--timeout {timeout:g}: expected a positive number of seconds"),
            exit_code=USAGE,
        )
    resolve_mode(progress, sys.stderr)
    project = cli.load()
    engine = cli.engine()
    options = DeployOptions(prune=prune, wait=wait, timeout=timeout)
    with progress_display("quiet" if dry_run else progress, title="Deploying") as sink:
        result = api.deploy(
            project, engine, options, events=sink, parallel=parallel, dry_run=dry_run
        )
    plan = result.plan
    if dry_run or fmt == "json":
        echo(render_plan(plan, fmt))
        return
    for orphan in plan.orphans:
        sys.stderr.write(
            f"warning: service {orphan.name} is no longer in the project, kept: "
            "`figlet deploy --prune` removes it\n"
        )
    if not _changes(plan):  # under --wait, the waits alone ran: the tasks had converged
        sys.stderr.write(f"{plan.project}: nothing to do, {len(plan.unchanged)} unchanged\n")


def _changes(plan: Plan) -> bool:
    """Whether the plan writes anything (a --wait plan of an unchanged stack only reads)."""
    from figlet.plan.payloads.swarm import WaitService

    return any(not isinstance(op.payload, WaitService) for op in plan.operations)
