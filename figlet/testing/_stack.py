"""`FigletStack` (a running project as a test sees it) and `StackFactory` (what the fixtures give).

A factory call loads the compose file under a fresh project name, brings it up (waiting for
running / healthy containers by default) and registers a finalizer that takes it down with its
volumes, whether the test passed, failed, or the `up` itself failed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

from figlet.errors import EngineError, FigletError, Problem
from figlet.testing._exec import ExecResult, exec_in
from figlet.testing._session import LiveStack, Registry, _close, down_by_label, project_name

if TYPE_CHECKING:
    from figlet import api
    from figlet.observe.state import ObservedContainer
    from figlet.testing._shared import Ledger, SharedRun

ComposeFile = str | os.PathLike[str]


class FigletStack:
    """A compose project brought up for tests: where its services answer, their logs, a shell."""

    def __init__(self, stack: api.Stack, files: tuple[Path, ...], services: tuple[str, ...]):
        self.api = stack  # figlet.api.Stack, for anything else (up more services, scale, ...)
        self.files = files
        self.services = services

    @property
    def project(self) -> str:
        """The project name: the value of the com.docker.compose.project label."""
        return self.api.loaded.name

    def __repr__(self) -> str:
        return f"<FigletStack {self.project} ({', '.join(str(f) for f in self.files)})>"

    def ps(self) -> list[ObservedContainer]:
        """Every container of the project (stopped ones too), by service then number."""
        return self.api.ps(all=True)

    def address(self, service: str, port: int, *, number: int = 1) -> tuple[str, int]:
        """("127.0.0.1", host port) where the container's `port` is published."""
        return self.api.address(service, port, number=number)

    def port(self, service: str, port: int, *, number: int = 1) -> int:
        """The host port the container's `port` is published on."""
        return self.address(service, port, number=number)[1]

    def url(
        self, service: str, port: int, path: str = "/", *, scheme: str = "http", number: int = 1
    ) -> str:
        """e.g. "http://127.0.0.1:49153/" for `url("web", 8080)`."""
        host, published = self.address(service, port, number=number)
        return f"{scheme}://{host}:{published}/{path.lstrip('/')}"

    def exec(
        self,
        service: str,
        command: Sequence[str] | str,
        *,
        number: int = 1,
        user: str = "",
        env: Mapping[str, str] | None = None,
        workdir: str | None = None,
    ) -> ExecResult:
        """Run a command in the service's container (a string runs with `sh -c`)."""
        argv = ["sh", "-c", command] if isinstance(command, str) else list(command)
        found = self.api.container(service, number)
        return exec_in(self.api.engine, found.id, argv, user=user, environment=env, workdir=workdir)

    def logs(self, service: str | None = None, *, tail: int | None = None) -> str:
        """The logs (stdout + stderr) of a service's containers, or of all, each line prefixed
        with `<service>-<number> | `; `tail` keeps the last lines of each container."""
        lines: list[str] = []
        for found in self.ps():
            if found.oneoff or (service is not None and found.service != service):
                continue
            raw = b"".join(
                self.api.engine.logs(
                    found.id, follow=False, tail="all" if tail is None else str(tail)
                )
            )
            label = f"{found.service}-{found.number}"
            lines.extend(f"{label} | {line}" for line in raw.decode(errors="replace").splitlines())
        return "\n".join(lines)


@dataclass(frozen=True)
class Owner:
    """Who asked for stacks: the node they belong to, the fixture that made them, the finalizer."""

    nodeid: str
    label: str  # what the project name is made from (test name, module name, "session")
    fixture: str  # figlet_stack / figlet_stack_module / figlet_stack_session
    rootpath: Path
    addfinalizer: Callable[[Callable[[], object]], None]


