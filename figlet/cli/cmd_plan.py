"""`figlet plan`: show what `up` would do, and why, without changing anything.

The declaration (the options it shares with `up` are declared once in `figlet.cli._options`);
the body and its checks are `figlet.cli._plan.run`, whose keywords are the `dest`s here.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Show what `up` would change, and why; change nothing."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)
    opt.scale(parser)
    opt.no_deps(parser, help="Don't include the services' dependencies.")
    opt.recreate(parser)
    opt.build(parser)
    opt.pull(parser)
    opt.plan_format(parser, help="text or json.")
    parser.add_argument(
        "--operations", action="store_true", help="Text: also list each operation and its order."
    )
    opt.swarm(parser, help="What `deploy` would change on the swarm, and why.")


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _plan

    _plan.run(cli, **options)
