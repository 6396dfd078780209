"""The images a plan builds or pulls, and the images that cannot be had: decided from the
project, the local image ids observed and the `ImagePolicy`, with no engine call.

Per image reference (the first selected service that uses it decides):

- a service with `build:` is built with --build, with `pull_policy: build`, or when its image
  is missing and --no-build was not given; missing with --no-build is a problem;
- any other service's image is pulled with `pull_policy: always` (a failed pull then keeps
  the local copy), or when it is missing and the policy is not `never`; missing with `never`
  is a problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from figlet.errors import Problem
from figlet.model import Project, Service, image_reference
from figlet.plan import Operation, ids
from figlet.planner.options import ImagePolicy


@dataclass(frozen=True)
class ImagePlan:
    """The image operations, which of them each service's creates wait for, the problems."""

    operations: tuple[Operation, ...]
    by_service: Mapping[str, str]  # service -> id of the operation that builds/pulls its image
    problems: tuple[Problem, ...]


def plan_images(
    project: Project,
    services: Iterable[Service],
    present: Mapping[str, str],
    policy: ImagePolicy,
) -> ImagePlan:
    """What to build or pull for `services` (see the module docstring)."""
    operations: dict[str, Operation] = {}
    by_service: dict[str, str] = {}
    problems: list[Problem] = []
    decided: set[str] = set()
    for service in services:
        ref = image_reference(project, service)
        if ref in decided:
            op_id = _op_for(ref, operations)
            if op_id is not None:
                by_service[service.name] = op_id
            continue
        decided.add(ref)
        missing = ref not in present
        op, problem = _decide(service, ref, missing, policy)
        if op is not None:
            operations[op.id] = op
            by_service[service.name] = op.id
        if problem is not None:
            problems.append(problem)
    return ImagePlan(tuple(operations.values()), by_service, tuple(problems))


def _op_for(ref: str, operations: Mapping[str, Operation]) -> str | None:
    for op_id in (ids.build(ref), ids.pull(ref)):
        if op_id in operations:
            return op_id
    return None


def _decide(
    service: Service, ref: str, missing: bool, policy: ImagePolicy
) -> tuple[Operation | None, Problem | None]:
    pull_policy, source = policy.pull_policy(service)
    if service.build is not None:
        cause = ""
        if policy.build is True:
            cause = "--build"
        elif pull_policy == "build" and policy.build is None:
            cause = "pull_policy: build"
        elif missing and policy.build is None:
            cause = "image missing locally"
        if cause:
            return build_operation(service, ref, cause), None
        if missing:
            return None, Problem(
                f'service "{service.name}": image {ref} is missing and --no-build was given',
                path=f"services.{service.name}.build",
                hint="drop --no-build, or run `figlet up --build`",
            )
        return None, None
    if pull_policy == "always":
        return pull_operation(service, ref, _policy_words(source, "always"), required=missing), None
    if missing and pull_policy != "never":
        return pull_operation(service, ref, "missing locally", required=True), None
    if missing:
        return None, Problem(
            f'service "{service.name}": image {ref} is not present locally and pulling '
            f"is disabled ({_policy_words(source, 'never')})",
            path=f"services.{service.name}.image",
            hint=f"build or load it (`docker build -t {ref} ...` / `docker load`), "
            "or allow pulling",
        )
    return None, None


def _policy_words(source: str, policy: str) -> str:
    """The words of a cause: `pull_policy: always`, `--pull always`, `FIGLET_PULL=always`."""
    if source.startswith("--"):
        return f"{source} {policy}"
    if source == "pull_policy":
        return f"pull_policy: {policy}"
    return f"{source}={policy}"


def build_operation(service: Service, ref: str, cause: str) -> Operation:
    from figlet.plan.payloads.images import BuildImage

    return Operation(
        id=ids.build(ref),
        target=ref,
        cause=cause,
        service=service.name,
        payload=BuildImage(service.name, ref),
    )


def pull_operation(service: Service, ref: str, cause: str, *, required: bool) -> Operation:
    from figlet.plan.payloads.images import PullImage

    return Operation(
        id=ids.pull(ref),
        target=ref,
        cause=cause,
        service=service.name,
        payload=PullImage(service.name, ref, required=required, platform=_platform(service)),
    )


def _platform(service: Service) -> str | None:
    platform = service.spec.get("platform")
    return str(platform) if platform else None
