"""The body of `figlet scale`, free of typer (called by `cmd_scale` and the fast argv path)."""

from __future__ import annotations

import sys

from figlet.options import LoadOptions


def run(
    load: LoadOptions,
    *,
    targets: list[str],
    timeout: int | None = None,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Scale services (dependencies are left as they are)."""
    from figlet import api
    from figlet.cli import _lifecycle
    from figlet.display import resolve_mode
    from figlet.executor import RunSettings
    from figlet.planner import UpOptions

    resolve_mode(progress, sys.stderr)
    scales = _lifecycle.parse_scale(targets, flag="scale")
    project = _lifecycle.load(load)
    _lifecycle.check_services(project, scales)
    options = UpOptions(services=tuple(scales), no_deps=True, scale=scales)
    engine = _lifecycle.connect()
    with _lifecycle.progress(progress, title="Scaling") as sink:
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
