"""Helpers of the command-line tests: the compose files, the outcome of a run, an engine on
which Ctrl-C arrives. (The fixtures are in conftest.py.)"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from figlet.engine.fake import FakeEngine
from figlet.observe.state import ObservedContainer

BUSYBOX = "figlet-local/busybox:latest"
COMPOSE = f"""\
name: demo
services:
  db:
    image: {BUSYBOX}
    command: ["sleep", "3600"]
  web:
    image: {BUSYBOX}
    command: ["sleep", "3600"]
    depends_on: [db]
    deploy:
      replicas: 2
"""
BAD_COMPOSE = f"""\
services:
  web:
    image: {BUSYBOX}
    ports: ["80:80:80"]
"""


@dataclass(frozen=True)
class Run:
    """How one command line ended."""

    code: int
    out: str
    err: str


Figlet = Callable[..., Run]


class InterruptingEngine(FakeEngine):
    """A fake engine on which Ctrl-C arrives while figlet lists the project's containers,
    the `skip`-th time and after (the call is made in the command's own thread)."""

    def __init__(self, skip: int = 0) -> None:
        super().__init__(images=(BUSYBOX,))
        self.skip = skip

    def list_containers(self, project: str) -> Sequence[ObservedContainer]:
        if self.skip <= 0:
            raise KeyboardInterrupt
        self.skip -= 1
        return super().list_containers(project)
