"""Validation against the Compose JSON schema, with located, readable messages.

jsonschema is imported only here, and only when a file is actually validated (a load-cache hit
skips this stage): it is slow to import.
"""

from __future__ import annotations

import difflib
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from figlet.loader._problems import PathKey, Problems

if TYPE_CHECKING:
    from jsonschema import ValidationError

_SCHEMA_NAME = "compose-spec.json"
_TYPE_WORDS = {
    "string": "a string",
    "object": "a mapping",
    "array": "a list",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


def schema_path() -> Path:
    """Where the schema is: package data first, then `schemas/` at the repository root."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "schemas" / _SCHEMA_NAME, here.parent / "schemas" / _SCHEMA_NAME):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{_SCHEMA_NAME} not found beside the figlet package")


@functools.cache
def _schema() -> dict[str, Any]:
    with schema_path().open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft7Validator

    return Draft7Validator(_schema())


def validate(data: Any, problems: Problems, prefix: PathKey = ()) -> None:
    """Add one problem per schema violation of `data` (a whole compose file)."""
    validator = _validator()
    for error in validator.iter_errors(data):
        _report(error, problems, prefix)


def _report(error: ValidationError, problems: Problems, prefix: PathKey) -> None:
    path: PathKey = (*prefix, *error.absolute_path)
    where = ".".join(str(p) for p in path) or "(root)"
    validator = error.validator
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = _allowed(error.schema)
        extras = [
            key
            for key in error.instance
            if key not in allowed and not _pattern_ok(error.schema, key)
        ]
        for key in extras:
            hint = _did_you_mean(key, allowed)
            if not hint and not path:
                hint = (
                    "top-level keys are version, name, include, services, networks, "
                    "volumes, secrets, configs, models and x-*"
                )
            problems.add(
                f"unknown key {key!r}" + (f" in {where}" if path else " at the top level"),
                (*path, key),
                hint,
                key=True,
            )
        return
    if validator in ("oneOf", "anyOf") and error.context:
        best = _best(error)
        if best is not None and best.validator != "type":
            _report(best, problems, prefix)
            return
        types = _types(error.schema)
        if types:
            problems.add(f"{where} must be {' or '.join(types)}", path)
            return
    if validator == "type":
        wanted: Any = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        words = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        problems.add(f"{where} must be {words}", path, _type_hint(error.instance))
        return
    if validator == "required":
        problems.add(f"{where} {error.message}", path)
        return
    if validator == "minimum":
        problems.add(f"{where} must be greater than or equal to {error.validator_value}", path)
        return
    if validator == "enum":
        values: Any = error.validator_value
        choices = ", ".join(json.dumps(v) for v in values)
        problems.add(f"{where}: {error.instance!r} is not one of {choices}", path)
        return
    if validator == "patternProperties" or validator == "propertyNames":
        problems.add(f"{where}: {error.message}", path, key=True)
        return
    problems.add(f"{where}: {error.message}", path)


def _best(error: ValidationError) -> ValidationError | None:
    from jsonschema.exceptions import best_match

    found: ValidationError | None = best_match(error.context or [])
    return found


def _types(schema: Any) -> list[str]:
    out: list[str] = []
    options: list[Any] = []
    if isinstance(schema, dict):
        options = list(schema.get("oneOf", schema.get("anyOf", [])) or [])
    for option in options:
        resolved = _resolve(option)
        kind: Any = resolved.get("type") if isinstance(resolved, dict) else None
        for name in [kind] if isinstance(kind, str) else list(kind or []):
            word = _TYPE_WORDS.get(name, name)
            if word not in out:
                out.append(word)
    return out


def _resolve(schema: Any) -> Any:
    if isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if ref.startswith("#/definitions/"):
            return _schema()["definitions"].get(ref.rsplit("/", 1)[1], {})
    return schema


def _allowed(schema: Any) -> list[str]:
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    return list(props)


def _pattern_ok(schema: Any, key: str) -> bool:
    import re

    patterns = schema.get("patternProperties", {}) if isinstance(schema, dict) else {}
    return any(re.search(p, key) for p in patterns)


def _did_you_mean(key: str, allowed: list[str]) -> str:
    normalized = key.replace("-", "_").lower()
    if normalized in allowed and normalized != key:
        return f"did you mean {normalized!r}?"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def _type_hint(instance: Any) -> str:
    if isinstance(instance, dict | list):
        return ""
    return f"got {json.dumps(instance)}"
