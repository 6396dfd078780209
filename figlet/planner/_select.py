"""Which services a plan covers, and in which order (dependencies first): the project's
dependency graph (`figlet.graph`) tells both."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from figlet.errors import Problem
from figlet.graph import DependencyCycle, DependencyGraph
from figlet.model import Project, Service


@dataclass(frozen=True)
class Selection:
    """The services to plan, dependencies before dependents, and what is wrong with the choice."""

    services: Mapping[str, Service]
    problems: tuple[Problem, ...] = ()


def select_services(project: Project, names: Iterable[str], *, no_deps: bool) -> Selection:
    """`names` (empty = every active service) plus, unless `no_deps`, their dependencies.

    A service named explicitly, or needed by one, is planned even if its profile is disabled;
    without names, a required dependency on a disabled service is a problem (as in Compose).
    Optional (`required: false`) dependencies that are not in the project are skipped.
    """
    known: dict[str, Service] = {**project.disabled_services, **project.services}
    problems: list[Problem] = []
    wanted = tuple(dict.fromkeys(names))
    chosen: dict[str, Service] = {}
    for name in wanted:
        if name in known:
            chosen[name] = known[name]
        else:
            problems.append(
                Problem(
                    f"no such service: {name}",
                    path=f"services.{name}",
                    hint="services: " + ", ".join(sorted(project.services)),
                )
            )
    if not wanted:
        chosen = dict(project.services)
    graph = DependencyGraph.of(known)
    if not no_deps:
        queue = list(chosen.values())
        while queue:
            service = queue.pop(0)
            for edge in graph.edges[service.name]:
                if edge.target in chosen:
                    continue
                if edge.target in project.services or (wanted and edge.target in known):
                    chosen[edge.target] = known[edge.target]
                    queue.append(known[edge.target])
                elif edge.target in known and edge.required:
                    problems.append(
                        Problem(
                            f'service "{edge.target}" is needed by service "{service.name}" '
                            "but is not enabled by the active profiles",
                            path=f"services.{service.name}.{edge.kind}",
                            hint=f'enable a profile of "{edge.target}" (--profile) or give both '
                            "services a common profile",
                        )
                    )
                elif edge.required:
                    problems.append(
                        Problem(
                            f'service "{service.name}" depends on undefined service '
                            f'"{edge.target}"',
                            path=f"services.{service.name}.{edge.kind}",
                        )
                    )
    try:
        order = graph.startup_order(among=chosen)
    except DependencyCycle as cycle:  # the loader refuses cycles: only a hand-made project
        problems.extend(cycle.problems)
        order = tuple(name for name in known if name in chosen)
    return Selection({name: chosen[name] for name in order}, tuple(problems))
