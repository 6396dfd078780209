"""`figlet version`: the version, as `docker compose version` prints it (`--short`: the number)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from figlet._version import __version__
from figlet.cli._context import CommandContext

HELP = "Show the version."


def declare(parser: ArgumentParser) -> None:
    parser.add_argument("--short", action="store_true", help="Print the number only.")


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    sys.stdout.write(f"{__version__}\n" if options["short"] else f"figlet version {__version__}\n")
