"""figlet: define and run multi-container applications from a compose file.

The public API (docs/PYTEST.md, "The Python API"): `Stack`, `load`, `connect`, `up`, `down`,
`ps` and their result types from `figlet.api`; `DockerCompose` for tests; figlet's errors.
Everything but `__version__` is imported on first use, so `import figlet` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from figlet._version import __version__

if TYPE_CHECKING:
    from figlet.api import Result, Stack, connect, down, load, ps, up
    from figlet.errors import ConfigError, EngineError, FigletError
    from figlet.executor import Outcome
    from figlet.observe.state import ObservedContainer
    from figlet.testing.compose import DockerCompose

__all__ = [
    "ConfigError",
    "DockerCompose",
    "EngineError",
    "FigletError",
    "ObservedContainer",
    "Outcome",
    "Result",
    "Stack",
    "__version__",
    "connect",
    "down",
    "load",
    "ps",
    "up",
]

_HOMES = {
    "Result": "figlet.api",
    "Stack": "figlet.api",
    "connect": "figlet.api",
    "down": "figlet.api",
    "load": "figlet.api",
    "ps": "figlet.api",
    "up": "figlet.api",
    "ConfigError": "figlet.errors",
    "EngineError": "figlet.errors",
    "FigletError": "figlet.errors",
    "Outcome": "figlet.executor",
    "ObservedContainer": "figlet.observe.state",
    "DockerCompose": "figlet.testing.compose",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'figlet' has no attribute {name!r}")
    return getattr(import_module(home), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
