"""`figlet up`: create and start the project's containers (attached unless -d).

The declaration; the body is `figlet.cli._up.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

HELP = "Create and start containers."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser)
    opt.detach(parser, help="Run in the background.")
    opt.scale(parser)
    opt.no_deps(parser, help="Don't start linked services.")
    opt.recreate(parser)
    opt.wait(parser, help="Wait until running/healthy (implies -d).")
    parser.add_argument(
        "--wait-timeout", type=int, metavar="SECONDS", help="Seconds to wait for --wait."
    )
    parser.add_argument(
        "--abort-on-container-exit",
        action="store_true",
        help="Stop all when one container stops.",
    )
    parser.add_argument(
        "--exit-code-from", metavar="SERVICE", help="Exit with this service's exit code."
    )
    parser.add_argument(
        "-V",
        "--renew-anon-volumes",
        action="store_true",
        help="Recreate anonymous volumes instead of reusing the previous containers' data.",
    )
    parser.add_argument(
        "--always-recreate-deps",
        action="store_true",
        help="Recreate the containers the services depend on.",
    )
    parser.add_argument(
        "--attach",
        action="append",
        metavar="SERVICE",
        help="Show only this service's output (repeatable).",
    )
    parser.add_argument(
        "--no-attach",
        action="append",
        metavar="SERVICE",
        help="Don't show this service's output (repeatable).",
    )
    opt.log_lines(parser, short_timestamps=False)
    opt.build(parser)
    opt.pull(parser)
    parser.add_argument(
        "--quiet-pull", action="store_true", help="Pull without showing the pulls' progress."
    )
    opt.timeout(parser)
    opt.dry_run(parser)
    opt.parallel(parser)
    opt.progress(parser)


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _up

    _up.run(cli, **options)
