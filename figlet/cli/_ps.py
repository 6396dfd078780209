"""The body of `figlet ps` (declared in `cmd_ps`)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from figlet.cli._context import CommandContext
from figlet.errors import Problem
from figlet.labels import PROJECT

if TYPE_CHECKING:
    from figlet.observe.state import ObservedContainer

FORMATS = ("table", "json")
STATES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    all_: bool = False,
    quiet: bool = False,
    service_names: bool = False,
    status: list[str] | None = None,
    filters: list[str] | None = None,
    fmt: str = "table",
    swarm: bool = False,
) -> None:
    """List containers: name, image, service, status, ports; with `swarm`, the stack's
    services and tasks."""
    from figlet import api
    from figlet.cli._arguments import USAGE, check_services
    from figlet.cli._report import echo
    from figlet.errors import FigletError

    if swarm:
        return _swarm(cli, services or [], fmt, quiet)

    problems = []
    status = list(status or ())
    for given in filters or ():
        key, sep, value = given.partition("=")
        if key != "status" or not sep:
            problems.append(Problem(f'--filter "{given}": expected status=STATE'))
        else:
            status.append(value)
    if fmt not in FORMATS and "{{" not in fmt:
        problems.append(
            Problem(f'--format "{fmt}": expected table, json or a template like {{{{.Name}}}}')
        )
    elif "{{" in fmt:
        problems += template_problems(fmt)
    for state in status:
        if state not in STATES:
            problems.append(Problem(f'--status "{state}": expected one of {", ".join(STATES)}'))
    if problems:
        raise FigletError(problems, exit_code=USAGE)
    project, name = cli.load_or_name()
    if project is not None and services:
        check_services(project, services)
    engine = cli.engine()
    containers = api.ps(engine, name, all=all_ or bool(status))
    if services:
        containers = [c for c in containers if c.service in services]
    if status:
        containers = [c for c in containers if c.state in status]
    if quiet:
        for container in containers:
            echo(container.id)
    elif service_names:
        for service in dict.fromkeys(c.service for c in containers):
            echo(service)
    elif fmt == "json":
        echo(json.dumps([as_json(c) for c in containers], indent=2))
    elif "{{" in fmt:
        for container in containers:
            echo(render(fmt, as_json(container)))
    else:
        echo(table(containers))


def _swarm(cli: CommandContext, services: list[str], fmt: str, quiet: bool) -> None:
    from dataclasses import replace

    from figlet import api
    from figlet.cli import _ps_swarm
    from figlet.cli._arguments import USAGE
    from figlet.cli._report import echo
    from figlet.errors import FigletError

    if fmt not in FORMATS:
        raise FigletError(
            Problem(f'--format "{fmt}" with --swarm: expected table or json'), exit_code=USAGE
        )
    _, name = cli.load_or_name()
    stack, nodes = api.swarm_ps(cli.engine(), name)
    if services:
        wanted = {f"{name}_{service}" for service in services} | set(services)
        stack = replace(stack, services=tuple(s for s in stack.services if s.name in wanted))
    if quiet:
        for service in stack.services:
            echo(service.record.id)
    elif fmt == "json":
        echo(_ps_swarm.as_json(stack, nodes))
    elif not stack.services:
        echo(f"{name}: no service on the swarm")
    else:
        echo(_ps_swarm.table(stack, nodes))


_FIELD = r"\{\{\s*\.(\w+)\s*\}\}"  # {{.Name}}, {{ .State }}


def template_problems(template: str) -> list[Problem]:
    """A problem for each field of `template` that `ps` does not know."""
    import re

    from figlet.cli.cmd_ps import FIELDS

    return [
        Problem(f'--format: no field "{name}"', hint="fields: " + ", ".join(FIELDS))
        for name in re.findall(_FIELD, template)
        if name not in FIELDS
    ]


def render(template: str, fields: dict[str, object]) -> str:
    """`template` with each {{.Field}} replaced by the container's field; "\\t" as a tab."""
    import re

    def value(match: re.Match[str]) -> str:
        found = fields[match.group(1)]
        return "" if found is None else str(found)

    return re.sub(_FIELD, value, template.replace("\\t", "\t"))


def status_text(container: ObservedContainer) -> str:
    if container.status:
        return container.status
    text = container.state
    if container.state == "exited" and container.exit_code is not None:
        text = f"exited ({container.exit_code})"
    if container.health and container.running:
        text += f" ({container.health})"
    return text


def as_json(container: ObservedContainer) -> dict[str, object]:
    return {
        "ID": container.id,
        "Name": container.name,
        "Service": container.service,
        "Number": container.number,
        "Image": container.image,
        "State": container.state,
        "Status": status_text(container),
        "Health": container.health or "",
        "ExitCode": container.exit_code,
        "Ports": ", ".join(container.ports),
        "Publishers": list(container.ports),
        "Names": container.name,
        "Project": container.labels.get(PROJECT, ""),
        "Command": container.command,
    }


def table(containers: list[ObservedContainer]) -> str:
    """Columns NAME IMAGE SERVICE STATUS PORTS, padded to the widest cell."""
    rows = [("NAME", "IMAGE", "SERVICE", "STATUS", "PORTS")]
    rows += [(c.name, c.image, c.service, status_text(c), ", ".join(c.ports)) for c in containers]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
        lines.append("   ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)
