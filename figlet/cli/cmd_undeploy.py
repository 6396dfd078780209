"""`figlet undeploy`: remove the project's stack from the swarm (services, then networks,
secrets and configs; named volumes stay).

The declaration; the body is `figlet.cli._undeploy.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Remove the project's stack from the swarm (named volumes stay)."


def declare(parser: ArgumentParser) -> None:
    opt.dry_run(parser)
    opt.wait(parser, help="Wait until the stack's tasks and containers are gone.")
    opt.swarm_timeout(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _undeploy

    _undeploy.run(cli, **options)
