"""The dependency graph as text: an indented tree, Graphviz dot, a Mermaid flowchart, or
start-up levels. Pure: a `DependencyGraph` in, text out (networkx stays in `figlet.graph`)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from figlet.graph import DependencyGraph, Edge


def edge_label(edges: Sequence[Edge]) -> str:
    """Why one service needs another: each kind once, depends_on with its condition
    ("depends_on: service_healthy, links"), "(optional)" for `required: false`."""
    words: list[str] = []
    for edge in edges:
        word: str = edge.kind
        if edge.dependency is not None:
            word = f"{word}: {edge.dependency.condition}"
            if not edge.dependency.required:
                word += " (optional)"
        if word not in words:
            words.append(word)
    return ", ".join(words)


def _targets(graph: DependencyGraph, name: str) -> list[tuple[str, str]]:
    """(dependency, label) of `name`, each dependency once, in the order first written."""
    by_target: dict[str, list[Edge]] = {}
    for edge in graph.edges[name]:
        if edge.target in graph.edges:
            by_target.setdefault(edge.target, []).append(edge)
    return [(target, edge_label(found)) for target, found in by_target.items()]


def render_tree(graph: DependencyGraph, roots: Sequence[str]) -> str:
    """Each root (a service nothing needs), its dependencies indented below it with why; a
    service already drawn with its dependencies is marked "(see above)" instead of drawn
    again."""
    lines: list[str] = []
    drawn: set[str] = set()

    def branch(name: str, prefix: str) -> None:
        targets = _targets(graph, name)
        for index, (target, label) in enumerate(targets):
            last = index == len(targets) - 1
            shared = target in drawn and bool(_targets(graph, target))
            mark = "  (see above)" if shared else ""
            lines.append(f"{prefix}{'└── ' if last else '├── '}{target}  [{label}]{mark}")
            if not shared:
                drawn.add(target)
                branch(target, prefix + ("    " if last else "│   "))

    for root in roots:
        lines.append(root)
        drawn.add(root)
        branch(root, "")
    return "\n".join(lines)


def render_levels(levels: Sequence[Sequence[str]]) -> str:
    """One line per start-up level: `0  redis` (needs nothing), `1  web`, ..."""
    return "\n".join(f"{index}  {' '.join(level)}" for index, level in enumerate(levels))


def render_dot(graph: DependencyGraph, project: str) -> str:
    """Graphviz: one node per service, an edge from each service to each dependency, labelled
    with why (`dot -Tsvg` draws it)."""
    lines = [f"digraph {_quote(project)} {{", "  node [shape=box];"]
    lines.extend(f"  {_quote(name)};" for name in graph.names)
    for name in graph.names:
        for target, label in _targets(graph, name):
            lines.append(f"  {_quote(name)} -> {_quote(target)} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines)


def render_mermaid(graph: DependencyGraph) -> str:
    """A Mermaid flowchart, top-down: node ids s0, s1, ... labelled with the service names."""
    ids = {name: f"s{index}" for index, name in enumerate(graph.names)}
    lines = ["flowchart TD"]
    lines.extend(f'  {ids[name]}["{_mermaid_text(name)}"]' for name in graph.names)
    for name in graph.names:
        for target, label in _targets(graph, name):
            lines.append(f'  {ids[name]} -->|"{_mermaid_text(label)}"| {ids[target]}')
    return "\n".join(lines)


def _quote(text: str) -> str:
    """A dot ID: a double-quoted string (JSON's escaping is dot's for quotes and backslashes)."""
    return json.dumps(text, ensure_ascii=False)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")
