"""Owner labels on test stacks, and `reap`: take down the stacks whose owner process is gone.

Every stack the pytest plugin or `DockerCompose` brings up carries, on its containers, networks
and volumes, the host name, process id and process start time of the process that made it
(`io.figlet.owner.*`). A stack whose owner was killed (SIGKILL, an OOM kill, a CI runner that
stopped) is found later by `reap`: same host, and that pid no longer runs, or runs a process that
started at another time (a reused pid). Stacks of live processes and of other hosts stay.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from figlet import labels as L
from figlet.engine.base import Engine, LabelQuery
from figlet.errors import FigletError, Problem
from figlet.model import Project
from figlet.observe.state import ObservedContainer

OWNER_HOST = "io.figlet.owner.host"
OWNER_PID = "io.figlet.owner.pid"
OWNER_STARTED = "io.figlet.owner.started"  # /proc/<pid>/stat field 22 ("" without /proc)
KEEP_VOLUMES = "io.figlet.owner.keep-volumes"  # "true": the reaper leaves the volumes

StartedOf = Callable[[int], str | None]  # pid -> its start time, None when it does not run


def process_started(pid: int) -> str | None:
    """The start time of process `pid` (clock ticks after boot, field 22 of /proc/<pid>/stat);
    "" when it runs but the system has no /proc; None when it does not run."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            text = stat.read().decode(errors="replace")
    except FileNotFoundError:
        if os.path.isdir("/proc/self"):
            return None
        return "" if _signal_reaches(pid) else None
    except OSError:
        return None
    # field 2 (comm) is in parentheses and may hold spaces or ")"; count after the last ")"
    fields = text.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else ""  # fields[0] is field 3 (state)


def _signal_reaches(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class ProcessOwner:
    """The process a stack belongs to."""

    host: str
    pid: int
    started: str

    @classmethod
    def current(cls) -> ProcessOwner:
        pid = os.getpid()
        return cls(socket.gethostname(), pid, process_started(pid) or "")

    def labels(self) -> dict[str, str]:
        return {OWNER_HOST: self.host, OWNER_PID: str(self.pid), OWNER_STARTED: self.started}


def with_owner(project: Project, owner: ProcessOwner, *, keep_volumes: bool = False) -> Project:
    """`project` with the owner labels added to every service, and to every network and volume
    figlet creates (external ones are not figlet's to label)."""
    extra = owner.labels()
    if keep_volumes:
        extra[KEEP_VOLUMES] = "true"
    services = {
        name: replace(service, spec=_labelled(service.spec, extra))
        for name, service in project.services.items()
    }
    networks = {
        key: network if network.external else replace(network, spec=_labelled(network.spec, extra))
        for key, network in project.networks.items()
    }
    volumes = {
        key: volume if volume.external else replace(volume, spec=_labelled(volume.spec, extra))
        for key, volume in project.volumes.items()
    }
    return replace(project, services=services, networks=networks, volumes=volumes)


def _labelled(spec: Mapping[str, Any], extra: Mapping[str, str]) -> dict[str, Any]:
    given = spec.get("labels") or {}
    if isinstance(given, Mapping):
        labels = {str(key): value for key, value in given.items()}
    else:  # ["key=value", ...]
        labels = dict(str(item).partition("=")[::2] for item in given)
    return {**spec, "labels": {**labels, **extra}}


def is_orphaned(labels: Mapping[str, str], host: str, started_of: StartedOf) -> bool:
    """True when the labels name an owner on `host` that no longer runs (or whose pid now
    belongs to a process started at another time). No owner labels, another host, or an
    unreadable pid: False (never take down what might be alive)."""
    if labels.get(OWNER_HOST) != host:
        return False
    try:
        pid = int(labels.get(OWNER_PID, ""))
    except ValueError:
        return False
    started = started_of(pid)
    if started is None:
        return True
    recorded = labels.get(OWNER_STARTED, "")
    return bool(recorded and started and recorded != started)


def orphaned_projects(
    containers: Iterable[ObservedContainer], host: str, started_of: StartedOf
) -> list[str]:
    """Projects all of whose owner-labelled containers belong to gone owners, sorted."""
    verdicts: dict[str, bool] = {}
    for container in containers:
        project = container.labels.get(L.PROJECT)
        if not project:
            continue
        orphaned = is_orphaned(container.labels, host, started_of)
        verdicts[project] = verdicts.get(project, True) and orphaned
    return sorted(name for name, orphaned in verdicts.items() if orphaned)


def stale(engine: Engine, *, started_of: StartedOf = process_started) -> list[str]:
    """The stacks `reap` would take down, sorted; one list request, no change."""
    if not isinstance(engine, LabelQuery):
        return []
    containers = engine.containers_labelled(OWNER_PID)
    return orphaned_projects(containers, socket.gethostname(), started_of)


def reap(engine: Engine, *, started_of: StartedOf = process_started) -> list[str]:
    """Take down (containers, networks, volumes unless the stack asked to keep them) every
    stack whose owner process on this host is gone; the names of the stacks taken down.
    One list request when there is nothing to reap. Raises FigletError for the stacks that
    could not be taken down (after trying every one)."""
    if not isinstance(engine, LabelQuery):
        return []
    from figlet import api
    from figlet.planner import DownOptions

    containers = engine.containers_labelled(OWNER_PID)
    host = socket.gethostname()
    reaped: list[str] = []
    problems: list[Problem] = []
    for name in orphaned_projects(containers, host, started_of):
        keep = any(
            c.labels.get(KEEP_VOLUMES) == "true"
            for c in containers
            if c.labels.get(L.PROJECT) == name
        )
        options = DownOptions(volumes=not keep, remove_orphans=True, timeout=0)
        try:
            api.down(name, None, engine, options)
        except FigletError as exc:
            problems.append(Problem(f"could not reap stack {name}: {exc.render()}"))
            continue
        reaped.append(name)
    if problems:
        raise FigletError(problems)
    return reaped
