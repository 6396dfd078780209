"""A fast yes/no check of a document against the compose schema, without jsonschema.

The schema is compiled once into plain closures (one per subschema) that answer "valid?".
The answer True is exact: the closures follow Draft 7 as `jsonschema.Draft7Validator` applies
it (no format checker, `$ref` siblings ignored, `additionalProperties` matched against the
joined `patternProperties`). Whatever the compiler does not know, and any value it cannot judge
for sure (a `uniqueItems` list holding NaN, a key that is not a string), raises `Unsure`, which
`known_valid` turns into False: the caller then validates with jsonschema, which also words the
errors. So a valid file never pays for importing jsonschema, and an invalid one is reported as
before.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that never make a value invalid (annotations, and `format`: no format checker).
_IGNORED = frozenset(
    (
        "$comment",
        "$schema",
        "default",
        "definitions",
        "deprecated",
        "description",
        "examples",
        "format",
        "readOnly",
        "title",
        "writeOnly",
    )
)
_OBJECT_KEYWORDS = frozenset(("properties", "patternProperties", "additionalProperties"))


class Unsure(Exception):
    """The check cannot tell for sure; the caller asks jsonschema."""


def compile_check(schema: dict[str, Any]) -> Check:
    """A function: True only if a document is valid against `schema` (False: it is invalid,
    or the check cannot tell)."""
    check = _Compiler(schema).compile(schema, root=True)

    def known_valid(document: Any) -> bool:
        try:
            return check(document)
        except (Unsure, RecursionError):
            return False

    return known_valid


# -- the types, as Draft 7 defines them -----------------------------------------------------


def _is_integer(value: Any) -> bool:
    """Draft 7's integer: an int that is not a bool, or a float with no fraction."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    """Any number but a bool."""
    kind = type(value)
    if kind is int or kind is float:
        return True
    return not isinstance(value, bool) and isinstance(value, numbers.Number)


_TYPES: dict[str, Check] = {
    "string": lambda value: isinstance(value, str),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "integer": _is_integer,
    "number": _is_number,
}


def _unsure(_value: Any) -> bool:
    """The check of a keyword the compiler does not implement."""
    raise Unsure  # a list of lists: jsonschema sorts them, where 1 and True compare equal


def _always(_value: Any) -> bool:
    """The `true` schema."""
    return True


def _never(_value: Any) -> bool:
    """The `false` schema."""
    return False


# -- the compiler -----------------------------------------------------------------------------


