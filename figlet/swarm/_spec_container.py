"""A service's ContainerSpec (Docker Engine API 1.41, `TaskTemplate.ContainerSpec`): what each
task's container runs, as `docker stack deploy` writes it (env sorted, `CAP_` prefixes, hosts
as "ADDRESS NAME", ulimits by name)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from figlet.container_spec._units import duration_ns
from figlet.model import Project, Service
from figlet.swarm._spec_labels import NAMESPACE

# service key -> ContainerSpec key, copied as they are when set
_PLAIN = {
    "hostname": "Hostname",
    "working_dir": "Dir",
    "user": "User",
    "stop_signal": "StopSignal",
    "tty": "TTY",
    "stdin_open": "OpenStdin",
    "read_only": "ReadOnly",
    "init": "Init",
    "isolation": "Isolation",
}


def container_spec(project: Project, service: Service, image: str) -> dict[str, Any]:
    """The ContainerSpec of `service` without its Mounts, Secrets and Configs (`_spec_mounts`)."""
    spec = service.spec
    path = f"services.{service.name}"
    labels = {str(k): str(v) for k, v in (spec.get("labels") or {}).items()}
    container: dict[str, Any] = {"Image": image, "Labels": {**labels, NAMESPACE: project.name}}
    if spec.get("entrypoint"):
        container["Command"] = command_list(spec["entrypoint"])
    if spec.get("command"):
        container["Args"] = command_list(spec["command"])
    env = environment(spec.get("environment"))
    if env:
        container["Env"] = env
    for key, api_key in _PLAIN.items():
        if spec.get(key) is not None and spec.get(key) != "":
            container[api_key] = spec[key]
    if spec.get("group_add"):
        container["Groups"] = [str(group) for group in spec["group_add"]]
    if spec.get("stop_grace_period") is not None:
        container["StopGracePeriod"] = duration_ns(
            spec["stop_grace_period"], f"{path}.stop_grace_period"
        )
    if isinstance(spec.get("healthcheck"), Mapping):
        container["Healthcheck"] = healthcheck(spec["healthcheck"], f"{path}.healthcheck")
    if spec.get("extra_hosts"):
        container["Hosts"] = hosts(spec["extra_hosts"])
    dns = dns_config(spec)
    if dns:
        container["DNSConfig"] = dns
    if spec.get("sysctls"):
        container["Sysctls"] = {str(k): str(v) for k, v in spec["sysctls"].items()}
    if spec.get("cap_add"):
        container["CapabilityAdd"] = capabilities(spec["cap_add"])
    if spec.get("cap_drop"):
        container["CapabilityDrop"] = capabilities(spec["cap_drop"])
    if spec.get("ulimits"):
        container["Ulimits"] = ulimits(spec["ulimits"])
    credential = credential_spec(spec.get("credential_spec"))
    if credential:
        container["Privileges"] = {"CredentialSpec": credential}
    return container


def command_list(value: Any) -> list[str]:
    """A command or entrypoint as a list (the canonical spec holds lists; a string is split as
    a shell would)."""
    if isinstance(value, str):
        import shlex

        return shlex.split(value)
    return [str(part) for part in value]


def environment(value: Any) -> list[str]:
    """{"B": "2", "A": "1", "C": None} -> ["A=1", "B=2", "C"], sorted as the docker CLI sends
    them (a bare name: a variable the file names without a value)."""
    if not value:
        return []
    if isinstance(value, Mapping):
        items = [str(k) if v is None else f"{k}={v}" for k, v in value.items()]
    else:
        items = [str(item) for item in value]
    return sorted(items)


def healthcheck(check: Mapping[str, Any], path: str) -> dict[str, Any]:
    """HealthConfig: durations in nanoseconds; `disable: true` -> Test ["NONE"]."""
    if check.get("disable"):
        return {"Test": ["NONE"]}
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
    ):
        if check.get(key) is not None:
            result[api_key] = duration_ns(check[key], f"{path}.{key}")
    if check.get("retries") is not None:
        result["Retries"] = int(check["retries"])
    return result


def hosts(value: Any) -> list[str]:
    """extra_hosts (canonical "name=address", or a mapping name -> address(es)) as the /etc/hosts
    lines a swarm writes: "ADDRESS NAME"."""
    pairs: list[tuple[str, str]] = []
    if isinstance(value, Mapping):
        for host, addresses in value.items():
            for address in [addresses] if isinstance(addresses, str) else addresses:
                pairs.append((str(host), str(address)))
    else:
        for entry in value:
            text = str(entry)
            host, sep, address = text.partition("=")
            if not sep:
                host, _, address = text.partition(":")
            pairs.append((host, address))
    return [f"{address} {host}" for host, address in pairs]


def dns_config(spec: Mapping[str, Any]) -> dict[str, Any]:
    """DNSConfig from dns, dns_search and dns_opt (each a list or a lone string)."""
    config: dict[str, Any] = {}
    for key, api_key in (("dns", "Nameservers"), ("dns_search", "Search"), ("dns_opt", "Options")):
        value = spec.get(key)
        if value:
            config[api_key] = [value] if isinstance(value, str) else [str(v) for v in value]
    return config


def capabilities(value: Any) -> list[str]:
    """Capability names as the docker CLI normalises them: upper case, "CAP_" prefixed, "ALL"
    kept."""
    names = [value] if isinstance(value, str) else value
    out = []
    for name in names:
        upper = str(name).upper()
        out.append(upper if upper == "ALL" or upper.startswith("CAP_") else f"CAP_{upper}")
    return out


def ulimits(value: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Ulimits sorted by name; a lone number is both soft and hard."""
    out = []
    for name in sorted(value):
        limit = value[name]
        if isinstance(limit, Mapping):
            soft, hard = int(limit["soft"]), int(limit["hard"])
        else:
            soft = hard = int(limit)
        out.append({"Name": str(name), "Hard": hard, "Soft": soft})
    return out


def credential_spec(value: Any) -> dict[str, str]:
    """Privileges.CredentialSpec from `credential_spec` (`file:` or `registry:`; Windows)."""
    if not isinstance(value, Mapping):
        return {}
    return {
        api_key: str(value[key])
        for key, api_key in (("file", "File"), ("registry", "Registry"))
        if value.get(key)
    }
