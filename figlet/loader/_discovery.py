"""Which files to read, the project directory and the project name."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from figlet.errors import ConfigError, Problem

DEFAULT_NAMES = (
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
    "fig.yml",
    "fig.yaml",
)
OVERRIDE_NAMES = {
    "compose.yaml": ("compose.override.yaml", "compose.override.yml"),
    "compose.yml": ("compose.override.yml", "compose.override.yaml"),
    "docker-compose.yaml": ("docker-compose.override.yaml", "docker-compose.override.yml"),
    "docker-compose.yml": ("docker-compose.override.yml", "docker-compose.override.yaml"),
    "fig.yml": ("fig.override.yml", "fig.override.yaml"),
    "fig.yaml": ("fig.override.yaml", "fig.override.yml"),
}
STDIN = "-"
_VALID_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Discovered:
    """The files to load in order (absolute, or "-" for stdin) and remarks about the choice."""

    files: tuple[str, ...]
    notes: tuple[str, ...] = ()


def discover(
    files: tuple[str, ...], working_dir: str, compose_file: str | None, separator: str
) -> Discovered:
    """-f files, else COMPOSE_FILE, else the default names in the working dir and its parents."""
    if files:
        return Discovered(tuple(_absolute(f, working_dir) for f in files))
    if compose_file:
        parts = [p for p in compose_file.split(separator) if p]
        return Discovered(tuple(_absolute(p, working_dir) for p in parts))
    directory = os.path.abspath(working_dir)
    while True:
        present = [name for name in DEFAULT_NAMES if os.path.isfile(os.path.join(directory, name))]
        if present:
            chosen = present[0]
            notes: tuple[str, ...] = ()
            if len(present) > 1:
                notes = (
                    f"found multiple config files with supported names: {', '.join(present)}; "
                    f"using {chosen}",
                )
            found = [os.path.join(directory, chosen)]
            for override in OVERRIDE_NAMES[chosen]:
                candidate = os.path.join(directory, override)
                if os.path.isfile(candidate):
                    found.append(candidate)
                    break
            return Discovered(tuple(found), notes)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    raise ConfigError(
        Problem(
            "no configuration file provided: not found",
            None,
            "",
            f"create {DEFAULT_NAMES[0]} here or in a parent directory, or pass -f FILE "
            f"(names searched in order: {', '.join(DEFAULT_NAMES)})",
        )
    )


def _absolute(path: str, working_dir: str) -> str:
    if path == STDIN:
        return STDIN
    return os.path.normpath(os.path.join(working_dir, os.path.expanduser(path)))


def normalize_project_name(name: str) -> str:
    """Lower case, keeping only `[a-z0-9_-]`, as Compose derives a name from a directory."""
    lowered = name.lower()
    kept = re.sub(r"[^a-z0-9_-]", "", lowered)
    return kept.lstrip("_-")


def check_project_name(name: str, origin: str) -> str:
    """`name` if it is a valid project name, else a ConfigError saying what is wrong."""
    if _VALID_NAME.match(name):
        return name
    raise ConfigError(
        Problem(
            f"{origin} {name!r} is not a valid project name",
            None,
            "",
            "a project name must contain only lower-case letters, digits, dashes and "
            "underscores, and start with a letter or digit",
        )
    )
