"""Fig-era link variables (pure): what Docker's legacy `--link` put in the linker's environment.

Fig linked each container of a linked service under the link's alias, under `<service>_<n>`
and under its container name; Docker then set, for each such link name `NAME` (upper-cased,
`-` and `.` as `_`), with the target's address and each port it exposes:

    NAME_NAME=/<linker container>/<link name>
    NAME_PORT=tcp://10.0.0.3:5432                 (the lowest port)
    NAME_PORT_5432_TCP=tcp://10.0.0.3:5432
    NAME_PORT_5432_TCP_ADDR=10.0.0.3
    NAME_PORT_5432_TCP_PORT=5432
    NAME_PORT_5432_TCP_PROTO=tcp
    NAME_ENV_<VAR>=<value>                        (the target's environment but HOME, PATH)

figlet computes them at create from the same host names as the hosts-file entries
(`figlet.container_spec.hosts.link_hosts`: the alias, `<service>-<n>`, the container name),
the exposed ports and the environment of the target's service (its `ports:` and `expose:`, its
`environment:`; not its image's EXPOSE and ENV, which the create body does not know). As with
Docker's links, the variables are fixed at create: a target recreated with a new address
updates the hosts file, not the variables. An external link gets NAME_NAME only (figlet does
not know the external container's ports or environment).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from figlet.model import Project, Service

_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")
_SKIPPED = frozenset({"HOME", "PATH"})  # as Docker: set by every image, not the target's own


def link_environment(
    project: Project, service: Service, container_name: str, link_hosts: Mapping[str, str]
) -> dict[str, str]:
    """The legacy link variables of a container of `service` named `container_name`, whose
    link host names resolve as `link_hosts` says (host name -> address)."""
    variables: dict[str, str] = {}
    for link in service.links:
        target = project.services.get(link.service)
        if target is None:
            continue
        ports = exposed_ports(target.spec)
        env = _environment(target.spec.get("environment") or {})
        names = [link.alias, *_replica_names(project, link.service, link_hosts)]
        for name in dict.fromkeys(names):
            address = link_hosts.get(name)
            if address:
                variables.update(_variables(name, container_name, address, ports, env))
    for external in service.external_links:
        for name in dict.fromkeys((external.alias, external.container)):
            if link_hosts.get(name):
                variables[f"{_prefix(name)}_NAME"] = f"/{container_name}/{name}"
    return variables


def exposed_ports(spec: Mapping[str, Any]) -> list[tuple[int, str]]:
    """(port, protocol) of every port the service exposes (`ports:` targets and `expose:`),
    by number then protocol."""
    found: set[tuple[int, str]] = set()
    for port in spec.get("ports") or ():
        found.add((int(port["target"]), str(port.get("protocol") or "tcp")))
    for item in spec.get("expose") or ():
        number, _, protocol = str(item).partition("/")
        start, _, end = number.partition("-")
        for value in range(int(start), int(end or start) + 1):
            found.add((value, protocol or "tcp"))
    return sorted(found)


def _replica_names(project: Project, target: str, link_hosts: Mapping[str, str]) -> list[str]:
    """`<service>-<n>` and the container name of each replica with an entry, by number."""
    found: list[tuple[int, str, str]] = []
    pattern = re.compile(re.escape(f"{target}-") + r"(\d+)")
    for host in link_hosts:
        match = pattern.fullmatch(host)
        if match:
            number = int(match.group(1))
            container = f"{project.name}-{target}-{number}"
            fixed = project.services[target].container_name
            found.append((number, host, fixed if fixed and number == 1 else container))
    names: list[str] = []
    for _, host, container in sorted(found):
        names.append(host)
        if container in link_hosts:
            names.append(container)
    return names


def _variables(
    name: str,
    linker: str,
    address: str,
    ports: list[tuple[int, str]],
    env: Mapping[str, str],
) -> dict[str, str]:
    prefix = _prefix(name)
    found = {f"{prefix}_NAME": f"/{linker}/{name}"}
    for index, (port, protocol) in enumerate(ports):
        url = f"{protocol}://{address}:{port}"
        if index == 0:
            found[f"{prefix}_PORT"] = url
        key = f"{prefix}_PORT_{port}_{protocol.upper()}"
        found[key] = url
        found[f"{key}_ADDR"] = address
        found[f"{key}_PORT"] = str(port)
        found[f"{key}_PROTO"] = protocol
    for var, value in env.items():
        if var not in _SKIPPED:
            found[f"{prefix}_ENV_{var}"] = value
    return found


def _prefix(name: str) -> str:
    return _NOT_NAME.sub("_", name.upper())


def _environment(environment: Any) -> dict[str, str]:
    """The variables with a value ({"A": "1"} or ["A=1"]); bare names are left out."""
    if isinstance(environment, Mapping):
        return {str(k): str(v) for k, v in environment.items() if v is not None}
    pairs = (str(item).partition("=") for item in environment)
    return {key: value for key, sep, value in pairs if sep}
