"""Networks: the stack's overlay networks (NetworkCreate bodies) and each service's
attachments (NetworkAttachmentConfig): its own name as an alias on each network, as `docker
stack deploy` gives it, its `aliases:`, and the aliases its linkers' `links:` ask for (which
`docker stack deploy` drops): `links: [redis:cache]` makes `cache` name redis on every network
the two share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from figlet.loader._problems import Problems
from figlet.model import Network, Project, Service
from figlet.swarm._spec_labels import NAMESPACE

# drivers whose networks cannot span a swarm (the engine scopes them to one host)
LOCAL_DRIVERS = frozenset(("bridge", "host", "none", "macvlan", "ipvlan", "nat"))


def network_spec(project: Project, network: Network, notes: Problems) -> dict[str, Any]:
    """The body of POST /networks/create for a stack network (overlay unless `driver:`)."""
    spec = network.spec
    at = ("networks", network.key)
    if network.external:
        return {"Name": network.name}
    driver = network.driver or "overlay"
    if driver in LOCAL_DRIVERS:
        notes.add(
            f'network driver "{driver}" is local to one engine: a swarm service cannot use it',
            (*at, "driver"),
            'remove `driver:` (a stack\'s networks are "overlay"), or declare the network '
            "`external: true` and create it on the swarm yourself",
        )
    labels = {str(k): str(v) for k, v in (spec.get("labels") or {}).items()}
    body: dict[str, Any] = {
        "Name": network.name,
        "Driver": driver,
        "Labels": {**labels, NAMESPACE: project.name},
    }
    if spec.get("driver_opts"):
        body["Options"] = {str(k): str(v) for k, v in spec["driver_opts"].items()}
    for key, api_key in (
        ("attachable", "Attachable"),
        ("internal", "Internal"),
        ("enable_ipv6", "EnableIPv6"),
    ):
        if spec.get(key) is True:
            body[api_key] = True
    ipam = _ipam(spec.get("ipam") or {})
    if ipam:
        body["IPAM"] = ipam
    return body


def _ipam(ipam: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if ipam.get("driver"):
        out["Driver"] = str(ipam["driver"])
    pools = []
    for pool in ipam.get("config") or ():
        entry: dict[str, Any] = {}
        for key, api_key in (("subnet", "Subnet"), ("ip_range", "IPRange"), ("gateway", "Gateway")):
            if pool.get(key):
                entry[api_key] = str(pool[key])
        if pool.get("aux_addresses"):
            entry["AuxiliaryAddresses"] = {str(k): str(v) for k, v in pool["aux_addresses"].items()}
        pools.append(entry)
    if pools:
        out["Config"] = pools
    if ipam.get("options"):
        out["Options"] = {str(k): str(v) for k, v in ipam["options"].items()}
    return out


def link_aliases(project: Project, notes: Problems) -> dict[tuple[str, str], list[str]]:
    """(linked service, network key) -> the aliases that linkers ask for on that network.
    A link whose two ends share no network cannot be made: a warning at the link."""
    aliases: dict[tuple[str, str], list[str]] = {}
    for service in project.services.values():
        own = {attached.network for attached in service.networks}
        for index, link in enumerate(service.links):
            target = project.services.get(link.service)
            if target is None:
                continue
            shared = [a.network for a in target.networks if a.network in own]
            if not shared:
                notes.warn(
                    f"services.{service.name}.links[{index}]: {link.service} shares no network "
                    f"with {service.name}, so the alias {link.alias!r} cannot be made; ignored",
                    ("services", service.name, "links", index),
                )
            for network in shared:
                names = aliases.setdefault((link.service, network), [])
                if link.alias != link.service and link.alias not in names:
                    names.append(link.alias)
    return aliases


def attachments(
    project: Project,
    service: Service,
    linked: Mapping[tuple[str, str], list[str]],
    notes: Problems,
) -> list[dict[str, Any]]:
    """The service's NetworkAttachmentConfigs, sorted by network name as the docker CLI sends
    them: its `aliases:`, the service's name (in the CLI's order), then the aliases its
    linkers ask for."""
    out = []
    for attached in service.networks:
        at = ("services", service.name, "networks", attached.network)
        for key in ("ipv4_address", "ipv6_address"):
            if getattr(attached, key):
                notes.warn(
                    f"services.{service.name}.networks.{attached.network}.{key} is not applied "
                    "by a swarm (it gives each task an address of its own); ignored",
                    (*at, key),
                )
        names = [*dict.fromkeys(attached.aliases)]
        for alias in (service.name, *linked.get((service.name, attached.network), ())):
            if alias not in names:
                names.append(alias)
        entry: dict[str, Any] = {
            "Target": project.networks[attached.network].name,
            "Aliases": names,
        }
        options = (service.spec.get("networks") or {}).get(attached.network) or {}
        if options.get("driver_opts"):
            entry["DriverOpts"] = {str(k): str(v) for k, v in options["driver_opts"].items()}
        out.append(entry)
    return sorted(out, key=lambda entry: str(entry["Target"]))
