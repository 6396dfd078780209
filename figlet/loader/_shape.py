"""Per-file shape normalization: short syntax -> long syntax, relative paths -> absolute.

Runs on each file (and each extended/included file) before the merge, so that the merge only
meets one shape per key. Defaults that depend on the whole project come later (`_defaults`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
from typing import Any

from figlet.loader._consistency import PORT_PROTOCOLS
from figlet.loader._ports import PORT_HINT, long_port, parse_port
from figlet.loader._problems import PathKey, Problems
from figlet.loader._units import normalize_duration
from figlet.loader._yaml import Override, Reset
from figlet.units import parse_bytes, parse_duration

_LIST_OF_STRINGS = ("dns", "dns_search", "dns_opt", "tmpfs", "cap_add", "cap_drop")
_DICT_FROM_LIST = ("labels", "annotations", "sysctls", "environment")
_DURATIONS = ("interval", "timeout", "start_period", "start_interval")


def unwrap(value: Any) -> tuple[Any, bool]:
    """(value without an `!override` wrapper, whether it had one)."""
    if isinstance(value, Override):
        return value.value, True
    return value, False


def rewrap(value: Any, wrapped: bool) -> Any:
    return Override(value) if wrapped else value


def scalar_text(value: Any) -> str | None:
    """A scalar as the string the reference stores (`true`, `3`, `1.5`); None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e16 else repr(value)
    return str(value)


def list_to_dict(value: Any, sep: str = "=") -> Any:
    """`["A=1", "B"]` -> `{"A": "1", "B": None}`; mappings get string values."""
    if isinstance(value, list):
        out: dict[str, Any] = {}
        for item in value:
            if not isinstance(item, str):
                item = scalar_text(item) or ""
            key, found, val = item.partition(sep)
            out[key] = val if found else None
        return out
    if isinstance(value, dict):
        return {
            k: v if isinstance(v, Reset | Override) else scalar_text(v) for k, v in value.items()
        }
    return value


_SHELL_BLANKS = re.compile(r"[ \t\r\n]+")


def split_command(text: str) -> list[str]:
    """`shlex.split(text)`; a command without quotes or backslashes (the common case) is
    split on the blanks shlex splits on, without its character-by-character lexer."""
    if "'" in text or '"' in text or "\\" in text:
        return shlex.split(text)
    return [word for word in _SHELL_BLANKS.split(text) if word]


def is_remote(context: str) -> bool:
    return (
        "://" in context
        or context.startswith("git@")
        or context.startswith("github.com/")
        or context.startswith("service:")
    )


def resolve(base: str, path: str, home: str | None) -> str:
    """An absolute path for `path` relative to `base` (`~` is the user's home)."""
    if path.startswith("~") and home is not None and (path == "~" or path[1] == "/"):
        return os.path.normpath(home + path[1:])
    if _windows_path(path) or path.startswith("/"):
        return path
    return os.path.normpath(os.path.join(base, path))


def _windows_path(path: str) -> bool:
    return (
        len(path) > 2 and path[0].isalpha() and path[1] == ":" and path[2] in "\\/"
    ) or path.startswith("\\\\")


