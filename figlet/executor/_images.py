"""Images before a plan: build what has `build:`, pull what is missing, report what cannot be had.

Runs before observing (a rebuilt image changes the image id, which the planner turns into a
recreate). Every problem is collected so that the CLI reports them all at once.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from figlet import labels
from figlet.engine.base import BuildRequest, Engine, ImageBuilder
from figlet.errors import FigletError, Problem
from figlet.events import EventSink, Message
from figlet.model import Project, Service, image_reference
from figlet.observe import image_ids

PullPolicy = Literal["always", "missing", "never"]
PULL_POLICIES: tuple[PullPolicy, ...] = ("always", "missing", "never")
# The default of `up --pull` when it is not given (the CLI, the Python API, the pytest plugin);
# unset, each service's pull_policy decides (default "missing", as in Compose).
PULL_ENV = "FIGLET_PULL"


def pull_policy_from_env(environ: Mapping[str, str]) -> PullPolicy | None:
    """FIGLET_PULL as a pull policy; None when unset or empty. A bad value is a usage error."""
    raw = environ.get(PULL_ENV, "").strip().lower()
    if not raw:
        return None
    if raw not in PULL_POLICIES:
        raise FigletError(
            Problem(
                f'{PULL_ENV}="{environ[PULL_ENV]}": expected one of {", ".join(PULL_POLICIES)}',
                hint=f"set {PULL_ENV}=never to forbid pulling, or unset it",
            ),
            exit_code=2,
        )
    return raw


def build_request(project: Project, service: Service) -> BuildRequest:
    spec: Mapping[str, Any] = service.build or {}
    context = str(spec.get("context") or ".")
    if not os.path.isabs(context):
        context = os.path.join(project.working_dir, context)
    args = spec.get("args") or {}
    if isinstance(args, list):
        args = dict(str(item).split("=", 1) for item in args if "=" in str(item))
    return BuildRequest(
        context=context,
        tag=image_reference(project, service),
        dockerfile=str(spec["dockerfile"]) if spec.get("dockerfile") else None,
        args={str(k): str(v) for k, v in args.items() if v is not None},
        target=str(spec["target"]) if spec.get("target") else None,
        labels={labels.PROJECT: project.name, labels.SERVICE: service.name},
    )


@dataclass(frozen=True)
class ImagesReady:
    """What `prepare_images` found and did."""

    problems: list[Problem]
    fetched: bool  # something was built or pulled: image ids listed before may be stale


def prepare_images(
    project: Project,
    services: Iterable[str],
    engine: Engine,
    events: EventSink,
    *,
    build: bool | None = None,
    pull: PullPolicy | None = None,
    dry_run: bool = False,
    present: Mapping[str, str] | None = None,
) -> ImagesReady:
    """Build/pull the images of `services`; `build` None = only missing ones, False = never.

    `pull` overrides each service's pull_policy (None = the service's, default "missing");
    callers pass `pull_policy_from_env(os.environ)` when the user gave none. `present`: the
    project's image ids when the caller has just listed them (`Observed.images`).
    """
    chosen = [project.services[name] for name in services if name in project.services]
    if present is None:
        present = image_ids(engine, project)
    problems: list[Problem] = []
    fetched = False
    done: set[str] = set()
    for service in chosen:
        ref = image_reference(project, service)
        if ref in done:
            continue
        done.add(ref)
        policy = pull or service.pull_policy or "missing"
        if service.build is not None:
            wanted = build is True or policy == "build" or (ref not in present and build is None)
            if wanted and not dry_run:
                fetched = True
                problems.extend(_build(project, service, engine, events))
            elif ref not in present and build is False:
                problems.append(
                    Problem(
                        f'service "{service.name}": image {ref} is missing '
                        "and --no-build was given",
                        hint="drop --no-build, or run `figlet up --build`",
                    )
                )
            continue
        if policy == "always" or (ref not in present and policy not in ("never",)):
            if dry_run:
                continue
            fetched = True
            problem = _pull(service, ref, engine, events, required=ref not in present)
            if problem is not None:
                problems.append(problem)
        elif ref not in present:
            problems.append(
                Problem(
                    f'service "{service.name}": image {ref} is not present locally and pulling '
                    f"is disabled (pull policy {policy})",
                    hint=f"build or load it (`docker build -t {ref} ...` / `docker load`), "
                    "or allow pulling",
                )
            )
    return ImagesReady(problems, fetched)


def _pull(
    service: Service, ref: str, engine: Engine, events: EventSink, *, required: bool
) -> Problem | None:
    events.emit(Message(f"Image {ref}  Pulling", time.time()))
    try:
        engine.pull_image(ref)
    except FigletError as error:
        if not required:  # --pull always with a local copy: keep going with it
            events.emit(
                Message(f"Image {ref}  not pulled, using the local one", time.time(), "warning")
            )
            return None
        detail = error.problems[0] if error.problems else Problem(str(error))
        return Problem(
            f'service "{service.name}": image {ref} is missing and cannot be pulled: '
            f"{detail.message}",
            hint=detail.hint
            or f"build or load it (`docker build -t {ref} ...` / `docker load`) or add a "
            "`build:` section to the service",
        )
    events.emit(Message(f"Image {ref}  Pulled", time.time()))
    return None


def _build(project: Project, service: Service, engine: Engine, events: EventSink) -> list[Problem]:
    request = build_request(project, service)
    events.emit(Message(f"Image {request.tag}  Building", time.time()))
    if not isinstance(engine, ImageBuilder):
        return [
            Problem(
                f'service "{service.name}": {engine.describe()} cannot build images',
                hint=f"build {request.tag} yourself (`docker build -t {request.tag} ...`)",
            )
        ]
    try:
        for line in engine.build_image(request):
            if line.strip():
                events.emit(Message(f"  {service.name}  {line.rstrip()}", time.time()))
    except FigletError as error:
        return [
            Problem(
                f'service "{service.name}": building {request.tag} failed: {error.render()}',
                hint=f"check {request.context} and its Dockerfile",
            )
        ]
    events.emit(Message(f"Image {request.tag}  Built", time.time()))
    return []
