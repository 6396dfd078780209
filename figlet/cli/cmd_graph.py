"""`figlet graph`: the services' dependency graph (a tree, Graphviz dot or Mermaid).

The declaration; the body is `figlet.cli._graph.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli._context import CommandContext

HELP = "Show the services' dependency graph (tree, dot or mermaid)."


def declare(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--format", dest="fmt", default="tree", metavar="FORMAT", help="tree, dot or mermaid."
    )
    parser.add_argument(
        "--reduce",
        action="store_true",
        help="Drop dependencies also reached through another (transitive reduction).",
    )
    parser.add_argument(
        "--levels", action="store_true", help="Start-up levels instead: what can start together."
    )


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _graph

    _graph.run(cli, **options)
