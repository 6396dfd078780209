"""The image operations of a plan: pull an image, build a service's image. No decisions: the
planner chose what to pull or build and why (`figlet.planner._images`).

After either, the image's new local id is asked of the engine once and kept (`ImageIds`), so
that the creates waiting on the operation label their containers with the new image.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from figlet import labels
from figlet.engine.base import ImageBuilder
from figlet.engine.values.images import BuildRequest
from figlet.errors import FigletError, Problem
from figlet.events import Message
from figlet.model import Project, Service
from figlet.plan.payloads.images import BuildImage, PullImage

if TYPE_CHECKING:
    from figlet.executor._actions import ActionContext


def build_request(
    project: Project, service: Service, tag: str, payload: BuildImage | None = None
) -> BuildRequest:
    """What the engine needs to build `service`'s image and tag it `tag`: every key of its
    `build:` section (the loader already took the value of an `ARG` written without one from
    the environment, as Compose does), the service's `platform`, and the command line's
    --no-cache / --pull / --build-arg from the payload."""
    spec: Mapping[str, Any] = service.build or {}
    context = str(spec.get("context") or ".")
    if not os.path.isabs(context):
        context = os.path.join(project.working_dir, context)
    args = {**_pairs(spec.get("args")), **dict(payload.args if payload else ())}
    return BuildRequest(
        context=context,
        tag=tag,
        dockerfile=_text(spec.get("dockerfile")),
        dockerfile_inline=_text(spec.get("dockerfile_inline")),
        args=args,
        target=_text(spec.get("target")),
        labels={**_pairs(spec.get("labels")), **_owner(project, service)},
        tags=tuple(str(extra) for extra in spec.get("tags") or ()),
        cache_from=tuple(str(source) for source in spec.get("cache_from") or ()),
        network=_text(spec.get("network")),
        shm_size=int(spec["shm_size"]) if spec.get("shm_size") is not None else None,
        extra_hosts=_pairs(spec.get("extra_hosts"), ("=", ":")),
        no_cache=bool(spec.get("no_cache")) or bool(payload and payload.no_cache),
        pull=bool(spec.get("pull")) or bool(payload and payload.pull),
        platform=service_platform(service),
    )


def service_platform(service: Service) -> str | None:
    """The platform a service's image is pulled or built for: `platform:`, else the first of
    `build.platforms` (the engine builds one platform at a time)."""
    platforms = (service.build or {}).get("platforms")
    first = platforms[0] if isinstance(platforms, list) and platforms else None
    return _text(service.spec.get("platform")) or _text(first)


def _owner(project: Project, service: Service) -> dict[str, str]:
    return {labels.PROJECT: project.name, labels.SERVICE: service.name}


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _pairs(value: object, separators: tuple[str, ...] = ("=",)) -> dict[str, str]:
    """A map, or a list of KEY=VALUE strings (KEY:VALUE too for extra_hosts), as a dict;
    entries without a value are left out."""
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items() if v is not None}
    found: dict[str, str] = {}
    for item in value if isinstance(value, list) else ():
        text = str(item)
        for separator in separators:
            if separator in text:
                key, _, rest = text.partition(separator)
                found[key] = rest
                break
    return found


def pull(ctx: ActionContext, payload: PullImage) -> str:
    """Pull the image; when it was `required` a failure fails the operation, otherwise the
    local copy (if any) stays in use, with a warning."""
    ref = payload.reference
    try:
        ctx.engine.pull_image(ref, platform=payload.platform)
    except FigletError as error:
        detail = error.problems[0] if error.problems else Problem(str(error))
        present = bool(ctx.image_ids(ref))
        if not payload.required:
            outcome = "not pulled, using the local one" if present else "not pulled"
            why = "" if present else f": {detail.message}"
            ctx.events.emit(Message(f"Image {ref}  {outcome}{why}", time.time(), "warning"))
            return outcome
        if present:  # `figlet pull` of an image there is a copy of
            raise FigletError(
                Problem(f'service "{payload.service}": {detail.message}', hint=detail.hint)
            ) from None
        build_or_load = (
            f"build or load it (`docker build -t {ref} ...` / `docker load`) or add a "
            "`build:` section to the service"
        )
        raise FigletError(
            Problem(
                f'service "{payload.service}": image {ref} is missing and cannot be pulled: '
                f"{detail.message}",
                hint=f"{detail.hint}; or {build_or_load}" if detail.hint else build_or_load,
            )
        ) from None
    return _short(ctx.image_ids.refresh(ref))


def build(ctx: ActionContext, payload: BuildImage) -> str:
    """Build the service's image, its output as progress messages."""
    from figlet.executor._actions import service_of

    project = ctx.project
    if project is None:
        raise FigletError("building an image needs the project file (none was loaded)")
    service = service_of(ctx, payload.service)
    request = build_request(project, service, payload.reference, payload)
    if not isinstance(ctx.engine, ImageBuilder):
        raise FigletError(
            Problem(
                f'service "{service.name}": {ctx.engine.describe()} cannot build images',
                hint=f"build {request.tag} yourself (`docker build -t {request.tag} ...`)",
            )
        )
    try:
        for line in ctx.engine.build_image(request):
            if line.strip():
                ctx.events.emit(Message(f"  {service.name}  {line.rstrip()}", time.time()))
    except FigletError as error:
        detail = error.problems[0].message if error.problems else str(error)
        detail = detail.removeprefix(f"build image {request.tag}: ")
        raise FigletError(
            Problem(
                f'service "{service.name}": building {request.tag} failed: {detail}',
                hint=f"fix the Dockerfile or the build context ({request.context})"
                + (
                    f"; the image is built for {request.platform} (`platform:`): the engine "
                    "needs base images of that platform"
                    if request.platform
                    else ""
                ),
            )
        ) from None
    return _short(ctx.image_ids.refresh(payload.reference))


def _short(image_id: str) -> str:
    return image_id.removeprefix("sha256:")[:12]