class _Compiler:
    """Compiles subschemas of one root schema as they are first needed; each `$ref` target
    and each property of an object schema is compiled once."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any, *, root: bool = False) -> Check:
        """The check of one subschema."""
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            return _unsure
        if "$ref" in schema:  # Draft 7: the siblings of `$ref` are ignored
            return self.reference(schema["$ref"])
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in _IGNORED or keyword in _OBJECT_KEYWORDS or (root and keyword == "$id"):
                continue
            checks.append(self.keyword(keyword, value, schema))
        if _OBJECT_KEYWORDS & schema.keys():
            checks.append(self.object_check(schema))
        return _all_of(checks)

    def reference(self, ref: Any) -> Check:
        """The check of `#/definitions/...` (or any local JSON pointer), compiled lazily."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            return _unsure
        found = self.refs.get(ref)
        if found is not None:
            return found
        compiled: list[Check] = []

        def check(value: Any) -> bool:
            if not compiled:  # compiled on first use, so that a reference may be recursive
                target = _pointer(self.root, ref[1:])
                compiled.append(_unsure if target is None else self.compile(target))
            return compiled[0](value)

        self.refs[ref] = check
        return check

    def keyword(self, keyword: str, value: Any, schema: dict[str, Any]) -> Check:
        """The check of one keyword (not the object ones, see `object_check`)."""
        try:
            if keyword == "type":
                return _type_check(value)
            if keyword == "items":
                return self.items_check(value)
            if keyword == "oneOf" and isinstance(value, list) and value:
                return _one_of([(self.compile(sub), self.admits(sub, ())) for sub in value])
            if keyword == "enum" and isinstance(value, list):
                return _enum_check(value)
            if keyword == "required" and isinstance(value, list):
                return _required_check(value)
            if keyword == "uniqueItems" and isinstance(value, bool):
                return _unique_check if value else _always
            if keyword == "pattern" and isinstance(value, str):
                return _pattern_check(re.compile(value))
            if keyword in ("minimum", "maximum") and _is_number(value):
                return _bound_check(value, low=keyword == "minimum")
        except re.error:
            pass
        return _unsure

    def admits(self, schema: Any, refs: tuple[str, ...]) -> frozenset[str] | None:
        """The JSON types a value must have to pass `schema` (None: any may)."""
        if schema is False:
            return frozenset()
        if not isinstance(schema, dict):
            return None
        ref = schema.get("$ref")
        if ref is not None:
            target = _pointer(self.root, ref[1:]) if isinstance(ref, str) else None
            if target is None or ref in refs or not ref.startswith("#"):
                return None
            return self.admits(target, (*refs, ref))
        wanted = schema.get("type")
        names = [wanted] if isinstance(wanted, str) else wanted
        if isinstance(names, list) and names and all(n in _TYPES for n in names):
            return frozenset(names)
        branches = schema.get("oneOf")
        if isinstance(branches, list) and branches:
            union: frozenset[str] = frozenset()
            for sub in branches:
                admitted = self.admits(sub, refs)
                if admitted is None:
                    return None
                union |= admitted
            return union
        return None

    def items_check(self, items: Any) -> Check:
        """`items`: one schema for every item, or a schema per position."""
        if isinstance(items, list):
            checks = [self.compile(sub) for sub in items]

            def by_position(value: Any) -> bool:
                if not isinstance(value, list):
                    return True
                return all(check(item) for check, item in zip(checks, value, strict=False))

            return by_position
        each = self.compile(items)

        def every(value: Any) -> bool:
            if not isinstance(value, list):
                return True
            return all(each(item) for item in value)

        return every

    def object_check(self, schema: dict[str, Any]) -> Check:
        """`properties`, `patternProperties` and `additionalProperties` as one check."""
        properties = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        extra = schema.get("additionalProperties", True)
        if not isinstance(properties, dict) or not isinstance(patterns, dict):
            return _unsure
        try:
            regexes = [(re.compile(p), self.compile(sub)) for p, sub in patterns.items()]
            joined = re.compile("|".join(patterns)) if patterns else None
        except re.error:
            return _unsure
        table = _KeyTable(
            self.compile,
            properties,
            regexes,
            joined,
            None if extra is True else self.compile(extra),
        )
        return table.check


def _pointer(root: Any, pointer: str) -> Any:
    """The subschema at a JSON pointer (`/definitions/service`), or None."""
    node = root
    for part in pointer.split("/")[1:] if pointer else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


class _KeyTable:
    """The checks that apply to an object's values, worked out once per key name."""

    def __init__(
        self,
        compile: Callable[[Any], Check],
        properties: dict[str, Any],
        patterns: list[tuple[re.Pattern[str], Check]],
        joined: re.Pattern[str] | None,
        extra: Check | None,
    ) -> None:
        self.compile = compile  # a property's schema is compiled when a value first has it
        self.properties = properties
        self.patterns = patterns
        self.joined = joined
        self.extra = extra
        self.known: dict[str, tuple[Check, ...]] = {}

    def checks_for(self, key: Any) -> tuple[Check, ...]:
        """Every check that judges the value under `key`."""
        if not isinstance(key, str):
            raise Unsure
        found = [check for regex, check in self.patterns if regex.search(key)]
        if key in self.properties:
            found.insert(0, self.compile(self.properties[key]))
        elif self.extra is not None and not (self.joined and self.joined.search(key)):
            found.append(self.extra)
        checks = tuple(found)
        self.known[key] = checks
        return checks

    def check(self, value: Any) -> bool:
        """Whether every value of a mapping passes the checks of its key."""
        if not isinstance(value, dict):
            return True
        known = self.known
        for key, item in value.items():
            checks = known.get(key)
            if checks is None:
                checks = self.checks_for(key)
            for check in checks:
                if not check(item):
                    return False
        return True


