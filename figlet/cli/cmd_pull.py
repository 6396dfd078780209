"""`figlet pull`: pull the services' images (a plan of pull operations only).

The declaration; the body is `figlet.cli._pull.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Pull the services' images."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser, help="Services to pull (default: all).")
    parser.add_argument("-q", "--quiet", action="store_true", help="Print nothing but errors.")
    parser.add_argument(
        "--ignore-pull-failures",
        action="store_true",
        help="Pull what can be pulled; failures are warnings.",
    )
    parser.add_argument(
        "--policy", metavar="POLICY", help="missing (only absent images) or always."
    )
    parser.add_argument(
        "--include-deps", action="store_true", help="Also pull the services' dependencies."
    )
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _pull

    _pull.run(cli, **options)
