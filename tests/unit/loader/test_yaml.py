"""The positional YAML parse: scalars as Compose reads them, positions, duplicates, tags."""

from __future__ import annotations

import pytest
import yaml

from figlet.errors import ConfigError
from figlet.loader._problems import SourceMap
from figlet.loader._yaml import RESET, Override, _Builder, _Composer, parse_yaml, resolve_plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("80:80", "80:80"),
        ("42", 42),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("~", None),
        ("", None),
        ("1.2.3", "1.2.3"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, expected: object) -> None:
    assert resolve_plain(text) == expected


def test_quoted_scalars_stay_strings() -> None:
    parsed = parse_yaml("a: \"80\"\nb: 'true'\n", "c.yaml")
    assert parsed.data == {"a": "80", "b": "true"}


def test_every_node_has_a_position() -> None:
    parsed = parse_yaml("services:\n  web:\n    image: nginx\n", "c.yaml")
    assert parsed.source.values[("services", "web", "image")] == (3, 12)
    assert parsed.source.keys[("services", "web", "image")] == (3, 5)


def test_duplicate_keys_are_a_located_error() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_yaml("services:\n  web:\n    image: a\n    image: b\n", "c.yaml")
    (problem,) = caught.value.problems
    assert str(problem.location) == "c.yaml:4:5"
    assert problem.path == "services.web.image"
    assert "duplicate key" in problem.message


def test_a_tab_is_a_located_error_with_a_hint() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_yaml("services:\n  web:\n\timage: a\n", "c.yaml")
    (problem,) = caught.value.problems
    assert problem.location is not None and problem.location.line == 3
    assert "tab" in problem.message and "spaces" in problem.hint


def test_merge_keys_and_anchors() -> None:
    text = (
        "x-base: &base\n  image: a\n  tty: true\nservices:\n  web:\n    <<: *base\n    tty: false\n"
    )
    parsed = parse_yaml(text, "c.yaml")
    assert parsed.data["services"]["web"] == {"tty": False, "image": "a"}


def test_reset_and_override_tags_become_markers() -> None:
    parsed = parse_yaml("a: !reset []\nb: !override [1]\n", "c.yaml")
    assert parsed.data["a"] is RESET
    assert parsed.data["b"] == Override([1])
    assert parsed.has_tags


@pytest.mark.parametrize(
    "text",
    [
        "services:\n  web:\n    image: nginx\n    ports: ['80:80', 90]\n",
        "x-a: &a {image: a, tty: true}\nservices:\n  web: *a\n  db: *a\n",
        "services:\n  web: {image: a}\n---\nservices:\n  web: {tty: true}\n  db: {}\n",
        "services:\n  web:\n    <<: {image: a}\n    tty: true\n",
        "a: !reset []\nb: '<<'\n",
    ],
)
def test_positions_recorded_late_are_those_of_the_builder(text: str) -> None:
    parsed = parse_yaml(text, "c.yaml")
    builder = _Builder(SourceMap("c.yaml"))
    for node in yaml.compose_all(text, Loader=_Composer):
        builder.build(node, ())
    assert parsed.source.values == builder.source.values
    assert parsed.source.keys == builder.source.keys


def test_a_plain_file_is_built_as_the_builder_builds_it() -> None:
    text = "a: [1, '2', 0x10, yes, ~, 1.5, .inf]\nb: {c: null, '<<': x, d: 'true'}\n"
    (node,) = yaml.compose_all(text, Loader=_Composer)
    assert parse_yaml(text, "c.yaml").data == _Builder(SourceMap("c.yaml")).build(node, ())
