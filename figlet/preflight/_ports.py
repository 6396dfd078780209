"""Host-port bindings as plain data: what the plan will publish and what running containers hold.

Pure: reads the plan, the canonical `ports` of services and `docker ps`-style port strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from figlet.model import Project
from figlet.observe.state import ObservedContainer
from figlet.plan import Plan
from figlet.plan.payloads.containers import Recreate, StartContainer
from figlet.plan.payloads.lifecycle import Remove, Stop


@cache
def _listed() -> re.Pattern[str]:
    """A published port as `docker ps` lists it: "0.0.0.0:8080->80/tcp", "[::]:8080->80/tcp",
    "127.0.0.1:53->53/udp" (compiled on first use: most plans publish no port)."""
    return re.compile(
        r"^(?:\[(?P<ip6>[^\]]*)\]|(?P<ip>[^:\[\]]*)):(?P<port>\d+)->\d+/(?P<proto>\w+)$"
    )


@dataclass(frozen=True)
class Address:
    """A host address and port for one protocol; host_ip "" means every address."""

    host_ip: str
    port: int
    protocol: str = "tcp"

    def overlaps(self, other: Address) -> bool:
        """Whether the two cannot be bound at once (same port and protocol, addresses meet)."""
        if self.port != other.port or self.protocol != other.protocol:
            return False
        mine, theirs = _normal(self.host_ip), _normal(other.host_ip)
        return mine == theirs or _wildcard(mine) or _wildcard(theirs)

    def __str__(self) -> str:
        return f"{self.port}/{self.protocol}{_where(self.host_ip)}"


@dataclass(frozen=True)
class Wanted:
    """One `ports` entry of a container the plan starts: the engine binds one of `ports`."""

    service: str
    container: str
    index: int  # position in the service's canonical `ports`
    host_ip: str
    ports: tuple[int, ...]  # one port, or every port of a published range
    protocol: str

    @property
    def path(self) -> str:
        return f"services.{self.service}.ports[{self.index}]"

    def addresses(self) -> tuple[Address, ...]:
        return tuple(Address(self.host_ip, port, self.protocol) for port in self.ports)

    def describe(self) -> str:
        first, last = self.ports[0], self.ports[-1]
        span = str(first) if first == last else f"{first}-{last}"
        return f"{span}/{self.protocol}{_where(self.host_ip)}"


@dataclass(frozen=True)
class Held:
    """A host address a running container publishes."""

    address: Address
    container: str  # its name
    container_id: str
    project: str  # its com.docker.compose.project label, "" when it has none


def starting_containers(plan: Plan) -> tuple[tuple[str, str], ...]:
    """(service, container name) of every container the plan leaves running that it starts."""
    found: list[tuple[str, str]] = []
    for op in plan.operations:
        payload = op.payload
        if isinstance(payload, StartContainer) or (isinstance(payload, Recreate) and payload.start):
            found.append((payload.service, payload.name))
    return tuple(dict.fromkeys(found))


def released_ids(plan: Plan) -> frozenset[str]:
    """Ids of the containers the plan stops, removes or replaces before starting others."""
    found: set[str] = set()
    for op in plan.operations:
        payload = op.payload
        if isinstance(payload, (Stop, Remove)) and payload.id:
            found.add(payload.id)
        elif isinstance(payload, Recreate) and payload.old_id:
            found.add(payload.old_id)
    return frozenset(found)


def wanted_ports(plan: Plan, project: Project) -> tuple[Wanted, ...]:
    """The published host ports of every container the plan starts, in plan order."""
    wanted: list[Wanted] = []
    for service_name, container in starting_containers(plan):
        service = project.services.get(service_name)
        if service is None or service.network_mode == "host":
            continue
        for index, entry in enumerate(_entries(service.spec.get("ports"))):
            ports = _published(entry.get("published"))
            if ports:
                wanted.append(
                    Wanted(
                        service=service_name,
                        container=container,
                        index=index,
                        host_ip=str(entry.get("host_ip") or ""),
                        ports=ports,
                        protocol=str(entry.get("protocol") or "tcp").lower(),
                    )
                )
    return tuple(wanted)


def held_ports(containers: Iterable[ObservedContainer]) -> tuple[Held, ...]:
    """The published host addresses of running containers, from their `ports` strings."""
    held: list[Held] = []
    for container in containers:
        if not container.running:
            continue
        for text in container.ports:
            match = _listed().match(text)
            if match is None:
                continue
            host = match.group("ip6") if match.group("ip6") is not None else match.group("ip")
            held.append(
                Held(
                    Address(host or "", int(match.group("port")), match.group("proto").lower()),
                    container.name,
                    container.id,
                    container.labels.get("com.docker.compose.project", ""),
                )
            )
    return tuple(held)


def _entries(value: Any) -> Sequence[Mapping[str, Any]]:
    if not isinstance(value, list):
        return ()
    return [entry for entry in value if isinstance(entry, Mapping)]


def _published(value: Any) -> tuple[int, ...]:
    """ "8080" -> (8080,); "8000-8002" -> (8000, 8001, 8002); "" / None / bad -> ()."""
    text = str(value if value is not None else "").strip()
    low, _, high = text.partition("-")
    if not low.isdigit() or (high and not high.isdigit()):
        return ()
    first, last = int(low), int(high or low)
    if first == 0 or last < first:
        return ()
    return tuple(range(first, last + 1))


def _normal(host_ip: str) -> str:
    """Bracket-free, "" for IPv4's wildcard, "::" for IPv6's."""
    host = host_ip.strip().strip("[]")
    return "" if host in ("", "0.0.0.0") else host


def _where(host_ip: str) -> str:
    host = _normal(host_ip)
    return "" if _wildcard(host) else f" on {host}"


def _wildcard(host: str) -> bool:
    """The engine binds "" (every IPv4 address) and "::" on both families when IPv6 is on."""
    return host in ("", "::")
