"""The load cache: a hit when nothing changed, a miss when a file or a variable did."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from figlet.loader import _cache, _pipeline
from figlet.loader import load_project as real_load
from figlet.options import LoadOptions


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts how many times the pipeline really ran."""
    runs: list[int] = []
    original = _pipeline.Pipeline.run

    def run(self: Any) -> Any:
        runs.append(1)
        return original(self)

    monkeypatch.setattr(_pipeline.Pipeline, "run", run)
    return runs


def options(tmp_path: Path, **environ: str) -> LoadOptions:
    env = {"FIGLET_CACHE_DIR": str(tmp_path / "cache"), **environ}
    return LoadOptions(working_dir=str(tmp_path / "proj"), environ=env)


def test_hit_miss_and_invalidation(write: Any, tmp_path: Path, counted: list[int]) -> None:
    compose = write("compose.yaml", "services:\n  web:\n    image: app:${TAG:-1}\n")
    first = real_load(options(tmp_path))
    second = real_load(options(tmp_path))
    assert len(counted) == 1
    assert second.services["web"].image == first.services["web"].image == "app:1"
    assert second.spec == first.spec

    assert real_load(options(tmp_path, TAG="2")).services["web"].image == "app:2"
    assert len(counted) == 2

    compose.write_text("services:\n  web:\n    image: other\n")
    assert real_load(options(tmp_path, TAG="2")).services["web"].image == "other"
    assert len(counted) == 3


def test_a_new_dotenv_file_invalidates(write: Any, tmp_path: Path, counted: list[int]) -> None:
    write("compose.yaml", "services:\n  web:\n    image: app:${TAG:-1}\n")
    real_load(options(tmp_path))
    write(".env", "TAG=9\n")
    assert real_load(options(tmp_path)).services["web"].image == "app:9"
    assert len(counted) == 2


def test_disabled_and_corrupt_cache(write: Any, tmp_path: Path, counted: list[int]) -> None:
    write("compose.yaml", "services:\n  web:\n    image: a\n")
    real_load(options(tmp_path, FIGLET_NO_CACHE="1"))
    real_load(options(tmp_path, FIGLET_NO_CACHE="1"))
    assert len(counted) == 2
    real_load(options(tmp_path))
    for entry in (tmp_path / "cache").iterdir():
        entry.write_text("{not json")
    assert real_load(options(tmp_path)).services["web"].image == "a"
    assert len(counted) == 4


def test_cache_dir_defaults() -> None:
    assert _cache.cache_dir({"HOME": "/h"}) == "/h/.cache/figlet/load"
    assert _cache.cache_dir({"XDG_CACHE_HOME": "/x", "HOME": "/h"}) == "/x/figlet/load"
    assert _cache.cache_dir({}) is None
