"""The payload of each plan operation: one frozen dataclass per action, holding what the
executor needs to act without deciding anything (`Operation.payload`; its `action` names it).

One module per family of actions, each imported only by the code that makes or runs that
family's operations, so that a command loads the payloads it can use and no others (a cold
`up` of containers on the default bridge loads `containers` alone):

| module | payloads |
|---|---|
| `containers` | `CreateContainer`, `StartContainer`, `Recreate`, `Wait`, `UpdateHosts`, `Address` |
| `resources` | `CreateNetwork`, `CreateVolume`, `RemoveNetwork`, `RemoveVolume` |
| `lifecycle` | `Stop`, `Restart`, `Kill`, `Pause`, `Unpause`, `Remove` |
| `images` | `PullImage`, `BuildImage`, `RemoveImage` |
| `hooks` | `RunHook` (and its `Hook` entries) |
| `swarm` | the Swarm operations of `deploy` / `undeploy` |

`Payload` (any of them) and `ContainerPayload` (all but the Swarm ones) are for type checkers
only: defining them would load every family.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from figlet.plan.payloads.containers import (
        Address,
        CreateContainer,
        Recreate,
        StartContainer,
        UpdateHosts,
        Wait,
    )
    from figlet.plan.payloads.hooks import RunHook
    from figlet.plan.payloads.images import BuildImage, PullImage, RemoveImage
    from figlet.plan.payloads.lifecycle import Kill, Pause, Remove, Restart, Stop, Unpause
    from figlet.plan.payloads.resources import (
        CreateNetwork,
        CreateVolume,
        RemoveNetwork,
        RemoveVolume,
    )
    from figlet.plan.payloads.swarm import SwarmPayload

    ContainerPayload: TypeAlias = (
        PullImage
        | BuildImage
        | CreateNetwork
        | CreateVolume
        | CreateContainer
        | StartContainer
        | Recreate
        | Wait
        | UpdateHosts
        | Address
        | RunHook
        | Stop
        | Restart
        | Kill
        | Pause
        | Unpause
        | Remove
        | RemoveNetwork
        | RemoveVolume
        | RemoveImage
    )
    Payload: TypeAlias = ContainerPayload | SwarmPayload
