"""`figlet down`: stop and remove the project's containers and networks (volumes with -v).

The declaration; the body is `figlet.cli._down.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Stop and remove containers, networks (and volumes with -v)."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser, help="Only these services' containers (default: the whole project).")
    parser.add_argument(
        "-v", "--volumes", action="store_true", help="Also remove named and anonymous volumes."
    )
    parser.add_argument("--rmi", metavar="WHICH", help="Remove images: local or all.")
    opt.remove_orphans(parser)
    opt.timeout(parser)
    opt.dry_run(parser)
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _down

    _down.run(cli, **options)
