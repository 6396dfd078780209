"""The load cache: skip parsing and validation when nothing the last load read has changed.

An entry is keyed by the options (files, -p, --profile, ..., working directory) and the figlet
version. It records every file the load read (with its sha256, or its absence) and the process
value of every environment variable the load consulted; it is used only when all of them are
unchanged. It holds the canonical project mapping, from which the typed model is rebuilt.

Location: $FIGLET_CACHE_DIR, else $XDG_CACHE_HOME/figlet/load, else ~/.cache/figlet/load.
FIGLET_NO_CACHE=1 disables it. Any cache problem is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from typing import Any

from figlet._version import __version__
from figlet.errors import LoadWarning, Location
from figlet.loader._cachehome import cache_home
from figlet.loader._problems import SourceMap
from figlet.model import Project
from figlet.options import LoadOptions

FORMAT = 1


def cache_dir(environ: Mapping[str, str]) -> str | None:
    """Where entries live, or None when the cache is disabled or has no home."""
    if environ.get("FIGLET_NO_CACHE"):
        return None
    explicit = environ.get("FIGLET_CACHE_DIR")
    if explicit:
        return explicit
    home = cache_home(environ)
    return os.path.join(home, "load") if home else None


def code_fingerprint() -> str:
    """Size and mtime of the loader's own modules: an edited loader never reads old entries."""
    here = os.path.dirname(os.path.abspath(__file__))
    marks = []
    for path in sorted(
        [os.path.join(here, n) for n in os.listdir(here) if n.endswith(".py")]
        + [os.path.join(os.path.dirname(here), "model.py")]
    ):
        with contextlib.suppress(OSError):
            stat = os.stat(path)
            marks.append(f"{os.path.basename(path)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(marks).encode()).hexdigest()


def entry_key(options: LoadOptions) -> str:
    """The key of the options part (the files' contents are checked inside the entry)."""
    parts = {
        "format": FORMAT,
        "version": __version__,
        "code": code_fingerprint(),
        "files": list(options.files),
        "project_name": options.project_name,
        "project_directory": options.project_directory,
        "env_files": list(options.env_files),
        "profiles": list(options.profiles),
        "working_dir": os.path.abspath(options.working_dir),
        "interpolate": options.interpolate,
        "resolve_paths": options.resolve_paths,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _file_hash(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _fresh(entry: dict[str, Any], environ: Mapping[str, str]) -> bool:
    for name, value in entry["environ"].items():
        if environ.get(name) != value:
            return False
    return all(_file_hash(path) == digest for path, digest in entry["files"].items())


def lookup(options: LoadOptions) -> dict[str, Any] | None:
    """The stored entry for these options if it is still valid, else None."""
    directory = cache_dir(options.environ)
    if directory is None or "-" in options.files:
        return None
    try:
        with open(os.path.join(directory, entry_key(options) + ".json"), encoding="utf-8") as fh:
            entry: dict[str, Any] = json.load(fh)
    except (OSError, ValueError):
        return None
    try:
        return entry if entry.get("format") == FORMAT and _fresh(entry, options.environ) else None
    except (KeyError, TypeError, AttributeError):
        return None


def store(options: LoadOptions, entry: dict[str, Any]) -> None:
    """Write an entry atomically; failures are ignored (the cache is an optimisation)."""
    directory = cache_dir(options.environ)
    if directory is None or "-" in options.files:
        return
    import tempfile  # here: with random and shutil it costs ~2.5 ms, and a hit never writes

    with contextlib.suppress(OSError, TypeError, ValueError):
        os.makedirs(directory, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"format": FORMAT, **entry}, handle, separators=(",", ":"))
            os.replace(temp, os.path.join(directory, entry_key(options) + ".json"))
        finally:
            if os.path.exists(temp):
                os.unlink(temp)


def make_entry(loaded: Any, options: LoadOptions) -> dict[str, Any]:
    """What to store for a successful load (`loaded` is the pipeline's `Loaded`)."""
    return {
        "files": dict(loaded.reads.files),
        "environ": {name: options.environ.get(name) for name in sorted(loaded.looked_up)},
        "spec": loaded.spec,
        "name": loaded.name,
        "working_dir": loaded.working_dir,
        "config_files": list(loaded.config_files),
        "active": list(loaded.active),
        "profiles": list(loaded.profiles),
        "file_values": loaded.file_values,
        "sources": [source.file for source in loaded.sources],
        "warnings": [
            [w.message, w.location.file, w.location.line, w.location.column]
            if w.location
            else [w.message]
            for w in loaded.warnings
        ],
    }


def project_from_entry(entry: dict[str, Any], options: LoadOptions) -> Project:
    """The typed project rebuilt from a stored entry."""
    from figlet.loader._build import build_project

    warnings = tuple(
        LoadWarning(w[0], Location(w[1], w[2], w[3]) if len(w) == 4 else None)
        for w in entry["warnings"]
    )
    return build_project(
        entry["spec"],
        name=entry["name"],
        working_dir=entry["working_dir"],
        config_files=tuple(entry["config_files"]),
        active=tuple(entry["active"]),
        profiles=tuple(entry["profiles"]),
        environment={**entry["file_values"], **options.environ},
        warnings=warnings,
        sources=tuple(_reparsed(file) for file in entry["sources"]),
    )


def _reparsed(file: str) -> SourceMap:
    """The positions of `file`, parsed again only when something asks for one (a cached load
    parses nothing); a file that cannot be read again locates nothing."""

    def fill(source: SourceMap) -> None:
        from figlet.errors import ConfigError
        from figlet.loader._legacy import is_fig_era, upgrade_sources
        from figlet.loader._problems import Problems
        from figlet.loader._yaml import parse_yaml

        try:
            with open(file, encoding="utf-8", errors="replace") as handle:
                parsed = parse_yaml(handle.read(), file)
        except (OSError, ConfigError):
            return
        source.values.update(parsed.source.values)
        source.keys.update(parsed.source.keys)
        if isinstance(parsed.data, dict) and is_fig_era(parsed.data):
            upgrade_sources(Problems(sources=[source]), file)

    return SourceMap(file, fill)


def cached_load(
    options: LoadOptions, load: Callable[[LoadOptions], tuple[Project, Any]]
) -> Project:
    """`load(options)`, or the project rebuilt from a valid cache entry."""
    entry = lookup(options)
    if entry is not None:
        with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError, IndexError):
            return project_from_entry(entry, options)
    project, loaded = load(options)
    store(options, make_entry(loaded, options))
    return project
