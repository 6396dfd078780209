"""The `deploy:` section (and the service keys a swarm reads beside it) as the parts of a
ServiceSpec: Mode, TaskTemplate.Resources / RestartPolicy / Placement / LogDriver,
UpdateConfig, RollbackConfig and EndpointSpec (ports)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from figlet.container_spec._units import byte_size, duration_ns
from figlet.loader._problems import Problems
from figlet.model import Service

MODES = ("replicated", "global", "replicated-job", "global-job")


def mode(service: Service) -> tuple[str, dict[str, Any]]:
    """The deploy mode's name and its ServiceMode object. A replicated job runs `replicas`
    completions, as many at a time (what `docker stack deploy` asks)."""
    name = str(_deploy(service).get("mode") or "replicated")
    replicas = service.replicas
    if name == "global":
        return name, {"Global": {}}
    if name == "global-job":
        return name, {"GlobalJob": {}}
    if name == "replicated-job":
        return name, {"ReplicatedJob": {"MaxConcurrent": replicas, "TotalCompletions": replicas}}
    return name, {"Replicated": {"Replicas": replicas}}


def resources(service: Service) -> dict[str, Any]:
    """Limits and Reservations: deploy.resources, else the service-level keys Compose reads for
    one container (`cpus`, `mem_limit`, `pids_limit`, `mem_reservation`)."""
    spec = service.spec
    path = f"services.{service.name}.deploy.resources"
    declared = _deploy(service).get("resources") or {}
    limits_in = {
        "cpus": spec.get("cpus"),
        "memory": spec.get("mem_limit"),
        "pids": spec.get("pids_limit"),
        **{k: v for k, v in (declared.get("limits") or {}).items() if v is not None},
    }
    reservations_in = {
        "memory": spec.get("mem_reservation"),
        **{k: v for k, v in (declared.get("reservations") or {}).items() if v is not None},
    }
    out: dict[str, Any] = {}
    limits = _amounts(limits_in, f"{path}.limits")
    if limits:
        out["Limits"] = limits
    reservations = _amounts(reservations_in, f"{path}.reservations")
    generic = [
        {"DiscreteResourceSpec": {"Kind": str(spec_["kind"]), "Value": int(spec_["value"])}}
        for entry in reservations_in.get("generic_resources") or ()
        if isinstance(spec_ := entry.get("discrete_resource_spec"), Mapping)
    ]
    if generic:
        reservations["GenericResources"] = generic
    if reservations:
        out["Reservations"] = reservations
    return out


def _amounts(values: Mapping[str, Any], path: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if values.get("cpus") is not None:
        out["NanoCPUs"] = round(float(values["cpus"]) * 1e9)
    if values.get("memory") is not None:
        out["MemoryBytes"] = byte_size(values["memory"], f"{path}.memory")
    if values.get("pids") is not None and int(values["pids"]) > 0:
        out["Pids"] = int(values["pids"])
    return out


_RESTART = {"always": "any", "unless-stopped": "any", "no": "none", "on-failure": "on-failure"}


def restart_policy(service: Service) -> dict[str, Any]:
    """deploy.restart_policy, else the service's `restart:` as `docker stack deploy` converts
    it (always / unless-stopped -> any, no -> none, on-failure[:N])."""
    path = f"services.{service.name}.deploy.restart_policy"
    policy = _deploy(service).get("restart_policy")
    if isinstance(policy, Mapping):
        out: dict[str, Any] = {}
        if policy.get("condition"):
            out["Condition"] = str(policy["condition"])
        for key, api_key in (("delay", "Delay"), ("window", "Window")):
            if policy.get(key) is not None:
                out[api_key] = duration_ns(policy[key], f"{path}.{key}")
        if policy.get("max_attempts") is not None:
            out["MaxAttempts"] = int(policy["max_attempts"])
        return out
    restart = service.spec.get("restart")
    if not restart:
        return {}
    name, _, count = str(restart).partition(":")
    out = {"Condition": _RESTART.get(name, name)}
    if count:
        out["MaxAttempts"] = int(count)
    return out


def placement(service: Service) -> dict[str, Any]:
    """Constraints, spread Preferences and MaxReplicas (per node)."""
    declared = _deploy(service).get("placement") or {}
    out: dict[str, Any] = {}
    if declared.get("constraints"):
        out["Constraints"] = [str(c) for c in declared["constraints"]]
    preferences = [
        {"Spread": {"SpreadDescriptor": str(p["spread"])}}
        for p in declared.get("preferences") or ()
        if isinstance(p, Mapping) and p.get("spread")
    ]
    if preferences:
        out["Preferences"] = preferences
    if declared.get("max_replicas_per_node"):
        out["MaxReplicas"] = int(declared["max_replicas_per_node"])
    return out


def update_config(service: Service, key: str) -> dict[str, Any] | None:
    """UpdateConfig (key "update_config") or RollbackConfig ("rollback_config"); the
    parallelism is 1 unless given, as the docker CLI sends it."""
    declared = _deploy(service).get(key)
    if not isinstance(declared, Mapping):
        return None
    path = f"services.{service.name}.deploy.{key}"
    parallelism = declared.get("parallelism")
    out: dict[str, Any] = {"Parallelism": 1 if parallelism is None else int(parallelism)}
    for name, api_key in (("delay", "Delay"), ("monitor", "Monitor")):
        if declared.get(name) is not None:
            out[api_key] = duration_ns(declared[name], f"{path}.{name}")
    if declared.get("failure_action"):
        out["FailureAction"] = str(declared["failure_action"])
    if declared.get("max_failure_ratio") is not None:
        out["MaxFailureRatio"] = float(declared["max_failure_ratio"])
    if declared.get("order"):
        out["Order"] = str(declared["order"])
    return out


def log_driver(service: Service) -> dict[str, Any] | None:
    """`logging:` as the tasks' LogDriver."""
    logging = service.spec.get("logging")
    if not isinstance(logging, Mapping) or not logging.get("driver"):
        return None
    out: dict[str, Any] = {"Name": str(logging["driver"])}
    if logging.get("options"):
        out["Options"] = {str(k): str(v) for k, v in logging["options"].items()}
    return out


