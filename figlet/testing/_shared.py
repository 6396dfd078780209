"""Stacks shared by the processes of one run (`figlet_stack_session(..., shared=True)`).

Under `pytest -n N` every xdist worker would bring up its own session stack. A shared one is
brought up once, by the first worker that asks, and taken down by the last one to let go. The
workers agree through a directory of the run (`SharedRun`, made by xdist's controller and passed
to every worker in its `workerinput`): per stack, a lock file (`fcntl.flock`) and a small JSON
ledger of who uses it. The first worker brings the stack up while it holds the lock, so the others
wait for it to be ready; a worker that leaves removes itself, and the one that leaves it empty
takes the stack down. Users whose process is gone (a SIGKILLed worker) are dropped from the ledger
whenever it is read, so they do not keep the stack up.

The stack's owner labels name the controller, not a worker: the reaper of a later run removes it
if the whole run was killed; the controller's `sweep` removes what its workers left in the
ledgers when they were killed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from figlet.testing._reaper import ProcessOwner, process_started

SHARED_INPUT = "figlet_shared_run"  # the workerinput key xdist's controller fills in


@dataclass(frozen=True)
class SharedRun:
    """What the processes of one run share: the ledgers' directory, a token that makes the run's
    project names its own, and the process that owns the stacks (xdist's controller)."""

    directory: Path
    token: str
    owner: ProcessOwner

    @classmethod
    def create(cls) -> SharedRun:
        """A fresh run owned by this process (xdist's controller, or a run without xdist)."""
        directory = Path(tempfile.mkdtemp(prefix="figlet-shared-"))
        return cls(directory, os.urandom(4).hex(), ProcessOwner.current())

    def to_input(self) -> dict[str, Any]:
        """As a value xdist can send to a worker (plain JSON types)."""
        return {"directory": str(self.directory), "token": self.token, "owner": asdict(self.owner)}

    @classmethod
    def from_input(cls, workerinput: Mapping[str, Any]) -> SharedRun | None:
        """The run the controller passed in `workerinput`; None when it passed none."""
        given = workerinput.get(SHARED_INPUT)
        if not isinstance(given, Mapping):
            return None
        return cls(Path(given["directory"]), str(given["token"]), ProcessOwner(**given["owner"]))

    def ledger(self, key: str) -> Ledger:
        return Ledger(self.directory / f"{key}.json", self.directory / f"{key}.lock")

    def sweep(self, take_down: Callable[[str], None]) -> list[str]:
        """For the run's owner, after every worker is done: `take_down` each stack a ledger
        still lists as up (its last users were killed); the names taken down."""
        names: list[str] = []
        for path in sorted(self.directory.glob("*.json")):
            ledger = Ledger(path, path.with_suffix(".lock"))
            with ledger.locked() as entry:
                if entry is None or entry.down:
                    continue
                take_down(entry.project)
                entry.down = True
                names.append(entry.project)
        return names

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def shared_key(
    files: Sequence[Path], services: Sequence[str], env: Mapping[str, str], build: bool | None
) -> str:
    """Which shared stack a factory call asks for: the same files, services, extra environment
    and build flag make the same stack, in every worker."""
    identity = json.dumps(
        [[str(f) for f in files], sorted(services), sorted(env.items()), build], sort_keys=True
    )
    return hashlib.sha256(identity.encode()).hexdigest()[:12]


def shared_project_name(prefix: str, run: SharedRun, key: str) -> str:
    """`<prefix>-shared-<run token>-<stack key>`: the same in every worker of a run, another in
    the next run."""
    return f"{prefix}-shared-{run.token}-{key[:6]}"


@dataclass
class Entry:
    """A ledger's content: the stack, who uses it, whether it is down, why it failed."""

    project: str
    users: list[dict[str, Any]] = field(default_factory=list)  # {"pid": int, "started": str}
    down: bool = False
    error: str = ""  # the first worker's `up` failed: the others fail with this, without trying

    def drop_gone(self) -> None:
        """Forget users whose process no longer runs (or whose pid was reused)."""
        self.users = [user for user in self.users if _alive(user)]


def _alive(user: Mapping[str, Any]) -> bool:
    started = process_started(int(user.get("pid", 0)))
    recorded = str(user.get("started", ""))
    return started is not None and (not recorded or not started or started == recorded)


def _me() -> dict[str, Any]:
    pid = os.getpid()
    return {"pid": pid, "started": process_started(pid) or ""}


@dataclass(frozen=True)
class Joined:
    """What `Ledger.join` found: whether this process brought the stack up, and an `up` error."""

    first: bool
    error: str = ""


@dataclass(frozen=True)
class Ledger:
    """One shared stack's JSON ledger and its lock file."""

    path: Path
    lock: Path

    @contextmanager
    def locked(self) -> Iterator[Entry | None]:
        """The entry (None when there is none yet) under the lock; written back afterwards."""
        with self._lock():
            entry = self._read()
            yield entry
            if entry is not None:
                self._write(entry)

    def join(self, project: str, bring_up: Callable[[], str]) -> Joined:
        """Use the stack: the first user calls `bring_up` (the error text, "" when it is up)
        while holding the lock, so the others find it ready (or fail with the same error)."""
        with self._lock():
            entry = self._read()
            if entry is not None and entry.error:
                return Joined(first=False, error=entry.error)
            if entry is not None:
                entry.drop_gone()
                if not entry.down and entry.users:
                    entry.users.append(_me())
                    self._write(entry)
                    return Joined(first=False)
            entry = Entry(project, users=[_me()])
            self._write(entry)  # before anything is created: the owner's sweep must know it
            entry.error = bring_up()
            self._write(entry)
            return Joined(first=True, error=entry.error)

    def leave(self, take_down: Callable[[], None]) -> bool:
        """Stop using the stack; the last user calls `take_down` (under the lock). True when
        this call took it down."""
        with self._lock():
            entry = self._read()
            if entry is None or entry.down:
                return False
            me = _me()
            if me in entry.users:
                entry.users.remove(me)
            entry.drop_gone()
            self._write(entry)
            if entry.users:
                return False
            take_down()
            entry.down = True
            self._write(entry)
            return True

    @contextmanager
    def _lock(self) -> Iterator[None]:
        with open(self.lock, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read(self) -> Entry | None:
        try:
            data = json.loads(self.path.read_text())
        except (FileNotFoundError, ValueError):
            return None
        return Entry(**data) if isinstance(data, dict) else None

    def _write(self, entry: Entry) -> None:
        fresh = self.path.with_suffix(".tmp")
        fresh.write_text(json.dumps(asdict(entry)))
        fresh.replace(self.path)
