"""One function per plan action: typed payload in, engine calls out, no decisions.

Each returns a short detail for the progress display or raises (EngineError / FigletError) with a
message a user can act on. Idempotent where the engine allows, so a rerun after an interruption
converges: creating what exists or removing what is gone is "done".
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from figlet import labels
from figlet.engine.base import Engine
from figlet.errors import EngineError, FigletError, Problem
from figlet.events import EventSink, NullSink
from figlet.executor._scheduler import EarlyDone
from figlet.executor._translate import Translator
from figlet.model import Project, Service, image_reference
from figlet.options import RunSettings
from figlet.plan import SWARM_ACTIONS, Action, Operation, ids

if TYPE_CHECKING:
    from figlet.engine.values.readings import Health
    from figlet.executor._swarm import ObjectIds
    from figlet.plan.payloads.containers import (
        Address,
        CreateContainer,
        Recreate,
        StartContainer,
        UpdateHosts,
        Wait,
    )
    from figlet.plan.payloads.images import RemoveImage
    from figlet.plan.payloads.lifecycle import Kill, Pause, Remove, Restart, Stop, Unpause
    from figlet.plan.payloads.resources import (
        CreateNetwork,
        CreateVolume,
        RemoveNetwork,
        RemoveVolume,
    )


@runtime_checkable
class HostsReader(Protocol):
    """Engines that can read a container's /etc/hosts (needed by UPDATE_HOSTS)."""

    def read_hosts(self, container_id: str) -> str: ...


@runtime_checkable
class NetworkInspector(Protocol):
    """Engines that can list what they count as attached to a network (a clearer message when
    a network cannot be removed)."""

    def network_endpoints(self, name: str) -> Sequence[str]: ...


@runtime_checkable
class AddressReporter(Protocol):
    """Engines that can tell a container's addresses while its start still runs."""

    def start_reporting_addresses(
        self, container: str, report: Callable[[Mapping[str, str]], None]
    ) -> None: ...


@runtime_checkable
class HealthWaiter(Protocol):
    """Engines that can block until a container's health settles (events, not polling)."""

    def wait_health(self, container_id: str, timeout: float) -> Health: ...


class ImageIds:
    """The local id of each image reference, asked of the engine once per run (the
    com.docker.compose.image label of the containers created from it); `known` are ids the
    caller has just observed, so that no create waits for a lookup."""

    def __init__(self, engine: Engine, known: Mapping[str, str] | None = None) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._known: dict[str, str] = dict(known or {})

    def __call__(self, reference: str) -> str:
        with self._lock:
            if reference not in self._known:
                found = self._engine.image_ids([reference])
                self._known[reference] = found.get(reference, "")
            return self._known[reference]

    def refresh(self, reference: str) -> str:
        """Ask the engine again (the image was just pulled or built) and keep the answer."""
        found = self._engine.image_ids([reference]).get(reference, "")
        with self._lock:
            self._known[reference] = found
        return found


@dataclass(frozen=True)
class ActionContext:
    """What every action runs with: project, engine, translator, settings, image ids, and
    the ADDRESS operations of the plan with the means to finish them early."""

    project: Project | None
    engine: Engine
    translator: Translator
    settings: RunSettings
    image_ids: ImageIds
    awaited: frozenset[str] = frozenset()  # ids of the plan's ADDRESS operations
    early: EarlyDone | None = None
    # container name -> (network -> address), reported while its start was still running
    connected: dict[str, Mapping[str, str]] = field(default_factory=dict)
    events: EventSink = field(default_factory=NullSink)  # a build's output, a pull's warning
    # the ids of the secrets and configs of a deploy, by name (created in this run or listed);
    # set by the executor for a plan with Swarm operations
    swarm_objects: ObjectIds | None = None


def _is_missing(error: FigletError) -> bool:
    return isinstance(error, EngineError) and error.missing


def _unless_gone(call: Callable[[], object]) -> str:
    """Run an engine call; a target that is already gone counts as done (idempotent reruns)."""
    try:
        call()
    except FigletError as error:
        if _is_missing(error):
            return "already gone"
        raise
    return ""


def service_of(ctx: ActionContext, name: str) -> Service:
    project = _require_project(ctx)
    try:
        return project.services[name]
    except KeyError:
        raise FigletError(
            Problem(f'service "{name}" is not in the project', hint="rerun `figlet up`")
        ) from None


def _require_project(ctx: ActionContext) -> Project:
    if ctx.project is None:
        raise FigletError("this operation needs the project file (none was loaded)")
    return ctx.project


