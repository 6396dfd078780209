"""`OwnedStack`: the `figlet.api.Stack` the pytest plugin brings up, its services, networks and
volumes labelled with the process that owns them (for `figlet.testing.reap`)."""

from __future__ import annotations

from dataclasses import dataclass

from figlet import api
from figlet.testing._reaper import ProcessOwner, with_owner


@dataclass
class OwnedStack(api.Stack):
    """An `api.Stack` whose loaded project carries its owner's labels: `owner`, or this process
    (a shared stack's owner is xdist's controller, which outlives every worker). With `owned`
    False it carries none: a stack kept on purpose (`--figlet-keep`) is not the reaper's."""

    owner: ProcessOwner | None = None
    owned: bool = True

    def __enter__(self) -> OwnedStack:
        super().__enter__()
        if self.owned:
            self._project = with_owner(self.loaded, self.owner or ProcessOwner.current())
        return self
