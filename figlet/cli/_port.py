"""The body of `figlet port` (declared in `cmd_port`)."""

from __future__ import annotations

from figlet.cli._context import CommandContext
from figlet.errors import FigletError, Problem


def run(
    cli: CommandContext,
    *,
    service: str,
    private_port: int,
    protocol: str = "tcp",
    index: int | None = None,
) -> None:
    """Print `host:port` that `private_port/protocol` of the service's container is on."""
    from figlet.cli._report import echo
    from figlet.cli._selection import only, select

    _, _, containers = select(cli, [service])
    container = only(containers, service, index)
    wanted = f"{private_port}/{protocol}"
    for entry in container.ports:
        host, arrow, inside = entry.partition("->")
        if arrow and inside == wanted:
            echo(host)
            return
    published = ", ".join(container.ports) or "none"
    raise FigletError(
        Problem(
            f"no port {wanted} published by container {container.name} (its ports: {published})",
            hint=f'publish it with `ports: ["{private_port}"]` in service "{service}"',
        )
    )
