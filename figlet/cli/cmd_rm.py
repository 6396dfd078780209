"""`figlet rm`: remove stopped service containers (asks first, unless -f).

The declaration; the body is `figlet.cli._rm.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Remove stopped service containers."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)
    parser.add_argument(
        "-f", "--force", action="store_true", help="Don't ask to confirm the removal."
    )
    parser.add_argument(
        "-s", "--stop", action="store_true", help="Stop the containers first, if needed."
    )
    parser.add_argument(
        "-v", "--volumes", action="store_true", help="Remove their anonymous volumes too."
    )
    opt.dry_run(parser)
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _rm

    _rm.run(cli, **options)
