"""`figlet scale web=3 db=1`: Fig's own command, an `up -d` of those services at that scale
(their dependencies are left as they are).

The declaration; the body is `figlet.cli._scale.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Set the number of containers of services: SERVICE=NUM..."


def declare(parser: ArgumentParser) -> None:
    parser.add_argument("targets", nargs="+", metavar="SERVICE=NUM", help="e.g. web=3 db=1.")
    opt.timeout(parser)
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _scale

    _scale.run(cli, **options)
