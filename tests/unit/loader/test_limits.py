"""Bounded input: alias bombs, huge files, deep nesting and recursive anchors are refused at
once with the limit, its value and a location; control characters are located by line and
column."""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

import pytest

from figlet.errors import ConfigError
from figlet.loader import _limits
from figlet.loader._yaml import parse_yaml

SERVICE = "services:\n  web:\n    image: busybox\n"


def bomb(levels: int = 9, width: int = 9) -> str:
    """The classic alias bomb: each anchor repeats the one below `width` times."""
    lines = ['x-a0: &a0 ["lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"x-a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n" + SERVICE


def refused(text: str, file: str = "c.yaml") -> Any:
    with pytest.raises(ConfigError) as caught:
        parse_yaml(text, file)
    (problem,) = caught.value.problems
    return problem


def test_a_9x9_alias_bomb_is_refused_quickly_with_the_limit_and_the_line() -> None:
    started = time.monotonic()
    tracemalloc.start()
    try:
        problem = refused(bomb())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 2  # a hang guard: the refusal itself takes milliseconds
    assert peak < 5_000_000  # bytes: the bomb's 387 million strings are never made
    assert "MAX_ALIASES = 50,000" in problem.message
    # a4 stands for 7,380 references; a5 on line 6 repeats it 9 times, past 50,000
    assert str(problem.location) == "c.yaml:6:7"
    assert "alias bomb" in problem.hint


def test_a_bomb_through_the_whole_loader_is_a_config_error(write: Any, fail: Any) -> None:
    write("compose.yaml", bomb())
    error = fail()
    assert "compose.yaml:6:7: " in error.render()


def test_wide_anchors_pass_the_node_limit_at_the_alias_that_crosses_it() -> None:
    block = "[" + ", ".join(["x"] * 5000) + "]"
    text = f"x-big: &big {block}\nx-copies: [" + ", ".join(["*big"] * 60) + "]\n" + SERVICE
    problem = refused(text)
    assert "MAX_ALIAS_NODES = 250,000" in problem.message
    assert str(problem.location) == "c.yaml:2:11"


def test_an_ordinary_use_of_anchors_loads() -> None:
    common = "x-common: &common\n  restart: always\n  labels: {tier: web}\n"
    services = "".join(f"  s{i}:\n    <<: *common\n    image: busybox\n" for i in range(300))
    parsed = parse_yaml(common + "services:\n" + services, "c.yaml")
    assert parsed.data["services"]["s299"]["restart"] == "always"


@pytest.mark.parametrize("text", ["x-a: &a [*a]\n", "x-a: &a {b: {c: *a}}\n"])
def test_a_recursive_anchor_is_refused(text: str) -> None:
    problem = refused(text + SERVICE)
    assert "recursive anchor" in problem.message
    assert problem.location.line == 1


def test_nesting_deeper_than_the_limit_is_refused_where_it_passes_it() -> None:
    depth = _limits.MAX_DEPTH + 1
    problem = refused("x-deep: " + "[" * depth + "]" * depth + "\n" + SERVICE)
    assert "MAX_DEPTH = 100" in problem.message
    assert str(problem.location) == f"c.yaml:1:{8 + _limits.MAX_DEPTH}"


def test_nesting_at_the_limit_loads() -> None:
    depth = _limits.MAX_DEPTH - 1  # the top-level mapping is one level
    parsed = parse_yaml("x-deep: " + "[" * depth + "]" * depth + "\n" + SERVICE, "c.yaml")
    assert parsed.data["services"]["web"]["image"] == "busybox"


def test_aliases_expanding_past_the_depth_limit_are_refused() -> None:
    half = 60
    nested = "[" * half + "]" * half
    text = f"x-a: &a {nested}\nx-b: " + "[" * half + "*a" + "]" * half + "\n" + SERVICE
    problem = refused(text)
    assert "MAX_DEPTH" in problem.message
    assert problem.location.line == 2


def test_a_file_over_the_size_limit_is_refused_at_the_line_it_passes_it() -> None:
    line = "# " + "x" * 1021 + "\n"  # 1 KiB a line
    count = _limits.MAX_FILE_BYTES // len(line) + 2
    problem = refused(SERVICE + line * count)
    assert "MAX_FILE_BYTES" in problem.message
    full_lines, column = divmod(_limits.MAX_FILE_BYTES - len(SERVICE), len(line))
    assert (problem.location.line, problem.location.column) == (3 + full_lines + 1, column + 1)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("services:\n  web:\n    image: busy\x07box\n", "c.yaml:3:16"),
        ("\x01services:\n", "c.yaml:1:1"),
        ('services:\n  web:\n    image: "a\x1bb"\n', "c.yaml:3:14"),
    ],
)
def test_a_control_character_is_located_by_line_and_column(text: str, where: str) -> None:
    problem = refused(text)
    assert str(problem.location) == where
    assert "is not allowed" in problem.message
    assert "position" not in problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("services:\n  web: [a\n", 3),
        ("services:\n  web:\n    image: *nope\n", 3),
        ("services: {a: 1\n", 2),
        ("a: b: c\n", 1),
    ],
)
def test_scanner_and_parser_errors_are_located(text: str, line: int) -> None:
    problem = refused(text)
    assert problem.location.file == "c.yaml"
    assert problem.location.line == line
    assert problem.location.column >= 1
    assert problem.message.startswith("invalid YAML")


def test_a_big_file_without_aliases_loads_past_the_quick_look() -> None:
    items = ", ".join(["x"] * (_limits.MAX_ALIASES + 10))  # more nodes than `_AT_ONCE`
    parsed = parse_yaml(f"x-long: [{items}]\n" + SERVICE, "c.yaml")
    assert len(parsed.data["x-long"]) == _limits.MAX_ALIASES + 10


def test_aliases_may_add_nodes_up_to_the_limit() -> None:
    block = "[" + ", ".join(["x"] * 2_400) + "]"  # 2,401 nodes, repeated 100 times
    services = "".join(f"  s{i}:\n    image: busybox\n    command: *big\n" for i in range(100))
    parsed = parse_yaml(f"x-big: &big {block}\nservices:\n{services}", "c.yaml")
    assert len(parsed.data["services"]["s99"]["command"]) == 2_400
    more = services + "".join(f"  t{i}:\n    image: busybox\n    command: *big\n" for i in range(5))
    with pytest.raises(ConfigError, match="MAX_ALIAS_NODES"):
        parse_yaml(f"x-big: &big {block}\nservices:\n{more}", "c.yaml")
