"""The loader: compose files in, a typed `figlet.model.Project` out.

`load_project(options)` runs the pipeline (see `_pipeline`) or, when nothing it read has
changed, rebuilds the project from the load cache (`_cache`) without validating again.

Which files: `-f` (repeatable, `-` for stdin), else `COMPOSE_FILE` (split on
`COMPOSE_PATH_SEPARATOR`, default `:`), else the first of `compose.yaml`, `compose.yml`,
`docker-compose.yaml`, `docker-compose.yml`, `fig.yml`, `fig.yaml` found in the working
directory or, failing that, its nearest parent, plus its override file
(`compose.override.yaml`, `docker-compose.override.yml`, ...) when present.

Variables: the process environment wins over `--env-file` files (in order), or over
`.env` in the project directory when no `--env-file` is given; `figlet config --environment`
shows where each interpolated value came from.

Project name: `-p`, else `COMPOSE_PROJECT_NAME`, else the top-level `name:`, else the
project directory's name lower-cased with only `[a-z0-9_-]` kept.

Stages: parse (positions, duplicate keys) -> interpolate -> validate (JSON schema, per file)
-> shape (short syntax to long, paths) -> extends -> include -> merge (`!reset`,
`!override`) -> defaults (names, default network, env_file) -> profiles -> checks
(references, cycles, contradictions). Every problem is a located `figlet.errors.Problem`;
all the problems of a stage are raised together as one `ConfigError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from figlet.errors import ConfigError, Location, Problem
from figlet.model import Project
from figlet.options import LoadOptions

__all__ = ["load_project", "load_with_details", "locate_in", "thaw"]


_SCALARS = frozenset((str, int, float, bool, type(None)))


def thaw(value: Any) -> Any:
    """A read-only spec (mapping proxies, tuples) as plain JSON-ready dicts and lists."""
    if type(value) in _SCALARS:  # most values: no isinstance test against an ABC
        return value
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value


def load_with_details(options: LoadOptions) -> tuple[Project, Any]:
    """The project and the pipeline's record (environment sources, files read)."""
    from figlet.loader._pipeline import Pipeline

    pipeline = Pipeline(options)
    try:
        loaded = pipeline.run()
    except ConfigError as error:
        raise pipeline.redacted(error) from None
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # a loader bug must still reach the user as one located line
        raise ConfigError(
            Problem(
                f"internal error while loading the compose files: {type(exc).__name__}: {exc}",
                None,
                "",
                "please report this, with the compose file, to the figlet maintainers",
            )
        ) from exc
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
        sources=tuple(loaded.sources),
    )
    _check_cycles(project, loaded.sources)
    return project, loaded


def load_project(options: LoadOptions) -> Project:
    """Load the compose files named by `options`; ConfigError lists every problem found."""
    from figlet.loader._cache import cached_load
    from figlet.loader._gc import gc_paused

    with gc_paused():
        return cached_load(options, load_with_details)


def locate_in(
    project: Project, path: tuple[str | int, ...], *, key: bool = False
) -> Location | None:
    """Where `path` (e.g. `("services", "web", "ports", 0)`) is written in the project's files:
    the loader's own locating (`_problems.locate`), for the layers after it."""
    from figlet.loader._problems import locate

    return locate(project.sources, path, key=key)


def _check_cycles(project: Project, sources: list[Any]) -> None:
    """A dependency cycle among the services is a ConfigError naming it, at the key of its
    first step."""
    from figlet.graph import DependencyGraph
    from figlet.loader._problems import locate

    DependencyGraph.of(project.services).check_acyclic(lambda path: locate(sources, path, key=True))
