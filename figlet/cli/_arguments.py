"""Checks of command-line values the parser cannot make: SERVICE=NUM pairs and service names.
A bad value is a usage error (exit 2); an unknown service, a project error (exit 1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from figlet.errors import FigletError, Problem

if TYPE_CHECKING:
    from figlet.model import Project

USAGE = 2  # the exit code of a command line that cannot be run as written (argparse's too)


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
        raise FigletError(problems, exit_code=USAGE)
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
