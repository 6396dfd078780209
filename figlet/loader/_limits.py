"""Bounds on one compose file, checked before its data is built: hostile input (an alias bomb,
a file of many megabytes, nesting a thousand levels deep) is refused at once, with the limit,
its value and the place where it was passed, instead of exhausting time and memory.

The limits are generous for real files: the largest of the shared conformance corpus and the
1,000-service benchmark file stay far below each of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from figlet.errors import ConfigError, Location, Problem

MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest compose file read (UTF-8 bytes); the benchmark's 1,000 services take 240 KB."""

MAX_ALIAS_NODES = 250_000
"""The most nodes (scalars, lists, mappings, keys) that expanding aliases may add to one file;
an anchored block of 50 nodes reused by 1,000 services adds 50,000. An alias bomb adds
billions. (The nodes written in the file are bounded by its size.)"""

MAX_ALIASES = 50_000
"""The most references to an anchored list or mapping (`*name`, `<<: *name`) one file may
resolve, counting those inside expanded aliases: a handful per service is usual."""

MAX_DEPTH = 100
"""The deepest nesting of lists and mappings, aliases expanded; a compose file needs about 8."""


@dataclass(frozen=True)
class _Size:
    """What a node stands for once its aliases are expanded."""

    nodes: int
    aliases: int
    height: int


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


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes of a list, or the keys and values of a mapping, in the file's order."""
    if node.__class__ is yaml.MappingNode:
        return [child for pair in node.value for child in pair]
    return list(node.value)


def check_nodes(roots: list[yaml.Node], file: str) -> None:
    """ConfigError when the documents `roots`, aliases expanded, pass `MAX_ALIAS_NODES`,
    `MAX_ALIASES` or `MAX_DEPTH`, or when an alias refers to a node that contains it.

    Most files stand for fewer nodes than `_AT_ONCE` and nest less than `MAX_DEPTH`: one
    look level by level settles them (no count can be passed). The others get one walk over
    their distinct nodes: an alias is a node reached a second time and its size is
    remembered, so a bomb costs no more to measure than to parse.
    """
    if _check_small(roots):
        return
    walk = _Walk(file)
    for root in roots:
        walk.root(root)


_AT_ONCE = min(MAX_ALIASES, MAX_ALIAS_NODES)
"""A file that stands for at most this many nodes, aliases expanded, cannot pass the counts."""


def _check_small(roots: list[yaml.Node]) -> bool:
    """Whether the documents are within every limit, looked at one level of the expanded tree
    at a time; False (undecided) as soon as the levels hold more than `_AT_ONCE` nodes or
    nest deeper than `MAX_DEPTH`."""
    level = [node for node in roots if node.__class__ is not yaml.ScalarNode]
    seen = len(roots)
    depth = 1
    while level:
        if depth > MAX_DEPTH:
            return False  # the walk says where: a deep node, an alias, a recursive anchor
        deeper: list[yaml.Node] = []
        for node in level:
            if node.__class__ is yaml.MappingNode:
                seen += 2 * len(node.value)
                for key, value in node.value:
                    if value.__class__ is not yaml.ScalarNode:
                        deeper.append(value)
                    if key.__class__ is not yaml.ScalarNode:
                        deeper.append(key)
            else:
                seen += len(node.value)
                deeper.extend([n for n in node.value if n.__class__ is not yaml.ScalarNode])
            if seen > _AT_ONCE:
                return False
        level = deeper
        depth += 1
    return True


class _Frame:
    """A list or mapping being walked: its children still to walk, and what the walked ones
    stand for (nodes, alias references, height)."""

    __slots__ = ("aliases", "children", "height", "node", "nodes", "written")

    def __init__(self, node: yaml.Node) -> None:
        self.node = node
        items = _children(node)
        inner = [child for child in items if child.__class__ is not yaml.ScalarNode]
        self.children = iter(inner)  # the scalars are counted here, all at once
        self.nodes = 1 + len(items) - len(inner)
        self.written = self.nodes  # itself and its scalars
        self.aliases = 0
        self.height = 0


class _Walk:
    """The walk of one file's documents without recursion (see `check_nodes`)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sizes: dict[int, _Size] = {}  # id of a list or mapping walked -> its size
        self.distinct = 0  # the nodes written in the documents walked (not aliases)
        self.done = _Size(0, 0, 0)  # the documents walked
        self.stack: list[_Frame] = []

    def root(self, node: yaml.Node) -> None:
        if node.__class__ is yaml.ScalarNode:
            self.distinct += 1
            self.done = _Size(self.done.nodes + 1, self.done.aliases, 1)
            return
        self.stack.append(_Frame(node))
        open_ids = {id(node)}
        while self.stack:
            frame = self.stack[-1]
            child = next(frame.children, None)
            if child is None:
                self._close(frame)
                open_ids.discard(id(frame.node))
                continue
            known = self.sizes.get(id(child))
            if known is not None:  # an alias to a list or mapping seen before
                frame.nodes += known.nodes
                frame.aliases += known.aliases + 1
                frame.height = max(frame.height, known.height)
                self._check(frame.node, known.height)
            elif id(child) in open_ids:
                raise ConfigError(
                    Problem(
                        "an alias refers to a node that contains it (a recursive anchor)",
                        _location(frame.node, self.file),
                        "",
                        "an alias may only repeat a node that is complete where the alias is",
                    )
                )
            else:
                self.stack.append(_Frame(child))
                open_ids.add(id(child))
                if len(self.stack) > MAX_DEPTH:
                    what = f"nesting deeper than {MAX_DEPTH} levels"
                    _refuse("MAX_DEPTH", MAX_DEPTH, what, child, self.file)

    def _close(self, frame: _Frame) -> None:
        self.stack.pop()
        self.distinct += frame.written
        size = _Size(frame.nodes, frame.aliases, frame.height + 1)
        self.sizes[id(frame.node)] = size
        if self.stack:
            parent = self.stack[-1]
            parent.nodes += size.nodes
            parent.aliases += size.aliases
            parent.height = max(parent.height, size.height)
        else:
            self.done = _Size(self.done.nodes + size.nodes, self.done.aliases + size.aliases, 0)

    def _check(self, node: yaml.Node, height: int) -> None:
        """Refuse at `node`, which just resolved an alias, when a limit is passed."""
        nodes = self.done.nodes + sum(frame.nodes for frame in self.stack)
        written = self.distinct + sum(frame.written for frame in self.stack)
        if nodes - written > MAX_ALIAS_NODES:
            what = f"aliases add more than {MAX_ALIAS_NODES:,} nodes to this file"
            _refuse("MAX_ALIAS_NODES", MAX_ALIAS_NODES, what, node, self.file)
        aliases = self.done.aliases + sum(frame.aliases for frame in self.stack)
        if aliases > MAX_ALIASES:
            what = f"this file resolves more than {MAX_ALIASES:,} alias references"
            _refuse("MAX_ALIASES", MAX_ALIASES, what, node, self.file)
        if len(self.stack) + height > MAX_DEPTH:
            what = f"aliases expand to nesting deeper than {MAX_DEPTH} levels"
            _refuse("MAX_DEPTH", MAX_DEPTH, what, node, self.file)


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
