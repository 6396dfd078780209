"""`figlet cp SERVICE:SRC DEST` / `figlet cp SRC SERVICE:DEST`: copy files and directories
between a service's container and the local filesystem.

The declaration; the body is `figlet.cli._cp.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli._context import CommandContext

HELP = "Copy files/folders between a service container and the local filesystem."


def declare(parser: ArgumentParser) -> None:
    add = parser.add_argument
    add(
        "--all",
        action="store_true",
        help="Include containers created by the run command.",
    )
    add("-a", "--archive", action="store_true", help="Archive mode (copy all uid/gid information).")
    add("-L", "--follow-link", action="store_true", help="Always follow symbol link in SRC_PATH.")
    add(
        "--index",
        type=int,
        default=None,
        metavar="N",
        help="Which replica (default: the first from a service, every one into it).",
    )
    add("source", metavar="SRC_PATH", help="SERVICE:SRC_PATH, a local path, or - (tar on stdin).")
    add("destination", metavar="DEST_PATH", help="SERVICE:DEST_PATH, a local path, or - (stdout).")


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _cp

    _cp.run(cli, **options)