class StackFactory:
    """`factory(file, services=[...], wait=True)` -> a running `FigletStack`, taken down after
    the scope of the fixture that made the factory (test, module or session)."""

    def __init__(
        self,
        owner: Owner,
        registry: Registry,
        shared_run: Callable[[], SharedRun] | None = None,
    ) -> None:
        self._owner = owner
        self._registry = registry
        self._shared_run = shared_run  # given to session factories only: `shared=True` stacks

    def __call__(
        self,
        file: ComposeFile | Sequence[ComposeFile] | None = None,
        *,
        services: Sequence[str] = (),
        wait: bool = True,
        wait_timeout: float | None = None,
        env: Mapping[str, str] | None = None,
        build: bool | None = None,
        shared: bool = False,
    ) -> FigletStack:
        settings = self._registry.settings
        files = self._files(file)
        if shared and self._shared_run is None:
            pytest.fail(
                f"figlet: shared=True is for session stacks: use figlet_stack_session, not "
                f"{self._owner.fixture}",
                pytrace=False,
            )
        run = self._shared_run() if shared and self._shared_run is not None else None
        ledger: Ledger | None = None
        if run is None:
            name = project_name(settings.prefix, self._owner.label)
        else:
            from figlet.testing._shared import shared_key, shared_project_name

            key = shared_key(files, services, env or {}, build)
            name = shared_project_name(settings.prefix, run, key)
            ledger = run.ledger(key)
        if name in self._registry.shared:  # this process uses it already
            return self._registry.shared[name]
        self._registry.track(name)
        handle = self._connect(name, files, services, env, run)
        timeout = wait_timeout if wait_timeout is not None else settings.wait_timeout

        def bring_up() -> FigletError | None:
            return _attempt(
                lambda: handle.api.up(*services, wait=wait, wait_timeout=timeout, build=build)
            )

        if ledger is None:
            self._owner.addfinalizer(lambda: self._finish(handle))
            error = bring_up()
            if error is not None:
                _fail(f"stack {name} ({_shown(files)}) did not come up", error)
            return handle
        shared_ledger = ledger
        self._registry.shared[name] = handle
        self._registry.releases[name] = lambda: self._leave(handle, shared_ledger)
        self._owner.addfinalizer(lambda: self._leave(handle, shared_ledger))
        joined = ledger.join(name, lambda: _rendered(bring_up()))
        if joined.error:
            where = "" if joined.first else " (brought up by another worker)"
            what = f"shared stack {name} ({_shown(files)}) did not come up{where}"
            _fail_text(what, joined.error)
        return handle

    def _connect(
        self,
        name: str,
        files: tuple[Path, ...],
        services: Sequence[str],
        env: Mapping[str, str] | None,
        run: SharedRun | None,
    ) -> FigletStack:
        """Load the files under `name` and connect (no request yet): the stack's handle."""
        from figlet.testing._owned import OwnedStack

        stack = OwnedStack(
            [str(f) for f in files],
            project=name,
            environ={**os.environ, **(env or {})},
            owner=run.owner if run is not None else None,
            owned=not self._registry.settings.keep,  # kept stacks outlive their process
        )
        error = _attempt(stack.__enter__)  # load, then connect (no request yet)
        if error is None:
            error = _attempt(lambda: stack.engine.list_containers(name))
            if error is not None:
                _close(stack.engine)
        if error is not None:  # nothing can have been created
            self._registry.finished(name, kept=False)
            if isinstance(error, EngineError):
                _fail("no Docker engine answers", _with_engine_hint(error))
            _fail(f"cannot load {_shown(files)}", error)
        handle = FigletStack(stack, files, tuple(services))
        self._registry.live.append(
            LiveStack(name, self._owner.nodeid, self._owner.fixture, lambda n: handle.logs(tail=n))
        )
        return handle

    def _files(self, file: ComposeFile | Sequence[ComposeFile] | None) -> tuple[Path, ...]:
        if file is None:
            default = self._registry.settings.compose_file
            if not default:
                pytest.fail(
                    "figlet: no compose file: pass one (figlet_stack('compose.yaml')) or set "
                    "`figlet_compose_file` in the pytest ini file",
                    pytrace=False,
                )
            named: Sequence[ComposeFile] = [default]
        elif isinstance(file, str | os.PathLike):
            named = [file]
        else:
            named = list(file)
        return tuple(_resolve(Path(f), self._owner.rootpath) for f in named)

    def _finish(self, handle: FigletStack) -> None:
        """The finalizer: take the stack down with its volumes (unless --figlet-keep)."""
        name = handle.project
        keep = self._registry.settings.keep
        error = None if keep else self._take_down(handle)
        _close(handle.api.engine)
        self._registry.finished(name, kept=keep)
        if error is not None:
            _fail(f"could not take down stack {name}; run `figlet -p {name} down -v`", error)

    def _leave(self, handle: FigletStack, ledger: Ledger) -> None:
        """A shared stack's finalizer: let go of it; the last user takes it down."""
        name = handle.project
        if name in self._registry.done:
            return
        self._registry.releases.pop(name, None)
        self._registry.shared.pop(name, None)
        keep = self._registry.settings.keep
        errors: list[FigletError] = []

        def take_down() -> None:
            error = None if keep else self._take_down(handle)
            if error is not None:
                errors.append(error)

        try:
            ledger.leave(take_down)
        finally:
            _close(handle.api.engine)
            self._registry.finished(name, kept=keep)
        if errors:
            _fail(f"could not take down stack {name}; run `figlet -p {name} down -v`", errors[0])

    def _take_down(self, handle: FigletStack) -> FigletError | None:
        """`down` with volumes and orphans; if that fails, a second try by label alone."""
        from figlet import api
        from figlet.planner import DownOptions

        name = handle.project
        stop_timeout = self._registry.settings.stop_timeout
        options = DownOptions(volumes=True, remove_orphans=True, timeout=stop_timeout)
        error = _attempt(lambda: api.down(name, handle.api.loaded, handle.api.engine, options))
        if error is not None:  # a second chance, by label alone, with a fresh connection
            error = _attempt(lambda: down_by_label(name, stop_timeout))
        return error


def _resolve(path: Path, rootpath: Path) -> Path:
    """Relative compose file paths are taken from the rootdir (where the pytest ini file is)."""
    return path if path.is_absolute() else rootpath / path


def _shown(files: tuple[Path, ...]) -> str:
    return ", ".join(str(f) for f in files)


def _attempt(call: Callable[[], object]) -> FigletError | None:
    """Run `call`; the FigletError it raised, if any (failing outside the `except` keeps
    pytest's report free of "During handling of the above exception")."""
    try:
        call()
    except FigletError as exc:
        return exc
    return None


def _with_engine_hint(error: FigletError) -> FigletError:
    """The engine's own error, plus where to look if it does not say so already."""
    if "DOCKER_HOST" in error.render():
        return error
    return FigletError(
        [
            *error.problems,
            Problem(
                "set DOCKER_HOST to a running engine, or start one (`make engine` in a figlet "
                "checkout)"
            ),
        ]
    )


def _rendered(error: FigletError | None) -> str:
    return "" if error is None else error.render()


def _fail(what: str, error: FigletError) -> NoReturn:
    """Fail the test (or its setup) with figlet's message, without a traceback."""
    _fail_text(what, error.render())


def _fail_text(what: str, text: str) -> NoReturn:
    pytest.fail(f"figlet: {what}:\n{text}", pytrace=False)
