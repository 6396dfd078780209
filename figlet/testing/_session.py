"""What the pytest plugin remembers for one pytest session: its settings and every stack it made.

Each project name is recorded *before* anything is created, so that the end-of-session sweep
(`Registry.sweep`, run from `pytest_sessionfinish`, at exit, and after SIGTERM / SIGHUP) can take
down by label whatever a test left behind: an interrupted run, a crashed finalizer.

Engine 20.10 can leak a network when many containers leave it at once (moby/moby#43286): it
refuses to remove it ("has active endpoints") although no container is attached, until dockerd
restarts. A take-down that leaves only such networks is not a failure of the test or the run:
each one is reported as a `LeakedNetworkWarning` naming it and the cause.
"""

from __future__ import annotations

import atexit
import os
import re
import signal
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING, Any

import pytest

from figlet.errors import FigletError, Problem

if TYPE_CHECKING:
    from figlet.engine.base import Engine
    from figlet.testing._shared import SharedRun
    from figlet.testing._stack import FigletStack

_NAME_PART = re.compile(r"[^a-z0-9]+")
_PREFIX = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SLUG_LENGTH = 24
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@dataclass(frozen=True)
class Settings:
    """The plugin's options, read once from the command line and the ini file."""

    prefix: str = "pytest"
    keep: bool = False
    compose_file: str = ""  # the default compose file (ini figlet_compose_file)
    log_lines: int = 50  # lines of each container's log attached to a failed test's report
    stop_timeout: int | None = 0  # seconds a container gets to stop before it is killed
    wait_timeout: float = 120.0  # seconds to wait for running/healthy containers


def check_prefix(prefix: str) -> str:
    """The prefix itself if it can start a project name, else a FigletError saying why."""
    if not _PREFIX.match(prefix):
        raise FigletError(
            Problem(
                f"--figlet-project-prefix {prefix!r} cannot start a project name",
                hint="use lowercase letters, digits, '-' and '_', starting with a letter or digit",
            )
        )
    return prefix


def project_name(prefix: str, label: str) -> str:
    """`<prefix>-<label as a slug>-<6 random hex>`, a valid and unique compose project name."""
    slug = _NAME_PART.sub("-", label.lower()).strip("-")[:_SLUG_LENGTH].strip("-")
    suffix = os.urandom(3).hex()
    return f"{prefix}-{slug}-{suffix}" if slug else f"{prefix}-{suffix}"


@dataclass(frozen=True)
class LiveStack:
    """A stack that is up: which node and fixture made it, and how to read its logs."""

    project: str
    nodeid: str
    fixture: str
    logs: Callable[[int], str]  # the last N lines of each container


