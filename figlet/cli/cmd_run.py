"""`figlet run SERVICE [COMMAND...]`: a one-off container of a service (Fig's `fig run web
python manage.py migrate`), its dependencies started first.

The declaration; the body is `figlet.cli._run.run`, whose keywords are the `dest`s here.
Options end at SERVICE: what follows is the container's command, as it is."""

from __future__ import annotations

from argparse import ArgumentParser, BooleanOptionalAction
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Run a one-off command in a new container of a service."
INTERMIXED = False


def declare(parser: ArgumentParser) -> None:
    add = parser.add_argument
    opt.detach(parser, help="Run in the background, print its name.")
    add("--rm", action="store_true", help="Remove the container when it exits.")
    add("--name", metavar="NAME", help="The container's name.")
    add("--entrypoint", metavar="CMD", help="Override the image's entrypoint.")
    opt.environment(parser)
    add("-l", "--label", action="append", metavar="KEY=VAL", help="Add a label (repeatable).")
    opt.workdir(parser)
    opt.user(parser)
    add("-v", "--volume", action="append", metavar="SRC:DST", help="Bind a volume (repeatable).")
    add("-p", "--publish", action="append", metavar="PORTS", help="Publish a port (repeatable).")
    add("--service-ports", action="store_true", help="Publish the service's ports.")
    opt.no_deps(parser, help="Don't start linked services.")
    opt.no_tty(parser)
    add(
        "-i",
        "--interactive",
        action=BooleanOptionalAction,
        default=True,
        help="Keep stdin open (default: on).",
    )
    opt.build(parser)
    opt.pull(parser)
    opt.service_and_command(parser, "The service whose container to run.")


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _run

    _run.run(cli, **options)
