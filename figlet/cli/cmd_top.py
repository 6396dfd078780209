"""`figlet top`: the processes of the project's running containers, as `docker compose top`.

The declaration; the body is `figlet.cli._top.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Show the processes running in the project's containers."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _top

    _top.run(cli, **options)
