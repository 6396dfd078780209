"""Fig-era files (services at the top level) and the obsolete `version:` key."""

from __future__ import annotations

import difflib
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
    if any(_misspelt_section(k, data[k]) for k in unknown):
        return False  # a misspelt `services:` and friends: let validation say "did you mean"
    return bool(unknown) and all(isinstance(data[k], dict) for k in unknown)


def _misspelt_section(key: str, value: Any) -> bool:
    """`servcies: {web: {...}}`: a name close to a top-level key, holding named mappings
    (a Fig-era service holds settings instead, such as `image: x`)."""
    if not difflib.get_close_matches(key, TOP_LEVEL_KEYS, n=1, cutoff=0.75):
        return False
    return isinstance(value, dict) and all(isinstance(v, dict | None) for v in value.values())


def upgrade_fig_era(data: dict[str, Any], file: str, problems: Problems) -> dict[str, Any]:
    """The version-1 file as a Compose file: top-level services moved under `services:`."""
    services: dict[str, Any] = {}
    out: dict[str, Any] = {}
    names = {k for k in data if k not in TOP_LEVEL_KEYS and not k.startswith("x-")}
    for key, value in data.items():
        if key in TOP_LEVEL_KEYS or key.startswith("x-"):
            out[key] = value
        else:
            services[key] = _upgrade_service(value, names)
    out["services"] = services
    problems.warn(
        f"{file}: Fig-era format (services at the top level, no `services:` key); "
        "read as a Compose file, consider moving the services under `services:`"
    )
    return out


def _upgrade_service(service: Any, names: set[str]) -> Any:
    """Version-1 keys in their Compose form: `net` -> `network_mode`, `dockerfile` ->
    `build.dockerfile`, `log_driver`/`log_opt` -> `logging`, containers in `volumes_from`
    -> `container:NAME`; `volume_driver` (gone from Compose) is dropped."""
    if not isinstance(service, dict):
        return service
    out = dict(service)
    net = out.pop("net", None)
    if "network_mode" not in out and isinstance(net, str):
        out["network_mode"] = net
    dockerfile = out.pop("dockerfile", None)
    if isinstance(dockerfile, str):
        build = out.get("build")
        build = {"context": build} if isinstance(build, str) else dict(build or {"context": "."})
        build.setdefault("dockerfile", dockerfile)
        out["build"] = build
    driver = out.pop("log_driver", None)
    options = out.pop("log_opt", None)
    if (driver or options) and "logging" not in out:
        logging: dict[str, Any] = {}
        if driver:
            logging["driver"] = driver
        if options:
            logging["options"] = options
        out["logging"] = logging
    out.pop("volume_driver", None)
    sources = out.get("volumes_from")
    if isinstance(sources, list):
        out["volumes_from"] = [
            f"container:{v}"
            if isinstance(v, str)
            and not v.startswith("container:")
            and v.split(":", 1)[0] not in names
            else v
            for v in sources
        ]
    return out


def upgrade_sources(problems: Problems, file: str) -> None:
    """Shift recorded positions of a Fig-era file under `services`, so errors stay located."""
    for source in problems.sources:
        if source.file != file:
            continue
        for table in (source.values, source.keys):
            moved = {("services", *path): pos for path, pos in table.items() if path}
            table.update(moved)
