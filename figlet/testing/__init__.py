"""figlet for tests: the pytest plugin (`figlet.testing.plugin`), `DockerCompose` (a drop-in for
testcontainers' compose class) and `reap` (takes down the stacks of processes that are gone).

Attributes are imported on first use, so that loading the pytest plugin stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from figlet.testing._compose_model import (
        ComposeContainer,
        ContainerIsNotRunning,
        NoSuchPortExposed,
        PublishedPortModel,
    )
    from figlet.testing._reaper import reap
    from figlet.testing.compose import DockerCompose

__all__ = [
    "ComposeContainer",
    "ContainerIsNotRunning",
    "DockerCompose",
    "NoSuchPortExposed",
    "PublishedPortModel",
    "reap",
]

_HOMES = {
    "ComposeContainer": "figlet.testing._compose_model",
    "ContainerIsNotRunning": "figlet.testing._compose_model",
    "NoSuchPortExposed": "figlet.testing._compose_model",
    "PublishedPortModel": "figlet.testing._compose_model",
    "reap": "figlet.testing._reaper",
    "DockerCompose": "figlet.testing.compose",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'figlet.testing' has no attribute {name!r}")
    return getattr(import_module(home), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
