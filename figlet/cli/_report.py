"""What commands print as their result (stdout) and the warnings that go with it (stderr)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from figlet.plan import Plan


def echo(text: str) -> None:
    """A line on stdout, flushed."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def report_plan(plan: Plan, command: str, *, dry_run: bool) -> bool:
    """After `up`/`down`: the plan on stdout for a dry run, else the orphan warning. True when
    the command is done (a dry run)."""
    if dry_run:
        from figlet.planner import render_plan

        sys.stdout.write(render_plan(plan, "text") + "\n")
        return True
    warn_orphans(plan, command)
    return False


def warn_orphans(plan: Plan, command: str) -> None:
    """Say which orphan containers were kept, and how to remove them."""
    if not plan.orphans:
        return
    names = ", ".join(orphan.name for orphan in plan.orphans)
    count = len(plan.orphans)
    sys.stderr.write(
        f"warning: {count} orphan container{'' if count == 1 else 's'} kept ({names}): "
        f"their services are no longer in the project; `figlet {command} --remove-orphans` "
        "removes them\n"
    )
