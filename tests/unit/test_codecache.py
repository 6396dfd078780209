"""figlet._codecache: the dataclass methods compiled once and reused from a file."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from figlet._codecache import CodeCache, cache_file


def define(cache: CodeCache | None, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A frozen dataclass with defaults and a factory, made with `cache` as exec()."""
    with monkeypatch.context() as patch:
        if cache is not None:
            patch.setattr(dataclasses, "exec", cache.exec, raising=False)

        @dataclasses.dataclass(frozen=True)
        class Point:
            x: int
            y: int = 2
            tags: list[str] = dataclasses.field(default_factory=list)

    return Point


def behaviour(point_class: Any) -> tuple[Any, ...]:
    point = point_class(1, tags=["a"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 5
    moved = dataclasses.replace(point, y=7)
    return (
        [f.name for f in dataclasses.fields(point_class)],
        repr(point).split(".")[-1],
        point == point_class(1, 2, ["a"]),
        hash(point_class(1, 2, ())) == hash(point_class(1, 2, ())),
        dataclasses.asdict(moved),
        point_class.__match_args__,
    )


def test_classes_made_through_the_cache_behave_as_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = behaviour(define(None, monkeypatch))
    first = CodeCache(str(tmp_path / "codes.marshal"))
    assert behaviour(define(first, monkeypatch)) == plain
    assert first.added > 0
    first.save()
    again = CodeCache(str(tmp_path / "codes.marshal"))
    assert behaviour(define(again, monkeypatch)) == plain
    assert again.added == 0  # every method's code came from the file


def test_a_damaged_file_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "codes.marshal"
    path.write_bytes(b"\x00not marshal")
    cache = CodeCache(str(path))
    assert cache.codes == {}
    define(cache, monkeypatch)
    cache.save()
    assert CodeCache(str(path)).codes.keys() == cache.codes.keys()


def test_where_the_file_is() -> None:
    assert cache_file({"FIGLET_NO_CACHE": "1", "HOME": "/h"}) is None
    assert cache_file({}) is None
    assert cache_file({"FIGLET_CACHE_DIR": "/c"}).startswith("/c/code/dataclasses-")  # type: ignore[union-attr]
    assert cache_file({"HOME": "/h"}).startswith("/h/.cache/figlet/code/")  # type: ignore[union-attr]


def test_the_command_line_writes_it_once(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    env = {**os.environ, "FIGLET_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("FIGLET_NO_CACHE", None)

    def config() -> None:
        done = subprocess.run(
            [sys.executable, "-m", "figlet", "-p", "cc", "config", "-q"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr

    config()
    (written,) = (tmp_path / "cache" / "code").iterdir()
    stamp = written.stat().st_mtime_ns
    config()
    assert written.stat().st_mtime_ns == stamp  # nothing new to compile: not rewritten
