"""A service's Mounts (bind, named or anonymous volume, tmpfs) and its Secrets / Configs
references, as `docker stack deploy` writes them: a stack volume is named `<project>_<key>`
(or its `name:`) and carries the stack's label and its driver in VolumeOptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from figlet.container_spec._units import byte_size
from figlet.loader._problems import Problems
from figlet.model import Project, Service
from figlet.swarm._spec_labels import NAMESPACE

_PROPAGATIONS = frozenset(("private", "rprivate", "shared", "rshared", "slave", "rslave"))


def mounts(project: Project, service: Service, notes: Problems) -> list[dict[str, Any]]:
    """Every `volumes:` entry, then the service's `tmpfs:` paths, as Mount objects."""
    out: list[dict[str, Any]] = []
    for index, entry in enumerate(service.spec.get("volumes") or ()):
        at = ("services", service.name, "volumes", index)
        kind = entry.get("type", "volume")
        if kind == "bind":
            out.append(_bind(entry, at, notes))
        elif kind == "volume":
            out.append(_volume(project, entry, at, notes))
        elif kind == "tmpfs":
            out.append(_tmpfs(entry, at))
        elif kind == "npipe":
            out.append(
                {"Type": "npipe", "Source": entry.get("source", ""), "Target": entry["target"]}
            )
        else:
            notes.add(
                f'a swarm service cannot mount a volume of type "{kind}"',
                (*at, "type"),
                'use "volume", "bind" or "tmpfs"',
            )
    for item in _tmpfs_paths(service.spec.get("tmpfs")):
        target, _, options = item.partition(":")
        out.append(_tmpfs({"target": target, "tmpfs": _tmpfs_options(options)}, ()))
    return out


def _bind(entry: Mapping[str, Any], at: tuple[str | int, ...], notes: Problems) -> dict[str, Any]:
    mount: dict[str, Any] = {
        "Type": "bind",
        "Source": entry.get("source", ""),
        "Target": entry["target"],
    }
    if entry.get("read_only"):
        mount["ReadOnly"] = True
    options = entry.get("bind") or {}
    propagation = options.get("propagation")
    if propagation in _PROPAGATIONS:
        mount["BindOptions"] = {"Propagation": propagation}
    if options.get("selinux"):
        notes.warn(
            f"{_path(at)}.bind.selinux is not applied by a swarm (a service mount has no SELinux "
            "relabel option); ignored",
            (*at, "bind", "selinux"),
        )
    return mount


def _volume(
    project: Project, entry: Mapping[str, Any], at: tuple[str | int, ...], notes: Problems
) -> dict[str, Any]:
    key = entry.get("source") or ""
    mount: dict[str, Any] = {"Type": "volume", "Target": entry["target"]}
    if entry.get("read_only"):
        mount["ReadOnly"] = True
    options: dict[str, Any] = {}
    if (entry.get("volume") or {}).get("nocopy"):
        options["NoCopy"] = True
    if (entry.get("volume") or {}).get("subpath"):
        notes.warn(
            f"{_path(at)}.volume.subpath is not applied by a swarm (Engine API 1.41 has no "
            "subpath); the whole volume is mounted",
            (*at, "volume", "subpath"),
        )
    volume = project.volumes.get(key)
    if volume is None:
        mount["Source"] = key  # an anonymous volume: no source
        if not key:
            del mount["Source"]
    elif volume.external:
        mount["Source"] = volume.name
    else:
        mount["Source"] = volume.name
        labels = {str(k): str(v) for k, v in (volume.spec.get("labels") or {}).items()}
        options["Labels"] = {**labels, NAMESPACE: project.name}
        driver: dict[str, Any] = {}
        if volume.driver:
            driver["Name"] = volume.driver
        if volume.spec.get("driver_opts"):
            driver["Options"] = {str(k): str(v) for k, v in volume.spec["driver_opts"].items()}
        if driver:
            options["DriverConfig"] = driver
    if options:
        mount["VolumeOptions"] = options
    return mount


def _tmpfs(entry: Mapping[str, Any], at: tuple[str | int, ...]) -> dict[str, Any]:
    mount: dict[str, Any] = {"Type": "tmpfs", "Target": entry["target"]}
    options = entry.get("tmpfs") or {}
    tmpfs: dict[str, Any] = {}
    if options.get("size") is not None:
        tmpfs["SizeBytes"] = byte_size(options["size"], f"{_path(at)}.tmpfs.size")
    if options.get("mode") is not None:
        tmpfs["Mode"] = int(options["mode"])
    if tmpfs:
        mount["TmpfsOptions"] = tmpfs
    return mount


def _tmpfs_paths(raw: Any) -> list[str]:
    if not raw:
        return []
    return [raw] if isinstance(raw, str) else [str(item) for item in raw]


def _tmpfs_options(text: str) -> dict[str, Any]:
    """ "size=64m,mode=1777" -> {"size": "64m", "mode": 0o1777} (mode is octal)."""
    options: dict[str, Any] = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        if name == "size" and value:
            options["size"] = value
        elif name == "mode" and value:
            options["mode"] = int(value, 8)
    return options


def file_references(project: Project, service: Service, kind: str) -> list[dict[str, Any]]:
    """`secrets:` / `configs:` of a service as SecretReference / ConfigReference objects.
    The object is named by its name on the swarm; its id is left "" for the executor to fill.
    A secret's default target "/run/secrets/NAME" is written "NAME", as the docker CLI does."""
    declared = project.spec.get(kind) or {}
    singular = "Secret" if kind == "secrets" else "Config"
    out = []
    for ref in service.spec.get(kind) or ():
        source = str(ref.get("source", ""))
        definition = declared.get(source) or {}
        target = str(ref.get("target") or source)
        if kind == "secrets" and target.startswith("/run/secrets/"):
            target = target[len("/run/secrets/") :]
        out.append(
            {
                "File": {
                    "Name": target,
                    "UID": str(ref.get("uid") or "0"),
                    "GID": str(ref.get("gid") or "0"),
                    "Mode": file_mode(ref.get("mode")),
                },
                f"{singular}ID": "",
                f"{singular}Name": object_name(project, kind, source, definition),
            }
        )
    return out


def object_name(project: Project, kind: str, key: str, definition: Mapping[str, Any]) -> str:
    """A secret's or a config's name on the swarm: its `name:`, else `<project>_<key>` (an
    external one: its `name:`, else its key)."""
    if definition.get("name"):
        return str(definition["name"])
    return key if definition.get("external") else f"{project.name}_{key}"


def file_mode(value: Any) -> int:
    """A file mode: a number (already decimal) or an octal string ("0440"); 0444 by default."""
    if value is None:
        return 0o444
    if isinstance(value, str):
        return int(value, 8)
    return int(value)


def _path(at: tuple[str | int, ...]) -> str:
    from figlet.loader._problems import render_path

    return render_path(at)
