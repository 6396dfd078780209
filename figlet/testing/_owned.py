"""`OwnedStack`: the `figlet.api.Stack` the pytest plugin brings up, its services, networks and
volumes labelled with the process that owns them (for `figlet.testing.reap`)."""

from __future__ import annotations

from figlet import api
from figlet.testing._reaper import ProcessOwner, with_owner


class OwnedStack(api.Stack):
    """An `api.Stack` whose loaded project carries this process's owner labels."""

    def __enter__(self) -> OwnedStack:
        super().__enter__()
        self._project = with_owner(self.loaded, ProcessOwner.current())
        return self
