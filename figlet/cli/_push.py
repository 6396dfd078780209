"""The body of `figlet push` (declared in `cmd_push`).

A push changes nothing on the engine, so it is no plan operation: each image (the `image:` of
a service that also has `build:`, and the section's extra `tags`, as Compose pushes them) is
pushed in turn through the engine (POST /images/{name}/push)."""

from __future__ import annotations

import sys

from figlet.cli._context import CommandContext
from figlet.model import Project


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    quiet: bool = False,
    ignore_push_failures: bool = False,
) -> None:
    """Push the selected services' images."""
    from figlet.cli._arguments import check_services
    from figlet.engine.base import ImagePusher
    from figlet.errors import FigletError, Problem

    project = cli.load()
    selected = tuple(services or ())
    check_services(project, selected)
    references = images_to_push(project, selected)
    if not references:
        return
    engine = cli.engine()
    if not isinstance(engine, ImagePusher):
        raise FigletError(Problem(f"{engine.describe()} cannot push images"))
    failures: list[Problem] = []
    for reference in references:
        _say(quiet, f"Image {reference}  Pushing")
        try:
            for line in engine.push_image(reference):
                _say(quiet, f"  {line}")
        except FigletError as error:
            problem = error.problems[0] if error.problems else Problem(str(error))
            if not ignore_push_failures:
                failures.append(problem)
                continue
            sys.stderr.write(f"warning: {problem.message} (--ignore-push-failures)\n")
            continue
        _say(quiet, f"Image {reference}  Pushed")
    if failures:
        raise FigletError(failures)


def images_to_push(project: Project, selected: tuple[str, ...]) -> list[str]:
    """The references to push, each once: a selected service's `image:` when it also has a
    `build:` section, then the section's `tags`."""
    found: dict[str, None] = {}
    for service in project.services.values():
        if selected and service.name not in selected:
            continue
        if service.build is None or not service.image:
            continue
        found[service.image] = None
        for tag in service.build.get("tags") or ():
            found[str(tag)] = None
    return list(found)


def _say(quiet: bool, line: str) -> None:
    if not quiet:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
