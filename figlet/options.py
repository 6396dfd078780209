"""Options shared by the CLI, the Python API and the pytest plugin."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LoadOptions:
    """How to find and read the compose files (Compose's global flags).

    `environ` is the process environment to interpolate from (the CLI passes `os.environ`);
    `.env` / `env_files` are read on top of it by the loader, the process environment winning.
    """

    files: tuple[str, ...] = ()  # -f, in order; "-" is stdin
    project_name: str | None = None  # -p
    project_directory: str | None = None  # --project-directory
    env_files: tuple[str, ...] = ()  # --env-file, in order
    profiles: tuple[str, ...] = ()  # --profile
    environ: Mapping[str, str] = field(default_factory=dict)
    working_dir: str = "."  # where discovery starts (the CLI passes os.getcwd())
    interpolate: bool = True  # config --no-interpolate
    resolve_paths: bool = True
