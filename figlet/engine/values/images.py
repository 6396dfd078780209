"""What building an image takes, and what the engine tells of one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BuildRequest:
    """POST /build: a service's `build:` section resolved to absolute paths, tagged `tag`."""

    context: str  # directory
    tag: str
    dockerfile: str | None = None  # relative to the context, or absolute (outside it)
    dockerfile_inline: str | None = None  # the Dockerfile's text (instead of `dockerfile`)
    args: Mapping[str, str] = field(default_factory=dict)
    target: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()  # more tags given to the image once it is built
    cache_from: tuple[str, ...] = ()
    network: str | None = None
    shm_size: int | None = None  # bytes
    extra_hosts: Mapping[str, str] = field(default_factory=dict)  # host -> address
    no_cache: bool = False
    pull: bool = False  # pull newer versions of the base images
    platform: str | None = None


@dataclass(frozen=True)
class ImageDetails:
    """An image as GET /images/{id}/json describes it."""

    id: str
    tags: tuple[str, ...]  # "repo:tag", as RepoTags lists them
    size: int  # bytes
    created: str = ""
