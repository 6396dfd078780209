"""`figlet attach`: a running container's output (and, from a terminal, its input), as
`docker compose attach`.

The declaration; the body is `figlet.cli._attach_container.run` (`BODY`: `_attach` is
attached `up`'s), whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser, BooleanOptionalAction
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Attach to a service's running container: its output, and input from a terminal."
BODY = "figlet.cli._attach_container"


def declare(parser: ArgumentParser) -> None:
    parser.add_argument("service", metavar="SERVICE")
    opt.index(parser)
    parser.add_argument("--no-stdin", action="store_true", help="Do not attach stdin.")
    parser.add_argument(
        "--sig-proxy",
        action=BooleanOptionalAction,
        default=True,
        help="Pass Ctrl-C (SIGINT) on to the container (default: yes).",
    )
    parser.add_argument(
        "--detach-keys", metavar="KEYS", help="Keys that detach (default ctrl-p,ctrl-q)."
    )


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _attach_container

    _attach_container.run(cli, **options)
