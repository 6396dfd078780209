"""`figlet deploy`: the project as a stack of Docker Swarm services (the engine must be a swarm
manager).

The declaration; the body is `figlet.cli._deploy.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Deploy the project to a Docker Swarm as a stack (in dependency order)."


def declare(parser: ArgumentParser) -> None:
    opt.dry_run(parser)
    opt.wait(parser, help="Wait until every service's tasks have converged.")
    opt.swarm_timeout(parser)
    parser.add_argument(
        "--prune", action="store_true", help="Remove the stack's services no longer in the file."
    )
    opt.plan_format(parser, help="text or json (the plan).")
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _deploy

    _deploy.run(cli, **options)
