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
from figlet.engine.base import BuildRequest, ImageBuilder
from figlet.errors import FigletError, Problem
from figlet.events import Message
from figlet.model import Project, Service
from figlet.plan import BuildImage, PullImage

if TYPE_CHECKING:
    from figlet.executor._actions import ActionContext


def build_request(project: Project, service: Service, tag: str) -> BuildRequest:
    """What the engine needs to build `service`'s image and tag it `tag`."""
    spec: Mapping[str, Any] = service.build or {}
    context = str(spec.get("context") or ".")
    if not os.path.isabs(context):
        context = os.path.join(project.working_dir, context)
    args = spec.get("args") or {}
    if isinstance(args, list):
        args = dict(str(item).split("=", 1) for item in args if "=" in str(item))
    return BuildRequest(
        context=context,
        tag=tag,
        dockerfile=str(spec["dockerfile"]) if spec.get("dockerfile") else None,
        args={str(k): str(v) for k, v in args.items() if v is not None},
        target=str(spec["target"]) if spec.get("target") else None,
        labels={labels.PROJECT: project.name, labels.SERVICE: service.name},
    )


def pull(ctx: ActionContext, payload: PullImage) -> str:
    """Pull the image; when it was `required` (not present locally) a failure fails the
    operation, otherwise the local copy stays in use, with a warning."""
    ref = payload.reference
    try:
        ctx.engine.pull_image(ref)
    except FigletError as error:
        if not payload.required:
            ctx.events.emit(
                Message(f"Image {ref}  not pulled, using the local one", time.time(), "warning")
            )
            return "not pulled, using the local one"
        detail = error.problems[0] if error.problems else Problem(str(error))
        raise FigletError(
            Problem(
                f'service "{payload.service}": image {ref} is missing and cannot be pulled: '
                f"{detail.message}",
                hint=detail.hint
                or f"build or load it (`docker build -t {ref} ...` / `docker load`) or add a "
                "`build:` section to the service",
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
    request = build_request(project, service, payload.reference)
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
        raise FigletError(
            Problem(
                f'service "{service.name}": building {request.tag} failed: {error.render()}',
                hint=f"check {request.context} and its Dockerfile",
            )
        ) from None
    return _short(ctx.image_ids.refresh(payload.reference))


def _short(image_id: str) -> str:
    return image_id.removeprefix("sha256:")[:12]
