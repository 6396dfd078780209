"""`figlet reap`: take down the test stacks whose owner process is gone.

The declaration; the body is `figlet.cli._reap.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Take down test stacks left by processes that are gone (killed pytest runs)."


def declare(parser: ArgumentParser) -> None:
    opt.dry_run(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _reap

    _reap.run(cli, **options)
