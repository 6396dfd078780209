"""`figlet restart`: restart service containers.

The declaration; the body is `figlet.cli._lifecycle.run`, which takes each `dest` here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Restart service containers."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)
    opt.timeout(parser)
    opt.no_deps(
        parser, help="Don't restart dependent services (only the named ones are restarted anyway)."
    )
    opt.dry_run(parser)
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _lifecycle

    _lifecycle.run(cli, "restart", **options)
