"""Sensitive values: which environment entries hold secrets, and hiding them in output.

The rule, in one place for the planner, the plan's rendering, errors, progress and `config`:

- An environment variable is sensitive when its name contains PASSWORD, PASSWD, SECRET,
  TOKEN, APIKEY or CREDENTIAL, or has a word (between `_`, `-`, `.` or a lower-to-upper case
  change) KEY, PASS, PSK, PRIVATE, SALT or AUTH: `DB_PASSWORD`, `WEBPASSWORD`, `GITHUB_TOKEN`,
  `AWS_SECRET_ACCESS_KEY`, `apiKey`. A name ending in `_FILE` or `_PATH` holds where a secret
  is (`MYSQL_ROOT_PASSWORD_FILE=/run/secrets/db`), not the secret: it is shown.
- A service marks more names with `x-figlet-sensitive: [VAR, ...]`; the same list at the top
  level of the compose file marks them in every service.
- The content of a secret (`secrets: NAME: environment: VAR`, or `content:`) is sensitive.

A hidden value is shown as `(hidden)`: in `figlet plan` (text and JSON; the plan JSON also
leaves out the config label, the spec compressed), in progress events and the errors of a
run, and in load errors.

`figlet config` prints the model with its values, as `docker compose config` does, and hides
them only with `--hide-secrets`: `config` is the command a user runs to see the resolved
model, and its output is input for other tools (`figlet config > resolved.yaml`, a diff in
CI) that need the values; it is also compared with Compose's output key for key. What `plan`,
`up` and an error print is a side effect of another request, so there they are always hidden.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MARK = "x-figlet-sensitive"
HIDDEN = "(hidden)"
# Values shorter than this are not searched for in free text (an error message): a one- or
# two-letter value would match inside ordinary words.
MIN_REDACTED_LENGTH = 3

_PARTS = ("PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "CREDENTIAL")
_WORDS = frozenset(("KEY", "KEYS", "PASS", "PSK", "PRIVATE", "SALT", "AUTH"))
_NOT_THE_SECRET = ("_FILE", "_PATH")
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


def sensitive_name(name: str) -> bool:
    """Whether an environment variable of this name holds a secret (the rule above)."""
    upper = name.upper()
    if upper.endswith(_NOT_THE_SECRET):
        return False
    if any(part in upper for part in _PARTS):
        return True
    return any(word.upper() in _WORDS for word in _WORD_SPLIT.split(name) if word)


def marked_names(
    service_spec: Mapping[str, Any], project_spec: Mapping[str, Any]
) -> frozenset[str]:
    """The names a service marks sensitive with `x-figlet-sensitive` (its own and the
    project's)."""
    names: set[str] = set()
    for spec in (service_spec, project_spec):
        marked = spec.get(MARK)
        if isinstance(marked, str):
            names.add(marked)
        elif isinstance(marked, list | tuple):
            names.update(str(name) for name in marked)
    return frozenset(names)


def sensitive_variable(name: str, marked: Iterable[str] = ()) -> bool:
    return name in marked or sensitive_name(name)


def secret_sources(project_spec: Mapping[str, Any]) -> frozenset[str]:
    """The variables whose values are the content of a secret (`secrets.*.environment`)."""
    secrets = project_spec.get("secrets")
    if not isinstance(secrets, Mapping):
        return frozenset()
    return frozenset(
        str(definition["environment"])
        for definition in secrets.values()
        if isinstance(definition, Mapping) and definition.get("environment")
    )


@dataclass(frozen=True)
class Redactor:
    """The sensitive values of one project, and `redact(text)` to hide them in free text."""

    values: frozenset[str] = frozenset()

    def redact(self, text: str) -> str:
        for value in sorted(self.values, key=len, reverse=True):
            if value in text:
                text = text.replace(value, HIDDEN)
        return text

    def holds(self, value: Any) -> bool:
        """Whether `value` (a string, or a list of strings) shows a sensitive value."""
        if isinstance(value, str):
            return any(secret in value for secret in self.values)
        if isinstance(value, list | tuple):
            return any(self.holds(item) for item in value)
        return False

    def union(self, other: Redactor) -> Redactor:
        return Redactor(self.values | other.values)


def redactor_of(
    project_spec: Mapping[str, Any],
    variables: Mapping[str, str | None] | None = None,
) -> Redactor:
    """The sensitive values of a compose model (before or after defaults): the values of
    every service's sensitive environment entries, the content of its secrets, and the
    variables (`variables`: the process environment and .env files) named sensitive or
    read by a secret."""
    found: set[str] = set()
    services = project_spec.get("services")
    for spec in services.values() if isinstance(services, Mapping) else ():
        if not isinstance(spec, Mapping):
            continue
        marked = marked_names(spec, project_spec)
        for name, value in environment_items(spec.get("environment")):
            if value and sensitive_variable(name, marked):
                found.add(value)
    sources = secret_sources(project_spec)
    for name, value in (variables or {}).items():
        if value and (name in sources or (sensitive_name(name) and not _a_flag(value))):
            found.add(value)
    secrets = project_spec.get("secrets")
    for definition in secrets.values() if isinstance(secrets, Mapping) else ():
        if isinstance(definition, Mapping) and isinstance(definition.get("content"), str):
            found.add(definition["content"])
    return Redactor(frozenset(v for v in found if len(v) >= MIN_REDACTED_LENGTH))


def _a_flag(value: str) -> bool:
    """`true`, `no`, `1`: a setting, not a secret (`DISABLE_AUTH=true`)."""
    return value.lower() in ("true", "false", "yes", "no", "on", "off") or value.isdigit()


def environment_items(environment: Any) -> list[tuple[str, str | None]]:
    """(name, value) of an `environment:` mapping or `NAME=value` list."""
    if isinstance(environment, Mapping):
        return [(str(k), None if v is None else str(v)) for k, v in environment.items()]
    if isinstance(environment, list | tuple):
        out: list[tuple[str, str | None]] = []
        for item in environment:
            name, found, value = str(item).partition("=")
            out.append((name, value if found else None))
        return out
    return []


def hide_environment(
    service_spec: Mapping[str, Any], project_spec: Mapping[str, Any]
) -> dict[str, Any]:
    """A copy of a service's canonical spec with its sensitive environment values hidden."""
    out = dict(service_spec)
    environment = out.get("environment")
    if isinstance(environment, Mapping):
        marked = marked_names(service_spec, project_spec)
        out["environment"] = {
            name: HIDDEN if value is not None and sensitive_variable(name, marked) else value
            for name, value in environment.items()
        }
    return out
