"""`include:`: other compose projects loaded on their own and added to this one."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from figlet.loader._merge import merge, strip_tags

if TYPE_CHECKING:
    from figlet.loader._pipeline import Pipeline

_SECTIONS = ("services", "networks", "volumes", "secrets", "configs", "models")


def include(data: dict[str, Any], file: str, pipeline: Pipeline) -> dict[str, Any]:
    """`data` with every included project's resources added; conflicts are problems."""
    entries = data.pop("include", None) or []
    here = os.path.dirname(file)
    out = data
    for index, entry in enumerate(entries):
        spec = {"path": entry} if isinstance(entry, str) else entry
        if not isinstance(spec, dict):
            continue
        paths = spec.get("path")
        paths = [paths] if isinstance(paths, str) else list(paths or [])
        resolved = [os.path.normpath(os.path.join(here, p)) for p in paths]
        if not resolved:
            continue
        project_dir = spec.get("project_directory")
        base = (
            os.path.normpath(os.path.join(here, project_dir))
            if isinstance(project_dir, str)
            else os.path.dirname(resolved[0])
        )
        env_files = spec.get("env_file")
        env_files = [env_files] if isinstance(env_files, str) else list(env_files or [])
        env_paths = [os.path.normpath(os.path.join(here, f)) for f in env_files]
        for i, env_path in enumerate(env_paths):
            if not os.path.isfile(env_path):
                where = ("include", index, "env_file") + ((i,) if len(env_paths) > 1 else ())
                pipeline.problems.add(
                    f"env file {env_path} not found", where, "check the env_file path"
                )
        saved = pipeline.env
        pipeline.env = pipeline.include_environment(env_paths or [os.path.join(base, ".env")])
        included: dict[str, Any] | None = None
        for path in resolved:
            if path in pipeline.include_chain:
                chain = [*pipeline.include_chain[pipeline.include_chain.index(path) :], path]
                pipeline.problems.add(
                    "include cycle detected: " + " -> ".join(chain),
                    ("include", index),
                    "a file cannot include itself, directly or through the files it includes",
                )
                continue
            loaded = pipeline.load_with_extends(path, base, main=False)
            if loaded is None:
                pipeline.problems.add(
                    f"included file {path} not found", ("include", index), "check the path"
                )
                continue
            included = strip_tags(loaded) if included is None else merge(included, loaded)
        pipeline.env = saved
        if not included:
            continue
        for service in (included.get("services") or {}).values():
            build = service.get("build") if isinstance(service, dict) else None
            if isinstance(build, dict) and "context" not in build:
                build["context"] = base
        for section in _SECTIONS:
            theirs = included.get(section)
            if not isinstance(theirs, dict):
                continue
            ours = out.get(section)
            ours = dict(ours) if isinstance(ours, dict) else {}
            for key, value in theirs.items():
                if key in ours and ours[key] != value:
                    pipeline.problems.add(
                        f"{section}.{key} conflicts with imported resource",
                        (section, key),
                        f"{key!r} is also defined by the included file {resolved[0]}",
                        key=True,
                    )
                    continue
                ours[key] = value
            out[section] = ours
    return out
