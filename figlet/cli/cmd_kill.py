"""`figlet kill`: send a signal (default SIGKILL) to the running containers of services.

The declaration; the body is `figlet.cli._lifecycle.run`, which takes each `dest` here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Force stop service containers (send them a signal, SIGKILL by default)."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)
    parser.add_argument(
        "-s",
        "--signal",
        default="SIGKILL",
        metavar="SIGNAL",
        help="Signal to send: a name (SIGTERM, TERM) or a number. Default SIGKILL.",
    )
    opt.remove_orphans(parser)
    opt.dry_run(parser)
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _lifecycle

    _lifecycle.run(cli, "kill", **options)
