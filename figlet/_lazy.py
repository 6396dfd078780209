"""Package attributes imported on first use: a package names each public attribute once, with
the module that defines it, and `import package` stays cheap."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_attributes(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module `__getattr__` that imports `name` from `homes[name]` on first use, and the
    `__dir__` that lists them."""

    def getattr_(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(home), name)

    def dir_() -> list[str]:
        return sorted({*vars(import_module(package)), *homes})

    return getattr_, dir_
