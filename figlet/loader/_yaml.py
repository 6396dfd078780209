"""YAML parse that keeps the position of every node and refuses duplicate keys.

Scalars are resolved the way the Compose reference does (YAML 1.2 core schema): `yes`/`on` stay
strings and `80:80` is not a sexagesimal number. `<<` merge keys are applied here; the `!reset`
and `!override` tags become marker objects that the merge stage interprets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from figlet.errors import ConfigError, Location, Problem
from figlet.loader._limits import check_nodes, check_text_size
from figlet.loader._problems import PathKey, SourceMap, render_path

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there


class _Composer(_SafeLoader):  # type: ignore[misc]
    """Composes nodes without resolving their tags: the builders resolve plain scalars
    themselves (`resolve_plain`), and PyYAML's resolver, called for every node, is a third
    of the parse."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        """The default tag of the kind of node (a plain `<<` is not a merge tag here)."""
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to track: no path-dependent resolvers."""

    def ascend_resolver(self) -> None:
        """Nothing to track: no path-dependent resolvers."""


_DEFAULT_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class Reset:
    """The value of a `!reset` node: remove the key inherited from earlier files."""

    def __repr__(self) -> str:
        return "!reset"


RESET = Reset()


@dataclass(frozen=True)
class Override:
    """The value of an `!override` node: replace, do not merge, what earlier files say."""

    value: Any


