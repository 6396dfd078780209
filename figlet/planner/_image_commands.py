"""The plans of `figlet build` and `figlet pull`: image operations only, made by the same
helpers as `up`'s (`figlet.planner._images`), each with its cause. Pure: no engine call.

- `plan_build`: a `build_image` for each selected service with a `build:` section (one per
  image reference), cause "figlet build"; services without one are listed as unchanged.
- `plan_pull`: a `pull_image` for each selected service's image, as `docker compose pull`
  decides: skipped for a service without `image:` (built only), for pull_policy never/build,
  and for an image present when the policy is "missing". A failed pull of an image the
  service can also build, or with --ignore-pull-failures, is a warning, not a failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from figlet.model import Project, image_reference
from figlet.plan import Operation, Plan
from figlet.plan.payloads.images import BuildImage
from figlet.planner._images import build_operation, pull_operation
from figlet.planner._select import select_services


@dataclass(frozen=True)
class BuildOptions:
    """`figlet build` flags that reach the builds (--no-cache, --pull, --build-arg)."""

    services: tuple[str, ...] = ()
    no_cache: bool = False
    pull: bool = False
    args: tuple[tuple[str, str], ...] = ()
    with_dependencies: bool = False


@dataclass(frozen=True)
class PullOptions:
    """`figlet pull` flags: `policy` "always" (pull each image) or "missing" (only absent
    ones), None: each service's pull_policy decides as Compose's does."""

    services: tuple[str, ...] = ()
    policy: str | None = None
    include_deps: bool = False
    ignore_failures: bool = False


def plan_build(project: Project, options: BuildOptions) -> Plan:
    """A build for each selected service that has a `build:` section."""
    selection = select_services(project, options.services, no_deps=not options.with_dependencies)
    operations: dict[str, Operation] = {}
    unchanged: list[str] = []
    for service in selection.services.values():
        if service.build is None:
            unchanged.append(service.name)
            continue
        op = build_operation(service, image_reference(project, service), "figlet build")
        if op.id in operations:
            continue
        payload = BuildImage(
            service.name,
            op.target,
            no_cache=options.no_cache,
            pull=options.pull,
            args=options.args,
        )
        operations[op.id] = replace(op, payload=payload)
    return Plan(
        project=project.name,
        operations=tuple(operations.values()),
        unchanged=tuple(unchanged),
        problems=selection.problems,
    )


def plan_pull(project: Project, present: Mapping[str, str], options: PullOptions) -> Plan:
    """A pull for each selected service's image that Compose's `pull` would pull."""
    selection = select_services(project, options.services, no_deps=not options.include_deps)
    operations: dict[str, Operation] = {}
    skipped: list[str] = []
    for service in selection.services.values():
        ref = image_reference(project, service)
        cause = _pull_cause(service.pull_policy, options.policy, ref in present)
        if not service.image or cause is None:
            skipped.append(service.name)
            continue
        required = service.build is None and not options.ignore_failures
        op = pull_operation(service, ref, cause, required=required)
        operations.setdefault(op.id, op)
    return Plan(
        project=project.name,
        operations=tuple(operations.values()),
        unchanged=tuple(skipped),
        problems=selection.problems,
    )


def _pull_cause(service_policy: str | None, policy: str | None, present: bool) -> str | None:
    """Why the image is pulled, or None when it is not (Compose's rules)."""
    if policy is not None:
        if policy == "missing" and present:
            return None
        return f"figlet pull --policy {policy}"
    if service_policy in ("never", "build"):
        return None
    if service_policy in ("missing", "if_not_present") and present:
        return None
    return "figlet pull"