def endpoint_spec(service: Service, notes: Problems) -> dict[str, Any]:
    """EndpointSpec: the endpoint mode (vip by default) and the published ports; a port's
    `host_ip` cannot be honoured (a swarm publishes on every address): a warning."""
    out: dict[str, Any] = {"Mode": str(_deploy(service).get("endpoint_mode") or "vip")}
    ports = []
    for index, port in enumerate(service.spec.get("ports") or ()):
        at = ("services", service.name, "ports", index)
        if port.get("host_ip"):
            notes.warn(
                f"services.{service.name}.ports[{index}].host_ip is not applied by a swarm (it "
                f"publishes on every address of every node); {port['host_ip']} ignored",
                (*at, "host_ip"),
            )
        config: dict[str, Any] = {"Protocol": str(port.get("protocol") or "tcp")}
        if port.get("name"):
            config["Name"] = str(port["name"])
        config["TargetPort"] = int(port["target"])
        published = str(port.get("published") or "")
        if published:
            first, _, last = published.partition("-")
            if last and last != first:
                notes.add(
                    f"published port range {published} for one target port: a swarm publishes "
                    "exactly one port per target",
                    (*at, "published"),
                    f'write one port, e.g. "{first}:{port["target"]}"',
                )
            config["PublishedPort"] = int(first)
        config["PublishMode"] = str(port.get("mode") or "ingress")
        ports.append(config)
    if ports:
        out["Ports"] = ports
    return out


def _deploy(service: Service) -> Mapping[str, Any]:
    deploy = service.spec.get("deploy")
    return deploy if isinstance(deploy, Mapping) else {}
