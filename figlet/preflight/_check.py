"""The pure port check: plan + project + what holds host ports now -> problems.

No I/O: the caller observes the running containers and probes local addresses (see `_probe`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from figlet.errors import Problem
from figlet.model import Project
from figlet.observe.state import ObservedContainer
from figlet.plan import Plan
from figlet.preflight._ports import Address, Held, Wanted, held_ports, released_ids, wanted_ports


@dataclass(frozen=True)
class PortsInUse:
    """What holds host ports before the plan runs: the engine's running containers (any
    project) and the local addresses a process was found bound to."""

    containers: tuple[ObservedContainer, ...] = ()
    processes: frozenset[Address] = field(default_factory=frozenset)


def addresses_to_probe(wanted: Iterable[Wanted], held: Iterable[Held]) -> tuple[Address, ...]:
    """Wanted addresses no running container publishes (the engine's own port proxies hold
    those, so a bind there says nothing new)."""
    taken = tuple(held)
    found: dict[Address, None] = {}
    for entry in wanted:
        for address in entry.addresses():
            if not any(h.address.overlaps(address) for h in taken):
                found[address] = None
    return tuple(found)


def port_problems(plan: Plan, project: Project, in_use: PortsInUse) -> list[Problem]:
    """Every host-port conflict of the containers the plan starts, one problem per `ports`
    entry: with a running container that stays, with a local process, or within the plan."""
    released = released_ids(plan)
    held = [h for h in held_ports(in_use.containers) if h.container_id not in released]
    groups: dict[tuple[str, int], list[Wanted]] = {}
    for entry in wanted_ports(plan, project):
        groups.setdefault((entry.service, entry.index), []).append(entry)
    problems: list[Problem] = []
    for group in groups.values():
        problems.extend(_taken(group, held, in_use.processes))
    problems.extend(_within_plan(list(groups.values())))
    return problems


_PROCESS = "a process on this machine"


def _holder(address: Address, held: Sequence[Held], processes: frozenset[Address]) -> Held | str:
    """The container or process that holds `address` ("" when it is free)."""
    for item in held:
        if item.address.overlaps(address):
            return item
    return _PROCESS if address in processes else ""


def _who(holder: Held | str) -> str:
    if isinstance(holder, str):
        return holder
    project = f" (project {holder.project})" if holder.project else ""
    return f"container {holder.container}{project}"


def _taken(
    group: Sequence[Wanted], held: Sequence[Held], processes: frozenset[Address]
) -> list[Problem]:
    entry = group[0]
    holders = [_holder(address, held, processes) for address in entry.addresses()]
    if not all(holders):
        return []
    if len(holders) == 1:
        what = f"host port {entry.describe()}: it is already in use by {_who(holders[0])}"
    else:
        what = f"a host port of {entry.describe()}: every one is already in use"
    return [
        Problem(
            f'service "{entry.service}" cannot publish {what}',
            path=entry.path,
            hint=f"{_stop_hint(holders)}, or publish another host port in {entry.path}",
        )
    ]


def _stop_hint(holders: Sequence[Held | str]) -> str:
    names = list(dict.fromkeys(h.container for h in holders if isinstance(h, Held)))
    hints: list[str] = []
    if names:
        them = "that container" if len(names) == 1 else "those containers"
        hints.append(f"stop {them} (`docker stop {' '.join(names)}`)")
    if _PROCESS in holders:
        hints.append("stop the process that holds it (`ss -ltnup` shows it)")
    return " or ".join(hints)


def _within_plan(groups: Sequence[Sequence[Wanted]]) -> list[Problem]:
    """Two containers of the plan publishing the same single host port."""
    problems: list[Problem] = []
    singles = [group for group in groups if len(group[0].ports) == 1]
    for position, group in enumerate(singles):
        entry = group[0]
        if len(group) > 1:
            names = ", ".join(item.container for item in group)
            problems.append(
                Problem(
                    f'service "{entry.service}" cannot publish host port {entry.describe()} '
                    f"from each of its {len(group)} containers ({names}): only one can bind it",
                    path=entry.path,
                    hint='publish a range (e.g. "8080-8089:80"), publish no host port, '
                    "or run one container of the service",
                )
            )
        address = entry.addresses()[0]
        for earlier in singles[:position]:
            other = earlier[0]
            if other.addresses()[0].overlaps(address):
                problems.append(
                    Problem(
                        f'service "{entry.service}" cannot publish host port {entry.describe()}: '
                        f'service "{other.service}" publishes it too ({other.path})',
                        path=entry.path,
                        hint=f"publish another host port in {entry.path} or in {other.path}",
                    )
                )
                break
    return problems
