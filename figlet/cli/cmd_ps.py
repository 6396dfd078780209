"""`figlet ps`: the project's containers, one line each (replicas included).

The declaration; the body is `figlet.cli._ps.run`, whose keywords are the `dest`s here."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from figlet.cli import _options as opt
from figlet.cli._context import CommandContext

# the fields of a --format template (see figlet.cli._ps.as_json)
FIELDS = (
    "ID",
    "Name",
    "Names",
    "Project",
    "Service",
    "Number",
    "Image",
    "Command",
    "State",
    "Status",
    "Health",
    "ExitCode",
    "Ports",
)

HELP = "List the project's containers: name, image, service, status, ports."


def declare(parser: ArgumentParser) -> None:
    opt.services(parser, help="Only these services.")
    parser.add_argument(
        "-a", "--all", dest="all_", action="store_true", help="Include stopped containers."
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="Only container ids.")
    parser.add_argument(
        "--services", dest="service_names", action="store_true", help="Only service names."
    )
    parser.add_argument(
        "--status", action="append", metavar="STATE", help="Filter by state (repeatable)."
    )
    parser.add_argument(
        "--filter",
        dest="filters",
        action="append",
        metavar="KEY=VALUE",
        help="Filter, as Compose: status=running|exited|... (repeatable).",
    )
    parser.add_argument(
        "--format",
        dest="fmt",
        default="table",
        metavar="FORMAT",
        help="table, json, or a template of {{.Field}}s: " + ", ".join(FIELDS) + ".",
    )
    opt.swarm(parser, help="The project's Swarm stack: services and their tasks (table, json).")


def run(cli: CommandContext, options: dict[str, Any]) -> None:
    from figlet.cli import _ps

    _ps.run(cli, **options)