def _link_addresses(ctx: ActionContext, service: Service) -> dict[str, Mapping[str, str]]:
    """Container name -> (network -> address) of every link target of `service` that runs or
    whose running start has reported its addresses."""
    project = _require_project(ctx)
    targets = {link.service for link in service.links}
    found: dict[str, Mapping[str, str]] = {}
    if targets:
        for container in ctx.engine.list_containers(project.name):
            if container.service not in targets or container.oneoff:
                continue
            if container.running:
                found[container.name] = container.addresses or ctx.engine.addresses(container.id)
            elif container.name in ctx.connected:
                found[container.name] = ctx.connected[container.name]
    for external in service.external_links:
        found[external.container] = ctx.engine.addresses(external.container)
    return found


def _create(
    ctx: ActionContext,
    payload: CreateContainer | Recreate,
    anonymous_volumes: Mapping[str, str] | None = None,
) -> str:
    project = _require_project(ctx)
    service = service_of(ctx, payload.service)
    addresses = _link_addresses(ctx, service)
    hosts = ctx.translator.link_hosts(project, service, addresses) if addresses else {}
    request = ctx.translator.container_request(
        project,
        service,
        number=payload.number,
        name=payload.name,
        config_hash=payload.config_hash,
        config_label=payload.config_label,
        link_hosts=hosts,
        image_id=ctx.image_ids(image_reference(project, service)),
        anonymous_volumes=anonymous_volumes or {},
    )
    return ctx.engine.create_container(request)


def create(ctx: ActionContext, payload: CreateContainer) -> str:
    return _create(ctx, payload)[:12]


def start(ctx: ActionContext, payload: StartContainer) -> str:
    _start(ctx, payload.name)
    return ""


def _start(ctx: ActionContext, name: str) -> None:
    """Start the container; when a linker's create waits for its addresses (the plan has
    its ADDRESS operation), finish that operation as soon as the engine reports them."""
    address_op = ids.address(name)
    early = ctx.early
    if (
        address_op not in ctx.awaited
        or early is None
        or not isinstance(ctx.engine, AddressReporter)
    ):
        ctx.engine.start_container(name)
        return

    def report(addresses: Mapping[str, str]) -> None:
        ctx.connected[name] = dict(addresses)
        early.finish(address_op, "connected")

    ctx.engine.start_reporting_addresses(name, report)


def address(ctx: ActionContext, payload: Address) -> str:
    """The container's start is done and no one finished this earlier: its addresses are
    what the engine lists now, which the linker's create reads itself."""
    return ""


def recreate(ctx: ActionContext, payload: Recreate) -> str:
    """Stop and remove the old container, then create (and start) the new one by the same name,
    mounting the old one's anonymous volumes again (their data survives, as with Compose).

    No temporary container: after an interruption the next plan sees either the old container
    (recreate again), none (create) or the new one (start or nothing), and converges. An
    interruption between the removal and the create loses track of the anonymous volumes
    (they stay on the engine, unused), never of a container.

    With `unless_image`, the plan asks for the recreate only if the build or pull before it
    gave the image a new id: an unchanged one keeps the container (started if it was stopped).
    """
    if payload.unless_image:
        project = _require_project(ctx)
        service = service_of(ctx, payload.service)
        if ctx.image_ids(image_reference(project, service)) == payload.unless_image:
            if payload.start_if_kept:
                _start(ctx, payload.name)
            return "image unchanged, kept"
    renew = payload.renew_anon_volumes
    kept = {} if renew else _anonymous_volumes(ctx, payload.old_id)
    _stop_and_remove(ctx, payload.old_id, volumes=renew)
    new_id = _create(ctx, payload, kept)
    if payload.start:
        _start(ctx, payload.name)
    return new_id[:12]


def _anonymous_volumes(ctx: ActionContext, ref: str) -> Mapping[str, str]:
    """The anonymous volumes of the container being replaced ({} when it is gone)."""
    try:
        return ctx.engine.anonymous_volumes(ref)
    except FigletError as error:
        if _is_missing(error):
            return {}
        raise


def _stop_and_remove(ctx: ActionContext, ref: str, *, volumes: bool = False) -> str:
    """Stop gracefully, then remove (forcefully, so that a failed stop leaves nothing behind);
    with `volumes`, its anonymous volumes go too."""
    try:
        ctx.engine.stop_container(ref, ctx.settings.stop_timeout)
    except FigletError as error:
        if _is_missing(error):
            return "already gone"
    return _unless_gone(lambda: ctx.engine.remove_container(ref, force=True, volumes=volumes))


