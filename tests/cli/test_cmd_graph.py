"""`figlet graph`: golden outputs on a small project (no engine: the graph needs only the
project), and its usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from _cli import Figlet

from figlet.engine.fake import FakeEngine

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def shop(project: Path) -> Path:
    """Six services: depends_on with conditions and required: false, links, volumes_from,
    network_mode: service:, a service two others need, a dependency also reached through
    another."""
    (project / "compose.yaml").write_text((GOLDEN / "graph_compose.yaml").read_text())
    return project


class NoEngine(FakeEngine):
    def describe(self) -> str:
        raise AssertionError("graph must not connect to the engine")


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        ([], "graph_tree.txt"),
        (["--reduce"], "graph_tree_reduced.txt"),
        (["--levels"], "graph_levels.txt"),
        (["--format", "dot"], "graph.dot"),
        (["--format", "mermaid"], "graph.mermaid"),
    ],
)
def test_graph_golden(figlet: Figlet, shop: Path, args: list[str], golden: str) -> None:
    done = figlet("graph", *args, engine=NoEngine())
    assert (done.code, done.err) == (0, "")
    assert done.out == (GOLDEN / golden).read_text()


def test_reduce_drops_only_dependencies_reached_another_way(figlet: Figlet, shop: Path) -> None:
    full = figlet("graph", "--format", "dot").out
    reduced = figlet("graph", "--format", "dot", "--reduce").out
    dropped = set(full.splitlines()) - set(reduced.splitlines())
    assert dropped == {
        '  "worker" -> "db" [label="depends_on: service_started, links"];',
        '  "web" -> "db" [label="depends_on: service_started"];',
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "svg"], '--format "svg": expected tree, dot or mermaid'),
        (["--levels", "--format", "dot"], "--levels is a text view"),
    ],
)
def test_graph_usage_errors(figlet: Figlet, args: list[str], message: str) -> None:
    done = figlet("graph", *args)
    assert done.code == 2
    assert message in done.err
