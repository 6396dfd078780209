"""The load pipeline: discover -> parse -> interpolate -> validate -> shape -> extends ->
include -> merge -> defaults -> profiles -> checks. Each stage is a function in its module;
this one only runs them in order and keeps track of what was read (for the load cache).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from figlet.errors import ConfigError, LoadWarning, Location, Problem
from figlet.loader._casts import cast
from figlet.loader._defaults import apply_defaults, drop_unused
from figlet.loader._discovery import (
    STDIN,
    check_project_name,
    discover,
    normalize_project_name,
)
from figlet.loader._envfile import parse_env_file
from figlet.loader._extends import apply_extends
from figlet.loader._interpolate import Environment, TemplateError, interpolate, substitute
from figlet.loader._legacy import is_fig_era, upgrade_fig_era, upgrade_sources
from figlet.loader._merge import enforce_unique, merge, strip_tags
from figlet.loader._problems import Problems, SourceMap
from figlet.loader._shape import Shaper
from figlet.loader._yaml import parse_yaml
from figlet.options import LoadOptions


@dataclass
class Reads:
    """Every file the load read (path -> sha256, or None when absent), for the cache key."""

    files: dict[str, str | None] = field(default_factory=dict)

    def text(self, path: str) -> str | None:
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            self.files[path] = None
            return None
        self.files[path] = hashlib.sha256(raw).hexdigest()
        return raw.decode("utf-8", errors="replace")


@dataclass
class Loaded:
    """What the pipeline produced: the canonical mapping and everything around it."""

    spec: dict[str, Any]
    name: str
    working_dir: str
    config_files: tuple[str, ...]
    environment: Environment
    profiles: tuple[str, ...]
    active: tuple[str, ...]
    warnings: list[LoadWarning]
    reads: Reads
    sources: list[SourceMap]
    file_values: dict[str, str]  # variables read from .env / --env-file files
    looked_up: frozenset[str]  # every variable name whose process value the load depended on


class _LookupEnvironment(Environment):
    def __init__(self, lookup: Callable[[str], str | None]) -> None:
        super().__init__()
        self._fallback = lookup

    def lookup(self, name: str) -> str | None:
        return self._fallback(name)


def expand(text: str, lookup: Callable[[str], str | None]) -> str:
    """Interpolate a value of an env file; a malformed template is kept as written."""
    try:
        return substitute(text, _LookupEnvironment(lookup))
    except TemplateError:
        return text


class Pipeline:
    """One load of one project."""

    def __init__(self, options: LoadOptions) -> None:
        self.options = options
        self.reads = Reads()
        self.problems = Problems()
        self.working_dir = os.path.abspath(options.working_dir)
        self.home = options.environ.get("HOME")
        self.env = Environment()
        self.stdin_text: str | None = None
        self.include_chain: list[str] = []  # the files whose `include:` is being applied
        self.read_models: list[dict[str, Any]] = []  # each file's data, for `redacted`
        self.file_values: dict[str, str] = {}
        self.looked_up: set[str] = {
            "HOME",
            "COMPOSE_FILE",
            "COMPOSE_PATH_SEPARATOR",
            "COMPOSE_PROJECT_NAME",
            "COMPOSE_PROFILES",
            "FIG_FILE",
            "FIG_PROJECT_NAME",
        }

    # -- environment ------------------------------------------------------------------------
    def build_environment(self, project_dir: str) -> None:
        """Process environment over `--env-file` files (or `.env` in the project directory)."""
        process = dict(self.options.environ)
        files = [
            os.path.normpath(os.path.join(self.working_dir, f)) for f in self.options.env_files
        ]
        default = not files
        if default:
            files = [os.path.join(project_dir, ".env")]
        values: dict[str, str] = {}
        sources: dict[str, str] = {}
        for path in files:
            text = self.reads.text(path)
            if text is None:
                if not default:
                    raise ConfigError(
                        Problem(
                            f"env file {path} not found",
                            Location(path),
                            "",
                            "check the --env-file path",
                        )
                    )
                continue
            label = ".env" if default else f"--env-file {path}"

            def lookup(name: str, _values: dict[str, str] = values) -> str | None:
                self.looked_up.add(name)
                return process.get(name, _values.get(name))

            parsed = parse_env_file(text, path, lookup, expand)
            for key, value in parsed.items():
                values[key] = value
                sources[key] = label
        self.file_values = dict(values)
        for key, value in process.items():
            values[key] = value
            sources[key] = "process environment"
        self.env = Environment(values=values, sources=sources)

    def include_environment(self, files: list[str]) -> Environment:
        """The environment of an included project: its env files under the process env,
        over the including project's variables."""
        values = dict(self.env.values)
        sources = dict(self.env.sources)
        for path in files:
            text = self.reads.text(path)
            if text is None:
                continue
            parsed = parse_env_file(text, path, self.env.lookup, expand)
            for key, value in parsed.items():
                if key not in self.options.environ:
                    values[key] = value
                    sources[key] = path
        env = Environment(values=values, sources=sources)
        env.consulted = self.env.consulted
        env.used = self.env.used
        return env

    # -- files ------------------------------------------------------------------------------
    def read(self, path: str) -> str | None:
        if path == STDIN:
            if self.stdin_text is None:
                self.stdin_text = sys.stdin.read()
                self.reads.files[STDIN] = hashlib.sha256(self.stdin_text.encode()).hexdigest()
            return self.stdin_text
        return self.reads.text(path)

    def load_file(self, path: str, base_dir: str, *, main: bool) -> dict[str, Any] | None:
        """One file parsed, interpolated, validated and shaped (before extends / include)."""
        text = self.read(path)
        display = "<stdin>" if path == STDIN else path
        if text is None:
            if main:
                raise ConfigError(
                    Problem(f"file {display} not found", None, "", "check the -f path")
                )
            return None
        parsed = parse_yaml(text, display)
        self.problems.sources.append(parsed.source)
        data = parsed.data
        if data is None:
            if main:
                self.problems.add(
                    "empty compose file",
                    (),
                    "a compose file needs `services:`",
                    location=Location(display, 1),
                )
            return {}
        if not isinstance(data, dict):
            self.problems.add(
                "the top level of a compose file must be a mapping",
                (),
                "start with `services:`",
                location=Location(display, 1, 1),
            )
            return {}
        if is_fig_era(data):
            data = upgrade_fig_era(data, display, self.problems)
            upgrade_sources(self.problems, display)
        if "version" in data:
            self.problems.warn(
                f"{display}: the attribute `version` is obsolete, it will be ignored, "
                "please remove it to avoid potential confusion",
            )
        if self.options.interpolate:
            data = interpolate(data, self.env, self.problems, (), cast)
        self.read_models.append(data)
        before = len(self.problems.items)
        from figlet.loader._schema import validate

        try:
            validate(strip_tags(data) if parsed.has_tags else data, self.problems)
        except FileNotFoundError as exc:
            self.problems.warn(f"{exc}; the files are not validated against the schema")
        if len(self.problems.items) > before:
            return {}
        shaped = Shaper(
            base_dir, self.problems, self.home, resolve_paths=self.options.resolve_paths
        ).project(data)
        return shaped

    def load_with_extends(self, path: str, base_dir: str, *, main: bool) -> dict[str, Any] | None:
        data = self.load_file(path, base_dir, main=main)
        if data is None:
            return None
        services = data.get("services")
        if isinstance(services, dict) and any(
            isinstance(s, dict) and "extends" in s for s in services.values()
        ):
            data["services"] = apply_extends(services, path, self._services_of, self.problems)
        if data.get("include"):
            data = self.apply_include(data, path)
        return data

    def _services_of(self, path: str) -> dict[str, Any] | None:
        data = self.load_file(path, os.path.dirname(path), main=False)
        if data is None:
            return None
        services = data.get("services")
        return services if isinstance(services, dict) else {}

    def apply_include(self, data: dict[str, Any], path: str) -> dict[str, Any]:
        from figlet.loader._include import include

        self.include_chain.append(path)
        try:
            return include(data, path, self)
        finally:
            self.include_chain.pop()

    def redacted(self, error: ConfigError) -> ConfigError:
        """`error` without the sensitive values (`figlet.sensitive`) of what was read so far:
        no message or hint quotes a password."""
        from figlet.sensitive import Redactor, redactor_of

        consulted = {k: v for k, v in self.env.consulted.items() if v is not None}
        redactor = Redactor()
        for data in self.read_models:
            redactor = redactor.union(redactor_of(data, consulted))
        if not redactor.values:
            return error
        return ConfigError(
            [
                dataclasses.replace(
                    p, message=redactor.redact(p.message), hint=redactor.redact(p.hint)
                )
                for p in error.problems
            ],
            exit_code=error.exit_code,
        )

    # -- the whole load ---------------------------------------------------------------------
    def run(self) -> Loaded:
        options = self.options
        pre_dir = (
            os.path.normpath(os.path.join(self.working_dir, options.project_directory))
            if options.project_directory
            else self.working_dir
        )
        pre_env = self._pre_environment(pre_dir)
        separator = pre_env.get("COMPOSE_PATH_SEPARATOR") or os.pathsep
        from_env = _compose_or_fig(pre_env, "FILE")
        found = discover(options.files, self.working_dir, from_env, separator)
        for note in found.notes:
            self.problems.warn(note)
        if not options.files and not from_env:
            self._record_discovery(found.files[0])
        first = found.files[0]
        if options.project_directory:
            project_dir = pre_dir
        elif first == STDIN:
            project_dir = self.working_dir
        else:
            project_dir = os.path.dirname(first)
        self.build_environment(project_dir)
        model: dict[str, Any] | None = None
        for path in found.files:
            data = self.load_with_extends(path, project_dir, main=True) or {}
            model = strip_tags(data) if model is None else merge(model, data)
        self.problems.check()
        assert model is not None
        model = enforce_unique(model)
        name = self.project_name(model, project_dir)
        spec = apply_defaults(
            model, name, self.env.lookup, self.reads.text, self.problems, expand, project_dir
        )
        profiles = self.profiles()
        from figlet.loader._profiles import apply_profiles

        active = apply_profiles(spec, profiles, self.problems)
        from figlet.loader._checks import check_project

        check_project(spec, active, self.problems)
        from figlet.loader._unapplied import warn_unapplied

        warn_unapplied(spec, active, self.problems)
        drop_unused(spec, active)
        self.problems.check()
        return Loaded(
            spec=spec,
            name=name,
            working_dir=project_dir,
            config_files=found.files,
            environment=self.env,
            profiles=profiles,
            active=active,
            warnings=self.problems.warnings,
            reads=self.reads,
            sources=self.problems.sources,
            file_values=self.file_values,
            looked_up=frozenset(self.looked_up | set(self.env.consulted)),
        )

    def _record_discovery(self, first: str) -> None:
        """Remember the default names that were absent where discovery looked (cache key)."""
        from figlet.loader._discovery import DEFAULT_NAMES, OVERRIDE_NAMES

        names = set(DEFAULT_NAMES)
        for overrides in OVERRIDE_NAMES.values():
            names.update(overrides)
        directory = self.working_dir
        stop = os.path.dirname(first)
        while True:
            for name in names:
                path = os.path.join(directory, name)
                if path not in self.reads.files and not os.path.exists(path):
                    self.reads.files[path] = None
            parent = os.path.dirname(directory)
            if directory == stop or parent == directory:
                break
            directory = parent

    def _pre_environment(self, directory: str) -> dict[str, str]:
        """Process environment over `.env` of the start directory (COMPOSE_FILE and friends)."""
        values: dict[str, str] = {}
        if not self.options.env_files:
            text = self.reads.text(os.path.join(directory, ".env"))
            if text is not None:
                try:
                    values = parse_env_file(text, ".env", self.options.environ.get, expand)
                except ConfigError:
                    values = {}
        values.update(self.options.environ)
        return values

    def project_name(self, model: dict[str, Any], project_dir: str) -> str:
        if self.options.project_name:
            return check_project_name(self.options.project_name, "-p")
        for variable in ("COMPOSE_PROJECT_NAME", "FIG_PROJECT_NAME"):  # Compose's name wins
            from_env = self.env.lookup(variable)
            if from_env:
                return check_project_name(from_env, variable)
        declared = model.get("name")
        if isinstance(declared, str) and declared:
            return check_project_name(declared, "the top-level `name:`")
        derived = normalize_project_name(os.path.basename(project_dir.rstrip("/")) or "default")
        return check_project_name(derived or "default", "the directory name")

    def profiles(self) -> tuple[str, ...]:
        if self.options.profiles:
            return tuple(self.options.profiles)
        raw = self.env.lookup("COMPOSE_PROFILES") or ""
        return tuple(p.strip() for p in raw.split(",") if p.strip())


def _compose_or_fig(environ: Mapping[str, str], suffix: str) -> str | None:
    """COMPOSE_<suffix>, else Fig's FIG_<suffix> (FIG_FILE, FIG_PROJECT_NAME): a Fig user's
    shell keeps working. When both are set, Compose's wins: it is the name Docker Compose
    reads, so the project figlet acts on is the one `docker compose` acts on in that shell,
    and a FIG_* left over from an old setup cannot override the newer setting."""
    return environ.get(f"COMPOSE_{suffix}") or environ.get(f"FIG_{suffix}") or None