def stop(ctx: ActionContext, payload: Stop) -> str:
    ref = payload.id or payload.name
    return _unless_gone(lambda: ctx.engine.stop_container(ref, ctx.settings.stop_timeout))


def restart(ctx: ActionContext, payload: Restart) -> str:
    ref = payload.id or payload.name
    ctx.engine.restart_container(ref, ctx.settings.stop_timeout)
    return ""


def kill(ctx: ActionContext, payload: Kill) -> str:
    ctx.engine.kill_container(payload.id or payload.name, payload.signal)
    return ""


def pause(ctx: ActionContext, payload: Pause) -> str:
    ctx.engine.pause_container(payload.id or payload.name)
    return ""


def unpause(ctx: ActionContext, payload: Unpause) -> str:
    ctx.engine.unpause_container(payload.id or payload.name)
    return ""


def remove(ctx: ActionContext, payload: Remove) -> str:
    """Stop then remove; with `force`, one forced delete (the plan stopped it already, or
    `-t 0` asks for no grace period)."""
    ref = payload.id or payload.name
    volumes = payload.volumes
    if payload.force:
        return _unless_gone(lambda: ctx.engine.remove_container(ref, force=True, volumes=volumes))
    return _stop_and_remove(ctx, ref, volumes=volumes)


def create_network(ctx: ActionContext, payload: CreateNetwork) -> str:
    project = _require_project(ctx)
    network = project.networks[payload.key]
    try:
        return ctx.engine.create_network(ctx.translator.network_request(project, network))[:12]
    except FigletError as error:
        if "already exists" in error.render():
            return "exists"
        raise


def create_volume(ctx: ActionContext, payload: CreateVolume) -> str:
    project = _require_project(ctx)
    volume = project.volumes[payload.key]
    ctx.engine.create_volume(ctx.translator.volume_request(project, volume))
    return ""


def remove_network(ctx: ActionContext, payload: RemoveNetwork) -> str:
    name = payload.name
    attempts = max(1, ctx.settings.network_retries)
    for attempt in range(attempts):
        try:
            ctx.engine.remove_network(name)
            return ""
        except FigletError as error:
            if _is_missing(error):
                return "already gone"
            if not isinstance(error, EngineError) or error.refusal != "has endpoints":
                raise
            if attempt == attempts - 1:
                raise EngineError(_network_in_use(ctx.engine, name)) from None
            ctx.settings.sleep(ctx.settings.poll_interval * (attempt + 1))
    return ""


def _network_in_use(engine: Engine, name: str) -> Problem:
    """Why the engine refuses to remove network `name` ("active endpoints") once this
    project's containers are gone, and what to do: containers of other projects are still
    attached, or none is and the engine's own count of endpoints is stale."""
    attached: Sequence[str] | None = None
    if isinstance(engine, NetworkInspector):
        with contextlib.suppress(FigletError):
            attached = engine.network_endpoints(name)
    if attached:
        return Problem(
            f"network {name} is still used by containers outside this project: "
            + ", ".join(attached),
            hint=(
                f"remove them, or `docker network disconnect -f {name} <container>` each, "
                "then rerun `figlet down`"
            ),
        )
    if attached is not None:
        return Problem(
            f"network {name} cannot be removed: the engine counts an endpoint that no container "
            "holds (moby/moby#43286, Engine 20.10, after many containers left it at once)",
            hint=(
                "nothing is attached, so there is nothing to disconnect; only an engine restart "
                "clears the count (e.g. `systemctl restart docker`), after which `figlet down` "
                "removes the network. Until then `figlet up` uses the network as it is"
            ),
        )
    return Problem(
        f"network {name} still has active endpoints; the engine refuses to remove it",
        hint=(
            "no container of this project is attached any more; this is either a container "
            "outside the project or a stale endpoint left by the engine (moby/moby#43286 on "
            f"Engine 20.10). See `docker network inspect {name}`, then "
            f"`docker network disconnect -f {name} <endpoint>` and rerun `figlet down` (or "
            "restart the engine)"
        ),
    )


def remove_volume(ctx: ActionContext, payload: RemoveVolume) -> str:
    return _unless_gone(lambda: ctx.engine.remove_volume(payload.name))


def remove_image(ctx: ActionContext, payload: RemoveImage) -> str:
    return _unless_gone(lambda: ctx.engine.remove_image(payload.image))


