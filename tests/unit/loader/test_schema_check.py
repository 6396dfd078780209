"""The compiled schema check says "valid" only where jsonschema finds no error."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from figlet.loader._merge import strip_tags
from figlet.loader._schema import _schema
from figlet.loader._schema_check import compile_check
from figlet.loader._yaml import parse_yaml

TESTS = Path(__file__).resolve().parents[2]


def _agrees(schema: dict[str, Any], document: Any) -> tuple[bool, bool]:
    """(fast answer, jsonschema's answer)."""
    return compile_check(schema)(document), Draft7Validator(schema).is_valid(document)


def _files() -> list[Any]:
    documents = []
    for path in sorted(TESTS.rglob("*.y*ml")):
        try:
            parsed = parse_yaml(path.read_text(encoding="utf-8", errors="replace"), str(path))
        except Exception:
            continue
        documents.append(strip_tags(parsed.data) if parsed.has_tags else parsed.data)
    return documents


def test_same_answer_as_jsonschema_on_the_test_files() -> None:
    check = compile_check(_schema())
    validator = Draft7Validator(_schema())
    documents = _files()
    assert len(documents) > 50
    for document in documents:
        assert check(document) == validator.is_valid(document), document


def _mutated(document: Any, rng: random.Random) -> Any:
    """`document` with one value replaced by a value of another kind, or one key removed."""
    document = copy.deepcopy(document)
    nodes: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            nodes.append((node, key))
            if isinstance(value, dict | list):
                walk(value)

    if isinstance(document, dict):
        walk(document)
    if not nodes:
        return document
    parent, key = rng.choice(nodes)
    kinds = ["x", "80:80", 0, -5, 1.0, 1.5, True, None, [], ["a", "a"], {}, {"x": 1}]
    if rng.random() < 0.2 and isinstance(parent, dict):
        del parent[key]
    else:
        parent[key] = rng.choice(kinds)
    return document


def test_never_valid_where_jsonschema_finds_an_error() -> None:
    rng = random.Random(20141016)
    check = compile_check(_schema())
    validator = Draft7Validator(_schema())
    documents = [d for d in _files() if isinstance(d, dict)]
    for _ in range(600):
        document = _mutated(rng.choice(documents), rng)
        if check(document):
            assert validator.is_valid(document), document


SCHEMA: dict[str, Any] = {
    "definitions": {
        "s": {"oneOf": [{"type": "string", "pattern": "^1"}, {"enum": ["1"]}]},
        "tree": {
            "type": "object",
            "properties": {"kids": {"items": {"$ref": "#/definitions/tree"}}},
        },
    },
    "properties": {
        "uniq": {"type": "array", "uniqueItems": True},
        "one": {"oneOf": [{"type": "integer"}, {"type": "number"}, {"$ref": "#/definitions/s"}]},
        "ref": {"$ref": "#/definitions/tree", "type": "string"},
        "enum": {"enum": ["a", "b"]},
        "int": {"type": "integer", "minimum": 0, "maximum": 2},
        "pattern": {"pattern": "^x"},
        "req": {"required": ["a"]},
        "tuple": {"items": [{"type": "string"}]},
    },
    "patternProperties": {"^p-": {"type": "boolean"}},
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    "document",
    [
        {"uniq": [1, 1.0]},
        {"uniq": [1, True]},
        {"uniq": [{"a": [1]}, {"a": [1]}]},
        {"uniq": [{"a": [1]}, {"a": [True]}]},
        {"uniq": ["a", "b"]},
        {"one": 1},
        {"one": 1.5},
        {"one": 1.0},
        {"one": "1"},
        {"one": True},
        {"ref": "text"},
        {"ref": {"kids": [{"kids": []}]}},
        {"ref": {"kids": [{"kids": 5}]}},
        {"enum": "a"},
        {"enum": 1},
        {"int": 2.0},
        {"int": 3},
        {"int": False},
        {"pattern": "ya"},
        {"pattern": "xa"},
        {"pattern": 5},
        {"req": {}},
        {"req": []},
        {"tuple": ["a", 1]},
        {"tuple": [1]},
        {"p-x": True},
        {"p-x": 1},
        {"other": 1},
    ],
)
def test_keywords_as_jsonschema_reads_them(document: Any) -> None:
    fast, slow = _agrees(SCHEMA, document)
    assert fast == slow


@pytest.mark.parametrize(
    "schema, document",
    [
        ({"uniqueItems": True}, [[1], [True]]),  # jsonschema sorts lists: 1 and True tie
        ({"uniqueItems": True}, [float("nan"), 1.0]),
        ({"enum": [1, 2]}, 1),  # only enums of strings are compiled
        ({"minLength": 1}, "x"),  # a keyword the compose schema does not use
        ({"$ref": "other.json#/x"}, 1),
    ],
)
def test_what_it_cannot_tell_is_not_valid(schema: dict[str, Any], document: Any) -> None:
    assert compile_check(schema)(document) is False
