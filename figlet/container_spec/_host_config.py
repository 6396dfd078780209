"""The HostConfig part of a create body: ports, limits, security, DNS, logging, restart..."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from figlet.container_spec._mounts import MountConfig
from figlet.container_spec._units import byte_size
from figlet.model import Project, Service

# service key -> HostConfig key, copied as they are when set
_PLAIN = {
    "cap_add": "CapAdd",
    "cap_drop": "CapDrop",
    "privileged": "Privileged",
    "read_only": "ReadonlyRootfs",
    "security_opt": "SecurityOpt",
    "init": "Init",
    "dns": "Dns",
    "dns_search": "DnsSearch",
    "dns_opt": "DnsOptions",
    "group_add": "GroupAdd",
    "cpu_shares": "CpuShares",
    "cpu_quota": "CpuQuota",
    "cpu_period": "CpuPeriod",
    "cpu_rt_runtime": "CpuRealtimeRuntime",
    "cpu_rt_period": "CpuRealtimePeriod",
    "cpuset": "CpusetCpus",
    "oom_kill_disable": "OomKillDisable",
    "oom_score_adj": "OomScoreAdj",
    "pids_limit": "PidsLimit",
    "cgroup_parent": "CgroupParent",
    "device_cgroup_rules": "DeviceCgroupRules",
    "cgroup": "CgroupnsMode",
    "userns_mode": "UsernsMode",
    "uts": "UTSMode",
    "isolation": "Isolation",
    "runtime": "Runtime",
    "storage_opt": "StorageOpt",
    "annotations": "Annotations",
}
# keys whose value the engine wants as a list (a lone string is wrapped)
_LISTS = frozenset(
    (
        "cap_add",
        "cap_drop",
        "security_opt",
        "dns",
        "dns_search",
        "dns_opt",
        "group_add",
        "device_cgroup_rules",
    )
)
# service key -> HostConfig key, sizes in bytes
_SIZES = {
    "mem_limit": "Memory",
    "memswap_limit": "MemorySwap",
    "mem_reservation": "MemoryReservation",
    "shm_size": "ShmSize",
}
_RESTART_CONDITIONS = {"none": "no", "any": "always", "on-failure": "on-failure"}


def host_config(
    project: Project,
    service: Service,
    *,
    network_mode: str | None,
    extra_hosts: list[str],
    container_of: Mapping[str, str],
    mounts: MountConfig,
) -> dict[str, Any]:
    """HostConfig for one container of `service`; `container_of` names each service's first
    container (for volumes_from and ipc/pid "service:x")."""
    spec = service.spec
    config: dict[str, Any] = {}
    for key, api_key in _PLAIN.items():
        if spec.get(key) not in (None, [], {}):
            value = spec[key]
            config[api_key] = [value] if key in _LISTS and isinstance(value, str) else value
    for key, api_key in _SIZES.items():
        if spec.get(key) is not None:
            config[api_key] = byte_size(spec[key], f"services.{service.name}.{key}")
    if spec.get("mem_swappiness") is not None:
        path = f"services.{service.name}.mem_swappiness"
        config["MemorySwappiness"] = _swappiness(spec["mem_swappiness"], path)
    if spec.get("cpus") is not None:
        config["NanoCpus"] = int(float(spec["cpus"]) * 1e9)
    config.update(_deploy_resources(service))
    if spec.get("sysctls"):
        sysctls = spec["sysctls"]
        if not isinstance(sysctls, Mapping):
            sysctls = dict(str(item).partition("=")[::2] for item in sysctls)
        config["Sysctls"] = {str(k): str(v) for k, v in sysctls.items()}
    if spec.get("ulimits"):
        config["Ulimits"] = _ulimits(spec["ulimits"])
    if spec.get("devices"):
        config["Devices"] = [_device(entry) for entry in spec["devices"]]
    devices = _device_requests(service)
    if devices:
        config["DeviceRequests"] = devices
    config.update(_blkio(spec.get("blkio_config") or {}, f"services.{service.name}.blkio_config"))
    if spec.get("logging"):
        logging = spec["logging"]
        config["LogConfig"] = {
            "Type": logging.get("driver") or "",
            "Config": {str(k): str(v) for k, v in (logging.get("options") or {}).items()},
        }
    restart = _restart_policy(spec)
    if restart:
        config["RestartPolicy"] = restart
    ports = port_bindings(spec.get("ports") or ())
    if ports:
        config["PortBindings"] = ports
    if mounts.binds:
        config["Binds"] = list(mounts.binds)
    if mounts.mounts:
        config["Mounts"] = [dict(mount) for mount in mounts.mounts]
    if mounts.tmpfs:
        config["Tmpfs"] = dict(mounts.tmpfs)
    if service.volumes_from:
        config["VolumesFrom"] = [
            _volumes_from(entry, container_of) for entry in service.volumes_from
        ]
    if service.ipc:
        config["IpcMode"] = service_ref(service.ipc, container_of)
    if service.pid:
        config["PidMode"] = service_ref(service.pid, container_of)
    if network_mode:
        config["NetworkMode"] = network_mode
    if extra_hosts:
        config["ExtraHosts"] = extra_hosts
    return config


def port_bindings(ports: Any) -> dict[str, list[dict[str, str]]]:
    """Canonical `ports` -> PortBindings {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}."""
    bindings: dict[str, list[dict[str, str]]] = {}
    for port in ports:
        key = f"{port['target']}/{port.get('protocol') or 'tcp'}"
        bindings.setdefault(key, []).append(
            {"HostIp": str(port.get("host_ip") or ""), "HostPort": str(port.get("published") or "")}
        )
    return bindings


def service_ref(value: str, container_of: Mapping[str, str]) -> str:
    """ "service:x" -> "container:<x's first container>"; anything else unchanged."""
    if value.startswith("service:"):
        return "container:" + container_of[value.split(":", 1)[1]]
    return value


def _volumes_from(entry: str, container_of: Mapping[str, str]) -> str:
    if entry.startswith("container:"):
        return entry.split(":", 1)[1]
    name, _, mode = entry.partition(":")
    target = container_of[name]
    return f"{target}:{mode}" if mode else target


def _deploy_resources(service: Service) -> dict[str, Any]:
    resources = (service.spec.get("deploy") or {}).get("resources") or {}
    limits = resources.get("limits") or {}
    reservations = resources.get("reservations") or {}
    path = f"services.{service.name}.deploy.resources"
    config: dict[str, Any] = {}
    if limits.get("cpus") is not None:
        config["NanoCpus"] = int(float(limits["cpus"]) * 1e9)
    if limits.get("memory") is not None:
        config["Memory"] = byte_size(limits["memory"], f"{path}.limits.memory")
    if limits.get("pids") is not None:
        config["PidsLimit"] = int(limits["pids"])
    if reservations.get("memory") is not None:
        config["MemoryReservation"] = byte_size(
            reservations["memory"], f"{path}.reservations.memory"
        )
    return config


def _restart_policy(spec: Mapping[str, Any]) -> dict[str, Any] | None:
    policy: dict[str, Any] | None = None
    if spec.get("restart"):
        name, _, count = str(spec["restart"]).partition(":")
        policy = {"Name": name, "MaximumRetryCount": int(count or 0)}
    deploy_policy = (spec.get("deploy") or {}).get("restart_policy")
    if deploy_policy:
        condition = deploy_policy.get("condition") or "any"
        policy = {
            "Name": _RESTART_CONDITIONS.get(condition, condition),
            "MaximumRetryCount": int(deploy_policy.get("max_attempts") or 0),
        }
    return policy


def _ulimits(ulimits: Mapping[str, Any]) -> list[dict[str, Any]]:
    result = []
    for name, value in ulimits.items():
        if isinstance(value, Mapping):
            soft, hard = int(value["soft"]), int(value["hard"])
        else:
            soft = hard = int(value)
        result.append({"Name": name, "Soft": soft, "Hard": hard})
    return result


def _device(entry: Any) -> dict[str, str]:
    if isinstance(entry, str):
        parts = entry.split(":")
        source = parts[0]
        target = parts[1] if len(parts) > 1 else source
        permissions = parts[2] if len(parts) > 2 else "rwm"
    else:
        source = entry["source"]
        target = entry.get("target") or source
        permissions = entry.get("permissions") or "rwm"
    return {"PathOnHost": source, "PathInContainer": target, "CgroupPermissions": permissions}


def _device_requests(service: Service) -> list[dict[str, Any]]:
    """`gpus:` and `deploy.resources.reservations.devices` -> DeviceRequests."""
    resources = (service.spec.get("deploy") or {}).get("resources") or {}
    reserved = (resources.get("reservations") or {}).get("devices") or []
    requests = []
    for entry in [*(service.spec.get("gpus") or ()), *reserved]:
        capabilities = entry.get("capabilities") or (["gpu"] if "gpus" in service.spec else [])
        request: dict[str, Any] = {
            "Driver": entry.get("driver") or "",
            "Count": int(entry["count"]) if entry.get("count") is not None else 0,
            "DeviceIDs": list(entry.get("device_ids") or ()),
            "Capabilities": [list(capabilities)] if capabilities else [],
            "Options": dict(entry.get("options") or {}),
        }
        if not request["DeviceIDs"] and entry.get("count") is None:
            request["Count"] = -1
        requests.append(request)
    return requests


def _blkio(blkio: Mapping[str, Any], path: str) -> dict[str, Any]:
    config: dict[str, Any] = {}
    if blkio.get("weight") is not None:
        config["BlkioWeight"] = int(blkio["weight"])
    if blkio.get("weight_device"):
        config["BlkioWeightDevice"] = [
            {"Path": d["path"], "Weight": int(d["weight"])} for d in blkio["weight_device"]
        ]
    for key, api_key in (
        ("device_read_bps", "BlkioDeviceReadBps"),
        ("device_write_bps", "BlkioDeviceWriteBps"),
        ("device_read_iops", "BlkioDeviceReadIOps"),
        ("device_write_iops", "BlkioDeviceWriteIOps"),
    ):
        if blkio.get(key):
            config[api_key] = [
                {"Path": d["path"], "Rate": byte_size(d["rate"], f"{path}.{key}")}
                for d in blkio[key]
            ]
    return config


def _swappiness(value: object, path: str) -> int:
    """mem_swappiness as the engine takes it: an integer (0 to 100; -1 leaves the engine's
    default). The canonical spec keeps it the way Compose does, as a byte count in a string
    ("60"), which the engine would refuse."""
    if value in (-1, "-1"):
        return -1
    return byte_size(value, path)
