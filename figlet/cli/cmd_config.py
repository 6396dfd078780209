"""`figlet config`: validate the compose files and print the canonical model.

The declaration; the body is `figlet.cli._config.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli._context import CommandContext

HELP = "Validate the compose files and print the canonical model."


def declare(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--format", dest="fmt", choices=("yaml", "json"), default="yaml", help="Output format."
    )
    parser.add_argument("--services", action="store_true", help="Print the service names.")
    parser.add_argument("--volumes", action="store_true", help="Print the volume names.")
    parser.add_argument("--networks", action="store_true", help="Print the network names.")
    parser.add_argument("--profiles", action="store_true", help="Print the profile names.")
    parser.add_argument("--images", action="store_true", help="Print the image names.")
    parser.add_argument(
        "--hash",
        dest="hash_",
        metavar="SERVICES",
        help='Print the config hash of services ("*" for all).',
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="Only validate; print nothing.")
    parser.add_argument(
        "--no-interpolate", action="store_true", help="Do not interpolate variables."
    )
    parser.add_argument(
        "--environment",
        action="store_true",
        help="Print the interpolated variables and where each came from.",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="Write the output to this file.")
    parser.add_argument(
        "--hide-secrets",
        action="store_true",
        help="Show sensitive environment values (passwords, tokens, keys) as (hidden).",
    )


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _config

    _config.run(cli, **options)