@dataclass
class Registry:
    """Project names this session created; `done` when taken down, `kept` for --figlet-keep."""

    settings: Settings
    created: list[str] = field(default_factory=list)
    done: set[str] = field(default_factory=set)
    kept: list[str] = field(default_factory=list)
    seen_kept: list[str] = field(default_factory=list)  # from reports, maybe other processes
    announced: int = 0  # how many of `kept` went into a test report (for xdist's controller)
    live: list[LiveStack] = field(default_factory=list)  # up (or coming up), for failure logs
    run: SharedRun | None = None  # where shared stacks are agreed on (xdist: the controller's)
    owns_run: bool = False  # this process made `run` (xdist's controller, or no xdist)
    shared: dict[str, FigletStack] = field(default_factory=dict)  # shared stacks this process uses
    releases: dict[str, Callable[[], None]] = field(default_factory=dict)  # ... how to let go
    _hooked: bool = False
    _previous: dict[int, Any] = field(default_factory=dict)

    def track(self, name: str) -> None:
        """Remember `name` before anything is created; hook exit and termination once."""
        self.created.append(name)
        if not self._hooked:
            self._hooked = True
            atexit.register(self.sweep)
            self._catch_termination()

    def shared_run(self) -> SharedRun:
        """The run's `SharedRun`: the controller's (passed to xdist workers), else a new one."""
        if self.run is None:
            from figlet.testing._shared import SharedRun

            self.run = SharedRun.create()
            self.owns_run = True
        return self.run

    def finish_run(self) -> list[str]:
        """For the run's owner, once every worker is done: take down the shared stacks killed
        workers left (unless --figlet-keep) and remove the ledgers; the problems, as text."""
        run, self.run = self.run, None
        if run is None or not self.owns_run:
            return []
        problems: list[str] = []

        def take_down(name: str) -> None:
            try:
                down_by_label(name, self.settings.stop_timeout)
            except FigletError as exc:
                problems.append(f"{name}: {exc.render()}")

        try:
            if not self.settings.keep:
                run.sweep(take_down)
        finally:
            run.remove()
        return problems

    def finished(self, name: str, *, kept: bool) -> None:
        self.done.add(name)
        if kept and name not in self.kept:
            self.kept.append(name)
        self.live = [stack for stack in self.live if stack.project != name]

    def used_by(self, chain: set[str], fixtures: set[str]) -> list[LiveStack]:
        """The live stacks a test sees: made for a node in its `chain` by one of its `fixtures`."""
        return [s for s in self.live if s.nodeid in chain and s.fixture in fixtures]

    def newly_kept(self) -> list[str]:
        """Kept stacks not announced in a report yet."""
        fresh = self.kept[self.announced :]
        self.announced = len(self.kept)
        return fresh

    def leftovers(self) -> list[str]:
        return [name for name in self.created if name not in self.done]

    def sweep(self) -> list[str]:
        """Take down (volumes too) every stack not taken down yet; the problems, as text."""
        if self.settings.keep:
            for name in self.leftovers():
                self.finished(name, kept=True)
            return []
        problems: list[str] = []
        for name in self.leftovers():
            release = self.releases.pop(name, None)
            try:
                if release is not None:  # a shared stack: the last user takes it down
                    release()
                else:
                    down_by_label(name, self.settings.stop_timeout)
            except FigletError as exc:
                problems.append(f"{name}: {exc.render()}")
            except pytest.fail.Exception as exc:
                problems.append(f"{name}: {exc.msg}")
            self.finished(name, kept=False)
        return problems

    def close(self) -> None:
        """Undo what `track` hooked (pytest_unconfigure)."""
        if self._hooked:
            atexit.unregister(self.sweep)
            for number, handler in self._previous.items():
                signal.signal(number, handler)
            self._previous.clear()
            self._hooked = False

    def _catch_termination(self) -> None:
        """SIGTERM/SIGHUP become KeyboardInterrupt, so pytest's teardown and the sweep run.

        Only where nobody else handles them, and only from the main thread (a signal rule).
        """
        if threading.current_thread() is not threading.main_thread():
            return
        for number in _SIGNALS:
            if signal.getsignal(number) is signal.SIG_DFL:
                self._previous[number] = signal.signal(number, _interrupt)


def _interrupt(number: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signal.Signals(number).name}")


class LeakedNetworkWarning(UserWarning):
    """A project network the engine would not remove although no container is attached
    (moby/moby#43286, Engine 20.10): reported, never a failure; only a dockerd restart clears
    it."""


def down_by_label(name: str, stop_timeout: int | None) -> None:
    """Remove what carries the project label `name`: containers, networks and volumes; a
    network the engine leaked is warned about (`LeakedNetworkWarning`), not raised."""
    from figlet import api

    engine = api.connect()
    try:
        take_down(engine, name, stop_timeout)
    finally:
        _close(engine)


def take_down(engine: Engine, name: str, stop_timeout: int | None) -> tuple[str, ...]:
    """`figlet -p name down -v --remove-orphans` on `engine`; the networks the engine leaked
    (each warned about). Any other failure is raised as it was."""
    from figlet import api
    from figlet.planner import DownOptions

    options = DownOptions(volumes=True, remove_orphans=True, timeout=stop_timeout)
    try:
        api.down(name, None, engine, options)
        return ()
    except FigletError:
        leaked = leaked_networks(engine, name)  # raises nothing
        if not leaked:
            raise
    for network in leaked:
        warnings.warn(
            LeakedNetworkWarning(
                f"figlet: network {network} (project {name}) was left behind: the engine "
                "refuses to remove it although no container is attached (moby/moby#43286, "
                "Engine 20.10); only an engine restart clears it"
            ),
            stacklevel=2,
        )
    return leaked


def leaked_networks(engine: Engine, name: str) -> tuple[str, ...]:
    """The networks of project `name` left only by the engine's leak: nothing else of the
    project is left and no container is attached to any of them. () when anything else is
    left, something is attached, or the engine cannot tell."""
    from figlet.executor._actions import NetworkInspector
    from figlet.observe import observe_name

    if not isinstance(engine, NetworkInspector):
        return ()
    try:
        left = observe_name(engine, name)
        if left.containers or left.volumes or not left.networks:
            return ()
        if any(engine.network_endpoints(network.name) for network in left.networks):
            return ()
    except FigletError:
        return ()
    return tuple(network.name for network in left.networks)


def _close(engine: object) -> None:
    close: Callable[[], None] | None = getattr(engine, "close", None)
    if close is not None:
        close()
