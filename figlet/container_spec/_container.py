"""The container create body: config, labels, healthcheck, networks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from figlet import labels as L
from figlet.container_spec._host_config import host_config, service_ref
from figlet.container_spec._mounts import mount_config
from figlet.container_spec._units import duration_ns, duration_seconds
from figlet.engine.values.containers import ContainerRequest
from figlet.errors import FigletError
from figlet.model import Project, Service, ServiceNetwork, image_reference

# service key -> create-body key, copied as they are when set
_PLAIN = {
    "hostname": "Hostname",
    "domainname": "Domainname",
    "user": "User",
    "working_dir": "WorkingDir",
    "tty": "Tty",
    "stdin_open": "OpenStdin",
    "stop_signal": "StopSignal",
    "mac_address": "MacAddress",
}
# Where the label carrying the hashed spec goes when `config_label` is a plain string.
CONFIG_LABEL = L.CONFIG


def default_container_name(project: Project, service: Service, number: int = 1) -> str:
    """`container_name`, or Compose's `<project>-<service>-<number>`."""
    return service.container_name or f"{project.name}-{service.name}-{number}"


def container_request(
    project: Project,
    service: Service,
    *,
    number: int,
    name: str,
    config_hash: str,
    config_label: str | Mapping[str, str] = "",
    link_hosts: Mapping[str, str],
    image_id: str = "",
    service_containers: Mapping[str, str] | None = None,
    anonymous_volumes: Mapping[str, str] | None = None,
) -> ContainerRequest:
    """Translate the canonical service into POST /containers/create.

    `link_hosts` (host name -> address, from `figlet.container_spec.hosts.link_hosts`) become
    ExtraHosts, and Docker's legacy link variables (`figlet.container_spec.link_env`).
    `config_label` is the compact spec stored for explaining later recreates: a string goes
    under `CONFIG_LABEL`, a mapping is merged into the labels as it is.
    `service_containers` names the container to use for another service in volumes_from and
    network_mode/ipc/pid "service:x" (default: that service's first container name).
    `anonymous_volumes` (container path -> volume name, from the container being replaced,
    see `DockerEngine.anonymous_volumes`) are mounted again so that a recreate keeps them.
    """
    spec = service.spec
    container_of = _ContainerNames(project, service_containers or {})
    body: dict[str, Any] = {}
    body["Image"] = image_reference(project, service)
    for key, api_key in _PLAIN.items():
        if spec.get(key) not in (None, ""):
            body[api_key] = spec[key]
    if spec.get("stop_grace_period") is not None:
        body["StopTimeout"] = duration_seconds(
            spec["stop_grace_period"], f"services.{service.name}.stop_grace_period"
        )
    if spec.get("command") is not None:
        body["Cmd"] = _command(spec["command"])
    if spec.get("entrypoint") is not None:
        body["Entrypoint"] = _command(spec["entrypoint"])
    env = _environment(spec.get("environment") or {})
    if service.links or service.external_links:
        env = _with_link_variables(project, service, name, link_hosts, env)
    if env:
        body["Env"] = env
    exposed = _exposed_ports(spec)
    if exposed:
        body["ExposedPorts"] = {port: {} for port in exposed}
    if spec.get("healthcheck"):
        body["Healthcheck"] = _healthcheck(spec["healthcheck"], service.name)
    body["Labels"] = _labels(
        project, service, number, config_hash, config_label, link_hosts, image_id
    )

    networks = _networks(project, service)
    if service.network_mode:
        network_mode: str | None = service_ref(service.network_mode, container_of)
    elif networks:
        network_mode = project.networks[networks[0].network].name
    else:
        network_mode = None
    extra_hosts = _extra_hosts(spec.get("extra_hosts") or ())
    extra_hosts += [f"{host}:{address}" for host, address in link_hosts.items()]
    mounts = mount_config(project, service, keep_volumes=anonymous_volumes)
    body["HostConfig"] = host_config(
        project,
        service,
        network_mode=network_mode,
        extra_hosts=extra_hosts,
        container_of=container_of,
        mounts=mounts,
    )
    extra: dict[str, Mapping[str, Any]] = {}
    if networks and not service.network_mode:
        endpoints = [
            (project.networks[net.network].name, _endpoint(service, net, name)) for net in networks
        ]
        body["NetworkingConfig"] = {"EndpointsConfig": {endpoints[0][0]: endpoints[0][1]}}
        extra = dict(endpoints[1:])
    return ContainerRequest(name=name, body=body, extra_networks=extra, files=mounts.files)


def has_steps_after_create(project: Project, service: Service) -> bool:
    """Whether making the service's container takes engine calls after POST /containers/create
    (connecting its other networks, copying content secrets/configs), so that an interrupted
    `up` can leave it created but unfinished."""
    if not service.network_mode and len(_networks(project, service)) > 1:
        return True
    try:
        return bool(mount_config(project, service).files)
    except FigletError:
        return False  # reported when the container is created


class _ContainerNames(dict[str, str]):
    """Service name -> its first container's name, defaulting to Compose's naming."""

    def __init__(self, project: Project, given: Mapping[str, str]) -> None:
        super().__init__(given)
        self._project = project

    def __missing__(self, key: str) -> str:
        target = self._project.services.get(key)
        if target is None:
            return f"{self._project.name}-{key}-1"
        return default_container_name(self._project, target)


