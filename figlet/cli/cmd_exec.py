"""`figlet exec SERVICE COMMAND...`: run a command in a running container of a service.

The declaration; the body is `figlet.cli._exec.run`, whose keywords are the `dest`s here.
Options end at SERVICE: what follows is the command, as it is."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Run a command in a running container of a service."
INTERMIXED = False


def declare(parser: ArgumentParser) -> None:
    add = parser.add_argument
    opt.detach(parser, help="Run the command in the background.")
    add("--privileged", action="store_true", help="Give the command extended privileges.")
    opt.user(parser)
    opt.no_tty(parser)
    add("--index", type=int, default=1, metavar="N", help="Which replica (default: 1).")
    opt.environment(parser)
    opt.workdir(parser)
    opt.service_and_command(parser, "The service whose container runs the command.")


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _exec

    _exec.run(cli, **options)
