"""figlet's Python API: the same core the CLI runs, for scripts and test fixtures.

    with Stack("tests/fixtures/compose.yaml", project="demo") as stack:
        stack.up(wait=True)
        host, port = stack.address("web", 8080)

Functions (`load`, `connect`, `plan`, `up`, `down`, `ps`) raise `FigletError` with every problem
found (`plan` returns them in `Plan.problems`); `Stack` bundles them and takes the stack down
(volumes included) when the block ends.

The pull policy is resolved here and only here (`image_policy`: --pull, else FIGLET_PULL, else
each service's pull_policy); the planner turns it into the plan's pull and build operations.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import TYPE_CHECKING

from figlet.engine.base import Engine
from figlet.errors import FigletError, Problem
from figlet.events import EventSink, NullSink
from figlet.lock import serialised
from figlet.model import Project
from figlet.observe.state import Observed, ObservedContainer
from figlet.options import LoadOptions
from figlet.plan import Operation, Plan, ids
from figlet.planner.options import PULL_POLICIES, ImagePolicy, PullPolicy

if TYPE_CHECKING:
    from figlet.engine.base import SwarmEngine
    from figlet.executor import Outcome
    from figlet.observe.swarm import NodeRecord, ObservedStack
    from figlet.options import RunSettings
    from figlet.planner import DeployOptions, DownOptions, LifecycleOptions
    from figlet.planner.options import UpOptions
    from figlet.swarm.stack import Stack as SwarmStack

__all__ = [
    "Result",
    "Stack",
    "apply",
    "connect",
    "deploy",
    "down",
    "image_policy",
    "lifecycle",
    "lifecycle_plan",
    "load",
    "plan",
    "plan_deploy",
    "ps",
    "swarm_ps",
    "undeploy",
    "up",
]

# The default of `up --pull` / `plan --pull` when it is not given (the CLI, the Python API, the
# pytest plugin); unset, each service's pull_policy decides (default "missing", as in Compose).
PULL_ENV = "FIGLET_PULL"


@dataclass(frozen=True)
class Result:
    """A plan and what running it did (`outcome` is None for a dry run or an empty plan)."""

    plan: Plan
    outcome: Outcome | None = None

    @property
    def changed(self) -> bool:
        return not self.plan.empty and self.outcome is not None


def load(
    files: Sequence[str] = (),
    *,
    project_name: str | None = None,
    working_dir: str | None = None,
    environ: Mapping[str, str] | None = None,
    profiles: Sequence[str] = (),
    env_files: Sequence[str] = (),
) -> Project:
    """Load the compose files (discovered from `working_dir` when none are named)."""
    from figlet.loader import load_project

    return load_project(
        LoadOptions(
            files=tuple(files),
            project_name=project_name,
            env_files=tuple(env_files),
            profiles=tuple(profiles),
            environ=dict(os.environ if environ is None else environ),
            working_dir=working_dir or os.getcwd(),
        )
    )


def connect() -> Engine:
    """The engine DOCKER_HOST (or the local socket) points at."""
    from figlet.engine.docker_engine import DockerEngine

    return DockerEngine.from_env()


def selected_services(project: Project, names: Iterable[str], *, no_deps: bool) -> list[str]:
    """`names` (empty = every active service) plus, unless `no_deps`, what they depend on,
    dependencies first: the planner's own selection, so images, plan and attach agree."""
    from figlet.planner._select import select_services

    return list(select_services(project, names, no_deps=no_deps).services)


