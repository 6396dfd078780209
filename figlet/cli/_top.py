"""The body of `figlet top` (declared in `cmd_top`)."""

from __future__ import annotations

from figlet.cli._context import CommandContext


def run(cli: CommandContext, *, services: list[str] | None = None) -> None:
    """Each running container's processes, as Compose prints them: SERVICE # then ps' columns."""
    from figlet.cli._columns import columns
    from figlet.cli._report import echo
    from figlet.cli._selection import select, unable
    from figlet.engine.base import ContainerInspector

    _, engine, containers = select(cli, services, running=True)
    if not isinstance(engine, ContainerInspector):
        raise unable("figlet top", engine)
    rows: list[tuple[str, ...]] = []
    titles: tuple[str, ...] = ()
    for container in containers:
        titles, processes = engine.top(container.id)
        rows += [(container.service, str(container.number), *row) for row in processes]
    if rows:
        echo(columns([("SERVICE", "#", *titles), *rows], gap=2))
