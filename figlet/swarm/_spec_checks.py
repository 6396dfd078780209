"""What a swarm cannot do with a service: problems (the stack cannot be deployed as written:
a `build:` without an `image:`, a network namespace shared with another container) and
warnings (keys a swarm ignores), each located at its key. Keys the loader already warns about
(`figlet.loader._unapplied`) are not repeated here; `depends_on` is honoured by the planner and
`links` become network aliases (`_spec_networks`), so neither is warned about."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from figlet.loader._problems import Problems
from figlet.model import Service

# service key -> why a swarm does not apply it
IGNORED = {
    "container_name": "a swarm names each task itself, <stack>_<service>.<slot>.<id>",
    "domainname": "a swarm's ContainerSpec has no domain name",
    "privileged": "a swarm service cannot run privileged containers",
    "security_opt": "a swarm's ContainerSpec takes no security options",
    "devices": "a swarm service cannot map host devices",
    "device_cgroup_rules": "a swarm service cannot map host devices",
    "gpus": "a swarm service cannot request devices (use generic_resources)",
    "cgroup": "a swarm's ContainerSpec has no cgroup namespace mode",
    "cgroup_parent": "a swarm's ContainerSpec has no cgroup parent",
    "userns_mode": "a swarm's ContainerSpec has no user namespace mode",
    "uts": "a swarm's ContainerSpec has no UTS mode",
    "ipc": "a swarm's ContainerSpec has no IPC mode",
    "pid": "a swarm's ContainerSpec has no PID mode",
    "shm_size": "a swarm's ContainerSpec has no /dev/shm size (mount a tmpfs at /dev/shm)",
    "mac_address": "a swarm gives each task its own address",
    "runtime": "a swarm's ContainerSpec has no runtime",
    "storage_opt": "a swarm's ContainerSpec has no storage options",
    "volume_driver": "a swarm takes the driver of each named volume (volumes.<key>.driver)",
    "oom_kill_disable": "a swarm's resources have no OOM settings",
    "oom_score_adj": "a swarm's resources have no OOM settings",
    "cpu_shares": "a swarm's resources take cpus only (deploy.resources.limits.cpus)",
    "cpu_quota": "a swarm's resources take cpus only (deploy.resources.limits.cpus)",
    "cpu_period": "a swarm's resources take cpus only (deploy.resources.limits.cpus)",
    "cpu_rt_runtime": "a swarm's resources take cpus only (deploy.resources.limits.cpus)",
    "cpu_rt_period": "a swarm's resources take cpus only (deploy.resources.limits.cpus)",
    "cpuset": "a swarm's resources take cpus only (deploy.resources.limits.cpus)",
    "mem_swappiness": "a swarm's resources take memory only (deploy.resources.limits.memory)",
    "memswap_limit": "a swarm's resources take memory only (deploy.resources.limits.memory)",
    "blkio_config": "a swarm's resources have no block IO settings",
    "external_links": "a swarm service cannot link to a container outside the stack",
    "volumes_from": "a swarm task cannot mount another container's volumes (use named volumes)",
    "platform": "a swarm places tasks by the image's platforms (use placement constraints)",
    "annotations": "a swarm's ContainerSpec has no annotations",
    "post_start": "a swarm runs no lifecycle hooks",
    "pre_stop": "a swarm runs no lifecycle hooks",
}
# network_mode values a swarm cannot express at all (another container's network namespace)
_SHARED_NAMESPACE = ("service:", "container:")


def check_service(service: Service, notes: Problems) -> None:
    """Add the service's problems and warnings to `notes`."""
    spec = service.spec
    name = service.name
    at = ("services", name)
    if not service.image:
        if service.build is not None:
            notes.add(
                "`build:` without `image:`: a swarm runs images from a registry and builds none",
                (*at, "build"),
                f"add `image: REGISTRY/{name}:TAG` to services.{name}, then `figlet build` and "
                "`figlet push` it before `figlet deploy`",
                key=True,
            )
        else:
            notes.add(
                "no `image:`: a swarm service needs an image",
                at,
                f"add `image:` to services.{name}",
                key=True,
            )
    elif service.build is not None:
        notes.warn(
            f"services.{name}.build is not applied by a swarm (it builds nothing); the image "
            f"{service.image} must be in a registry every node can pull from (`figlet build` "
            "and `figlet push` it first)",
            (*at, "build"),
        )
    for key, why in IGNORED.items():
        if spec.get(key) not in (None, False, [], {}, ""):
            notes.warn(
                f"services.{name}.{key} is not applied by a swarm ({why}); ignored", (*at, key)
            )
    mode = service.network_mode
    if mode and mode.startswith(_SHARED_NAMESPACE):
        notes.add(
            f"network_mode {mode!r}: a swarm task cannot join another container's network "
            "namespace",
            (*at, "network_mode"),
            "remove network_mode and attach both services to one network (they reach each "
            "other by name there)",
        )
    elif mode:
        notes.warn(
            f"services.{name}.network_mode is not applied by a swarm (a service joins the "
            f"stack's overlay networks); {mode!r} ignored (to use the host's network, attach "
            "the service to an external network named `host`)",
            (*at, "network_mode"),
        )
    _nested(service, notes)


def _nested(service: Service, notes: Problems) -> None:
    """Keys below the top level of a service that a swarm ignores."""
    spec = service.spec
    name = service.name
    at = ("services", name)
    check = spec.get("healthcheck")
    if isinstance(check, Mapping) and check.get("start_interval") is not None:
        notes.warn(
            f"services.{name}.healthcheck.start_interval is not applied by a swarm (Engine API "
            "1.41 has no start interval); ignored",
            (*at, "healthcheck", "start_interval"),
        )
    credential = spec.get("credential_spec")
    if isinstance(credential, Mapping) and credential.get("config"):
        notes.warn(
            f"services.{name}.credential_spec.config is not applied by figlet's deploy (give "
            "`file:` or `registry:`); ignored",
            (*at, "credential_spec", "config"),
        )
    deploy: Any = spec.get("deploy") or {}
    devices = ((deploy.get("resources") or {}).get("reservations") or {}).get("devices")
    if devices:
        notes.warn(
            f"services.{name}.deploy.resources.reservations.devices is not applied by a swarm "
            "(use generic_resources); ignored",
            (*at, "deploy", "resources", "reservations", "devices"),
        )
    for index, port in enumerate(spec.get("ports") or ()):
        if isinstance(port, Mapping) and port.get("app_protocol"):
            notes.warn(
                f"services.{name}.ports[{index}].app_protocol is not applied by a swarm; ignored",
                (*at, "ports", index, "app_protocol"),
            )