def image_policy(
    build: bool | None = None,
    pull: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ImagePolicy:
    """How `up` and `plan` get images: `build` as --build/--no-build (None: build what is
    missing); `pull` as --pull, else FIGLET_PULL from `environ` (default os.environ), else
    None (each service's pull_policy). A bad value is a usage error (exit 2)."""
    if pull is not None:
        return ImagePolicy(build=build, pull=_pull_policy(pull, f'--pull "{pull}"'))
    env = os.environ if environ is None else environ
    raw = env.get(PULL_ENV, "").strip()
    if not raw:
        return ImagePolicy(build=build)
    policy = _pull_policy(raw, f'{PULL_ENV}="{env[PULL_ENV]}"')
    return ImagePolicy(build=build, pull=policy, pull_from=PULL_ENV)


def _pull_policy(raw: str, given: str) -> PullPolicy:
    for policy in PULL_POLICIES:
        if raw.strip().lower() == policy:
            return policy
    raise FigletError(
        Problem(
            f"{given}: expected one of {', '.join(PULL_POLICIES)}",
            hint=f"--pull never (or {PULL_ENV}=never) forbids pulling; or leave it unset",
        ),
        exit_code=2,
    )


def plan(
    project: Project,
    engine: Engine,
    options: UpOptions | None = None,
    *,
    build: bool | None = None,
    pull: str | None = None,
) -> Plan:
    """What `up` would do with the same options, and every problem it would stop at before
    changing anything (`Plan.problems`: the plan's own, images that cannot be had, host-port
    conflicts). Reads the engine, changes nothing; `figlet plan` and `up --dry-run` show it."""
    return _observed_plan(project, engine, _with_images(options, build, pull))[0]


def _with_images(options: UpOptions | None, build: bool | None, pull: str | None) -> UpOptions:
    from figlet.planner import UpOptions

    return replace(options or UpOptions(), images=image_policy(build, pull))


def _observed_plan(project: Project, engine: Engine, options: UpOptions) -> tuple[Plan, Observed]:
    """Observe, plan, and add the preflight problems to the plan's."""
    from figlet.observe import observe
    from figlet.planner import plan_up

    observed = observe(engine, project)
    planned = plan_up(project, observed, options)
    if not planned.empty and _publishes_ports(project):  # else no port to check
        from figlet.preflight import preflight

        found = preflight(planned, project, engine)
        if found:
            planned = replace(planned, problems=(*planned.problems, *found))
    return planned, observed


def _publishes_ports(project: Project) -> bool:
    """Whether a service of the project lists `ports` (the preflight modules load only then)."""
    return any(service.spec.get("ports") for service in project.services.values())


@serialised("up")
def up(
    project: Project,
    engine: Engine,
    options: UpOptions | None = None,
    *,
    events: EventSink | None = None,
    parallel: int | None = None,
    settings: RunSettings | None = None,
    build: bool | None = None,
    pull: str | None = None,
    wait: bool = False,
    wait_timeout: float | None = None,
    dry_run: bool = False,
) -> Result:
    """Bring the project (or `options.services`) up: observe, plan (images included),
    preflight, execute.

    Every problem of the plan is raised at once before anything changes; a failed run raises
    the outcome's error. `wait` blocks until the containers run (and are healthy, if they
    check). `build` / `pull` as in `image_policy` (`pull` None: FIGLET_PULL when set, else each
    service's pull_policy).
    """
    options = _with_images(options, build, pull)
    sink = events or NullSink()
    services = selected_services(project, options.services, no_deps=options.no_deps)
    plan, observed = _observed_plan(project, engine, options)
    if plan.problems:
        raise FigletError(plan.problems)
    outcome = None
    if not dry_run and not plan.empty:  # the executor is loaded only when there is work
        from figlet.executor import Outcome, default_parallel, execute
        from figlet.options import RunSettings

        def run(plan: Plan, observed: Observed) -> Outcome:
            return execute(
                plan,
                project,
                engine,
                sink,
                parallel=parallel or default_parallel(os.environ),
                settings=settings,
                image_ids=observed.images,
            )

        outcome = run(plan, observed)
        for delay in REPLAN_DELAYS:
            if not outcome.stale:
                break
            _warn_replan(sink, outcome, delay)
            (settings or RunSettings()).sleep(delay)
            # what the failed run built or pulled is there now: not again
            again, observed = _observed_plan(project, engine, _settled(options))
            if again.problems:
                raise FigletError(again.problems)
            latest = run(again, observed) if not again.empty else Outcome()
            outcome = replace(latest, done=outcome.done + latest.done)
        if not outcome.ok:
            raise outcome.error()
    if wait and not dry_run and not options.no_start:
        from figlet.options import RunSettings

        base = settings or RunSettings()
        wait_ready(
            project,
            engine,
            services,
            sink,
            settings=RunSettings(
                stop_timeout=base.stop_timeout,
                health_timeout=wait_timeout if wait_timeout is not None else base.health_timeout,
                poll_interval=base.poll_interval,
                sleep=base.sleep,
                clock=base.clock,
            ),
        )
    return Result(plan, outcome)


REPLAN_DELAYS = (0.5, 1.0, 2.0)
"""Seconds `up` waits before observing and planning again when its run failed only because the
engine's state moved under the plan (`StateChanged`): a killed `up` leaves requests the engine
finishes after the rerun has observed (a create holds its name before it is listed)."""


def _settled(options: UpOptions) -> UpOptions:
    """The options of a replan after a run: --build and --pull always have been served."""
    images = options.images
    return replace(
        options,
        images=replace(
            images,
            build=None if images.build else images.build,
            pull="missing" if images.pull == "always" else images.pull,
        ),
    )


def _warn_replan(sink: EventSink, failed: Outcome, delay: float) -> None:
    """Say why `up` observes and plans again, and when."""
    import time

    from figlet.events import Message

    what = ", ".join(f"{f.target} {f.stale}" for f in failed.failures)
    sink.emit(
        Message(
            f"the engine changed under the plan ({what}: another client, or an interrupted "
            f"figlet's last requests); observing it again in {delay:g}s",
            time.time(),
            level="warning",
        )
    )


def wait_ready(
    project: Project,
    engine: Engine,
    services: Iterable[str],
    events: EventSink,
    *,
    settings: RunSettings,
) -> None:
    """Block until every container of `services` runs and, if it has a healthcheck, is healthy."""
    from figlet.executor import execute
    from figlet.options import RunSettings
    from figlet.plan.payloads.containers import Wait

    wanted = set(services)
    # services others wait for with service_completed_successfully may have exited with 0
    one_shot = {
        dep.service
        for service in project.services.values()
        for dep in service.depends_on
        if dep.condition == "service_completed_successfully"
    }
    deadline = settings.clock() + settings.health_timeout
    while True:
        containers = [
            c for c in engine.list_containers(project.name) if c.service in wanted and not c.oneoff
        ]
        stopped = [
            c
            for c in containers
            if not c.running and not (c.service in one_shot and c.exit_code == 0)
        ]
        if stopped:
            raise FigletError(
                [
                    Problem(
                        f'service "{c.service}": container {c.name} is not running ({c.state}'
                        + (f", exit code {c.exit_code})" if c.exit_code is not None else ")"),
                        hint=f"see `docker logs {c.name}`",
                    )
                    for c in stopped
                ]
            )
        checking: dict[str, list[str]] = {}
        for container in containers:
            if container.health is not None and container.health != "healthy":
                checking.setdefault(container.service, []).append(container.name)
        if not checking:
            return
        plan = Plan(
            project=project.name,
            operations=tuple(
                Operation(
                    id=ids.wait(service),
                    target=service,
                    cause="--wait",
                    service=service,
                    payload=Wait(service, "service_healthy", tuple(names)),
                )
                for service, names in sorted(checking.items())
            ),
        )
        remaining = max(1.0, deadline - settings.clock())
        outcome = execute(
            plan,
            project,
            engine,
            events,
            settings=RunSettings(
                stop_timeout=settings.stop_timeout,
                health_timeout=remaining,
                poll_interval=settings.poll_interval,
                sleep=settings.sleep,
                clock=settings.clock,
            ),
        )
        if not outcome.ok:
            raise outcome.error()


@serialised("down")
def down(
    project_name: str,
    project: Project | None,
    engine: Engine,
    options: DownOptions | None = None,
    *,
    events: EventSink | None = None,
    parallel: int | None = None,
    dry_run: bool = False,
) -> Result:
    """Remove the project's containers and networks (volumes with `options.volumes`).

    Without a project (no file), what carries the project label is removed.
    """
    from figlet.observe import observe, observe_name
    from figlet.planner import DownOptions, plan_down

    options = options or DownOptions()
    observed = (
        observe(engine, project, images=False)
        if project is not None
        else observe_name(engine, project_name)
    )
    plan = plan_down(project_name, project, observed, options)
    if plan.problems:
        raise FigletError(plan.problems)
    if dry_run:
        return Result(plan, None)
    return apply(plan, project, engine, events=events, parallel=parallel, timeout=options.timeout)


def lifecycle_plan(
    command: str,
    project_name: str,
    project: Project | None,
    engine: Engine,
    options: LifecycleOptions | None = None,
) -> Plan:
    """The plan of one lifecycle command ("start", "stop", "restart", "kill", "pause",
    "unpause" or "rm"; `figlet.planner.LIFECYCLE_COMMANDS`) on what the engine holds now:
    one list request, then the pure planner. Without a project, the containers carrying the
    project label are planned for."""
    from figlet.planner import lifecycle_planner

    planner = lifecycle_planner(command)
    observed = Observed(
        project=project_name, containers=tuple(engine.list_containers(project_name))
    )
    plan: Plan = planner(project_name, project, observed, options)
    if plan.problems:
        raise FigletError(plan.problems)
    return plan


def apply(
    plan: Plan,
    project: Project | None,
    engine: Engine,
    *,
    events: EventSink | None = None,
    parallel: int | None = None,
    timeout: int | None = None,
) -> Result:
    """Run a plan made earlier (`timeout`: the grace period of its stops and restarts)."""
    from figlet.executor import default_parallel, execute
    from figlet.options import RunSettings

    if plan.empty:
        return Result(plan, None)
    outcome = execute(
        plan,
        project,
        engine,
        events or NullSink(),
        parallel=parallel or default_parallel(os.environ),
        settings=RunSettings(stop_timeout=timeout),
    )
    if not outcome.ok:
        raise outcome.error()
    return Result(plan, outcome)


def lifecycle(
    command: str,
    project_name: str,
    project: Project | None,
    engine: Engine,
    options: LifecycleOptions | None = None,
    *,
    events: EventSink | None = None,
    parallel: int | None = None,
    timeout: int | None = None,
) -> Result:
    """Plan one lifecycle command (`lifecycle_plan`) and run it (`apply`)."""
    plan = lifecycle_plan(command, project_name, project, engine, options)
    return apply(plan, project, engine, events=events, parallel=parallel, timeout=timeout)


def ps(engine: Engine, project_name: str, *, all: bool = True) -> list[ObservedContainer]:
    """The project's containers (running only unless `all`), by service then number."""
    found = [c for c in engine.list_containers(project_name) if not c.oneoff]
    if not all:
        found = [c for c in found if c.running]
    return sorted(found, key=lambda c: (c.service, c.number, c.name))


# --- Swarm: deploy, undeploy, ps --swarm --------------------------------------------------


def swarm_manager(engine: Engine) -> SwarmEngine:
    """The engine as a Swarm manager; a FigletError saying what to do when it is none."""
    from figlet.engine.base import SwarmEngine

    if not isinstance(engine, SwarmEngine):
        raise FigletError(f"{engine.describe()} cannot drive a Docker Swarm")
    info = engine.swarm_info()
    if not info.active:
        raise FigletError(
            Problem(
                f"{engine.describe()} is not part of a swarm (swarm state: {info.state})",
                hint="make it a swarm manager with `docker swarm init` (or point DOCKER_HOST "
                "at a manager of an existing swarm), then deploy again",
            )
        )
    if not info.manager:
        raise FigletError(
            Problem(
                f"{engine.describe()} is a swarm worker, not a manager: it cannot deploy",
                hint="point DOCKER_HOST at a manager node (`docker node ls` on one lists them), "
                "or promote this node (`docker node promote <node>` on a manager)",
            )
        )
    return engine


def swarm_stack(project: Project) -> SwarmStack:
    """What the project asks of a swarm (its secrets' and configs' contents read here)."""
    from figlet.swarm.stack import read_contents, stack_of

    return stack_of(project, read_contents(project))


def plan_deploy(project: Project, engine: Engine, options: DeployOptions | None = None) -> Plan:
    """What `deploy` would do, with every problem it would stop at (`Plan.problems`: the
    stack's own, e.g. a `build:` without an `image:`, and missing external networks). Reads
    the swarm, changes nothing; `figlet plan --swarm` and `deploy --dry-run` show it."""
    return _deploy_plan(project, engine, options)[0]


def _deploy_plan(
    project: Project, engine: Engine, options: DeployOptions | None
) -> tuple[Plan, SwarmStack]:
    from figlet.observe.swarm import observe_stack
    from figlet.planner import plan_deploy as plan_stack

    stack = swarm_stack(project)
    if stack.problems:  # before any request: the file is wrong, whatever the swarm holds
        return Plan(stack.namespace, problems=stack.problems), stack
    manager = swarm_manager(engine)
    external = [n.name for n in stack.networks if n.external]
    named = [(o.kind, o.name) for o in (*stack.secrets, *stack.configs) if not o.external]
    observed = observe_stack(
        manager, stack.namespace, external_networks=external, named_objects=named
    )
    return plan_stack(stack, observed, options), stack


@serialised("deploy")
def deploy(
    project: Project,
    engine: Engine,
    options: DeployOptions | None = None,
    *,
    events: EventSink | None = None,
    parallel: int | None = None,
    settings: RunSettings | None = None,
    dry_run: bool = False,
) -> Result:
    """Deploy the project to the swarm as a stack: observe, plan, execute. Every problem is
    raised before anything changes; a failed run (a failed task under `options.wait`
    included) raises the outcome's error. An unchanged file writes nothing."""
    from figlet.events import Message

    sink = events or NullSink()
    plan, stack = _deploy_plan(project, engine, options)
    if plan.problems:
        raise FigletError(plan.problems)
    for warning in stack.warnings:
        sink.emit(Message(warning.render(), 0.0, level="warning"))
    if dry_run or plan.empty:
        return Result(plan, None)
    return _run(plan, project, engine, sink, parallel, settings)


def _run(
    plan: Plan,
    project: Project | None,
    engine: Engine,
    sink: EventSink,
    parallel: int | None,
    settings: RunSettings | None,
) -> Result:
    from figlet.executor import default_parallel, execute

    outcome = execute(
        plan,
        project,
        engine,
        sink,
        parallel=parallel or default_parallel(os.environ),
        settings=settings,
    )
    if not outcome.ok:
        raise outcome.error()
    return Result(plan, outcome)


@serialised("undeploy")
def undeploy(
    project_name: str,
    engine: Engine,
    *,
    events: EventSink | None = None,
    wait: bool = False,
    timeout: float = 300.0,
    settings: RunSettings | None = None,
    dry_run: bool = False,
) -> Result:
    """Remove the stack's services, then its networks, secrets and configs (named volumes
    stay). With `wait`, return once the stack's task containers are gone too."""
    from figlet.observe.swarm import observe_stack
    from figlet.planner import plan_undeploy

    manager = swarm_manager(engine)
    plan = plan_undeploy(observe_stack(manager, project_name), timeout)
    if dry_run or plan.empty:
        return Result(plan, None)
    result = _run(plan, None, engine, events or NullSink(), None, settings)
    if wait:
        _wait_tasks_gone(manager, engine, project_name, timeout, settings)
    return result


def _wait_tasks_gone(
    manager: SwarmEngine,
    engine: Engine,
    namespace: str,
    timeout: float,
    settings: RunSettings | None,
) -> None:
    """Until no task of the stack is listed and no container of it is left on this node."""
    from figlet.engine.base import LabelQuery
    from figlet.options import RunSettings
    from figlet.swarm.stack import NAMESPACE

    clock = settings or RunSettings()
    deadline = clock.clock() + timeout
    while True:
        left = len(manager.list_tasks(namespace=namespace))
        if isinstance(engine, LabelQuery):
            left += len(engine.containers_labelled(f"{NAMESPACE}={namespace}"))
        if not left:
            return
        if clock.clock() >= deadline:
            raise FigletError(
                Problem(
                    f"stack {namespace}: {left} task(s) or container(s) still there after "
                    f"{timeout:g}s",
                    hint=f"see `docker stack ps {namespace}`",
                )
            )
        clock.sleep(clock.poll_interval)


def swarm_ps(engine: Engine, namespace: str) -> tuple[ObservedStack, Sequence[NodeRecord]]:
    """The stack's services with their tasks, and the swarm's nodes (to name them)."""
    from figlet.observe.swarm import observe_stack

    manager = swarm_manager(engine)
    return observe_stack(manager, namespace, tasks=True), manager.list_nodes()


def stop_plan(project_name: str, containers: Iterable[ObservedContainer]) -> Plan:
    """STOP every running container given (attached `up` on Ctrl-C)."""
    from figlet.plan.payloads.lifecycle import Stop

    return Plan(
        project=project_name,
        operations=tuple(
            Operation(
                id=ids.stop(c.name),
                target=c.name,
                cause="interrupted",
                service=c.service,
                payload=Stop(c.name, c.id),
            )
            for c in containers
            if c.running
        ),
    )


def published_port(container: ObservedContainer, port: int, protocol: str = "tcp") -> int | None:
    """The host port `port/protocol` of the container is published on, from its `ports`."""
    for entry in container.ports:
        host, arrow, inside = entry.partition("->")
        if arrow and inside == f"{port}/{protocol}":
            return int(host.rsplit(":", 1)[-1])
    return None


@dataclass
class Stack:
    """A project for the length of a `with` block: loaded on enter, taken down on exit."""

    file: str | Sequence[str]
    project: str | None = None
    environ: Mapping[str, str] | None = None
    events: EventSink = field(default_factory=NullSink)
    keep: bool = False  # leave it running after the block
    _project: Project | None = field(default=None, init=False, repr=False)
    _engine: Engine | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> Stack:
        given = [self.file] if isinstance(self.file, str) else list(self.file)
        files = [os.path.abspath(path) for path in given]
        self._project = load(
            files,
            project_name=self.project,
            working_dir=os.path.dirname(os.path.abspath(files[0])),
            environ=self.environ,
        )
        self._engine = connect()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self.keep:
            self.down(volumes=True)

    @property
    def loaded(self) -> Project:
        if self._project is None:
            raise FigletError("the stack is not loaded; use it in a `with` block")
        return self._project

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise FigletError("the stack is not connected; use it in a `with` block")
        return self._engine

    def up(
        self,
        *services: str,
        wait: bool = False,
        wait_timeout: float | None = None,
        scale: Mapping[str, int] | None = None,
        build: bool | None = None,
        pull: PullPolicy | None = None,
    ) -> Result:
        """`up` this stack; `pull` None means FIGLET_PULL, else each service's pull_policy."""
        from figlet.planner import UpOptions

        options = UpOptions(services=services, scale=dict(scale or {}))
        return up(
            self.loaded,
            self.engine,
            options,
            events=self.events,
            wait=wait,
            wait_timeout=wait_timeout,
            build=build,
            pull=pull,
        )

    def down(self, *, volumes: bool = False) -> Result:
        from figlet.planner import DownOptions

        options = DownOptions(volumes=volumes, remove_orphans=True)
        return down(self.loaded.name, self.loaded, self.engine, options, events=self.events)

    def ps(self, *, all: bool = True) -> list[ObservedContainer]:
        return ps(self.engine, self.loaded.name, all=all)

    def container(self, service: str, number: int = 1) -> ObservedContainer:
        for found in self.ps():
            if found.service == service and found.number == number:
                return found
        raise FigletError(f'service "{service}" has no container number {number}')

    def address(self, service: str, port: int, *, number: int = 1) -> tuple[str, int]:
        """(host, port) to reach `port` of a service's container from this machine."""
        found = self.container(service, number)
        published = published_port(found, port)
        if published is None:
            raise FigletError(
                Problem(
                    f'service "{service}" does not publish port {port}',
                    hint=f'add `ports: ["{port}"]` to it (any free host port is then chosen)',
                )
            )
        return "127.0.0.1", published

    def container_address(self, service: str, *, number: int = 1) -> str:
        """The container's own IPv4 address (reachable from this machine on Linux)."""
        found = self.container(service, number)
        addresses = found.addresses or self.engine.addresses(found.id)
        for address in addresses.values():
            if address:
                return address
        raise FigletError(f"container {found.name} has no address (is it running?)")
