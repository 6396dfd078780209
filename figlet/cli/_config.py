"""The body of `figlet config` (declared in `cmd_config`): validate the compose files and print
the canonical model."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from figlet.cli._context import CommandContext

_ORDER = ("name", "services", "networks", "volumes", "secrets", "configs", "models")
FORMATS = ("yaml", "json")


def run(
    cli: CommandContext,
    *,
    fmt: str = "yaml",
    services: bool = False,
    volumes: bool = False,
    networks: bool = False,
    profiles: bool = False,
    images: bool = False,
    hash_: str | None = None,
    quiet: bool = False,
    no_interpolate: bool = False,
    environment: bool = False,
    output: str | None = None,
    hide_secrets: bool = False,
) -> None:
    """Validate the compose files and print the canonical model."""
    import dataclasses

    from figlet.loader import load_project, load_with_details, thaw

    options = cli.options
    if no_interpolate:
        options = dataclasses.replace(options, interpolate=False)
    used: dict[str, tuple[str, str]] = {}
    if environment:
        project, loaded = load_with_details(options)
        used = loaded.environment.used
    else:
        project = load_project(options)
    for warning in project.warnings:
        sys.stderr.write(f"warning: {warning.render()}\n")
    if quiet:
        return
    lines: list[str] | None = None
    if services:
        lines = list(project.services)
    elif volumes:
        lines = list(project.volumes)
    elif networks:
        lines = list(project.networks)
    elif profiles:
        everything = [*project.services.values(), *project.disabled_services.values()]
        lines = sorted({p for service in everything for p in service.profiles})
    elif images:
        lines = [s.image or f"{project.name}-{s.name}" for s in project.services.values()]
    elif hash_ is not None:
        lines = _hashes(project, hash_)
    elif environment:
        shown = _shown_variables(project.spec, hide_secrets)
        lines = [
            f"{name}={shown(name, value)}\t# {source}"
            for name, (value, source) in sorted(used.items())
        ]
    if lines is not None:
        text = "".join(f"{line}\n" for line in lines)
    else:
        spec = _ordered(thaw(project.spec))
        if hide_secrets:
            spec = _hidden(spec)
        if not no_interpolate:
            spec = _escape(spec)
        if fmt == "json":
            text = json.dumps(spec, indent=2, ensure_ascii=False) + "\n"
        else:
            text = _yaml_text(spec)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)


def _hidden(spec: dict[str, Any]) -> dict[str, Any]:
    """The model with every sensitive environment value (`figlet.sensitive`) hidden."""
    from figlet.sensitive import hide_environment

    services = spec.get("services")
    if isinstance(services, dict):
        spec["services"] = {
            name: hide_environment(svc, spec) if isinstance(svc, dict) else svc
            for name, svc in services.items()
        }
    return spec


def _shown_variables(project_spec: Any, hide: bool) -> Callable[[str, str], str]:
    """How `--environment` prints a variable: as is, or hidden when it is sensitive."""
    from figlet.sensitive import HIDDEN, redactor_of, secret_sources, sensitive_name

    sources = secret_sources(project_spec)
    held = redactor_of(project_spec).values if hide else frozenset()

    def shown(name: str, value: str) -> str:
        if hide and (name in sources or sensitive_name(name) or value in held):
            return HIDDEN
        return value

    return shown


def _yaml_text(spec: dict[str, Any]) -> str:
    """The model as block YAML: through libyaml when it is there and prints the same text as
    PyYAML's own emitter (only printable text and newlines, nothing beyond U+FFFF: the two
    escape and fold the rest differently)."""
    import yaml

    dumper: Any = yaml.SafeDumper
    if getattr(yaml, "__with_libyaml__", False) and not _needs_pure_emitter(spec):
        dumper = yaml.CSafeDumper
    text: str = yaml.dump(
        spec, Dumper=dumper, sort_keys=False, default_flow_style=False, allow_unicode=True
    )
    return text


def _needs_pure_emitter(value: Any) -> bool:
    if isinstance(value, str):
        return not value.replace("\n", "").isprintable() or (
            not value.isascii() and any(ch > "\uffff" for ch in value)
        )
    if isinstance(value, dict):
        # libyaml measures the 128-long limit of a simple key in bytes, PyYAML in characters
        return any(
            _needs_pure_emitter(k)
            or (isinstance(k, str) and not k.isascii() and len(k.encode()) >= 128)
            or _needs_pure_emitter(v)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return any(_needs_pure_emitter(v) for v in value)
    return False


def _hashes(project: Any, which: str) -> list[str]:
    from figlet.errors import ConfigError
    from figlet.planner.config_hash import service_config_hash

    names = list(project.services) if which == "*" else [n.strip() for n in which.split(",")]
    out = []
    for name in names:
        if name not in project.services:
            raise ConfigError(f"no such service: {name}")
        out.append(f"{name} {service_config_hash(project.services[name])}")
    return out


def _ordered(spec: dict[str, Any]) -> dict[str, Any]:
    out = {key: spec[key] for key in _ORDER if key in spec}
    out.update({k: v for k, v in spec.items() if k not in out})
    if isinstance(out.get("services"), dict):
        out["services"] = dict(sorted(out["services"].items()))
    return out


def _escape(value: Any) -> Any:
    """`$` -> `$$`, so that the printed model can be read back unchanged (as Compose does)."""
    if isinstance(value, str):
        return value.replace("$", "$$")
    if isinstance(value, dict):
        return {_escape(k): _escape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape(v) for v in value]
    return value
