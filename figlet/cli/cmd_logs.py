"""`figlet logs`: the output of the project's containers (replicas included), each line
behind its container's prefix, as `docker compose logs` prints it.

The declaration; the body is `figlet.cli._logs.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Show the output of the project's containers."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)
    add = parser.add_argument
    add("-f", "--follow", action="store_true", help="Follow the output (new containers too).")
    add("-n", "--tail", default="all", metavar="N", help='Last N lines of each log, or "all".')
    add("--since", metavar="TIME", help="Logs since a time (2026-01-02T15:04:05Z) or ago (42m).")
    add("--until", metavar="TIME", help="Logs before a time (2026-01-02T15:04:05Z) or ago (42m).")
    opt.log_lines(parser, short_timestamps=True)
    opt.index(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _logs

    _logs.run(cli, **options)
