"""`figlet events`: the engine's container events for the project, as `docker compose
events` prints them, until Ctrl-C.

The declaration; the body is `figlet.cli._events.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Print the project's container events as they happen."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)
    parser.add_argument("--json", dest="as_json", action="store_true", help="One JSON per line.")


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _events

    _events.run(cli, **options)
