"""The payloads of the operations on images: pull, build, remove."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from figlet.plan import Action


@dataclass(frozen=True)
class PullImage:
    """Pull `reference` (for `service`, the first that uses it). `required`: the image is not
    present locally, so a failed pull fails the operation; otherwise (`pull_policy: always`
    with a local copy) a failed pull keeps the local image, with a warning."""

    action: ClassVar[Action] = Action.PULL_IMAGE
    service: str
    reference: str
    required: bool = True
    platform: str | None = None  # the service's `platform:`


@dataclass(frozen=True)
class BuildImage:
    """Build `service`'s image from its `build:` section and tag it `reference`; `no_cache`,
    `pull` and `args` (KEY, VALUE pairs over the section's own) come from `figlet build`."""

    action: ClassVar[Action] = Action.BUILD_IMAGE
    service: str
    reference: str
    no_cache: bool = False
    pull: bool = False
    args: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RemoveImage:
    action: ClassVar[Action] = Action.REMOVE_IMAGE
    image: str
