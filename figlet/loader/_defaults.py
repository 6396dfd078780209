"""Project-wide canonical defaults, applied once after the merge.

Engine names of networks/volumes/secrets/configs, the implicit `default` network, build
defaults, `command`/`entrypoint` printed as null, `env_file`/`label_file` folded into
`environment`/`labels`, empty collections dropped as the reference does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from figlet.loader._envfile import parse_env_file
from figlet.loader._omit import omit_struct
from figlet.loader._problems import Problems
from figlet.loader._shape import scalar_text
from figlet.sensitive import MARK

ReadText = Callable[[str], str | None]


def apply_defaults(
    data: dict[str, Any],
    name: str,
    lookup: Callable[[str], str | None],
    read_text: ReadText,
    problems: Problems,
    expand: Callable[[str, Callable[[str], str | None]], str] | None,
    project_dir: str,
) -> dict[str, Any]:
    """The canonical project mapping for project `name` (data is modified and returned)."""
    data.pop("version", None)
    data.pop("include", None)
    data["name"] = name
    services = data.get("services")
    if not isinstance(services, dict):
        services = {}
    data["services"] = services
    uses_default = False
    for svc_name, svc in services.items():
        if not isinstance(svc, dict):
            continue
        services[svc_name] = _service(
            svc_name, svc, lookup, read_text, problems, expand, project_dir
        )
        if "default" in (services[svc_name].get("networks") or {}):
            uses_default = True
    networks = data.get("networks")
    networks = dict(networks) if isinstance(networks, dict) else {}
    if uses_default and "default" not in networks:
        networks["default"] = None
    for kind in ("networks", "volumes", "secrets", "configs"):
        section = networks if kind == "networks" else data.get(kind)
        if not isinstance(section, dict):
            data.pop(kind, None) if section is None else None
            continue
        data[kind] = {
            key: omit_struct(_resource(kind, key, value, name, problems))
            for key, value in section.items()
        }
        if not data[kind]:
            del data[kind]
    return data


def _implicit_dependencies(svc: dict[str, Any]) -> list[tuple[str, bool]]:
    """Services a service needs through links, volumes_from and `service:` modes, each
    with whether a restart of the dependency restarts this one (links and modes do)."""
    found: list[tuple[str, bool]] = []
    for link in svc.get("links") or []:
        found.append((str(link).split(":", 1)[0], True))
    for key in ("network_mode", "ipc", "pid"):
        mode = svc.get(key)
        if isinstance(mode, str) and mode.startswith("service:"):
            found.append((mode.split(":", 1)[1], True))
    for entry in svc.get("volumes_from") or []:
        text = str(entry)
        if not text.startswith("container:"):
            found.append((text.split(":", 1)[0], False))
    return found


def drop_unused(spec: dict[str, Any], active: tuple[str, ...]) -> None:
    """Remove top-level networks/volumes/secrets/configs/models no active service uses."""
    services = spec.get("services") or {}
    used: dict[str, set[str]] = {
        k: set() for k in ("networks", "volumes", "secrets", "configs", "models")
    }
    for name in active:
        svc = services.get(name)
        if not isinstance(svc, dict):
            continue
        used["networks"].update(svc.get("networks") or {})
        for volume in svc.get("volumes") or []:
            if isinstance(volume, dict) and volume.get("type") == "volume" and volume.get("source"):
                used["volumes"].add(str(volume["source"]))
        for kind in ("secrets", "configs"):
            for ref in svc.get(kind) or []:
                if isinstance(ref, dict) and "source" in ref:
                    used[kind].add(str(ref["source"]))
        build = svc.get("build")
        if isinstance(build, dict):
            for ref in build.get("secrets") or []:
                if isinstance(ref, dict) and "source" in ref:
                    used["secrets"].add(str(ref["source"]))
        models = svc.get("models")
        if isinstance(models, dict):
            used["models"].update(models)
        elif isinstance(models, list):
            used["models"].update(str(m) for m in models)
    for kind, keep in used.items():
        section = spec.get(kind)
        if not isinstance(section, dict):
            continue
        spec[kind] = {k: v for k, v in section.items() if k in keep}
        if not spec[kind]:
            del spec[kind]


def _resource(kind: str, key: str, value: Any, project: str, problems: Problems) -> Any:
    entry: dict[str, Any] = dict(value) if isinstance(value, dict) else {}
    external = entry.get("external")
    if isinstance(external, dict):  # legacy `external: {name: x}`
        if "name" in external and "name" in entry and external["name"] != entry["name"]:
            problems.add(
                "name and external.name conflict",
                (kind, key, "external", "name"),
                "only use `name:` (external.name is deprecated), with `external: true`",
            )
        if "name" in external and "name" not in entry:
            entry["name"] = external["name"]
        entry["external"] = True
        external = True
    if "name" not in entry:
        entry["name"] = key if external is True else f"{project}_{key}"
    if kind == "networks":
        entry.setdefault("ipam", {})
    return entry


def _service(
    name: str,
    svc: dict[str, Any],
    lookup: Callable[[str], str | None],
    read_text: ReadText,
    problems: Problems,
    expand: Callable[[str, Callable[[str], str | None]], str] | None,
    project_dir: str,
) -> dict[str, Any]:
    out = dict(svc)
    out.setdefault("command", None)
    out.setdefault("entrypoint", None)
    build = out.get("build")
    if isinstance(build, dict):
        build = dict(build)
        build.setdefault("context", project_dir)
        if "dockerfile_inline" not in build:
            build.setdefault("dockerfile", "Dockerfile")
        if isinstance(build.get("args"), dict):
            args = {k: lookup(k) if v is None else v for k, v in build["args"].items()}
            build["args"] = {k: v for k, v in args.items() if v is not None}
        if isinstance(build.get("labels"), dict):
            build["labels"] = {k: "" if v is None else v for k, v in build["labels"].items()}
        out["build"] = build
    if "network_mode" not in out and not out.get("networks") and "provider" not in out:
        out["networks"] = {"default": None}
    implicit = _implicit_dependencies(out)
    if implicit:
        depends = dict(out.get("depends_on") or {})
        for dep, restart in implicit:
            if dep != name:
                entry: dict[str, Any] = {"condition": "service_started", "required": True}
                if restart:
                    entry["restart"] = True
                depends.setdefault(dep, entry)
        out["depends_on"] = depends
    env_files = out.pop("env_file", None)
    environment: dict[str, Any] = {}
    if isinstance(env_files, list):
        for i, entry in enumerate(env_files):
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                continue
            text = read_text(entry["path"])
            if text is None:
                if entry.get("required", True) is not False:
                    problems.add(
                        f"env file {entry['path']} not found",
                        ("services", name, "env_file", i),
                        "create the file, or mark it `required: false`",
                    )
                continue
            environment.update(parse_env_file(text, entry["path"], lookup, expand))
    declared = out.get("environment")
    if isinstance(declared, dict):
        for key, value in declared.items():
            if value is None:
                found = environment.get(key) if key in environment else lookup(key)
                environment[key] = found
            else:
                environment[key] = scalar_text(value)
    if environment or "environment" in out:
        out["environment"] = environment
    label_files = out.pop("label_file", None)
    if isinstance(label_files, list):
        labels: dict[str, Any] = {}
        for i, path in enumerate(label_files):
            text = read_text(path) if isinstance(path, str) else None
            if text is None:
                problems.add(f"label file {path} not found", ("services", name, "label_file", i))
                continue
            labels.update(parse_env_file(text, str(path), lambda _n: None, None))
        declared_labels = out.get("labels")
        if isinstance(declared_labels, dict):
            labels.update(declared_labels)
        out["labels"] = labels
    for key in ("labels", "annotations", "sysctls"):
        if isinstance(out.get(key), dict):
            out[key] = {k: "" if v is None else v for k, v in out[key].items()}
    secrets = out.get("secrets")
    if isinstance(secrets, list):
        out["secrets"] = [
            {**s, "target": f"/run/secrets/{s['source']}"}
            if isinstance(s, dict) and "target" not in s and "source" in s
            else s
            for s in secrets
        ]
    shaped = omit_struct(out)
    if MARK in out:  # figlet's own extension, read by the planner (`figlet.sensitive`)
        shaped[MARK] = out[MARK]
    return shaped
