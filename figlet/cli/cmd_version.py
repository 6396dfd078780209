"""`figlet version`: the version, as `docker compose version` prints it (`--short`: the number).

Light on purpose (nothing imported at run time but the version): `figlet.cli.entry` answers the
plain version lines with `text` before the command line is loaded."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from figlet._version import __version__

if TYPE_CHECKING:
    from argparse import ArgumentParser

    from figlet.cli._context import CommandContext

HELP = "Show the version."


def text(short: bool = False) -> str:
    """The version line (without its newline)."""
    return __version__ if short else f"figlet version {__version__}"


def declare(parser: ArgumentParser) -> None:
    parser.add_argument("--short", action="store_true", help="Print the number only.")
    parser.add_argument(
        "-f",
        "--format",
        dest="fmt",
        default="pretty",
        choices=("pretty", "json"),
        help='pretty, or json: {"version": "..."} as Compose prints it.',
    )


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    if options["fmt"] == "json":
        import json

        sys.stdout.write(json.dumps({"version": text(short=True)}, separators=(",", ":")) + "\n")
        return
    sys.stdout.write(text(options["short"]) + "\n")