def _networks(project: Project, service: Service) -> list[ServiceNetwork]:
    """Attachments, highest priority first then by key (the first one is used at create)."""
    attached = list(service.networks)
    if not attached and not service.network_mode and "default" in project.networks:
        attached = [ServiceNetwork(network="default")]
    return sorted(attached, key=lambda net: (-net.priority, net.network))


def _endpoint(service: Service, net: ServiceNetwork, container_name: str) -> dict[str, Any]:
    aliases = [service.name, *net.aliases]
    if container_name not in aliases:
        aliases.append(container_name)
    endpoint: dict[str, Any] = {"Aliases": aliases}
    ipam: dict[str, str] = {}
    if net.ipv4_address:
        ipam["IPv4Address"] = net.ipv4_address
    if net.ipv6_address:
        ipam["IPv6Address"] = net.ipv6_address
    if ipam:
        endpoint["IPAMConfig"] = ipam
    return endpoint


def _labels(
    project: Project,
    service: Service,
    number: int,
    config_hash: str,
    config_label: str | Mapping[str, str],
    link_hosts: Mapping[str, str],
    image_id: str,
) -> dict[str, str]:
    labels = {
        L.PROJECT: project.name,
        L.SERVICE: service.name,
        L.CONTAINER_NUMBER: str(number),
        L.CONFIG_HASH: config_hash,
        L.ONEOFF: "False",
        L.WORKING_DIR: project.working_dir,
        L.CONFIG_FILES: ",".join(project.config_files),
        L.DEPENDS_ON: ",".join(
            f"{dep.service}:{dep.condition}:{str(dep.restart).lower()}"
            for dep in sorted(service.depends_on, key=lambda dep: dep.service)
        ),
        L.VERSION: L.COMPOSE_VERSION,
    }
    if image_id:
        labels[L.IMAGE] = image_id
    labels.update(_pairs(service.spec.get("labels") or {}))
    if isinstance(config_label, str):
        if config_label:
            labels[CONFIG_LABEL] = config_label
    else:
        labels.update(config_label)
    if link_hosts:
        labels[L.HOSTS] = ",".join(f"{host}={address}" for host, address in link_hosts.items())
    return labels


def _command(value: Any) -> list[str]:
    if isinstance(value, str):
        import shlex  # the canonical spec holds lists; a string is rare

        return shlex.split(value)
    return [str(part) for part in value]


def _environment(environment: Any) -> list[str]:
    """{"A": "1", "B": None} -> ["A=1", "B"] (a bare name: unset in the container)."""
    if isinstance(environment, Mapping):
        return [name if value is None else f"{name}={value}" for name, value in environment.items()]
    return [str(item) for item in environment]


def _with_link_variables(
    project: Project,
    service: Service,
    name: str,
    link_hosts: Mapping[str, str],
    env: list[str],
) -> list[str]:
    """The legacy link variables (`link_env`), then `env`, which wins on a name both set."""
    from figlet.container_spec.link_env import link_environment

    own = {item.partition("=")[0] for item in env}
    linked = link_environment(project, service, name, link_hosts)
    return [f"{key}={value}" for key, value in linked.items() if key not in own] + env


def _exposed_ports(spec: Mapping[str, Any]) -> list[str]:
    ports: list[str] = []
    for port in spec.get("ports") or ():
        ports.append(f"{port['target']}/{port.get('protocol') or 'tcp'}")
    for item in spec.get("expose") or ():
        number, _, protocol = str(item).partition("/")
        start, _, end = number.partition("-")
        for value in range(int(start), int(end or start) + 1):
            ports.append(f"{value}/{protocol or 'tcp'}")
    return list(dict.fromkeys(ports))


def _pairs(value: Any) -> dict[str, str]:
    """A mapping, or a list of "key=value" strings, as str -> str."""
    if isinstance(value, Mapping):
        return {str(k): "" if v is None else str(v) for k, v in value.items()}
    pairs = (str(item).partition("=") for item in value)
    return {key: val for key, _, val in pairs}


def _extra_hosts(value: Any) -> list[str]:
    """Canonical ["name=address"] (or a mapping name -> address(es)) -> ["name:address"]."""
    if isinstance(value, Mapping):
        entries = []
        for host, addresses in value.items():
            for address in [addresses] if isinstance(addresses, str) else addresses:
                entries.append(f"{host}:{address}")
        return entries
    return [_host_entry(entry) for entry in value]


def _host_entry(entry: Any) -> str:
    """Canonical "name=address" (or legacy "name:address") -> the engine's "name:address"."""
    text = str(entry)
    if "=" in text:
        host, _, address = text.partition("=")
        return f"{host}:{address}"
    return text


def _healthcheck(check: Mapping[str, Any], service: str) -> dict[str, Any]:
    if check.get("disable"):
        return {"Test": ["NONE"]}
    path = f"services.{service}.healthcheck"
    result: dict[str, Any] = {}
    test = check.get("test")
    if isinstance(test, str):
        result["Test"] = ["CMD-SHELL", test]
    elif test:
        result["Test"] = [str(part) for part in test]
    for key, api_key in (
        ("interval", "Interval"),
        ("timeout", "Timeout"),
        ("start_period", "StartPeriod"),
        ("start_interval", "StartInterval"),
    ):
        if check.get(key) is not None:
            result[api_key] = duration_ns(check[key], f"{path}.{key}")
    if check.get("retries") is not None:
        result["Retries"] = int(check["retries"])
    return result
