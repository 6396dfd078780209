"""`figlet create`: create the containers of services without starting them (`up --no-start`).

The declaration; the body is `figlet.cli._create.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Create containers for services (not started)."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)
    opt.scale(parser)
    opt.recreate_policy(parser)
    opt.remove_orphans(parser)
    opt.build(parser)
    opt.pull(parser)
    opt.dry_run(parser)
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _create

    _create.run(cli, **options)
