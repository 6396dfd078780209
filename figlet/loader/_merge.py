"""The Compose merge rules: one file (or an extending service) laid over another.

Mappings merge key by key; most sequences are appended then de-duplicated by an identity
(a port by its binding, a volume by its target, ...); `command`, `entrypoint`,
`healthcheck.test` and `profiles` are replaced. `!reset` removes what came before and
`!override` replaces it whole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from figlet.loader._yaml import Override, Reset

Path = tuple[str, ...]

_REPLACED = frozenset(
    (
        ("services", "*", "command"),
        ("services", "*", "entrypoint"),
        ("services", "*", "healthcheck", "test"),
        ("services", "*", "profiles"),
    )
)


def _port_key(item: Any) -> str:
    if isinstance(item, dict):
        return "{}:{}:{}/{}/{}".format(
            item.get("host_ip", ""),
            item.get("published", ""),
            item.get("target", ""),
            item.get("protocol", "tcp"),
            item.get("mode", "ingress"),
        )
    return repr(item)


def _target_key(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("target", item.get("source", "")))
    return repr(item)


def _mount_key(default: str) -> Callable[[Any], str]:
    def key(item: Any) -> str:
        if isinstance(item, dict):
            target = item.get("target")
            if target:
                return str(target)
            source = str(item.get("source", ""))
            return f"{default}/{source}" if default else source
        return repr(item)

    return key


def _path_key(item: Any) -> str:
    return str(item.get("path")) if isinstance(item, dict) else repr(item)


def _plain_key(item: Any) -> str:
    return item if isinstance(item, str) else repr(item)


def _gpu_key(item: Any) -> str:
    return repr(sorted(item.items())) if isinstance(item, dict) else repr(item)


_UNIQUE: dict[Path, Callable[[Any], str]] = {
    ("services", "*", "ports"): _port_key,
    ("services", "*", "volumes"): _target_key,
    ("services", "*", "devices"): _target_key,
    ("services", "*", "secrets"): _mount_key("/run/secrets"),
    ("services", "*", "configs"): _mount_key(""),
    ("services", "*", "env_file"): _path_key,
    ("services", "*", "label_file"): _plain_key,
    ("services", "*", "expose"): _plain_key,
    ("services", "*", "dns"): _plain_key,
    ("services", "*", "dns_opt"): _plain_key,
    ("services", "*", "dns_search"): _plain_key,
    ("services", "*", "cap_add"): _plain_key,
    ("services", "*", "cap_drop"): _plain_key,
    ("services", "*", "links"): _plain_key,
    ("services", "*", "tmpfs"): _plain_key,
    ("services", "*", "profiles"): _plain_key,
    ("services", "*", "extra_hosts"): _plain_key,
    ("services", "*", "gpus"): _gpu_key,
    ("services", "*", "networks", "*", "aliases"): _plain_key,
    ("services", "*", "networks", "*", "link_local_ips"): _plain_key,
    ("services", "*", "build", "tags"): _plain_key,
    ("services", "*", "build", "platforms"): _plain_key,
    ("services", "*", "build", "extra_hosts"): _plain_key,
    ("networks", "*", "ipam", "config"): lambda item: str(
        item.get("subnet") if isinstance(item, dict) else item
    ),
}


def _pattern(path: Path) -> Path:
    out = list(path)
    if len(out) > 1:
        out[1] = "*"
    if len(out) > 3 and out[0] == "services" and out[2] in ("networks", "depends_on"):
        out[3] = "*"
    return tuple(out)


def unique(items: list[Any], key: Callable[[Any], str]) -> list[Any]:
    """De-duplicate: a later item with the same identity replaces the earlier, in its place."""
    seen: dict[str, int] = {}
    out: list[Any] = []
    for item in items:
        k = key(item)
        if k in seen:
            out[seen[k]] = item
        else:
            seen[k] = len(out)
            out.append(item)
    return out


def strip_tags(value: Any) -> Any:
    """The value with `!override` unwrapped and `!reset` keys removed."""
    if isinstance(value, Override):
        return strip_tags(value.value)
    if isinstance(value, dict):
        return {k: strip_tags(v) for k, v in value.items() if not isinstance(v, Reset)}
    if isinstance(value, list):
        return [strip_tags(v) for v in value if not isinstance(v, Reset)]
    return value


def merge(base: Any, over: Any, path: Path = ()) -> Any:
    """`over` laid on `base` (neither is modified)."""
    if isinstance(over, Override):
        return strip_tags(over.value)
    if isinstance(over, Reset):
        return None
    if over is None and base is not None and path and not _is_resource_entry(path):
        return base
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            if isinstance(value, Reset):
                out.pop(key, None)
            elif key in out:
                out[key] = merge(out[key], value, (*path, key))
            else:
                out[key] = strip_tags(value)
        if path == ("services", path[1] if len(path) > 1 else "") and len(path) == 2:
            _merge_build_and_logging(out, base, over)
        return out
    if isinstance(base, list) and isinstance(over, list):
        pattern = _pattern(path)
        if pattern in _REPLACED:
            return strip_tags(over)
        combined = [*base, *strip_tags(over)]
        key = _UNIQUE.get(pattern)
        if pattern == ("services", "*", "extra_hosts"):
            return sorted(unique(combined, _plain_key))
        if pattern == ("services", "*", "volumes"):
            return unique(combined, _target_key)
        return unique(combined, key) if key else combined
    return strip_tags(over)


def _is_resource_entry(path: Path) -> bool:
    return len(path) == 2 and path[0] in ("networks", "volumes", "secrets", "configs")


def _merge_build_and_logging(
    out: dict[str, Any], base: dict[str, Any], over: dict[str, Any]
) -> None:
    old, new = base.get("logging"), over.get("logging")
    if isinstance(old, dict) and isinstance(new, dict) and not isinstance(new, Override):
        driver_old, driver_new = old.get("driver"), new.get("driver")
        if driver_old and driver_new and driver_old != driver_new:
            out["logging"] = strip_tags(new)


def enforce_unique(data: Any, path: Path = ()) -> Any:
    """Apply the de-duplication rules to every sequence of a merged model (in place)."""
    if isinstance(data, dict):
        for key, value in data.items():
            data[key] = enforce_unique(value, (*path, key))
        return data
    if isinstance(data, list):
        key_fn = _UNIQUE.get(_pattern(path))
        return unique(data, key_fn) if key_fn else data
    return data


def merge_documents(docs: list[Any]) -> Any:
    """Several YAML documents of one file, merged in order."""
    result: Any = None
    for doc in docs:
        result = doc if result is None else merge(result, doc)
    return result
