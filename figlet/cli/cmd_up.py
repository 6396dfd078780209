"""`figlet up`: create and start the project's containers (attached unless -d)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, cast

import typer

from figlet.cli import _options as opt
from figlet.cli.app import load_options

if TYPE_CHECKING:
    from figlet.engine.base import Engine
    from figlet.executor._images import PullPolicy
    from figlet.model import Project

PULL_CHOICES = ("always", "missing", "never")  # as figlet.executor._images.PULL_POLICIES


def register(app: typer.Typer) -> None:
    app.command("up", help="Create and start containers.")(up_command)


def up_command(
    ctx: typer.Context,
    services: opt.Services = None,
    detach: Annotated[bool, typer.Option("--detach", "-d", help="Run in the background.")] = False,
    scale: opt.Scale = None,
    no_deps: Annotated[
        bool, typer.Option("--no-deps", help="Don't start linked services.")
    ] = False,
    force_recreate: opt.ForceRecreate = False,
    no_recreate: opt.NoRecreate = False,
    no_start: opt.NoStart = False,
    remove_orphans: opt.RemoveOrphans = False,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait until running/healthy (implies -d).")
    ] = False,
    wait_timeout: Annotated[
        int | None, typer.Option("--wait-timeout", help="Seconds to wait for --wait.")
    ] = None,
    abort_on_container_exit: Annotated[
        bool,
        typer.Option("--abort-on-container-exit", help="Stop all when one container stops."),
    ] = False,
    exit_code_from: Annotated[
        str | None,
        typer.Option("--exit-code-from", help="Exit with this service's exit code."),
    ] = None,
    build: Annotated[
        bool | None, typer.Option("--build/--no-build", help="Build images first / never.")
    ] = None,
    pull: Annotated[
        str | None,
        typer.Option(
            "--pull",
            help="Pull images: always, missing, never. Default: $FIGLET_PULL when set, else "
            "each service's pull_policy (missing).",
        ),
    ] = None,
    timeout: opt.Timeout = None,
    dry_run: opt.DryRun = False,
    parallel: opt.Parallel = None,
    progress: opt.Progress = "auto",
) -> None:
    """Create and start containers."""
    from figlet import api
    from figlet.cli import _lifecycle
    from figlet.display import resolve_mode
    from figlet.errors import FigletError, Problem
    from figlet.executor import RunSettings
    from figlet.executor._images import pull_policy_from_env
    from figlet.planner import UpOptions

    problems: list[Problem] = []
    if pull is not None and pull not in PULL_CHOICES:
        problems.append(Problem(f'--pull "{pull}": expected one of {", ".join(PULL_CHOICES)}'))
    if pull is None:
        pull = pull_policy_from_env(os.environ)
    if exit_code_from:
        abort_on_container_exit = True
    if (detach or wait) and abort_on_container_exit:
        problems.append(
            Problem("-d/--wait and --abort-on-container-exit/--exit-code-from are incompatible")
        )
    if parallel is not None and parallel < 1:
        problems.append(Problem("--parallel must be 1 or more"))
    resolve_mode(progress, sys.stderr)
    if problems:
        raise FigletError(problems, exit_code=2)
    selected = tuple(services or ())
    scales = _lifecycle.parse_scale(scale or ())
    project = _lifecycle.load(load_options(ctx))
    _lifecycle.check_services(
        project, [*selected, *scales, *([exit_code_from] if exit_code_from else [])]
    )
    options = UpOptions(
        services=selected,
        no_deps=no_deps,
        force_recreate=force_recreate,
        no_recreate=no_recreate,
        no_start=no_start,
        remove_orphans=remove_orphans,
        scale=scales,
    )
    engine = _lifecycle.connect()
    with _lifecycle.progress("quiet" if dry_run else progress, title="Running") as sink:
        result = api.up(
            project,
            engine,
            options,
            events=sink,
            parallel=parallel,
            settings=RunSettings(stop_timeout=timeout),
            build=build,
            pull=cast("PullPolicy | None", pull),
            wait=wait,
            wait_timeout=float(wait_timeout) if wait_timeout is not None else None,
            dry_run=dry_run,
        )
    if _lifecycle.report_plan(result.plan, "up", dry_run=dry_run):
        return
    if result.plan.empty:
        count = len(result.plan.unchanged)
        sys.stderr.write(
            f"{project.name}: nothing to change, {count} container"
            f"{'' if count == 1 else 's'} up to date\n"
        )
    if detach or wait or no_start:
        return
    _attached(
        engine,
        project,
        api.selected_services(project, selected, no_deps=no_deps),
        abort_on_exit=abort_on_container_exit,
        exit_code_from=exit_code_from,
        timeout=timeout,
        progress=progress,
    )


def _attached(
    engine: Engine,
    project: Project,
    services: list[str],
    *,
    abort_on_exit: bool,
    exit_code_from: str | None,
    timeout: int | None,
    progress: str,
) -> None:
    """Follow the selected services' output; exit with the code `attach` decides."""
    from figlet.cli import _lifecycle
    from figlet.cli._attach import attach

    wanted = set(services)
    containers = [
        c for c in engine.list_containers(project.name) if c.service in wanted and not c.oneoff
    ]
    containers.sort(key=lambda c: (c.service, c.number))
    with _lifecycle.progress("plain" if progress in ("auto", "tty") else progress) as sink:
        result = attach(
            engine,
            containers,
            project_name=project.name,
            events=sink,
            abort_on_exit=abort_on_exit,
            exit_code_from=exit_code_from,
            stop_timeout=timeout,
        )
    if result.exit_code:
        raise typer.Exit(result.exit_code)
