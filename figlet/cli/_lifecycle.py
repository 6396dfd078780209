"""Pieces shared by the up / down / scale / ps commands: load, connect, progress, warnings.

Imported only inside those commands, so `figlet --help` stays light.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from figlet.errors import ConfigError, FigletError, Problem
from figlet.options import LoadOptions

if TYPE_CHECKING:
    from figlet.engine.base import Engine
    from figlet.events import EventSink
    from figlet.model import Project
    from figlet.plan import Plan

NO_FILE = "no configuration file provided"


def echo(text: str) -> None:
    """A line on stdout, flushed (what commands print as their result)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def load(options: LoadOptions) -> Project:
    """The project, its load warnings printed once on stderr."""
    from figlet.loader import load_project

    project: Project = load_project(options)
    for warning in project.warnings:
        sys.stderr.write(f"warning: {warning.render()}\n")
    return project


def load_or_name(options: LoadOptions) -> tuple[Project | None, str]:
    """(project, name), or (None, -p name) when no compose file is found but -p was given."""
    try:
        project = load(options)
    except ConfigError as error:
        missing = any(NO_FILE in problem.message for problem in error.problems)
        if missing and options.project_name and not options.files:
            return None, options.project_name
        raise
    return project, project.name


def connect() -> Engine:
    from figlet.engine.docker_engine import DockerEngine

    return DockerEngine.from_env()


@contextmanager
def progress(mode: str, *, title: str = "") -> Iterator[EventSink]:
    """The progress display for `mode` on stderr, closed when the block ends, even on failure."""
    from figlet.display import make_sink

    sink = make_sink(mode, sys.stderr, title=title)
    try:
        yield sink
    finally:
        sink.close()


def parse_scale(values: Iterable[str], flag: str = "--scale") -> dict[str, int]:
    """["web=3", "db=1"] -> {"web": 3, "db": 1}; every bad entry reported at once."""
    found: dict[str, int] = {}
    problems: list[Problem] = []
    for value in values:
        name, sep, count = value.partition("=")
        if not sep or not name or not count.strip().isdigit():
            problems.append(
                Problem(f'{flag} "{value}": expected SERVICE=NUMBER', hint=f"e.g. {flag} web=3")
            )
            continue
        found[name.strip()] = int(count)
    if problems:
        raise FigletError(problems, exit_code=2)
    return found


def check_services(project: Project, names: Iterable[str]) -> None:
    """Every named service exists (in the project, or behind a profile)."""
    known = {*project.services, *project.disabled_services}
    problems = [
        Problem(f"no such service: {name}", hint="services: " + ", ".join(sorted(project.services)))
        for name in names
        if name not in known
    ]
    if problems:
        raise FigletError(problems)


def report_plan(plan: Plan, command: str, *, dry_run: bool) -> bool:
    """After `up`/`down`: the plan on stdout for a dry run, else the orphan warning. True when
    the command is done (a dry run)."""
    if dry_run:
        from figlet.planner import render_plan

        sys.stdout.write(render_plan(plan, "text") + "\n")
        return True
    warn_orphans(plan, command)
    return False


def warn_orphans(plan: Plan, command: str) -> None:
    """Say which orphan containers were kept, and how to remove them."""
    if not plan.orphans:
        return
    names = ", ".join(orphan.name for orphan in plan.orphans)
    count = len(plan.orphans)
    sys.stderr.write(
        f"warning: {count} orphan container{'' if count == 1 else 's'} kept ({names}): "
        f"their services are no longer in the project; `figlet {command} --remove-orphans` "
        "removes them\n"
    )
