"""Helpers: write a project into a temporary directory and load it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from figlet.errors import ConfigError
from figlet.loader import load_project
from figlet.model import Project
from figlet.options import LoadOptions

Write = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """`write("compose.yaml", text)` -> the file's path, under a project directory `proj`."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / "proj" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    return _write


@pytest.fixture
def load(tmp_path: Path) -> Callable[..., Project]:
    """Load the project in `proj` (no cache: the environment has no HOME)."""

    def _load(environ: Mapping[str, str] | None = None, **options: object) -> Project:
        opts = LoadOptions(
            working_dir=str(options.pop("working_dir", tmp_path / "proj")),
            environ=dict(environ or {}),
            **options,  # type: ignore[arg-type]
        )
        return load_project(opts)

    return _load


@pytest.fixture
def fail(load: Callable[..., Project]) -> Callable[..., ConfigError]:
    """Load and return the ConfigError that must be raised."""

    def _fail(environ: Mapping[str, str] | None = None, **options: object) -> ConfigError:
        with pytest.raises(ConfigError) as caught:
            load(environ, **options)
        return caught.value

    return _fail
