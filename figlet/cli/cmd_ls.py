"""`figlet ls`: every compose project on the engine, as `docker compose ls`.

The declaration; the body is `figlet.cli._ls.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli._context import CommandContext

HELP = "List the compose projects on the engine."


def declare(parser: ArgumentParser) -> None:
    parser.add_argument(
        "-a", "--all", dest="all_", action="store_true", help="Stopped projects too."
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="Only project names.")
    parser.add_argument("--format", dest="fmt", default="table", choices=("table", "json"))


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _ls

    _ls.run(cli, **options)
