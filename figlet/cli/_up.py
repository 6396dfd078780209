"""The body of `figlet up` (declared in `cmd_up`)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from figlet.cli._context import CommandContext

if TYPE_CHECKING:
    from figlet.engine.base import Engine
    from figlet.events import Event, EventSink
    from figlet.model import Project


@dataclass(frozen=True)
class Look:
    """How attached output looks: `color` None (on a terminal) or False (--no-color),
    `prefix` (False: --no-log-prefix), `timestamps` (--timestamps)."""

    color: bool | None = None
    prefix: bool = True
    timestamps: bool = False


class WithoutPulls:
    """A sink that passes on everything but the progress of image pulls (--quiet-pull); a
    failed pull is still shown."""

    def __init__(self, sink: EventSink) -> None:
        self._sink = sink

    def emit(self, event: Event) -> None:
        from figlet.events import OperationFailed
        from figlet.plan import Action

        action = getattr(event, "action", None)
        if action is Action.PULL_IMAGE and not isinstance(event, OperationFailed):
            return
        self._sink.emit(event)

    def close(self) -> None:
        self._sink.close()


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    detach: bool = False,
    scale: list[str] | None = None,
    no_deps: bool = False,
    force_recreate: bool = False,
    no_recreate: bool = False,
    no_start: bool = False,
    remove_orphans: bool = False,
    wait: bool = False,
    wait_timeout: int | None = None,
    abort_on_container_exit: bool = False,
    exit_code_from: str | None = None,
    renew_anon_volumes: bool = False,
    always_recreate_deps: bool = False,
    attach: list[str] | None = None,
    no_attach: list[str] | None = None,
    no_color: bool = False,
    no_log_prefix: bool = False,
    timestamps: bool = False,
    build: bool | None = None,
    pull: str | None = None,
    quiet_pull: bool = False,
    timeout: int | None = None,
    dry_run: bool = False,
    parallel: int | None = None,
    progress: str = "auto",
) -> None:
    """Create and start containers; attached (no -d), follow the output of the selected
    services (--attach / --no-attach narrow it)."""
    from figlet import api
    from figlet.cli._arguments import USAGE, check_services, parse_scale
    from figlet.cli._progress import progress_display
    from figlet.cli._report import report_plan
    from figlet.display import resolve_mode
    from figlet.errors import FigletError, Problem
    from figlet.options import RunSettings
    from figlet.planner import UpOptions
    from figlet.planner.options import PULL_POLICIES

    problems: list[Problem] = []
    if pull is not None and pull not in PULL_POLICIES:
        problems.append(Problem(f'--pull "{pull}": expected one of {", ".join(PULL_POLICIES)}'))
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
        raise FigletError(problems, exit_code=USAGE)
    selected = tuple(services or ())
    scales = parse_scale(scale or ())
    project = cli.load()
    check_services(
        project,
        [
            *selected,
            *scales,
            *([exit_code_from] if exit_code_from else []),
            *(attach or ()),
            *(no_attach or ()),
        ],
    )
    options = UpOptions(
        services=selected,
        no_deps=no_deps,
        force_recreate=force_recreate,
        no_recreate=no_recreate,
        no_start=no_start,
        remove_orphans=remove_orphans,
        scale=scales,
        renew_anon_volumes=renew_anon_volumes,
        always_recreate_deps=always_recreate_deps,
    )
    engine = cli.engine()
    with progress_display("quiet" if dry_run else progress, title="Running") as sink:
        result = api.up(
            project,
            engine,
            options,
            events=WithoutPulls(sink) if quiet_pull else sink,
            parallel=parallel,
            settings=RunSettings(stop_timeout=timeout),
            build=build,
            pull=pull,
            wait=wait,
            wait_timeout=float(wait_timeout) if wait_timeout is not None else None,
            dry_run=dry_run,
        )
    if report_plan(result.plan, "up", dry_run=dry_run):
        return
    if result.plan.empty:
        count = len(result.plan.unchanged)
        sys.stderr.write(
            f"{project.name}: nothing to change, {count} container"
            f"{'' if count == 1 else 's'} up to date\n"
        )
    if detach or wait or no_start:
        return
    shown = api.selected_services(project, selected, no_deps=no_deps)
    if attach:
        shown = [name for name in shown if name in attach]
    shown = [name for name in shown if name not in (no_attach or ())]
    _attached(
        engine,
        project,
        shown,
        abort_on_exit=abort_on_container_exit,
        exit_code_from=exit_code_from,
        timeout=timeout,
        progress=progress,
        look=Look(
            color=False if no_color else None, prefix=not no_log_prefix, timestamps=timestamps
        ),
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
    look: Look,
) -> None:
    """Follow the selected services' output; exit with the code `attach` decides."""
    from figlet.cli._attach import attach
    from figlet.cli._progress import progress_display

    # `attach: false`: the service runs, but its output is not followed
    wanted = {name for name in services if project.services[name].spec.get("attach") is not False}
    containers = [
        c for c in engine.list_containers(project.name) if c.service in wanted and not c.oneoff
    ]
    containers.sort(key=lambda c: (c.service, c.number))
    with progress_display("plain" if progress in ("auto", "tty") else progress) as sink:
        result = attach(
            engine,
            containers,
            project_name=project.name,
            events=sink,
            abort_on_exit=abort_on_exit,
            exit_code_from=exit_code_from,
            stop_timeout=timeout,
            color=look.color,
            prefix=look.prefix,
            timestamps=look.timestamps,
        )
    if result.exit_code:
        raise SystemExit(result.exit_code)
