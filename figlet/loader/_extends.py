"""`extends`: a service built on another one, from the same file or another."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from figlet.loader._merge import merge, strip_tags
from figlet.loader._problems import Problems

# (path of a file) -> its services, shaped, before their own extends are applied
FileServices = Callable[[str], dict[str, Any] | None]


def apply_extends(
    services: dict[str, Any],
    file: str,
    load_services: FileServices,
    problems: Problems,
) -> dict[str, Any]:
    """Every service of `file` with its `extends` resolved (recursively, across files)."""
    done: dict[tuple[str, str], Any] = {}

    def resolve(name: str, owner: str, pool: dict[str, Any], chain: tuple[str, ...]) -> Any:
        key = (owner, name)
        if key in done:
            return done[key]
        service = pool[name]
        if not isinstance(service, dict) or "extends" not in service:
            done[key] = service
            return service
        at = ("services", name, "extends")
        spec = service["extends"]
        if isinstance(spec, str):
            spec = {"service": spec}
        if not isinstance(spec, dict) or not isinstance(spec.get("service"), str):
            problems.add("extends needs a service name", at)
            done[key] = service
            return service
        base_name = spec["service"]
        base_file = owner
        base_pool = pool
        if isinstance(spec.get("file"), str):
            base_file = os.path.normpath(os.path.join(os.path.dirname(owner), spec["file"]))
            loaded = load_services(base_file)
            if loaded is None:
                problems.add(
                    f"cannot extend service {name!r}: file {spec['file']!r} not found",
                    (*at, "file"),
                    f"looked for {base_file}",
                )
                done[key] = service
                return service
            base_pool = loaded
        link = f"{base_file}:{base_name}"
        if link in chain:
            cycle = " -> ".join([*(c.rsplit(":", 1)[1] for c in chain), base_name])
            problems.add(f"circular extends: {cycle}", at)
            done[key] = service
            return service
        if base_name not in base_pool:
            problems.add(
                f"cannot extend service {name!r}: service {base_name!r} not found"
                + (f" in {spec['file']}" if spec.get("file") else ""),
                (*at, "service"),
                "extends.service must name a service of that file",
            )
            done[key] = service
            return service
        base = resolve(base_name, base_file, base_pool, (*chain, link))
        local = {k: v for k, v in service.items() if k != "extends"}
        base = (
            {k: v for k, v in strip_tags(base).items() if k != "extends"}
            if isinstance(base, dict)
            else {}
        )
        merged = merge(base, local, ("services", name))
        done[key] = merged
        return merged

    return {name: resolve(name, file, services, (f"{file}:{name}",)) for name in services}
