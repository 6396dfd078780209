"""`figlet push`: push the services' images to their registries.

The declaration; the body is `figlet.cli._push.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Push the services' images (those with `build:` and `image:`)."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser, help="Services to push (default: all).")
    parser.add_argument("-q", "--quiet", action="store_true", help="Print nothing but errors.")
    parser.add_argument(
        "--ignore-push-failures",
        action="store_true",
        help="Push what can be pushed; failures are warnings.",
    )


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _push

    _push.run(cli, **options)
