"""`DockerCompose`: testcontainers' compose class, driven by figlet's core instead of a
`docker compose` subprocess. Switching is a change of import:

    from figlet.testing import DockerCompose   # was: from testcontainers.compose import ...

    with DockerCompose("tests/stack", compose_file_name="compose.yaml") as compose:
        host, port = compose.get_service_host_and_port("web", 8080)

The constructor takes testcontainers' arguments and every method answers as theirs does, field
names and exception types included. Stacks it brings up carry owner labels (`_reaper`), so a
process killed before `stop` leaves nothing that `figlet.testing.reap` cannot take down.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from figlet.engine.base import ContainerOutput, Engine
from figlet.errors import EngineError, Problem
from figlet.testing._compose_model import (
    ComposeContainer,
    ContainerIsNotRunning,
    only_element_or_raise,
)
from figlet.testing._reaper import ProcessOwner, with_owner

if TYPE_CHECKING:
    from figlet.model import Project

WAIT_FOR_TIMEOUT = 120.0  # seconds `wait_for` tries a URL, as testcontainers' default


@dataclass
class DockerCompose:
    """A compose project for tests: `start()` brings it up (waiting for running / healthy
    containers unless `wait=False`), `stop()` takes it down with its volumes.

    `context` is the directory holding the compose file(s); `compose_file_name` one name or a
    list, relative to it (default: compose.yaml, docker-compose.yml, ... found there). The
    project name is Compose's: the file's `name:`, COMPOSE_PROJECT_NAME, else the directory's
    name. `docker_command_path`, `quiet_pull` and `quiet_build` are accepted and ignored.
    """

    context: str | os.PathLike[str]
    compose_file_name: str | list[str] | None = None
    pull: bool = False
    build: bool = False
    wait: bool = True
    keep_volumes: bool = False
    env_file: str | list[str] | None = None
    services: list[str] | None = None
    docker_command_path: str | None = None
    profiles: list[str] | None = None
    quiet_pull: bool = False
    quiet_build: bool = False
    _project: Project | None = field(default=None, init=False, repr=False)
    _engine: Engine | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.compose_file_name, str):
            self.compose_file_name = [self.compose_file_name]
        if isinstance(self.env_file, str):
            self.env_file = [self.env_file]

    # --- lifecycle -----------------------------------------------------------------
    def __enter__(self) -> DockerCompose:
        try:
            self.start()
        except BaseException:
            if self._project is not None:  # else it did not load: nothing was created
                self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop(not self.keep_volumes)

    def start(self) -> None:
        """Load the files and bring the project (or `services`) up; with `wait`, until every
        container runs and, if it has a healthcheck, is healthy."""
        from figlet import api
        from figlet.planner import UpOptions

        project = with_owner(self._load(), ProcessOwner.current(), keep_volumes=self.keep_volumes)
        self._project = project
        engine = self._connect()
        api.up(
            project,
            engine,
            UpOptions(services=tuple(self.services or ())),
            build=True if self.build else None,
            pull="always" if self.pull else None,
            wait=self.wait,
        )

    def stop(self, down: bool = True) -> None:
        """With `down`, remove the containers, networks and volumes; else stop the containers."""
        from figlet import api

        engine = self._connect()
        name = self.project_name
        try:
            if down:
                from figlet.planner import DownOptions

                options = DownOptions(volumes=True, remove_orphans=True)
                api.down(name, self._project, engine, options)
            else:
                self._stop_containers(engine, name)
        finally:
            self._disconnect()

    def _stop_containers(self, engine: Engine, name: str) -> None:
        from figlet import api
        from figlet.events import NullSink
        from figlet.executor import execute

        wanted = set(self.services or ())
        running = [c for c in api.ps(engine, name, all=False) if not wanted or c.service in wanted]
        outcome = execute(api.stop_plan(name, running), self._project, engine, NullSink())
        if not outcome.ok:
            raise outcome.error()

    # --- reading -------------------------------------------------------------------
    @property
    def project_name(self) -> str:
        """The compose project name (the com.docker.compose.project label's value)."""
        if self._project is None:
            self._project = self._load()
        return self._project.name

    def get_containers(self, include_all: bool = False) -> list[ComposeContainer]:
        """The project's running containers (every one with `include_all`), by name."""
        from figlet import api

        name = self.project_name
        found = api.ps(self._connect(), name, all=include_all)
        return [
            ComposeContainer.observed(c, name, self) for c in sorted(found, key=lambda c: c.name)
        ]

    def get_container(
        self, service_name: str | None = None, include_all: bool = False
    ) -> ComposeContainer:
        """The service's (first) container; without a service, the project's only container.
        ContainerIsNotRunning when there is none (or, without a service, several)."""
        containers = self.get_containers(include_all=include_all)
        if not service_name:
            return only_element_or_raise(
                containers,
                lambda: ContainerIsNotRunning(
                    "get_container failed because no service_name given "
                    f"and there is not exactly 1 container (but {len(containers)})"
                ),
            )
        matching = [c for c in containers if c.Service == service_name]
        if not matching:
            raise ContainerIsNotRunning(f"{service_name} is not running in the compose context")
        return matching[0]

    def get_logs(self, *services: str) -> tuple[str, str]:
        """The logs of the services' containers (all when none are named) as `docker compose
        logs` prints them: both streams of every container on stdout, in time order, each line
        prefixed with the container's name less the project's ("web-1  | ..."); stderr is ""
        (Compose's own messages only)."""
        engine = self._output_engine()
        containers = [
            c
            for c in self.get_containers(include_all=True)
            if not services or c.Service in services
        ]
        names = [_short_name(c.Name or "", self.project_name) for c in containers]
        width = max((len(name) for name in names), default=0) + 1
        entries: list[tuple[str, int, str]] = []
        for container, name in zip(containers, names, strict=True):
            for stream in engine.container_logs(str(container.ID), timestamps=True):
                text = stream.decode("utf-8", errors="replace")
                for line in text.splitlines(keepends=True):
                    stamp, _, rest = line.rstrip("\r\n").partition(" ")
                    shown = f"{name:<{width}} | {rest}\n"
                    entries.append((_sortable(stamp), len(entries), shown))
        return "".join(line for _, _, line in sorted(entries)), ""

    def exec_in_container(
        self, command: list[str], service_name: str | None = None
    ) -> tuple[str, str, int]:
        """Run `command` in the service's first container: (stdout, stderr, exit code). A
        command that fails raises subprocess.CalledProcessError, as `docker compose exec` run
        by testcontainers does (its `stdout`, `stderr` and `returncode` say what happened)."""
        if not service_name:
            service_name = self.get_container().Service
        assert service_name
        argv = ["docker", "compose", "exec", "-T", service_name, *command]
        running = [
            c for c in self.get_containers() if c.Service == service_name and c.State == "running"
        ]
        if not running:
            raise subprocess.CalledProcessError(
                1, argv, b"", f'service "{service_name}" is not running\n'.encode()
            )
        out, err, code = self._output_engine().run_command_split(str(running[0].ID), command)
        exit_code = -1 if code is None else code
        if exit_code != 0:
            raise subprocess.CalledProcessError(exit_code, argv, out, err)
        return out.decode("utf-8"), err.decode("utf-8"), exit_code

    def get_service_port(
        self, service_name: str | None = None, port: int | None = None
    ) -> int | None:
        """The host port the service's `port` is published on."""
        return (
            self.get_container(service_name).get_publisher(by_port=port).normalize().PublishedPort
        )

    def get_service_host(
        self, service_name: str | None = None, port: int | None = None
    ) -> str | None:
        """The address the service's `port` is published on ("0.0.0.0": every address)."""
        return self.get_container(service_name).get_publisher(by_port=port).normalize().URL

    def get_service_host_and_port(
        self, service_name: str | None = None, port: int | None = None
    ) -> tuple[str | None, int | None]:
        publisher = self.get_container(service_name).get_publisher(by_port=port).normalize()
        return publisher.URL, publisher.PublishedPort

    def get_config(
        self, *, path_resolution: bool = True, normalize: bool = True, interpolate: bool = True
    ) -> dict[str, Any]:
        """The project as figlet loaded it (every file merged, canonical form), as a dict.
        `normalize` is accepted: figlet's form is always the canonical one."""
        spec = self._load(interpolate=interpolate, resolve_paths=path_resolution).spec
        config: dict[str, Any] = _plain(spec)
        return config

    def wait_for(self, url: str) -> DockerCompose:
        """Block until `url` answers an HTTP GET with a status below 400 (tried each second for
        up to 120 s, then TimeoutError)."""
        start = time.time()
        while True:
            if time.time() - start > WAIT_FOR_TIMEOUT:
                raise TimeoutError(f"URL {url} not ready within {WAIT_FOR_TIMEOUT:g} seconds")
            try:
                with urlopen(Request(url, method="GET"), timeout=1) as response:
                    if 200 <= response.status < 400:
                        return self
            except (URLError, HTTPError, OSError):
                pass
            time.sleep(1)

    # --- helpers -------------------------------------------------------------------
    def _load(self, *, interpolate: bool = True, resolve_paths: bool = True) -> Project:
        from figlet.loader import load_project
        from figlet.options import LoadOptions

        context = Path(self.context).resolve()
        names = self.compose_file_name if isinstance(self.compose_file_name, list) else []
        files = [str(context / name) for name in names]
        env_files = self.env_file if isinstance(self.env_file, list) else []
        return load_project(
            LoadOptions(
                files=tuple(files),
                env_files=tuple(str(context / name) for name in env_files),
                profiles=tuple(self.profiles or ()),
                environ=dict(os.environ),
                working_dir=str(Path(files[0]).parent if files else context),
                interpolate=interpolate,
                resolve_paths=resolve_paths,
            )
        )

    def _connect(self) -> Engine:
        if self._engine is None:
            from figlet import api

            self._engine = api.connect()
        return self._engine

    def _disconnect(self) -> None:
        engine, self._engine = self._engine, None
        close = getattr(engine, "close", None)
        if close is not None:
            close()

    def _output_engine(self) -> ContainerOutput:
        engine = self._connect()
        if not isinstance(engine, ContainerOutput):
            raise EngineError(
                Problem(
                    f"{engine.describe()} cannot give containers' output",
                    hint="use a Docker engine (DOCKER_HOST)",
                )
            )
        return engine


def _short_name(container: str, project: str) -> str:
    """ "demo-web-1" -> "web-1"; a `container_name:` stays as it is."""
    return container.removeprefix(f"{project}-")


def _sortable(stamp: str) -> str:
    """An RFC 3339 UTC time with its fraction padded to nanoseconds, so that the engine's
    times (trailing zeros dropped) sort as text."""
    whole, dot, fraction = stamp.rstrip("Z").partition(".")
    return f"{whole}.{fraction.ljust(9, '0')}" if dot else f"{whole}.000000000"


def _plain(value: Any) -> Any:
    """The loaded spec (read-only mappings, tuples) as plain dicts and lists."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
