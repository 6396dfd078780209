"""What every command body gets: the global options (how to load the project) and the engine
factory the command line resolved once (the Docker engine by default; tests give a fake).

Typer-free, so the bodies can be called and tested without the command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from figlet.errors import ConfigError
from figlet.options import LoadOptions

if TYPE_CHECKING:
    from figlet.engine.base import Engine
    from figlet.model import Project

EngineFactory = Callable[[], "Engine"]
NO_FILE = "no configuration file provided"


def docker_engine() -> Engine:
    """The engine DOCKER_HOST (or the local socket) points at; no request is made yet."""
    from figlet.api import connect

    return connect()


@dataclass(frozen=True)
class CommandContext:
    """The global options of one invocation and how to reach the engine."""

    options: LoadOptions
    connect: EngineFactory = docker_engine

    def engine(self) -> Engine:
        """The engine to act on (called once per command, after its options are checked)."""
        return self.connect()

    def load(self) -> Project:
        """The project, its load warnings printed once on stderr."""
        from figlet.loader import load_project

        project: Project = load_project(self.options)
        for warning in project.warnings:
            sys.stderr.write(f"warning: {warning.render()}\n")
        return project

    def load_or_name(self) -> tuple[Project | None, str]:
        """(project, name), or (None, -p name) when no compose file is found but -p was
        given (`down` and `ps` work by name alone)."""
        try:
            project = self.load()
        except ConfigError as error:
            missing = any(NO_FILE in problem.message for problem in error.problems)
            if missing and self.options.project_name and not self.options.files:
                return None, self.options.project_name
            raise
        return project, project.name


def global_load_options(
    file: Sequence[str] | None = None,
    project_name: str | None = None,
    project_directory: str | None = None,
    env_file: Sequence[str] | None = None,
    profile: Sequence[str] | None = None,
) -> LoadOptions:
    """The LoadOptions of the global options (-f, -p, --project-directory, --env-file,
    --profile), with this process's environment and working directory."""
    return LoadOptions(
        files=tuple(file or ()),
        project_name=project_name,
        project_directory=project_directory,
        env_files=tuple(env_file or ()),
        profiles=tuple(profile or ()),
        environ=dict(os.environ),
        working_dir=os.getcwd(),
    )
