"""Fig-era files (services at the top level) and the obsolete `version:` key."""

from __future__ import annotations

from typing import Any

from figlet.loader._problems import Problems

TOP_LEVEL_KEYS = frozenset(
    (
        "version",
        "name",
        "include",
        "services",
        "networks",
        "volumes",
        "secrets",
        "configs",
        "models",
    )
)


def is_fig_era(data: dict[str, Any]) -> bool:
    """True for a version-1 file: no `services:`, and its other keys are service mappings."""
    if "services" in data or "version" in data:
        return False
    keys = [k for k in data if not k.startswith("x-")]
    if not keys:
        return False
    unknown = [k for k in keys if k not in TOP_LEVEL_KEYS]
    return bool(unknown) and all(isinstance(data[k], dict) for k in unknown)


def upgrade_fig_era(data: dict[str, Any], file: str, problems: Problems) -> dict[str, Any]:
    """The version-1 file as a Compose file: top-level services moved under `services:`."""
    services: dict[str, Any] = {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in TOP_LEVEL_KEYS or key.startswith("x-"):
            out[key] = value
        else:
            services[key] = _upgrade_service(value)
    out["services"] = services
    problems.warn(
        f"{file}: Fig-era format (services at the top level, no `services:` key); "
        "read as a Compose file, consider moving the services under `services:`"
    )
    return out


def _upgrade_service(service: Any) -> Any:
    if not isinstance(service, dict) or "net" not in service:
        return service
    out = dict(service)
    net = out.pop("net")
    if "network_mode" not in out and isinstance(net, str):
        out["network_mode"] = net
    return out


def upgrade_sources(problems: Problems, file: str) -> None:
    """Shift recorded positions of a Fig-era file under `services`, so errors stay located."""
    for source in problems.sources:
        if source.file != file:
            continue
        for table in (source.values, source.keys):
            moved = {("services", *path): pos for path, pos in table.items() if path}
            table.update(moved)