def update_hosts(ctx: ActionContext, payload: UpdateHosts) -> str:
    from figlet.container_spec.hosts import parse_hosts_label  # only up rewrites hosts files

    project = _require_project(ctx)
    service = service_of(ctx, payload.service)
    name = payload.name
    if not isinstance(ctx.engine, HostsReader):
        raise EngineError(f"{ctx.engine.describe()} cannot read /etc/hosts of {name}")
    entries = ctx.translator.link_hosts(project, service, _link_addresses(ctx, service))
    previous = {}
    for container in ctx.engine.list_containers(project.name):
        if container.name == name:
            previous = parse_hosts_label(container.labels.get(labels.HOSTS, ""))
    content = ctx.translator.render_hosts(ctx.engine.read_hosts(name), entries, previous=previous)
    ctx.engine.write_hosts(name, content)
    return f"{len(entries)} entries"


def wait(ctx: ActionContext, payload: Wait) -> str:
    condition = payload.condition
    service = payload.service
    names = payload.containers
    if condition == "service_healthy":
        for name in names:
            _wait_healthy(ctx, service, name)
        return "healthy"
    if condition == "service_completed_successfully":
        for name in names:
            code = ctx.engine.wait_exit(name, ctx.settings.health_timeout)
            if code != 0:
                raise FigletError(
                    Problem(
                        f'service "{service}" did not complete successfully: {name} exited '
                        f"with code {code}",
                        hint=f"see its output with `docker logs {name}`",
                    )
                )
        return "completed"
    return ""


def _wait_healthy(ctx: ActionContext, service: str, name: str) -> None:
    settings = ctx.settings
    deadline = settings.clock() + settings.health_timeout
    last = ""
    waiter = ctx.engine if isinstance(ctx.engine, HealthWaiter) else None
    while True:
        remaining = max(0.0, deadline - settings.clock())
        if waiter is not None and remaining > 0:
            health = waiter.wait_health(name, remaining)
        else:
            health = ctx.engine.health(name)
        last = health.last_output.strip() or last
        if health.status == "healthy":
            return
        if health.status is None:
            raise FigletError(
                Problem(
                    f'service "{service}" has no healthcheck, so {name} cannot become healthy',
                    hint="add a healthcheck to it or use condition: service_started",
                )
            )
        if health.status == "unhealthy":
            raise FigletError(
                Problem(
                    f'service "{service}" is unhealthy: {name}'
                    + (f"; last health check output:\n    {last}" if last else ""),
                    hint=f"check its healthcheck and `docker logs {name}`",
                )
            )
        if settings.clock() >= deadline:
            raise FigletError(
                Problem(
                    f'service "{service}": {name} was not healthy after '
                    f"{settings.health_timeout:g}s (status {health.status})"
                    + (f"; last health check output:\n    {last}" if last else ""),
                    hint="raise --wait-timeout or check its healthcheck",
                )
            )
        settings.sleep(settings.poll_interval)


def run_operation(ctx: ActionContext, op: Operation) -> str:
    """Run one operation: the handler of its action (which its payload's type names).

    The handlers read their payload's attributes and never test its type, so running a plan
    loads no payload class: the planner loaded the families the plan holds, and only those."""
    action = op.action
    payload: Any = op.payload
    if action in SWARM_ACTIONS:  # deploy / undeploy
        from figlet.executor._swarm import ObjectIds, run_swarm

        return run_swarm(ctx.engine, payload, ctx.swarm_objects or ObjectIds(), ctx.settings)
    if action is Action.PULL_IMAGE or action is Action.BUILD_IMAGE:
        from figlet.executor._images import build, pull

        return pull(ctx, payload) if action is Action.PULL_IMAGE else build(ctx, payload)
    if action is Action.RUN_HOOK:
        from figlet.executor._hooks import run_hook

        return run_hook(ctx, payload)
    return HANDLERS[action](ctx, payload)


HANDLERS: Mapping[Action, Callable[[ActionContext, Any], str]] = {
    Action.CREATE_NETWORK: create_network,
    Action.CREATE_VOLUME: create_volume,
    Action.CREATE: create,
    Action.START: start,
    Action.RECREATE: recreate,
    Action.WAIT: wait,
    Action.UPDATE_HOSTS: update_hosts,
    Action.ADDRESS: address,
    Action.STOP: stop,
    Action.RESTART: restart,
    Action.KILL: kill,
    Action.PAUSE: pause,
    Action.UNPAUSE: unpause,
    Action.REMOVE: remove,
    Action.REMOVE_NETWORK: remove_network,
    Action.REMOVE_VOLUME: remove_volume,
    Action.REMOVE_IMAGE: remove_image,
}
"""The handler of each action of this module (images, hooks and Swarm have their own)."""
