"""`figlet port`: the host address a container's port is published on, as `docker compose port`.

The declaration; the body is `figlet.cli._port.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Print the host address a container port is published on."


def declare(parser: ArgumentParser) -> None:
    parser.add_argument("service", metavar="SERVICE")
    parser.add_argument("private_port", metavar="PRIVATE_PORT", type=int)
    parser.add_argument("--protocol", default="tcp", choices=("tcp", "udp", "sctp"))
    opt.index(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _port

    _port.run(cli, **options)
