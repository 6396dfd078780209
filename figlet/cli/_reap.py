"""The body of `figlet reap` (declared in `cmd_reap`).

Test stacks (the pytest plugin's, `figlet.testing.DockerCompose`'s) carry their owner process
as labels; a stack whose owner on this host no longer runs is stale. `reap` takes each down,
with its volumes unless the stack asked to keep them; `--dry-run` only names them.
"""

from __future__ import annotations

import sys

from figlet.cli._context import CommandContext


def run(cli: CommandContext, *, dry_run: bool = False) -> None:
    """Name (`dry_run`) or take down the stale test stacks, one line each on stdout."""
    from figlet.cli._report import echo
    from figlet.testing._reaper import reap, stale

    engine = cli.engine()
    names = stale(engine) if dry_run else reap(engine)
    if not names:
        sys.stderr.write("no stale test stacks\n")
        return
    verb = "stale" if dry_run else "taken down"
    for name in names:
        echo(f"{name}: {verb}")
