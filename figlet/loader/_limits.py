"""Bounds on one compose file, checked before its data is built: hostile input (an alias bomb,
a file of many megabytes, nesting a thousand levels deep) is refused at once, with the limit,
its value and the place where it was passed, instead of exhausting time and memory.

The limits are generous for real files: the largest of the shared conformance corpus and the
1,000-service benchmark file stay far below each of them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from figlet.errors import ConfigError, Location, Problem

MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest compose file read (UTF-8 bytes); the benchmark's 1,000 services take 240 KB."""

MAX_NODES = 250_000
"""The most nodes (scalars, lists, mappings, keys) one file may stand for once every alias is
expanded; the benchmark's 1,000 services are 24,000 nodes. An alias bomb stands for billions."""

MAX_ALIASES = 10_000
"""The most alias references (`*name`) one file may resolve, counting those inside expanded
aliases: a handful per service is usual."""

MAX_DEPTH = 100
"""The deepest nesting of lists and mappings, aliases expanded; a compose file needs about 8."""


@dataclass(frozen=True)
class _Size:
    """What a node stands for once its aliases are expanded."""

    nodes: int
    aliases: int
    height: int


_SCALAR = _Size(1, 0, 1)


def check_text_size(text: str, file: str) -> None:
    """ConfigError when `text` is longer than `MAX_FILE_BYTES` in UTF-8."""
    if len(text) * 4 <= MAX_FILE_BYTES:  # no need to encode: it cannot be too long
        return
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw) <= MAX_FILE_BYTES:
        return
    head = raw[:MAX_FILE_BYTES].decode("utf-8", "ignore")
    line = head.count("\n") + 1
    column = len(head) - (head.rfind("\n") + 1) + 1
    raise ConfigError(
        Problem(
            f"the file is {len(raw):,} bytes, more than {MAX_FILE_BYTES:,} "
            f"(figlet's limit MAX_FILE_BYTES); passed here",
            Location(file, line, column),
            "",
            "a compose file is rarely over 1 MB; split this one (`include:`, `-f` twice)",
        )
    )


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if node.__class__ is yaml.MappingNode:
        return itertools.chain.from_iterable(node.value)
    return iter(node.value)


def check_nodes(roots: list[yaml.Node], file: str, *, aliases: bool) -> None:
    """ConfigError when the documents `roots`, aliases expanded, pass `MAX_NODES`,
    `MAX_ALIASES` or `MAX_DEPTH`, or when an alias refers to a node that contains it.

    With `aliases` (the text has a `*`), one walk over the distinct nodes: an alias is a node
    reached a second time, its size is remembered, so a bomb costs no more to measure than to
    parse. Without, every node is distinct and only the depth needs a (cheaper) look.
    """
    if not aliases:
        _check_depth(roots, file)
        return
    sizes: dict[int, _Size] = {}
    total = _Size(0, 0, 0)
    for root in roots:
        if root.__class__ is yaml.ScalarNode:
            total = _Size(total.nodes + 1, total.aliases, max(total.height, 1))
            continue
        size = _measure(root, sizes, file, total)
        total = _Size(total.nodes + size.nodes, total.aliases + size.aliases, size.height)


def _check_depth(roots: list[yaml.Node], file: str) -> None:
    """Refuse nesting deeper than `MAX_DEPTH`, one level of the tree at a time."""
    level = [node for node in roots if node.__class__ is not yaml.ScalarNode]
    depth = 1
    while level:
        if depth > MAX_DEPTH:
            _refuse(
                "MAX_DEPTH", MAX_DEPTH, f"nesting deeper than {MAX_DEPTH} levels", level[0], file
            )
        deeper: list[yaml.Node] = []
        for node in level:
            if node.__class__ is yaml.MappingNode:
                for key, value in node.value:
                    if value.__class__ is not yaml.ScalarNode:
                        deeper.append(value)
                    if key.__class__ is not yaml.ScalarNode:
                        deeper.append(key)
            else:
                deeper.extend([n for n in node.value if n.__class__ is not yaml.ScalarNode])
        level = deeper
        depth += 1


def _measure(root: yaml.Node, sizes: dict[int, _Size], file: str, before: _Size) -> _Size:
    """The size of `root` (a list or mapping), walked without recursion."""
    # a frame: the node, its children still to walk, and its nodes / aliases / height so far
    stack: list[tuple[yaml.Node, Iterator[yaml.Node], list[int]]] = [
        (root, _children(root), [1, 0, 0])
    ]
    open_ids = {id(root)}
    while stack:
        node, children, acc = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            open_ids.discard(id(node))
            size = _Size(acc[0], acc[1], acc[2] + 1)
            sizes[id(node)] = size
            if not stack:
                return size
            parent = stack[-1][2]
            parent[0] += size.nodes
            parent[1] += size.aliases
            parent[2] = max(parent[2], size.height)
            continue
        known = sizes.get(id(child))
        if known is not None:  # an alias to a list or mapping seen before
            acc[0] += known.nodes
            acc[1] += known.aliases + 1
            acc[2] = max(acc[2], known.height)
            _check(node, file, before, stack, known.height)
        elif id(child) in open_ids:
            raise ConfigError(
                Problem(
                    "an alias refers to a node that contains it (a recursive anchor)",
                    _location(node, file),
                    "",
                    "an alias may only repeat a node that is complete where the alias is",
                )
            )
        elif child.__class__ is yaml.ScalarNode:
            acc[0] += 1
        else:
            stack.append((child, _children(child), [1, 0, 0]))
            open_ids.add(id(child))
            if len(stack) > MAX_DEPTH:
                _refuse(
                    "MAX_DEPTH", MAX_DEPTH, f"nesting deeper than {MAX_DEPTH} levels", child, file
                )
    raise AssertionError("unreachable: the root frame returns")  # pragma: no cover


def _check(
    node: yaml.Node,
    file: str,
    before: _Size,
    stack: list[tuple[yaml.Node, Iterator[yaml.Node], list[int]]],
    height: int,
) -> None:
    """Refuse at `node` (which just resolved an alias) when a limit is passed."""
    nodes = before.nodes + sum(frame[2][0] for frame in stack)
    aliases = before.aliases + sum(frame[2][1] for frame in stack)
    if nodes > MAX_NODES:
        what = f"aliases expand this file to more than {MAX_NODES:,} nodes"
        _refuse("MAX_NODES", MAX_NODES, what, node, file)
    if aliases > MAX_ALIASES:
        what = f"this file resolves more than {MAX_ALIASES:,} alias references"
        _refuse("MAX_ALIASES", MAX_ALIASES, what, node, file)
    if len(stack) + height > MAX_DEPTH:
        what = f"aliases expand to nesting deeper than {MAX_DEPTH} levels"
        _refuse("MAX_DEPTH", MAX_DEPTH, what, node, file)


def _location(node: yaml.Node, file: str) -> Location:
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


def _refuse(name: str, value: int, what: str, node: yaml.Node, file: str) -> None:
    hint = (
        "flatten the structure: a compose file needs about 8 levels"
        if name == "MAX_DEPTH"
        else "aliases that repeat aliases multiply (an alias bomb): use each anchor fewer "
        "times, or split the file"
    )
    raise ConfigError(
        Problem(
            f"{what} (figlet's limit {name} = {value:,}); passed at this node",
            _location(node, file),
            "",
            hint,
        )
    )
