"""Which of the project's containers a reading command acts on: its services (checked
against the project when a compose file is found), one replica with `--index`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from figlet.cli._context import CommandContext
from figlet.errors import FigletError, Problem

if TYPE_CHECKING:
    from figlet.engine.base import Engine
    from figlet.observe.state import ObservedContainer


def select(
    cli: CommandContext,
    services: Sequence[str] | None,
    *,
    index: int | None = None,
    running: bool = False,
) -> tuple[str, Engine, list[ObservedContainer]]:
    """(project name, engine, its containers of `services` (all when empty), by service and
    number); only replica `index` of each with it; only the running ones with `running`."""
    from figlet import api
    from figlet.cli._arguments import check_services

    project, name = cli.load_or_name()
    if project is not None and services:
        check_services(project, services)
    engine = cli.engine()
    found = api.ps(engine, name, all=not running)
    if services:
        found = [c for c in found if c.service in services]
    if index is not None:
        found = [c for c in found if c.number == index]
    return name, engine, found


def only(
    containers: Sequence[ObservedContainer],
    service: str,
    index: int | None,
    what: str = "container",
) -> ObservedContainer:
    """The container of `service` a one-container command acts on: replica `index` (1 by
    default); a clear error when there is none."""
    number = 1 if index is None else index
    for container in containers:
        if container.service == service and container.number == number:
            return container
    if index is None:
        message = f'service "{service}" has no {what}'
    else:
        message = f'service "{service}" has no {what} #{number}'
    raise FigletError(Problem(message, hint="is the project up? `figlet ps -a` lists them"))


def unable(what: str, engine: object) -> FigletError:
    """The error of a command the engine cannot serve (an optional engine protocol)."""
    return FigletError(f"{what}: the engine ({type(engine).__name__}) cannot do this")


def select_running(
    engine: Engine, project: str, services: Sequence[str], index: int | None
) -> list[ObservedContainer]:
    """The project's running containers of `services` (all when empty), replica `index`."""
    from figlet import api

    found = api.ps(engine, project, all=False)
    return [
        c
        for c in found
        if (not services or c.service in services) and (index is None or c.number == index)
    ]
