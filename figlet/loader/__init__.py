"""The loader: compose files in, a typed `figlet.model.Project` out.

`load_project(options)` runs the pipeline (see `_pipeline`) or, when nothing it read has
changed, rebuilds the project from the load cache without validating again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from figlet.errors import ConfigError, Problem
from figlet.model import Project
from figlet.options import LoadOptions

__all__ = ["load_project", "load_with_details", "thaw"]


def thaw(value: Any) -> Any:
    """A read-only spec (mapping proxies, tuples) as plain JSON-ready dicts and lists."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value


def load_with_details(options: LoadOptions) -> tuple[Project, Any]:
    """The project and the pipeline's record (environment sources, files read)."""
    from figlet.loader._pipeline import Pipeline

    loaded = Pipeline(options).run()
    from figlet.loader._build import build_project

    project = build_project(
        loaded.spec,
        name=loaded.name,
        working_dir=loaded.working_dir,
        config_files=loaded.config_files,
        active=loaded.active,
        profiles=loaded.profiles,
        environment=loaded.environment.values,
        warnings=tuple(loaded.warnings),
    )
    _check_cycles(project)
    return project, loaded


def load_project(options: LoadOptions) -> Project:
    """Load the compose files named by `options`; ConfigError lists every problem found."""
    from figlet.loader._cache import cached_load

    return cached_load(options, load_with_details)


def _check_cycles(project: Project) -> None:
    from figlet.graph import find_cycle

    cycle = find_cycle(project.services)
    if cycle:
        raise ConfigError(
            Problem(
                f"dependency cycle detected: {' -> '.join(cycle)}",
                None,
                f"services.{cycle[0]}",
                "remove one of the depends_on / links / volumes_from entries in the cycle",
            )
        )
