"""Volumes, bind mounts, tmpfs, secrets and configs -> Binds / Mounts / Tmpfs / copied files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from figlet.container_spec._units import byte_size
from figlet.engine.values.containers import ContainerFile
from figlet.errors import FigletError, Problem
from figlet.model import Project, Service


@dataclass(frozen=True)
class MountConfig:
    """A service's volumes, tmpfs and files as the engine takes them."""

    binds: tuple[str, ...] = ()
    mounts: tuple[Mapping[str, Any], ...] = ()
    tmpfs: Mapping[str, str] | None = None
    files: tuple[ContainerFile, ...] = ()


def mount_config(
    project: Project, service: Service, *, keep_volumes: Mapping[str, str] | None = None
) -> MountConfig:
    """The service's volumes, tmpfs entries and file secrets/configs as engine mounts.

    `keep_volumes` (container path -> volume name) are the anonymous volumes of the container
    being replaced: they are mounted again at the same paths, unless the service now mounts
    something else there, so a recreate keeps their data (as Compose does).
    """
    keep = dict(keep_volumes or {})
    binds: list[str] = []
    mounts: list[Mapping[str, Any]] = []
    for index, entry in enumerate(service.spec.get("volumes") or ()):
        path = f"services.{service.name}.volumes[{index}]"
        kind = entry.get("type", "volume")
        if kind == "bind":
            bind = _bind(entry, path)
            if isinstance(bind, str):
                binds.append(bind)
            else:
                mounts.append(bind)
        elif kind == "volume":
            if not entry.get("source") and entry.get("target") in keep:
                entry = {**entry, "source": keep[entry["target"]]}
            mounts.append(_volume(project, entry))
        elif kind == "tmpfs":
            mounts.append(_tmpfs_mount(entry, path))
        else:
            raise FigletError(
                Problem(
                    f'volume type "{kind}" is not supported by figlet',
                    path=path,
                    hint='use "volume", "bind" or "tmpfs"',
                )
            )
    taken = {str(m.get("Target")) for m in mounts} | {b.split(":")[1] for b in binds}
    taken |= set(_tmpfs_option(service) or {})
    for target, volume in sorted(keep.items()):
        if target not in taken:
            mounts.append({"Type": "volume", "Source": volume, "Target": target, "ReadOnly": False})
    files: list[ContainerFile] = []
    for kind, directory in (("secrets", "/run/secrets/"), ("configs", "/")):
        kind_mounts, kind_files = _file_objects(project, service, kind, directory)
        mounts.extend(kind_mounts)
        files.extend(kind_files)
    return MountConfig(tuple(binds), tuple(mounts), _tmpfs_option(service), tuple(files))


def _bind(entry: Mapping[str, Any], path: str) -> str | Mapping[str, Any]:
    """A bind mount: `Binds` syntax when the host path may be created (the short syntax's
    behaviour), a `Mounts` entry otherwise (the engine then refuses a missing host path)."""
    options = entry.get("bind") or {}
    source, target = entry.get("source"), entry.get("target")
    if not source or not target:
        raise FigletError(Problem("a bind mount needs a source and a target", path=path))
    read_only = bool(entry.get("read_only"))
    if options.get("create_host_path", False):
        flags = ["ro" if read_only else "rw"]
        if options.get("propagation"):
            flags.append(str(options["propagation"]))
        if options.get("selinux"):
            flags.append(str(options["selinux"]))
        return f"{source}:{target}:{','.join(flags)}"
    mount: dict[str, Any] = {
        "Type": "bind",
        "Source": source,
        "Target": target,
        "ReadOnly": read_only,
    }
    if options.get("propagation"):
        mount["BindOptions"] = {"Propagation": options["propagation"]}
    if entry.get("consistency"):
        mount["Consistency"] = entry["consistency"]
    return mount


def _volume(project: Project, entry: Mapping[str, Any]) -> Mapping[str, Any]:
    source = entry.get("source") or ""
    if source in project.volumes:
        source = project.volumes[source].name
    mount: dict[str, Any] = {
        "Type": "volume",
        "Source": source,
        "Target": entry["target"],
        "ReadOnly": bool(entry.get("read_only")),
    }
    options = entry.get("volume") or {}
    volume_options: dict[str, Any] = {}
    if options.get("nocopy"):
        volume_options["NoCopy"] = True
    if options.get("subpath"):
        volume_options["Subpath"] = options["subpath"]
    if volume_options:
        mount["VolumeOptions"] = volume_options
    return mount


def _tmpfs_mount(entry: Mapping[str, Any], path: str) -> Mapping[str, Any]:
    mount: dict[str, Any] = {"Type": "tmpfs", "Target": entry["target"]}
    options = entry.get("tmpfs") or {}
    tmpfs_options: dict[str, Any] = {}
    if options.get("size") is not None:
        tmpfs_options["SizeBytes"] = byte_size(options["size"], f"{path}.tmpfs.size")
    if options.get("mode") is not None:
        tmpfs_options["Mode"] = int(options["mode"])
    if tmpfs_options:
        mount["TmpfsOptions"] = tmpfs_options
    return mount


def _tmpfs_option(service: Service) -> Mapping[str, str] | None:
    """`tmpfs: ["/run", "/tmp:size=64m"]` -> {"/run": "", "/tmp": "size=64m"}."""
    raw = service.spec.get("tmpfs")
    if not raw:
        return None
    entries = [raw] if isinstance(raw, str) else list(raw)
    result: dict[str, str] = {}
    for item in entries:
        target, _, options = str(item).partition(":")
        result[target] = options
    return result


def _file_objects(
    project: Project, service: Service, kind: str, default_dir: str
) -> tuple[list[Mapping[str, Any]], list[ContainerFile]]:
    """Secrets/configs: file-based ones as read-only bind mounts; `content:` and
    `environment:` ones as files copied into the container before it starts."""
    mounts: list[Mapping[str, Any]] = []
    files: list[ContainerFile] = []
    declared = project.spec.get(kind) or {}
    for index, ref in enumerate(service.spec.get(kind) or ()):
        path = f"services.{service.name}.{kind}[{index}]"
        source = ref.get("source", "")
        definition = declared.get(source) or {}
        target = str(ref.get("target") or source)
        if not target.startswith("/"):
            target = default_dir + target
        if definition.get("file"):
            mounts.append(
                {"Type": "bind", "Source": definition["file"], "Target": target, "ReadOnly": True}
            )
            continue
        content = _inline_content(project, definition)
        if content is None:
            raise FigletError(
                Problem(
                    f'{kind[:-1]} "{source}" has no `file`, `content` or `environment` figlet '
                    "can read",
                    path=path,
                    hint=f"declare `{kind}.{source}.file: ./path` (external {kind} need a swarm)",
                )
            )
        files.append(
            ContainerFile(
                path=target,
                content=content.encode(),
                mode=_mode(ref.get("mode")),
                uid=int(ref.get("uid") or 0),
                gid=int(ref.get("gid") or 0),
            )
        )
    return mounts, files


def _inline_content(project: Project, definition: Mapping[str, Any]) -> str | None:
    if definition.get("content") is not None:
        return str(definition["content"])
    variable = definition.get("environment")
    if variable:
        return project.environment.get(str(variable), "")
    return None


def _mode(value: Any) -> int:
    """A file mode: a number (already decimal) or an octal string ("0440")."""
    if value is None:
        return 0o444
    if isinstance(value, str):
        return int(value, 8)
    return int(value)