class Shaper:
    """Normalizes one file's data; `base` is the directory its relative paths start from."""

    def __init__(
        self, base: str, problems: Problems, home: str | None, *, resolve_paths: bool = True
    ) -> None:
        self.base = base
        self.problems = problems
        self.home = home
        self.resolve_paths = resolve_paths

    def path(self, value: str) -> str:
        return resolve(self.base, value, self.home) if self.resolve_paths else value

    def project(self, data: dict[str, Any]) -> dict[str, Any]:
        services = data.get("services")
        if isinstance(services, dict):
            data["services"] = {
                name: self.service(name, svc) if isinstance(svc, dict) else svc
                for name, svc in services.items()
            }
        for kind in ("networks", "volumes", "secrets", "configs"):
            section = data.get(kind)
            if isinstance(section, dict):
                data[kind] = {
                    key: self.resource(kind, val) if isinstance(val, dict) else val
                    for key, val in section.items()
                }
        return data

    def resource(self, kind: str, value: dict[str, Any]) -> dict[str, Any]:
        out = dict(value)
        if "labels" in out:
            out["labels"] = list_to_dict(out["labels"])
        if kind in ("secrets", "configs") and isinstance(out.get("file"), str):
            out["file"] = self.path(out["file"])
        if kind in ("volumes", "networks") and isinstance(out.get("driver_opts"), dict):
            opts = {k: scalar_text(v) for k, v in out["driver_opts"].items()}
            device = opts.get("device")
            if kind == "volumes" and "bind" in (opts.get("o") or "") and device is not None:
                opts["device"] = self.path(device)
            out["driver_opts"] = opts
        return out

    def service(self, name: str, svc: dict[str, Any]) -> dict[str, Any]:
        out = dict(svc)
        at: PathKey = ("services", name)
        for key in list(out):
            raw, wrapped = unwrap(out[key])
            if isinstance(raw, Reset):
                continue
            shaped = self.field(key, raw, (*at, key))
            out[key] = rewrap(shaped, wrapped)
        return out

    def field(self, key: str, value: Any, at: PathKey) -> Any:
        if key == "build":
            return self.build(value, at)
        if key in ("command", "entrypoint"):
            return self.command(value, at)
        if key == "depends_on":
            return self.depends_on(value)
        if key == "env_file":
            return self.env_file(value, at)
        if key == "label_file":
            if isinstance(value, str):
                value = [value]
            return [self.path(v) if isinstance(v, str) else v for v in value or []]
        if key == "environment":
            self.variable_names(value, at)
        if key in _DICT_FROM_LIST:
            return list_to_dict(value)
        if key == "ports":
            return self.ports(value, at)
        if key == "expose":
            return [scalar_text(v) for v in value] if isinstance(value, list) else value
        if key == "volumes":
            return self.volumes(value, at)
        if key in ("secrets", "configs"):
            if isinstance(value, list):
                return [{"source": v} if isinstance(v, str) else _file_mode(v) for v in value]
            return value
        if key == "networks":
            if isinstance(value, list):
                return {str(n): None for n in value}
            return value
        if key == "healthcheck":
            return self.healthcheck(value, at)
        if key in _LIST_OF_STRINGS:
            return [value] if isinstance(value, str) else value
        if key == "extra_hosts":
            hosts = extra_hosts(value)
            self.check_hosts(hosts, at)
            return hosts
        if key == "stop_grace_period":
            return self.duration(value, at)
        if key == "deploy":
            return self.deploy(value, at)
        if key == "devices":
            return self.devices(value, at)
        if key == "gpus":
            if value == "all":
                return [{"count": -1}]
            if not isinstance(value, list):
                return value
            requests = [_count_all(v) for v in value]
            self.device_counts(requests, at)
            return requests
        if key in ("post_start", "pre_stop"):
            if isinstance(value, list):
                return [self.hook(v, (*at, i)) for i, v in enumerate(value)]
            return value
        if key in ("cpus", "cpu_percent") and isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return value
        if key in ("mem_limit", "mem_reservation", "memswap_limit", "shm_size", "mem_swappiness"):
            return self.size(value, at)
        if key == "logging" and isinstance(value, dict) and isinstance(value.get("options"), dict):
            return {**value, "options": {k: scalar_text(v) for k, v in value["options"].items()}}
        if key == "blkio_config" and isinstance(value, dict):
            self.blkio_rates(value, at)
            return _blkio(value)
        if key == "storage_opt" and isinstance(value, dict):
            return {k: scalar_text(v) for k, v in value.items()}
        if key == "provider" and isinstance(value, dict):
            options = value.get("options")
            if isinstance(options, dict):
                value = {
                    **value,
                    "options": {
                        k: [scalar_text(x) for x in v] if isinstance(v, list) else [scalar_text(v)]
                        for k, v in options.items()
                    },
                }
            return value
        if key == "develop" and isinstance(value, dict):
            return self.develop(value, at)
        if key == "ulimits" and isinstance(value, dict):
            return {
                k: (int(v) if isinstance(v, str) and v.isdigit() else v) for k, v in value.items()
            }
        return value

    def build(self, value: Any, at: PathKey = ()) -> Any:
        if isinstance(value, str):
            value = {"context": value}
        if not isinstance(value, dict):
            return value
        out = dict(value)
        context = out.get("context")
        if isinstance(context, str) and not is_remote(context):
            out["context"] = self.path(context)
        self.variable_names(out.get("args"), (*at, "args") if at else ())
        for key in ("args", "labels"):
            if key in out:
                out[key] = list_to_dict(out[key])
        if "additional_contexts" in out:
            contexts = list_to_dict(out["additional_contexts"])
            if isinstance(contexts, dict):
                contexts = {
                    k: (self.path(v) if isinstance(v, str) and not is_remote(v) else v)
                    for k, v in contexts.items()
                }
            out["additional_contexts"] = contexts
        if "extra_hosts" in out:
            out["extra_hosts"] = extra_hosts(out["extra_hosts"])
        if isinstance(out.get("secrets"), list):
            out["secrets"] = [{"source": v} if isinstance(v, str) else v for v in out["secrets"]]
        if "shm_size" in out:
            out["shm_size"] = self.size(out["shm_size"], ())
        if isinstance(out.get("cache_from"), str):
            out["cache_from"] = [out["cache_from"]]
        return out

    def command(self, value: Any, at: PathKey) -> Any:
        if isinstance(value, str):
            try:
                return split_command(value)
            except ValueError as exc:
                self.problems.add(f"cannot split the command: {exc}", at, "check the quotes")
                return value
        if isinstance(value, list):
            return [scalar_text(v) if not isinstance(v, str) else v for v in value]
        return value

    def depends_on(self, value: Any) -> Any:
        if isinstance(value, list):
            return {str(name): {"condition": "service_started", "required": True} for name in value}
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for name, dep in value.items():
                raw, wrapped = unwrap(dep)
                if isinstance(raw, dict):
                    raw = dict(raw)
                    raw.setdefault("condition", "service_started")
                    raw.setdefault("required", True)
                elif raw is None:
                    raw = {"condition": "service_started", "required": True}
                out[name] = rewrap(raw, wrapped)
            return out
        return value

    def env_file(self, value: Any, at: PathKey) -> Any:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return value
        out: list[Any] = []
        for i, item in enumerate(value):
            form = item.get("format") if isinstance(item, dict) else None
            if form not in (None, "raw"):
                self.problems.add(
                    f"unsupported env_file format {form!r}",
                    (*at, i, "format"),
                    "leave `format` out (KEY=value lines), or use format: raw",
                )
            if isinstance(item, str):
                out.append({"path": self.path(item), "required": True})
            elif isinstance(item, dict):
                entry = dict(item)
                if isinstance(entry.get("path"), str):
                    entry["path"] = self.path(entry["path"])
                entry.setdefault("required", True)
                out.append(entry)
            else:
                out.append(item)
        return out

    def ports(self, value: Any, at: PathKey) -> Any:
        if not isinstance(value, list):
            return value
        out: list[Any] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                if "target" not in item:
                    self.problems.add("a port needs a `target`", (*at, i), PORT_HINT)
                out.append(long_port(item))
                continue
            parsed = parse_port(item)
            if parsed is None:
                self.problems.add(f'"{item}" is not a valid port mapping', (*at, i), PORT_HINT)
                continue
            protocol = parsed[0]["protocol"]
            if protocol not in PORT_PROTOCOLS:
                self.problems.add(
                    f'"{item}": invalid protocol {protocol!r}', (*at, i), "use tcp, udp or sctp"
                )
            out.extend(parsed)
        return out

    def volumes(self, value: Any, at: PathKey) -> Any:
        if not isinstance(value, list):
            return value
        out: list[Any] = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                parsed = self.short_volume(item, (*at, i))
                if parsed is not None:
                    out.append(parsed)
            elif isinstance(item, dict):
                self.check_long_volume(item, (*at, i))
                out.append(self.long_volume(item, (*at, i)))
            else:
                out.append(item)
        return out

    def check_long_volume(self, item: dict[str, Any], at: PathKey) -> None:
        if not item.get("target"):
            self.problems.add(
                "a volume needs a `target`", at, "add `target:` (the path in the container)"
            )
        if item.get("type") == "bind" and not item.get("source"):
            self.problems.add(
                "a bind mount needs a `source`", at, "add `source:` (a path on the host)"
            )

    def variable_names(self, value: Any, at: PathKey) -> None:
        """`NAME =value` in a list: the name ends with a blank (Compose v2 refuses it)."""
        if not isinstance(value, list):
            return
        for i, item in enumerate(value):
            name = str(item).partition("=")[0]
            if name and name[-1].isspace():
                self.problems.add(
                    f"variable {name.rstrip()!r} is declared with a trailing space",
                    (*at, i) if at else (),
                    f'remove the blank before "=": {name.rstrip()}=...',
                )

    def check_hosts(self, hosts: Any, at: PathKey) -> None:
        if not isinstance(hosts, list):
            return
        for i, entry in enumerate(hosts):
            host, found, _ip = str(entry).partition("=")
            if not found:
                self.problems.add(
                    f"extra host {entry!r} has no IP address",
                    (*at, i),
                    'write HOST:IP or HOST=IP, e.g. "somehost=162.242.195.82"',
                )
            elif not host or ":" in host:
                self.problems.add(
                    f"bad host name {host!r} in extra_hosts",
                    (*at, i),
                    "a host name cannot be empty or contain ':' or '='",
                )

    def short_volume(self, text: str, at: PathKey) -> dict[str, Any] | None:
        parts = _split_volume(text)
        if len(parts) == 1:
            return {"type": "volume", "target": parts[0], "volume": {}}
        if len(parts) > 3 or not parts[0] or not parts[1]:
            self.problems.add(
                f'"{text}" is not a valid volume',
                at,
                "expected SOURCE:TARGET[:MODE], e.g. ./data:/data",
            )
            return None
        source, target = parts[0], parts[1]
        modes = parts[2].split(",") if len(parts) == 3 else []
        is_bind = source.startswith((".", "/", "~")) or _windows_path(source)
        entry: dict[str, Any] = {"type": "bind" if is_bind else "volume"}
        entry["source"] = self.path(source) if is_bind else source
        entry["target"] = _clean(target)
        bind: dict[str, Any] = {}
        volume: dict[str, Any] = {}
        for mode in modes:
            if mode == "ro":
                entry["read_only"] = True
            elif mode == "rw":
                continue
            elif mode in ("z", "Z"):
                bind["selinux"] = mode
            elif mode == "nocopy":
                volume["nocopy"] = True
            elif mode in ("shared", "rshared", "slave", "rslave", "private", "rprivate"):
                bind["propagation"] = mode
            elif mode in ("consistent", "cached", "delegated"):
                continue  # accepted and ignored, as the reference does
        if is_bind:
            bind["create_host_path"] = True
            entry["bind"] = bind
        else:
            entry["volume"] = volume
        return entry

    def long_volume(self, item: dict[str, Any], at: PathKey = ()) -> dict[str, Any]:
        entry = dict(item)
        if isinstance(entry.get("target"), str):
            entry["target"] = _clean(entry["target"])
        source = entry.get("source")
        if entry.get("type") == "bind" and isinstance(source, str) and source:
            entry["source"] = self.path(source)
        tmpfs = entry.get("tmpfs")
        if isinstance(tmpfs, dict) and "size" in tmpfs:
            size = parse_bytes(tmpfs["size"])
            if size == 0:
                entry["tmpfs"] = {k: v for k, v in tmpfs.items() if k != "size"}
            elif size is not None:
                entry["tmpfs"] = {**tmpfs, "size": str(size)}
            elif at:
                self.size(tmpfs["size"], (*at, "tmpfs", "size"))
        return entry

    def duration(self, value: Any, at: PathKey) -> Any:
        """A duration in the reference's form; a located problem when it cannot be read."""
        normalized = normalize_duration(value)
        if isinstance(value, str) and normalized == value and parse_duration(value) is None:
            self.problems.add(
                f"invalid duration {value!r}",
                at,
                'use a number with a unit: "10s", "1m30s", "500ms", "2h"',
            )
        return normalized

    def size(self, value: Any, at: PathKey) -> Any:
        """A byte size as the reference prints it (a string of bytes); a problem if unreadable."""
        if value == -1:
            return value
        size = parse_bytes(value)
        if size is None:
            self.problems.add(
                f"invalid size {value!r}", at, 'use bytes or a unit: "512m", "1.5g", "100k"'
            )
            return value
        return str(size)

    def healthcheck(self, value: Any, at: PathKey) -> Any:
        if not isinstance(value, dict):
            return value
        out = dict(value)
        test, wrapped = unwrap(out.get("test"))
        if isinstance(test, str):
            out["test"] = rewrap(["CMD-SHELL", test], wrapped)
        for key in _DURATIONS:
            if key in out:
                out[key] = self.duration(out[key], (*at, key))
        return out

    def deploy(self, value: Any, at: PathKey) -> Any:
        if not isinstance(value, dict):
            return value
        out = dict(value)
        out.setdefault("resources", {})
        out.setdefault("placement", {})
        if "labels" in out:
            out["labels"] = list_to_dict(out["labels"])
        for section, keys in (
            ("restart_policy", ("delay", "window")),
            ("update_config", ("delay", "monitor")),
            ("rollback_config", ("delay", "monitor")),
        ):
            part = out.get(section)
            if isinstance(part, dict):
                out[section] = {
                    k: self.duration(v, (*at, section, k)) if k in keys else v
                    for k, v in part.items()
                }
        resources = out.get("resources")
        if isinstance(resources, dict):
            out["resources"] = {
                k: self.resource_limits(v, (*at, "resources", k)) if isinstance(v, dict) else v
                for k, v in resources.items()
            }
        return out

    def resource_limits(self, value: dict[str, Any], at: PathKey) -> dict[str, Any]:
        out = dict(value)
        if isinstance(out.get("cpus"), str):
            try:
                out["cpus"] = float(out["cpus"])
            except ValueError:
                self.problems.add(
                    f"invalid number of CPUs {out['cpus']!r}", (*at, "cpus"), 'e.g. "0.5" or "2"'
                )
        if "memory" in out:
            out["memory"] = self.size(out["memory"], (*at, "memory"))
        if isinstance(out.get("devices"), list):
            out["devices"] = [_count_all(d) for d in out["devices"]]
            self.device_counts(out["devices"], (*at, "devices"))
        return out

    def blkio_rates(self, value: dict[str, Any], at: PathKey) -> None:
        for key in ("device_read_bps", "device_write_bps"):
            entries = value.get(key)
            for i, entry in enumerate(entries if isinstance(entries, list) else ()):
                rate = entry.get("rate") if isinstance(entry, dict) else None
                if rate is not None and parse_bytes(rate) is None:
                    self.size(rate, (*at, key, i, "rate"))

    def device_counts(self, requests: list[Any], at: PathKey) -> None:
        for i, device in enumerate(requests):
            if isinstance(device, dict) and isinstance(device.get("count"), str):
                self.problems.add(
                    f'invalid value "{device["count"]}", the only value allowed is '
                    "'all' or a number",
                    (*at, i, "count"),
                    'use a number of devices, or "all"',
                )

    def devices(self, value: Any, at: PathKey) -> Any:
        if not isinstance(value, list):
            return value
        out: list[Any] = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                parts = item.split(":")
                if len(parts) > 3:
                    self.problems.add(
                        f"confusing device mapping {item!r}",
                        (*at, i),
                        "use the long syntax: {source: ..., target: ..., permissions: rwm}",
                    )
                entry = {"source": parts[0], "target": parts[1] if len(parts) > 1 else parts[0]}
                entry["permissions"] = parts[2] if len(parts) > 2 else "rwm"
                out.append(entry)
            elif isinstance(item, dict):
                out.append({k: v for k, v in item.items() if not k.startswith("x-")})
            else:
                out.append(item)
        return out

    def hook(self, value: Any, at: PathKey) -> Any:
        if not isinstance(value, dict):
            return value
        out = dict(value)
        if "command" in out:
            out["command"] = self.command(out["command"], (*at, "command"))
        if "environment" in out:
            self.variable_names(out["environment"], (*at, "environment"))
            out["environment"] = list_to_dict(out["environment"])
        return out

    def develop(self, value: dict[str, Any], at: PathKey) -> dict[str, Any]:
        out = dict(value)
        watch = out.get("watch")
        if isinstance(watch, list):
            items: list[Any] = []
            for item in watch:
                if isinstance(item, dict):
                    item = {k: v for k, v in item.items() if not k.startswith("x-")}
                    if item.get("path") == "":
                        self.problems.add(
                            "develop.watch path can't be blank",
                            (*at, "watch", len(items), "path"),
                            "name the file or directory to watch, e.g. ./src",
                        )
                    if isinstance(item.get("path"), str):
                        item["path"] = self.path(item["path"])
                    if isinstance(item.get("exec"), dict) and "command" in item["exec"]:
                        item["exec"] = self.hook(item["exec"], ())
                    item.setdefault("exec", {"command": None})
                items.append(item)
            out["watch"] = items
        return out


