"""Running the image plans of `figlet build` and `figlet pull` (plan data, executed by the
executor like `up`'s, with a progress display)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from figlet.cli._context import CommandContext
    from figlet.model import Project
    from figlet.plan import Plan


def run_image_plan(
    cli: CommandContext, project: Project, plan: Plan, *, progress: str, parallel: int | None
) -> None:
    """Execute `plan`'s builds or pulls, at most `parallel` at once (default: as `up`); a
    failed operation exits 1 with its error."""
    from figlet.cli._progress import progress_display
    from figlet.errors import FigletError
    from figlet.executor import default_parallel, execute

    if plan.problems:
        raise FigletError(plan.problems)
    if plan.empty:
        return
    engine = cli.engine()
    with progress_display(progress, title="Images") as sink:
        outcome = execute(
            plan, project, engine, sink, parallel=parallel or default_parallel(os.environ)
        )
    if not outcome.ok:
        raise outcome.error()


def check_parallel(parallel: int | None) -> None:
    """--parallel must be 1 or more (a usage error)."""
    from figlet.cli._arguments import USAGE
    from figlet.errors import FigletError, Problem

    if parallel is not None and parallel < 1:
        raise FigletError(Problem("--parallel must be 1 or more"), exit_code=USAGE)
