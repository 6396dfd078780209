"""Zero values left out, as the reference's JSON (Go `omitempty`) leaves them out.

Struct fields that are false, 0, "" or empty are not printed unless the reference holds them
behind a pointer (`init: false`, `scale: 0`, `command: []`, ...). Entries of user mappings
(`environment`, `labels`, ...) are always kept; extension keys (`x-*`) below the top level are
not printed either.
"""

from __future__ import annotations

from typing import Any

# Mappings whose keys are user data: entries are kept even when empty.
_USER_MAPS = frozenset(
    (
        "environment",
        "labels",
        "annotations",
        "sysctls",
        "args",
        "driver_opts",
        "options",
        "storage_opt",
        "additional_contexts",
        "ulimits",
        "depends_on",
        "networks",
        "extra_hosts",
        "models",
    )
)
# Struct fields printed even when zero or empty (pointers in the reference).
_KEEP = frozenset(
    (
        "attach",
        "command",
        "entrypoint",
        "init",
        "scale",
        "replicas",
        "healthcheck",
        "deploy",
        "resources",
        "placement",
        "bind",
        "volume",
        "tmpfs",
        "image",
        "ipam",
        "required",
        "condition",
        "target",
        "retries",
        "interval",
        "timeout",
        "start_period",
        "start_interval",
        "enable_ipv4",
        "enable_ipv6",
        "count",
        "test",
        "parallelism",
        "max_attempts",
        "delay",
        "window",
        "monitor",
    )
)


def _empty(value: Any) -> bool:
    if value is False or value is None:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float) and value == 0:
        return True
    return isinstance(value, str | list | dict) and not value


def omit_struct(value: dict[str, Any]) -> dict[str, Any]:
    """A struct-like mapping without its zero-valued fields (recursively)."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key.startswith("x-"):
            continue
        item = _omit_value(key, item)
        if (
            key not in _KEEP
            and _empty(item)
            and not (item is None and key in ("command", "entrypoint"))
        ):
            continue
        out[key] = item
    return out


def _omit_value(key: str, item: Any) -> Any:
    if isinstance(item, dict):
        if key in _USER_MAPS:
            return {k: omit_struct(v) if isinstance(v, dict) else v for k, v in item.items()}
        return omit_struct(item)
    if isinstance(item, list):
        return [omit_struct(v) if isinstance(v, dict) else v for v in item]
    return item
