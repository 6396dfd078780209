"""Fig's FIG_FILE and FIG_PROJECT_NAME, honoured beside COMPOSE_FILE and COMPOSE_PROJECT_NAME
(Compose's win when both are set)."""

from __future__ import annotations

from typing import Any


def test_fig_file_names_the_compose_file(write: Any, load: Any) -> None:
    write("a.yml", "services:\n  a:\n    image: a\n")
    write("fig.yml", "services:\n  f:\n    image: f\n")
    assert list(load({"FIG_FILE": "fig.yml"}).services) == ["f"]


def test_compose_file_wins_over_fig_file(write: Any, load: Any) -> None:
    write("a.yml", "services:\n  a:\n    image: a\n")
    write("fig.yml", "services:\n  f:\n    image: f\n")
    assert list(load({"FIG_FILE": "fig.yml", "COMPOSE_FILE": "a.yml"}).services) == ["a"]


def test_fig_project_name_names_the_project(write: Any, load: Any) -> None:
    write("compose.yaml", "name: from-file\nservices:\n  web:\n    image: a\n")
    assert load({"FIG_PROJECT_NAME": "from-fig"}).name == "from-fig"
    both = {"FIG_PROJECT_NAME": "from-fig", "COMPOSE_PROJECT_NAME": "from-compose"}
    assert load(both).name == "from-compose"
    assert load({"FIG_PROJECT_NAME": "from-fig"}, project_name="flag").name == "flag"


def test_a_bad_fig_project_name_names_the_variable(write: Any, fail: Any) -> None:
    write("compose.yaml", "services:\n  web:\n    image: a\n")
    error = fail({"FIG_PROJECT_NAME": "Bad Name!"})
    assert "FIG_PROJECT_NAME" in error.render()