# -- keyword checks ---------------------------------------------------------------------------


def _all_of(checks: list[Check]) -> Check:
    """One check that passes when all of `checks` pass."""
    checks = [check for check in checks if check is not _always]
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    return lambda value: all(check(value) for check in checks)


def _type_check(wanted: Any) -> Check:
    """`type`: one name or a list of names."""
    names = [wanted] if isinstance(wanted, str) else wanted
    if not isinstance(names, list) or not names or any(n not in _TYPES for n in names):
        return _unsure
    if names == ["string"]:
        return lambda value: isinstance(value, str)
    if names == ["object"]:
        return lambda value: isinstance(value, dict)
    if names == ["array"]:
        return lambda value: isinstance(value, list)
    checks = [_TYPES[name] for name in names]
    return lambda value: any(check(value) for check in checks)


# The JSON types a value of each Python type can pass as (a whole float is also an integer).
_JSON_TYPES: dict[type, frozenset[str]] = {
    str: frozenset(("string",)),
    dict: frozenset(("object",)),
    list: frozenset(("array",)),
    bool: frozenset(("boolean",)),
    type(None): frozenset(("null",)),
    int: frozenset(("integer", "number")),
    float: frozenset(("integer", "number")),
}


def _one_of(branches: list[tuple[Check, frozenset[str] | None]]) -> Check:
    """`oneOf`: exactly one branch passes. A branch whose `type` the value's type cannot
    pass is not run: it fails anyway."""
    by_type: dict[type, tuple[Check, ...]] = {}

    def candidates(kind: type) -> tuple[Check, ...]:
        names = _JSON_TYPES.get(kind)
        found = tuple(
            check
            for check, admitted in branches
            if names is None or admitted is None or names & admitted
        )
        by_type[kind] = found
        return found

    def check(value: Any) -> bool:
        kind = type(value)
        found = by_type.get(kind)
        if found is None:
            found = candidates(kind)
        if len(found) == 1:
            return found[0](value)
        passed = 0
        for branch in found:
            if branch(value):
                passed += 1
                if passed > 1:
                    return False
        return passed == 1

    return check


def _enum_check(values: list[Any]) -> Check:
    """`enum` of strings (a string equals only a string); other enums are left to jsonschema."""
    if not all(isinstance(v, str) for v in values):
        return _unsure
    allowed = frozenset(values)
    return lambda value: isinstance(value, str) and value in allowed


def _required_check(names: list[Any]) -> Check:
    """`required`: a mapping has every one of `names`."""
    return lambda value: not isinstance(value, dict) or all(n in value for n in names)


def _pattern_check(regex: re.Pattern[str]) -> Check:
    """`pattern`: a string matches somewhere (re.search)."""
    return lambda value: not isinstance(value, str) or regex.search(value) is not None


def _bound_check(bound: Any, *, low: bool) -> Check:
    """`minimum` (low) or `maximum`, on numbers only."""
    if low:
        return lambda value: not _is_number(value) or not value < bound
    return lambda value: not _is_number(value) or not value > bound


def _unique_check(value: Any) -> bool:
    """`uniqueItems`: no two items are equal the way JSON Schema compares (1 == 1.0,
    True != 1, mappings by content)."""
    if not isinstance(value, list) or len(value) < 2:
        return True
    if any(isinstance(item, list) for item in value):
        raise Unsure  # jsonschema sorts a list of lists, where 1 and True compare equal
    keys = {_identity(item) for item in value}
    return len(keys) == len(value)


def _identity(value: Any) -> Any:
    """A hashable stand-in for `value`, equal for values JSON Schema calls equal."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return (type(value), value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            raise Unsure  # NaN: jsonschema's answer depends on its sort order
        return value
    if isinstance(value, dict):
        return ("dict", frozenset((k, _identity(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", tuple(_identity(item) for item in value))
    raise Unsure