_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_OCT = re.compile(r"0o?[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_MERGE_TAG = "tag:yaml.org,2002:merge"


_SPECIAL_START = frozenset("0123456789+-.~nNtTfF")


def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.2 core schema reads it."""
    if text and text[0] not in _SPECIAL_START:
        return text  # the common case: a word that cannot be a number, bool or null
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _HEX.fullmatch(text):
        return int(text, 16)
    if _OCT.fullmatch(text):
        return int(text.replace("o", ""), 8)
    if _FLOAT.fullmatch(text):
        return float(text)
    lowered = text.lower()
    if lowered in (".inf", "+.inf"):
        return float("inf")
    if lowered == "-.inf":
        return float("-inf")
    if lowered == ".nan":
        return float("nan")
    return text


class _Builder:
    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.has_tags = False

    def location(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.source.file, mark.line + 1, mark.column + 1)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        mark = node.start_mark
        values = self.source.values
        if path not in values:
            values[path] = (mark.line + 1, mark.column + 1)
        tag = node.tag
        if tag[0] == "!":
            if tag == "!reset":
                self.has_tags = True
                return RESET
            if tag == "!override":
                self.has_tags = True
                return Override(self._build(node, path))
        return self._build(node, path)

    def _build(self, node: yaml.Node, path: PathKey) -> Any:
        kind = node.__class__
        if kind is yaml.ScalarNode:
            value: Any = node.value
            return value if node.style else resolve_plain(value)  # type: ignore[attr-defined]
        if kind is yaml.SequenceNode:
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.mapping(node, path)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if not node.style:
            return resolve_plain(node.value)
        return node.value

    def key(self, node: yaml.Node, path: PathKey) -> str:
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node)
            if isinstance(value, str):
                return value
            self.problems.append(
                Problem(
                    f"non-string key {node.value!r}",
                    self.location(node),
                    render_path(path),
                    f'quote the key: "{node.value}"',
                )
            )
            return str(node.value)
        self.problems.append(
            Problem("a mapping key must be a string", self.location(node), render_path(path))
        )
        return f"<invalid key at line {node.start_mark.line + 1}>"

    def mapping(self, node: yaml.Node, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or (
                isinstance(key_node, yaml.ScalarNode)
                and key_node.value == "<<"
                and not key_node.style
            ):
                merged.append(value_node)
                continue
            key = self.key(key_node, path)
            child: PathKey = (*path, key)
            if key in result:
                first = self.source.keys.get(child, (0, 0))
                self.problems.append(
                    Problem(
                        f'duplicate key "{key}" (first defined at line {first[0]})',
                        self.location(key_node),
                        render_path(child),
                        "each key may appear only once in a mapping; remove or rename one",
                    )
                )
                continue
            mark = key_node.start_mark
            self.source.keys.setdefault(child, (mark.line + 1, mark.column + 1))
            result[key] = self.build(value_node, child)
        for merge_node in merged:
            sources = (
                merge_node.value if isinstance(merge_node, yaml.SequenceNode) else [merge_node]
            )
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    self.problems.append(
                        Problem(
                            "a `<<` merge key needs a mapping (or a list of mappings)",
                            self.location(source),
                            render_path(path),
                        )
                    )
                    continue
                extra = self.mapping(source, path)
                for key, value in extra.items():
                    result.setdefault(key, value)
        return result


class _Unusual(Exception):
    """A node `_plain_data` leaves to `_Builder`: a tag, a merge key, a key that is not a
    string, a duplicate key."""


def _plain_data(node: yaml.Node) -> Any:
    """The data of a node tree that uses none of YAML's unusual features (see `_Unusual`),
    as `_Builder` would build it, without recording positions."""
    if node.tag[0] == "!":
        raise _Unusual
    kind = node.__class__
    if kind is yaml.ScalarNode:
        return node.value if node.style else resolve_plain(node.value)  # type: ignore[attr-defined]
    if kind is yaml.SequenceNode:
        return [_plain_data(item) for item in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not yaml.ScalarNode or key_node.tag == _MERGE_TAG:
            raise _Unusual
        key = key_node.value if key_node.style else resolve_plain(key_node.value)
        if key.__class__ is not str or key in result or (key == "<<" and not key_node.style):
            raise _Unusual
        result[key] = _plain_data(value_node)
    return result


@dataclass(frozen=True)
class Parsed:
    """One parsed document: the data, the positions of its nodes and whether tags were used."""

    data: Any
    source: SourceMap
    has_tags: bool


def parse_yaml(text: str, file: str) -> Parsed:
    """Parse `text` (named `file` in messages); ConfigError with a location on bad YAML.

    A file that uses no tag, merge key or duplicate key is built without positions; its
    source map records them from the same nodes when first asked."""
    check_text_size(text, file)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Composer))
    except yaml.MarkedYAMLError as exc:
        raise ConfigError(_syntax_problem(exc, file, text)) from None
    except yaml.reader.ReaderError as exc:
        raise ConfigError(_reader_problem(exc, file, text)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - no other YAMLError is known
        raise ConfigError(Problem(f"invalid YAML: {exc}", Location(file, 1, 1))) from None
    nodes = [node for node in nodes if node is not None]
    check_nodes(nodes, file)
    try:
        docs = [_plain_data(node) for node in nodes]
    except (_Unusual, RecursionError):
        return _built(nodes, SourceMap(file))
    source = SourceMap(file, lambda source: _record_positions(nodes, source))
    return Parsed(_documents(docs), source, has_tags=False)


def _built(nodes: list[yaml.Node], source: SourceMap) -> Parsed:
    """The documents built by `_Builder` (positions, tags, merge keys, duplicate keys)."""
    builder = _Builder(source)
    data = _documents([builder.build(node, ()) for node in nodes])
    if builder.problems:
        raise ConfigError(builder.problems)
    return Parsed(data, source, builder.has_tags)


def _record_positions(nodes: list[yaml.Node], source: SourceMap) -> None:
    """Fill `source` as `_Builder` does (the data built again is dropped)."""
    builder = _Builder(source)
    for node in nodes:
        builder.build(node, ())


def _documents(docs: list[Any]) -> Any:
    """The data of a file: its one document, or its documents merged in order."""
    if not docs:
        return None
    if len(docs) == 1:
        return docs[0]
    from figlet.loader._merge import merge_documents

    return merge_documents(docs)


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    message = str(exc.problem or exc.context or "invalid YAML")
    hint = "check the indentation and quoting near this place"
    lines = text.splitlines()
    if (
        "\t" in message
        or "'\\t'" in message
        or (mark and 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1])
    ):
        message = "a tab character is not allowed here (YAML indentation must use spaces)"
        hint = "replace the tab(s) on this line with spaces"
    return Problem(f"invalid YAML: {message}", Location(file, line, column), "", hint)


def _reader_problem(exc: yaml.reader.ReaderError, file: str, text: str) -> Problem:
    """A character YAML does not accept, located by line and column (the reader gives only
    its offset in the text)."""
    position = min(max(exc.position, 0), len(text))
    start = text.rfind("\n", 0, position) + 1
    location = Location(file, text.count("\n", 0, position) + 1, position - start + 1)
    character = exc.character
    code = ord(character) if isinstance(character, str) else int(character)
    return Problem(
        f"invalid YAML: character U+{code:04X} is not allowed in a YAML file ({exc.reason})",
        location,
        "",
        'remove it; inside a double-quoted string write it as an escape, e.g. "\\x07"',
    )
