"""What the user asked of `up` / `down` (the executor's own flags, like --wait, live elsewhere)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from figlet.errors import FigletError, Problem


@dataclass(frozen=True)
class UpOptions:
    """`figlet up` / `scale` / `plan` flags that change the plan.

    `services` selects services (empty = all) and brings their dependencies unless `no_deps`;
    `scale` overrides replica counts (`--scale web=3`).
    """

    services: tuple[str, ...] = ()
    no_deps: bool = False
    force_recreate: bool = False
    no_recreate: bool = False
    no_start: bool = False
    remove_orphans: bool = False
    scale: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.force_recreate and self.no_recreate:
            raise FigletError(
                Problem(
                    "--force-recreate and --no-recreate cannot be used together",
                    hint="keep one of them",
                ),
                exit_code=2,
            )
        for name, count in self.scale.items():
            if count < 0:
                raise FigletError(Problem(f"--scale {name}={count}: the count must be 0 or more"))


@dataclass(frozen=True)
class DownOptions:
    """`figlet down` flags: `volumes` is -v, `rmi` is --rmi local|all, `timeout` is -t."""

    remove_orphans: bool = False
    volumes: bool = False
    rmi: Literal["local", "all"] | None = None
    timeout: int | None = None
