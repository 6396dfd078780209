"""Hosts-file wiring for legacy `links` (pure).

The engine writes legacy-link entries into /etc/hosts only on the default bridge, so figlet
resolves links itself: the linker gets ExtraHosts entries at create, and when a link target is
recreated with a new address, figlet rewrites a block of the linker's /etc/hosts marked with
`MARKER` (see `render_hosts`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from figlet.model import Project, Service

MARKER = "# figlet links"
END_MARKER = "# end figlet links"

Addresses = Mapping[str, str] | str  # network name -> IPv4 address, or one address


def link_hosts(
    project: Project,
    service: Service,
    addresses_by_container: Mapping[str, Addresses],
) -> dict[str, str]:
    """Host name -> address for every link and external link of `service`.

    `addresses_by_container` maps container names to their addresses (one address, or network
    name -> address as `Engine.addresses` returns; then an address on a network the linker is
    attached to is chosen). For `links: ["db:database"]` with replicas db-1, db-2: `database`
    resolves to the first replica, and each replica is also known as `db-<n>` and by its
    container name. Containers without an address (not running) are left out.
    """
    networks = _linker_networks(project, service)
    hosts: dict[str, str] = {}
    for link in service.links:
        replicas = _replicas(project, link.service, addresses_by_container)
        for number, container in replicas:
            address = _pick(addresses_by_container[container], networks)
            if not address:
                continue
            hosts.setdefault(link.alias, address)
            hosts[f"{link.service}-{number}"] = address
            hosts[container] = address
    for external in service.external_links:
        found = addresses_by_container.get(external.container)
        address = _pick(found, networks) if found is not None else None
        if address:
            hosts.setdefault(external.alias, address)
            hosts[external.container] = address
    return hosts


def render_hosts(
    base: str,
    entries: Mapping[str, str],
    *,
    previous: Mapping[str, str] | None = None,
) -> str:
    """Rewrite an /etc/hosts: keep the engine's lines, replace figlet's block with `entries`.

    Lines for names figlet manages (`entries` and `previous`, the entries written before, e.g.
    as ExtraHosts at create) are dropped from the engine's part, so a name is never listed twice
    with an old address.
    """
    managed = set(entries) | set(previous or {})
    kept: list[str] = []
    in_block = False
    for line in base.splitlines():
        stripped = line.strip()
        if stripped == MARKER:
            in_block = True
            continue
        if stripped == END_MARKER:
            in_block = False
            continue
        if in_block:
            continue
        names = _names(stripped)
        if names and set(names) <= managed:
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    lines = [*kept]
    if entries:
        lines.append(MARKER)
        lines.extend(f"{address}\t{host}" for host, address in entries.items())
        lines.append(END_MARKER)
    return "\n".join(lines) + "\n"


def parse_hosts_label(value: str) -> dict[str, str]:
    """The `io.figlet.container_spec.hosts` label ("name=address,...") back into a mapping."""
    result: dict[str, str] = {}
    for item in value.split(","):
        host, sep, address = item.partition("=")
        if sep and host:
            result[host] = address
    return result


def _names(line: str) -> list[str]:
    """The host names of a hosts-file line ([] for comments and blank lines)."""
    content = line.split("#", 1)[0].split()
    return content[1:] if len(content) > 1 else []


def _linker_networks(project: Project, service: Service) -> list[str]:
    attached = sorted(service.networks, key=lambda net: (-net.priority, net.network))
    names = [
        project.networks[net.network].name for net in attached if net.network in project.networks
    ]
    if not names and "default" in project.networks:
        names = [project.networks["default"].name]
    return names


def _replicas(
    project: Project, target: str, addresses_by_container: Mapping[str, Addresses]
) -> list[tuple[int, str]]:
    """(number, container name) of the target service's containers, by number."""
    found: list[tuple[int, str]] = []
    target_service = project.services.get(target)
    fixed = target_service.container_name if target_service else None
    pattern = re.compile(re.escape(f"{project.name}-{target}-") + r"(\d+)")
    for container in addresses_by_container:
        if fixed and container == fixed:
            found.append((1, container))
            continue
        match = pattern.fullmatch(container)
        if match:
            found.append((int(match.group(1)), container))
    return sorted(found)


def _pick(addresses: Addresses, networks: list[str]) -> str | None:
    if isinstance(addresses, str):
        return addresses or None
    for network in networks:
        if addresses.get(network):
            return addresses[network]
    for address in addresses.values():
        if address:
            return address
    return None
