"""The body of `figlet rm` (declared in `cmd_rm`).

As Compose v2: "Going to remove NAMES" on stdout; without -f, the question "Are you sure?
[yN]" (on a terminal) and one answer read from stdin, "y" or "yes" going ahead; no answer (stdin
closed or not a terminal with nothing to read) is "no": nothing is removed, exit 0. Nothing to
remove: "No stopped containers" on stderr, exit 0. Unlike Compose, `rm -s` asks before it stops
anything (Compose stops first, then asks).
"""

from __future__ import annotations

import sys

from figlet.cli import _lifecycle
from figlet.cli._context import CommandContext
from figlet.plan import Action, Plan
from figlet.planner import LifecycleOptions


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    force: bool = False,
    stop: bool = False,
    volumes: bool = False,
    dry_run: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Remove the stopped containers of the services (-s: the running ones too, stopped
    first; -v: their anonymous volumes)."""
    options = LifecycleOptions(services=tuple(services or ()), volumes=volumes, stop=stop)
    project, plan = _lifecycle.prepare(cli, "rm", options, progress=progress)
    names = _removed(plan)
    if not names:
        sys.stderr.write("No stopped containers\n")
        return
    if dry_run:
        _lifecycle.act(cli, project, plan, dry_run=True)
        return
    if not force and not _confirmed(names):
        return
    if force:
        sys.stdout.write(f"Going to remove {', '.join(names)}\n")
        sys.stdout.flush()
    _lifecycle.act(cli, project, plan, parallel=parallel, progress=progress)


def _removed(plan: Plan) -> list[str]:
    return [op.target for op in plan.operations if op.action is Action.REMOVE]


def _confirmed(names: list[str]) -> bool:
    """Ask on stdout, read one answer from stdin; no answer is no."""
    question = f"Going to remove {', '.join(names)}"
    interactive = sys.stdin is not None and sys.stdin.isatty()
    sys.stdout.write(question + (" Are you sure? [yN] " if interactive else "\n"))
    sys.stdout.flush()
    try:
        answer = sys.stdin.readline() if sys.stdin is not None else ""
    except (OSError, ValueError):  # stdin closed or unreadable: no answer
        answer = ""
    return answer.strip().lower() in ("y", "yes")
