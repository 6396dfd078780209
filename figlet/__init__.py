"""figlet: define and run multi-container applications from a compose file.

The public API (docs/PYTEST.md, "The Python API"): `Stack`, `load`, `connect`, `up`, `down`,
`ps` and their result types from `figlet.api`; `DockerCompose` for tests; figlet's errors.
Everything but `__version__` is imported on first use, so `import figlet` stays cheap: `_HOMES`
names each attribute and its module; the imports below repeat them for type checkers only
(tests/unit/test_lazy_exports.py keeps the two equal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from figlet._lazy import lazy_attributes
from figlet._version import __version__

if TYPE_CHECKING:
    from figlet.api import Result as Result
    from figlet.api import Stack as Stack
    from figlet.api import connect as connect
    from figlet.api import down as down
    from figlet.api import load as load
    from figlet.api import ps as ps
    from figlet.api import up as up
    from figlet.errors import ConfigError as ConfigError
    from figlet.errors import EngineError as EngineError
    from figlet.errors import FigletError as FigletError
    from figlet.executor import Outcome as Outcome
    from figlet.observe.state import ObservedContainer as ObservedContainer
    from figlet.testing.compose import DockerCompose as DockerCompose

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

__all__ = ["__version__", *_HOMES]
__getattr__, __dir__ = lazy_attributes(__name__, _HOMES)
