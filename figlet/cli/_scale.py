"""The body of `figlet scale` (declared in `cmd_scale`)."""

from __future__ import annotations

import sys

from figlet.cli._context import CommandContext


def run(
    cli: CommandContext,
    *,
    targets: list[str],
    timeout: int | None = None,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Scale services (dependencies are left as they are)."""
    from figlet import api
    from figlet.cli._arguments import check_services, parse_scale
    from figlet.cli._progress import progress_display
    from figlet.display import resolve_mode
    from figlet.options import RunSettings
    from figlet.planner import UpOptions

    resolve_mode(progress, sys.stderr)
    scales = parse_scale(targets, flag="scale")
    project = cli.load()
    check_services(project, scales)
    options = UpOptions(services=tuple(scales), no_deps=True, scale=scales)
    engine = cli.engine()
    with progress_display(progress, title="Scaling") as sink:
        result = api.up(
            project,
            engine,
            options,
            events=sink,
            parallel=parallel,
            settings=RunSettings(stop_timeout=timeout),
        )
    if result.plan.empty:
        wanted = ", ".join(f"{name}={count}" for name, count in scales.items())
        sys.stderr.write(f"{project.name}: already at {wanted}\n")
