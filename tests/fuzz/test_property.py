"""The fuzz property itself: it rejects what it must (an unlocated problem, a loader bug caught
by the loader's guard, a hang) and accepts a located error."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from _fuzzing import Hang, check_load, time_guard, unlocated

from figlet.errors import ConfigError, Location, Problem


def test_a_located_problem_passes() -> None:
    error = ConfigError(Problem("bad", Location("c.yaml", 3, 5)))
    assert unlocated(error) == []


@pytest.mark.parametrize(
    "problem",
    [
        Problem("bad"),
        Problem("bad", Location("c.yaml")),
        Problem("internal error while loading the compose files: KeyError", Location("c.yaml", 1)),
    ],
)
def test_an_unlocated_problem_or_a_loader_bug_fails(problem: Problem) -> None:
    assert unlocated(ConfigError(problem)) == [problem.render()]


def test_the_time_guard_stops_a_hang() -> None:
    started = time.monotonic()
    with pytest.raises(Hang), time_guard(0.2):
        time.sleep(5)
    assert time.monotonic() - started < 2


def test_a_bad_file_is_a_located_error_and_passes(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: [\n")
    check_load(tmp_path, ("compose.yaml",))


def test_a_problem_without_a_line_fails_the_check(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="without file:line"):
        check_load(tmp_path, ("missing.yaml",))
