"""What the user asked of `up` / `down` (the executor's own flags, like --wait, live elsewhere)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from figlet.errors import FigletError, Problem
from figlet.model import Service

PullPolicy = Literal["always", "missing", "never"]
PULL_POLICIES: tuple[PullPolicy, ...] = ("always", "missing", "never")


@dataclass(frozen=True)
class ImagePolicy:
    """How `up` gets its images: `build` True (--build) builds every `build:` service, False
    (--no-build) never builds, None builds the missing ones; `pull` (--pull or FIGLET_PULL,
    resolved once by `figlet.api.image_policy`) overrides each service's pull_policy, and
    `pull_from` says where it came from (for the plan's causes)."""

    build: bool | None = None
    pull: PullPolicy | None = None
    pull_from: str = "--pull"

    def pull_policy(self, service: Service) -> tuple[str, str]:
        """(policy, where it comes from) for `service`: the override, else its pull_policy,
        else "missing"."""
        if self.pull is not None:
            return self.pull, self.pull_from
        if service.pull_policy:
            return service.pull_policy, "pull_policy"
        return "missing", "pull_policy"


@dataclass(frozen=True)
class UpOptions:
    """`figlet up` / `scale` / `plan` flags that change the plan.

    `services` selects services (empty = all) and brings their dependencies unless `no_deps`;
    `scale` overrides replica counts (`--scale web=3`); `images` decides builds and pulls.
    `no_containers`: selected services whose networks, volumes and image are made ready but
    whose containers are left as they are (the service of `figlet run`, whose container is a
    one-off made outside the plan).
    `renew_anon_volumes` (-V) recreates every container with new anonymous volumes (the old
    ones are removed with the old container); `always_recreate_deps` recreates the services the
    selected ones depend on.
    """

    services: tuple[str, ...] = ()
    no_deps: bool = False
    force_recreate: bool = False
    no_recreate: bool = False
    no_start: bool = False
    remove_orphans: bool = False
    scale: Mapping[str, int] = field(default_factory=dict)
    images: ImagePolicy = field(default_factory=ImagePolicy)
    no_containers: tuple[str, ...] = ()
    renew_anon_volumes: bool = False
    always_recreate_deps: bool = False

    def __post_init__(self) -> None:
        forcing = [
            flag
            for flag, given in (
                ("--force-recreate", self.force_recreate),
                ("--renew-anon-volumes", self.renew_anon_volumes),
                ("--always-recreate-deps", self.always_recreate_deps),
            )
            if given
        ]
        if forcing and self.no_recreate:
            raise FigletError(
                Problem(
                    f"{forcing[0]} and --no-recreate cannot be used together",
                    hint="keep one of them",
                ),
                exit_code=2,
            )
        for name, count in self.scale.items():
            if count < 0:
                raise FigletError(Problem(f"--scale {name}={count}: the count must be 0 or more"))
