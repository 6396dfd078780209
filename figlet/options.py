"""Options shared by the CLI, the Python API and the pytest plugin."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
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


@dataclass(frozen=True)
class RunSettings:
    """How long the executor waits for things; `sleep`/`clock` are injectable for unit tests."""

    stop_timeout: int | None = None  # -t/--timeout, None = the container's own
    health_timeout: float = 300.0  # seconds to wait for service_healthy / completed
    poll_interval: float = 0.5
    network_retries: int = 3  # removing a network that still has endpoints
    # `deploy --wait`: how long a service's tasks must keep running to count as converged
    swarm_stable: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep)
    clock: Callable[[], float] = field(default=time.monotonic)