def _clean(target: str) -> str:
    if target.startswith("/") and len(target) > 1:
        return os.path.normpath(target).replace("//", "/")
    return target


def _blkio(value: dict[str, Any]) -> dict[str, Any]:
    """Device entries as the reference prints them (its JSON has capitalized field names)."""
    out = dict(value)
    devices = out.get("weight_device")
    if isinstance(devices, list):
        out["weight_device"] = [
            {"Path": d.get("path"), "Weight": d.get("weight")} if isinstance(d, dict) else d
            for d in devices
        ]
    for key in ("device_read_bps", "device_write_bps", "device_read_iops", "device_write_iops"):
        entries = out.get(key)
        if isinstance(entries, list):
            converted = []
            for entry in entries:
                if isinstance(entry, dict):
                    rate = parse_bytes(entry.get("rate"))
                    entry = {
                        "Path": entry.get("path"),
                        "Rate": str(rate) if rate is not None else entry.get("rate"),
                    }
                converted.append(entry)
            out[key] = converted
    return out


def _file_mode(value: Any) -> Any:
    """A secret/config `mode` printed as the reference prints a file mode (`"0440"`)."""
    if not isinstance(value, dict) or "mode" not in value:
        return value
    mode = value["mode"]
    if isinstance(mode, str):
        try:
            mode = int(mode, 8)
        except ValueError:
            return value
    if isinstance(mode, int) and not isinstance(mode, bool):
        return {**value, "mode": "0" + format(mode, "o")}
    return value


