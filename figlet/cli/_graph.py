"""The body of `figlet graph` (declared in `cmd_graph`). It needs only the project, not the
engine: the graph is `figlet.graph.DependencyGraph`'s, drawn by `_graph_render`."""

from __future__ import annotations

from figlet.cli._context import CommandContext

FORMATS = ("tree", "dot", "mermaid")


def run(
    cli: CommandContext, *, fmt: str = "tree", reduce: bool = False, levels: bool = False
) -> None:
    """Print the dependency graph of the project's services."""
    from figlet.cli._arguments import USAGE
    from figlet.cli._graph_render import render_dot, render_levels, render_mermaid, render_tree
    from figlet.cli._report import echo
    from figlet.errors import FigletError, Problem
    from figlet.graph import DependencyGraph

    if fmt not in FORMATS:
        raise FigletError(
            Problem(f'--format "{fmt}": expected tree, dot or mermaid', hint="e.g. --format dot"),
            exit_code=USAGE,
        )
    if levels and fmt != "tree":
        raise FigletError(Problem("--levels is a text view: drop --format"), exit_code=USAGE)
    project = cli.load()
    graph = DependencyGraph.of(project.services)
    if reduce:
        graph = graph.reduced()
    if levels:
        echo(render_levels(graph.levels()))
    elif fmt == "dot":
        echo(render_dot(graph, project.name))
    elif fmt == "mermaid":
        echo(render_mermaid(graph))
    else:
        echo(render_tree(graph, graph.roots()))
