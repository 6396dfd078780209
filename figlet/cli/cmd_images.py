"""`figlet images`: the images the project's containers use, as `docker compose images`.

The declaration; the body is `figlet.cli._images_list.run` (`BODY`: `_images` runs the
image plans of build and pull), whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "List the images the project's containers use."
BODY = "figlet.cli._images_list"


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="Only image ids.")
    parser.add_argument("--format", dest="fmt", default="table", choices=("table", "json"))


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _images_list

    _images_list.run(cli, **options)
