"""`figlet start`: start the existing containers of services (and of their dependencies).

The declaration; the body is `figlet.cli._lifecycle.run`, which takes each `dest` here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Start the existing containers of services (and of their dependencies)."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)
    opt.dry_run(parser)
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _lifecycle

    _lifecycle.run(cli, "start", **options)
