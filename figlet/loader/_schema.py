"""Validation against the Compose JSON schema, with located, readable messages.

A file is first checked by the schema compiled to plain closures (`_schema_check`): when that
says valid, it is. Otherwise jsonschema validates it again and words the errors. jsonschema is
imported only then: it is slow to import and slower to run.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Callable
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
def _fast_check() -> Callable[[Any], bool]:
    from figlet.loader._schema_check import compile_check

    return compile_check(_schema())


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft7Validator

    return Draft7Validator(_schema())


def validate(data: Any, problems: Problems, prefix: PathKey = ()) -> None:
    """Add one problem per schema violation of `data` (a whole compose file).

    Services are validated one by one, and a service whose *skeleton* (its shape, with the
    strings that no schema keyword constrains blanked) was already found valid is not
    validated again: files with many similar services validate in a fraction of the time.
    """
    if _fast_check()(data):
        return
    validator = _validator()
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        for error in validator.iter_errors(data):
            _report(error, problems, prefix)
        return
    outline = {**data, "services": {name: {} for name in services}}
    for error in validator.iter_errors(outline):
        _report(error, problems, prefix)
    service_validator = _service_validator()
    constrained = _constrained()
    valid: set[str] = set()
    for name, service in services.items():
        key = json.dumps(_skeleton(service, constrained), sort_keys=True, default=str)
        if key in valid:
            continue
        errors = list(service_validator.iter_errors(service))
        if not errors:
            valid.add(key)
        for error in errors:
            _report(error, problems, (*prefix, "services", name))


@functools.cache
def _service_validator() -> Any:
    from jsonschema import Draft7Validator

    schema = _schema()
    return Draft7Validator({"$ref": "#/definitions/service", "definitions": schema["definitions"]})


_CONSTRAINTS = frozenset(
    (
        "pattern",
        "enum",
        "const",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "multipleOf",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "not",
        "if",
        "dependencies",
        "required",
    )
)


@functools.cache
def _constrained() -> frozenset[str]:
    """Property names whose values some keyword constrains beyond their JSON type.

    `format` is not one (the validator has no format checker) and `uniqueItems` is kept in
    the skeleton itself (a marker on lists with repeated items).
    """
    names: set[str] = set()
    seen: set[int] = set()

    def constrained(schema: Any, refs: tuple[str, ...]) -> bool:
        if isinstance(schema, list):
            return any(constrained(s, refs) for s in schema)
        if not isinstance(schema, dict):
            return False
        if "$ref" in schema:
            ref = schema["$ref"]
            if ref in refs:
                return False
            return constrained(_resolve(schema), (*refs, ref))
        if any(k in schema for k in _CONSTRAINTS if k != "required"):
            return True
        for key, sub in schema.items():
            if key == "properties" and isinstance(sub, dict):
                continue
            if key == "patternProperties" and isinstance(sub, dict):
                subs: list[Any] = list(sub.values())
            elif key in ("items", "additionalProperties", "oneOf", "anyOf", "allOf"):
                subs = [sub]
            else:
                continue
            if any(constrained(s, refs) for s in subs):
                return True
        return False

    def walk(schema: Any) -> None:
        if isinstance(schema, list):
            for item in schema:
                walk(item)
            return
        if not isinstance(schema, dict) or id(schema) in seen:
            return
        seen.add(id(schema))
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for name, sub in properties.items():
                if constrained(sub, ()):
                    names.add(name)
        for value in schema.values():
            if isinstance(value, dict | list):
                walk(value)

    walk(_schema())
    return frozenset(names)


def _has_repeats(items: list[Any]) -> bool:
    if all(isinstance(v, str) for v in items):
        return len(set(items)) != len(items)
    texts = [json.dumps(v, sort_keys=True, default=str) for v in items]
    return len(set(texts)) != len(texts)


def _skeleton(value: Any, constrained: frozenset[str]) -> Any:
    """`value` with every unconstrained string blanked (the shape the schema judges)."""
    if isinstance(value, dict):
        return {k: v if k in constrained else _skeleton(v, constrained) for k, v in value.items()}
    if isinstance(value, list):
        items = [_skeleton(v, constrained) for v in value]
        if len(value) > 1 and _has_repeats(value):
            items.append("<repeated items>")
        return items
    if isinstance(value, str):
        return ""
    return value


# Lists Compose v2 de-duplicates before it validates the file: a repeated item there is not
# an error (figlet's merge de-duplicates them the same way).
_DEDUPLICATED = frozenset(
    (
        ("networks", "*", "labels"),
        ("networks", "*", "ipam", "options"),
        *(
            ("services", "*", *tail)
            for tail in (
                ("annotations",),
                ("build", "args"),
                ("build", "additional_contexts"),
                ("build", "platforms"),
                ("build", "tags"),
                ("build", "labels"),
                ("cap_add",),
                ("cap_drop",),
                ("configs",),
                ("deploy", "labels"),
                ("devices",),
                ("dns",),
                ("dns_opt",),
                ("dns_search",),
                ("environment",),
                ("env_file",),
                ("expose",),
                ("labels",),
                ("links",),
                ("networks", "*", "aliases"),
                ("networks", "*", "link_local_ips"),
                ("ports",),
                ("profiles",),
                ("secrets",),
                ("sysctls",),
                ("tmpfs",),
                ("volumes",),
            )
        ),
    )
)


def _deduplicated(path: PathKey) -> bool:
    pattern = [str(p) for p in path]
    if len(pattern) > 1:
        pattern[1] = "*"
    if len(pattern) > 3 and pattern[0] == "services" and pattern[2] == "networks":
        pattern[3] = "*"
    return tuple(pattern) in _DEDUPLICATED


def _report(error: ValidationError, problems: Problems, prefix: PathKey) -> None:
    path: PathKey = (*prefix, *error.absolute_path)
    validator = error.validator
    if validator == "uniqueItems" and _deduplicated(path):
        return
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
                f"unknown key {key!r}" + ("" if path else " at the top level"),
                (*path, key),
                hint,
                key=True,
            )
        return
    if validator in ("oneOf", "anyOf") and error.context:
        branch = _matching_branch(error)
        if branch:
            for sub in branch:
                _report(sub, problems, prefix)
            return
        best = _best(error)
        if best is not None and best.validator != "type":
            _report(best, problems, prefix)
            return
        types = _types(error.schema)
        if types:
            problems.add(f"must be {' or '.join(types)}", path)
            return
    if validator == "type":
        wanted: Any = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        words = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        problems.add(f"must be {words}", path, _type_hint(error.instance))
        return
    if validator == "required":
        problems.add(str(error.message), path)
        return
    if validator == "minimum":
        problems.add(f"must be greater than or equal to {error.validator_value}", path)
        return
    if validator == "enum":
        values: Any = error.validator_value
        choices = ", ".join(json.dumps(v) for v in values)
        problems.add(f"{error.instance!r} is not one of {choices}", path)
        return
    if validator == "patternProperties" or validator == "propertyNames":
        problems.add(str(error.message), path, key=True)
        return
    problems.add(str(error.message), path)


def _matching_branch(error: ValidationError) -> list[ValidationError]:
    """The errors of the one `oneOf` branch whose type fits the value, if exactly one does."""
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context or []:
        branches.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)
    fitting = [
        errors
        for errors in branches.values()
        if not any(e.validator == "type" and not e.relative_path for e in errors)
    ]
    return fitting[0] if len(fitting) == 1 else []


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