def _count_all(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    out = {k: v for k, v in value.items() if not k.startswith("x-")}
    if out.get("count") == "all":
        out["count"] = -1
    elif isinstance(out.get("count"), str):
        with contextlib.suppress(ValueError):
            out["count"] = int(out["count"])
    elif "count" not in out and not out.get("device_ids"):
        out["count"] = -1
    if isinstance(out.get("options"), dict):
        out["options"] = {k: scalar_text(v) for k, v in out["options"].items()}
    return out


def _split_volume(text: str) -> list[str]:
    if _windows_path(text):
        head, rest = text[:2], text[2:]
        parts = rest.split(":")
        parts[0] = head + parts[0]
        return parts
    return text.split(":")


def extra_hosts(value: Any) -> Any:
    """`{"host": "ip"}` or `["host:ip"]` -> `["host=ip"]`."""
    if isinstance(value, dict):
        out: list[str] = []
        for host, ip in value.items():
            for one in ip if isinstance(ip, list) else [ip]:
                out.append(f"{host}={scalar_text(one) or ''}")
        return out
    if isinstance(value, list):
        hosts: list[str] = []
        for item in value:
            text = str(item)
            if "=" not in text and ":" in text:
                host, _, ip = text.partition(":")
                text = f"{host}={ip}"
            hosts.append(text)
        return hosts
    if isinstance(value, str):
        return extra_hosts([value])
    return value
