"""`figlet build`: build the services' images (a plan of build operations only).

The declaration; the body is `figlet.cli._build.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Build the services' images."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser, help="Services to build (default: every one with `build:`).")
    parser.add_argument("--no-cache", action="store_true", help="Do not use the build cache.")
    parser.add_argument("--pull", action="store_true", help="Always try to pull newer base images.")
    parser.add_argument("-q", "--quiet", action="store_true", help="Print nothing but errors.")
    parser.add_argument(
        "--build-arg",
        action="append",
        metavar="KEY=VAL",
        help="Set a build argument (repeatable; KEY alone takes it from the environment).",
    )
    parser.add_argument(
        "--with-dependencies",
        action="store_true",
        help="Also build the services' dependencies.",
    )
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _build

    _build.run(cli, **options)
