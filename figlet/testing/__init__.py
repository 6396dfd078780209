"""figlet for tests: the pytest plugin (`figlet.testing.plugin`), `DockerCompose` (a drop-in for
testcontainers' compose class) and `reap` (takes down the stacks of processes that are gone).

Attributes are imported on first use, so that loading the pytest plugin stays cheap: `_HOMES`
names each and its module; the imports below repeat them for type checkers only
(tests/unit/test_lazy_exports.py keeps the two equal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from figlet._lazy import lazy_attributes

if TYPE_CHECKING:
    from figlet.testing._compose_model import ComposeContainer as ComposeContainer
    from figlet.testing._compose_model import ContainerIsNotRunning as ContainerIsNotRunning
    from figlet.testing._compose_model import NoSuchPortExposed as NoSuchPortExposed
    from figlet.testing._compose_model import PublishedPortModel as PublishedPortModel
    from figlet.testing._reaper import reap as reap
    from figlet.testing.compose import DockerCompose as DockerCompose

_HOMES = {
    "ComposeContainer": "figlet.testing._compose_model",
    "ContainerIsNotRunning": "figlet.testing._compose_model",
    "NoSuchPortExposed": "figlet.testing._compose_model",
    "PublishedPortModel": "figlet.testing._compose_model",
    "reap": "figlet.testing._reaper",
    "DockerCompose": "figlet.testing.compose",
}

__all__ = [*_HOMES]
__getattr__, __dir__ = lazy_attributes(__name__, _HOMES)
