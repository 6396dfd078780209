"""`figlet wait`: block until the services' containers stop, as `docker compose wait`.

The declaration; the body is `figlet.cli._wait.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli._context import CommandContext

HELP = "Wait for the services' containers to stop; exit with the first one's code."


def declare(parser: ArgumentParser) -> None:
    parser.add_argument("services", nargs="+", metavar="SERVICE", help="Services to wait for.")
    parser.add_argument(
        "--down-project", action="store_true", help="Take the project down after the first stop."
    )


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _wait

    _wait.run(cli, **options)
