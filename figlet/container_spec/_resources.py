"""Network and volume create bodies, labelled like Compose's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from figlet import labels as L

if TYPE_CHECKING:
    from figlet.engine.values.resources import NetworkRequest, VolumeRequest
    from figlet.model import Network, Project, Volume


def network_request(project: Project, network: Network) -> NetworkRequest:
    """POST /networks/create for a project network (never called for external ones)."""
    # imported here: a project on the default bridge creates no network and never needs it
    from figlet.engine.values.resources import NetworkRequest

    spec = network.spec
    body: dict[str, Any] = {
        "Name": network.name,
        "CheckDuplicate": True,
        "Driver": network.driver or spec.get("driver") or "bridge",
        "Labels": _labels(project, L.NETWORK, network.key, spec),
    }
    if spec.get("driver_opts"):
        body["Options"] = {str(k): str(v) for k, v in spec["driver_opts"].items()}
    for key, api_key in (
        ("internal", "Internal"),
        ("attachable", "Attachable"),
        ("enable_ipv6", "EnableIPv6"),
    ):
        if spec.get(key) is not None:
            body[api_key] = bool(spec[key])
    ipam = _ipam(spec.get("ipam") or {})
    if ipam:
        body["IPAM"] = ipam
    return NetworkRequest(name=network.name, body=body)


def volume_request(project: Project, volume: Volume) -> VolumeRequest:
    """POST /volumes/create for a project volume (never called for external ones)."""
    from figlet.engine.values.resources import VolumeRequest

    spec = volume.spec
    body: dict[str, Any] = {
        "Name": volume.name,
        "Driver": volume.driver or spec.get("driver") or "local",
        "Labels": _labels(project, L.VOLUME, volume.key, spec),
    }
    if spec.get("driver_opts"):
        body["DriverOpts"] = {str(k): str(v) for k, v in spec["driver_opts"].items()}
    return VolumeRequest(name=volume.name, body=body)


def _labels(project: Project, kind_label: str, key: str, spec: Mapping[str, Any]) -> dict[str, str]:
    labels = {str(k): str(v) for k, v in (spec.get("labels") or {}).items()}
    labels.update({L.PROJECT: project.name, kind_label: key, L.VERSION: L.COMPOSE_VERSION})
    return labels


def _ipam(ipam: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if ipam.get("driver"):
        result["Driver"] = ipam["driver"]
    pools = []
    for pool in ipam.get("config") or ():
        entry: dict[str, Any] = {}
        for key, api_key in (("subnet", "Subnet"), ("ip_range", "IPRange"), ("gateway", "Gateway")):
            if pool.get(key):
                entry[api_key] = pool[key]
        if pool.get("aux_addresses"):
            entry["AuxiliaryAddresses"] = dict(pool["aux_addresses"])
        pools.append(entry)
    if pools:
        result["Config"] = pools
    if ipam.get("options"):
        result["Options"] = dict(ipam["options"])
    return result
