"""One `up` / `down` / `scale` at a time per project and engine on this host.

Two commands that change one project at once race: both observe "no network", both create
one, and the engine keeps two of the same name. `project_lock` serialises them with an
advisory lock (`fcntl.flock`) on a file per engine and project in a run directory
($XDG_RUNTIME_DIR/figlet, else /tmp/figlet-locks). The holder writes its pid and command
line into the file; a second command waits for it, says once on stderr for whom it waits,
and gives up after FIGLET_LOCK_TIMEOUT seconds (default 300) with an error naming the
holder. The kernel releases the lock when the holder exits, however it exits; the file
stays (removing it would let a third command lock a file the second still waits on).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import inspect
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import IO, ParamSpec, TypeVar

from figlet.errors import FigletError, Problem

__all__ = ["DEFAULT_TIMEOUT", "LockTimeout", "lock_path", "project_lock", "serialised"]

DEFAULT_TIMEOUT = 300.0
"""Seconds a command waits for another one on the same project (FIGLET_LOCK_TIMEOUT)."""

POLL_SECONDS = 0.1

SHARED_DIR = "/tmp/figlet-locks"
"""The run directory when XDG_RUNTIME_DIR is not set."""

_held = threading.local()  # the lock files this thread holds: a nested lock passes through

P = ParamSpec("P")
R = TypeVar("R")


class LockTimeout(FigletError):
    """Another figlet held the project's lock for longer than the timeout."""


def lock_path(engine_id: str, project_name: str, environ: Mapping[str, str] | None = None) -> str:
    """The lock file of `project_name` on the engine `engine_id` (e.g. its DOCKER_HOST)."""
    env = os.environ if environ is None else environ
    runtime = env.get("XDG_RUNTIME_DIR")
    directory = os.path.join(runtime, "figlet") if runtime else SHARED_DIR
    engine = hashlib.sha256(engine_id.encode()).hexdigest()[:16]
    return os.path.join(directory, f"{engine}-{project_name}.lock")


def lock_timeout(environ: Mapping[str, str] | None = None) -> float:
    """FIGLET_LOCK_TIMEOUT in seconds, else `DEFAULT_TIMEOUT`."""
    raw = (os.environ if environ is None else environ).get("FIGLET_LOCK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses nan
        raise FigletError(
            Problem(
                f"FIGLET_LOCK_TIMEOUT={raw!r} is not a number of seconds",
                hint="set it to how long a command may wait for another one, e.g. 300",
            )
        )
    return seconds


@contextlib.contextmanager
def project_lock(
    engine_id: str,
    project_name: str,
    what: str,
    *,
    timeout: float | None = None,
    environ: Mapping[str, str] | None = None,
    stderr: IO[str] | None = None,
) -> Iterator[None]:
    """Hold the lock of `project_name` on `engine_id` for the block; `what` (e.g. "up")
    is recorded with the pid and command line for whoever waits."""
    path = lock_path(engine_id, project_name, environ)
    held: set[str] | None = getattr(_held, "paths", None)
    if held is None:
        held = _held.paths = set()
    if path in held:  # this thread holds it already (a command inside a command)
        yield
        return
    wait = lock_timeout(environ) if timeout is None else timeout
    out = stderr or sys.stderr
    try:
        fd = _open(path)
    except OSError as exc:  # no run directory to write in: run, unserialised, and say so
        out.write(f"figlet: warning: cannot lock project {project_name} ({exc}); not waiting\n")
        yield
        return
    try:
        _acquire(fd, path, project_name, wait, out)
        held.add(path)
        try:
            _write_holder(fd, what)
            yield
        finally:
            held.discard(path)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _open(path: str) -> int:
    """The lock file, created if need be; /tmp/figlet-locks is shared by every user (sticky,
    like /tmp), and another user's lock file is opened read-only (it still locks)."""
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        with contextlib.suppress(FileExistsError):
            os.mkdir(directory, 0o700)
            if directory == SHARED_DIR:
                os.chmod(directory, 0o1777)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:
        return os.open(path, os.O_RDONLY)
    with contextlib.suppress(OSError):
        os.fchmod(fd, 0o666)  # others may write their holder line in it too
    return fd


def _acquire(fd: int, path: str, project_name: str, wait: float, stderr: IO[str]) -> None:
    deadline = time.monotonic() + wait
    announced = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _read_holder(path)
        if not announced:
            stderr.write(
                f"figlet: waiting for {holder}, which is changing project {project_name} "
                f"(lock {path}; at most {wait:g}s, FIGLET_LOCK_TIMEOUT)\n"
            )
            stderr.flush()
            announced = True
        if time.monotonic() >= deadline:
            raise LockTimeout(
                Problem(
                    f"project {project_name} is still locked by {holder} after {wait:g}s",
                    hint=(
                        "let that command finish (or stop it), then run this one again; "
                        "FIGLET_LOCK_TIMEOUT sets how long to wait"
                    ),
                )
            )
        time.sleep(POLL_SECONDS)


def _write_holder(fd: int, what: str) -> None:
    command = " ".join([os.path.basename(sys.argv[0] or "python"), *sys.argv[1:]])
    text = f"{os.getpid()}\n{what}\n{command}\n"
    with contextlib.suppress(OSError):  # a read-only lock file still locks
        os.ftruncate(fd, 0)
        os.pwrite(fd, text.encode("utf-8", "replace"), 0)


def _read_holder(path: str) -> str:
    """Who holds the lock, as the holder wrote it: "figlet up (pid 12, `figlet up -d`)"."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read(4096).splitlines()
    except OSError:
        lines = []
    if len(lines) < 3:
        return "another figlet"
    pid, what, command = lines[0], lines[1], lines[2]
    return f"figlet {what} (pid {pid}: `{command}`)"


def serialised(what: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run the decorated API function (arguments `engine` and `project_name` or `project`,
    optionally `dry_run`) under `project_lock`; a dry run changes nothing and is not
    serialised."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def locked(*args: P.args, **kwargs: P.kwargs) -> R:
            arguments = signature.bind(*args, **kwargs).arguments
            if arguments.get("dry_run"):
                return function(*args, **kwargs)
            name = arguments.get("project_name") or arguments["project"].name
            with project_lock(arguments["engine"].describe(), str(name), what):
                return function(*args, **kwargs)

        return locked

    return decorate
