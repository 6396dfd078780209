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
    add("-t", "--timestamps", action="store_true", help="Show the engine's timestamps.")
    add("--since", metavar="TIME", help="Logs since a time (2026-01-02T15:04:05Z) or ago (42m).")
    add("--until", metavar="TIME", help="Logs before a time (2026-01-02T15:04:05Z) or ago (42m).")
    add("--no-color", action="store_true", help="No colored prefixes.")
    add("--no-log-prefix", action="store_true", help="No container name in front of each line.")
    opt.index(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _logs

    _logs.run(cli, **options)
