"""The body of `figlet run` (declared in `cmd_run`): a one-off container of a service.

Its dependencies come up first through the plan (`api.up` of the service with
`no_containers`: its dependencies unless --no-deps, its networks, volumes and image, not its
containers); the container is the service's (`container_request`: links in its hosts file and
environment, volumes, networks) made one-off (`container_spec.oneoff`), with the command given.
Attached (the default), figlet relays the terminal or the pipes (`_session.relay`) and exits
with the container's exit code; with --rm the container is removed afterwards, Ctrl-C included.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from figlet.cli._context import CommandContext

if TYPE_CHECKING:
    from figlet.container_spec.oneoff import OneOff
    from figlet.engine.base import Engine
    from figlet.engine.values.containers import ContainerRequest
    from figlet.model import Project, Service


def run(
    cli: CommandContext,
    *,
    service: str,
    command: list[str] | None = None,
    detach: bool = False,
    rm: bool = False,
    name: str | None = None,
    entrypoint: str | None = None,
    env: list[str] | None = None,
    label: list[str] | None = None,
    workdir: str | None = None,
    user: str | None = None,
    volume: list[str] | None = None,
    publish: list[str] | None = None,
    service_ports: bool = False,
    no_deps: bool = False,
    no_tty: bool = False,
    interactive: bool = True,
    build: bool | None = None,
    pull: str | None = None,
) -> None:
    """Run a one-off command in a new container of `service`."""
    from figlet.cli._arguments import USAGE, check_services
    from figlet.cli._pairs import key_values, process_environment
    from figlet.cli._session import stdin_is_terminal
    from figlet.container_spec.oneoff import OneOff, check_oneoff
    from figlet.errors import FigletError, Problem
    from figlet.planner.options import PULL_POLICIES

    if pull is not None and pull not in PULL_POLICIES:
        raise FigletError(
            Problem(f'--pull "{pull}": expected one of {", ".join(PULL_POLICIES)}'),
            exit_code=USAGE,
        )
    if detach and rm:
        raise FigletError(Problem("-d and --rm cannot be used together"), exit_code=USAGE)
    tty = not no_tty and not detach and stdin_is_terminal()
    check_oneoff(tuple(publish or ()), tuple(volume or ()))
    oneoff = OneOff(
        command=tuple(command or ()),
        entrypoint=entrypoint,
        environment=key_values(env, "-e", process_environment()),
        labels=key_values(label, "-l"),
        workdir=workdir,
        user=user,
        volumes=tuple(volume or ()),
        publish=tuple(publish or ()),
        service_ports=service_ports,
        tty=tty,
        stdin=interactive,
        detach=detach,
    )
    project = cli.load()
    check_services(project, [service])
    if service not in project.services:
        raise FigletError(
            Problem(f'service "{service}" is not active', hint="enable its profile (--profile)")
        )
    engine = cli.engine()
    image_id = _prepare(project, engine, service, no_deps=no_deps, build=build, pull=pull)
    request = _request(
        project, project.services[service], engine, oneoff, name=name, image_id=image_id
    )
    _run_container(engine, request, oneoff, remove=rm)


def _prepare(
    project: Project,
    engine: Engine,
    service: str,
    *,
    no_deps: bool,
    build: bool | None,
    pull: str | None,
) -> str:
    """One `up` plan: the dependencies of `service` (unless `no_deps`), and the networks,
    volumes and image of `service` itself, not its containers; the id of its image."""
    from figlet import api
    from figlet.cli._progress import progress_display
    from figlet.model import image_reference
    from figlet.planner import UpOptions

    options = UpOptions(services=(service,), no_deps=no_deps, no_containers=(service,))
    with progress_display("auto", title="Starting") as sink:
        api.up(project, engine, options, events=sink, build=build, pull=pull)
    reference = image_reference(project, project.services[service])
    return engine.image_ids([reference]).get(reference, "")


def _request(
    project: Project,
    service: Service,
    engine: Engine,
    oneoff: OneOff,
    *,
    name: str | None,
    image_id: str,
) -> ContainerRequest:
    """The one-off container's create request: the service's, its links resolved as any
    container's (hosts entries and Fig's variables), then the run's overrides."""
    from figlet.container_spec import container_request
    from figlet.container_spec.hosts import link_hosts
    from figlet.container_spec.oneoff import oneoff_name, oneoff_request
    from figlet.planner.config_hash import service_config_hash

    slug = secrets.token_hex(32)
    container_name = name or oneoff_name(project.name, service.name, slug)
    addresses = _link_addresses(project, service, engine)
    base = container_request(
        project,
        service,
        number=1,
        name=container_name,
        config_hash=service_config_hash(service),
        link_hosts=link_hosts(project, service, addresses) if addresses else {},
        image_id=image_id,
    )
    return oneoff_request(base, oneoff, slug=slug, working_dir=project.working_dir)


def _link_addresses(
    project: Project, service: Service, engine: Engine
) -> dict[str, Mapping[str, str]]:
    """Container name -> (network -> address) of the running targets of `service`'s links."""
    targets = {link.service for link in service.links}
    found: dict[str, Mapping[str, str]] = {}
    if targets:
        for container in engine.list_containers(project.name):
            if container.service in targets and not container.oneoff and container.running:
                found[container.name] = container.addresses or engine.addresses(container.id)
    for external in service.external_links:
        found[external.container] = engine.addresses(external.container)
    return found


def _run_container(
    engine: Engine, request: ContainerRequest, oneoff: OneOff, *, remove: bool
) -> None:
    """Create and start the container; attached, relay it and exit with its exit code."""
    from figlet.cli._session import relay
    from figlet.engine.base import Interactive
    from figlet.errors import FigletError, Problem

    if not oneoff.detach and not isinstance(engine, Interactive):
        raise FigletError(
            Problem(f"{engine.describe()} cannot attach to containers", hint="use -d")
        )
    container = engine.create_container(request)
    code = 0
    try:
        if oneoff.detach:
            engine.start_container(container)
            sys.stdout.write(request.name + "\n")
            return
        assert isinstance(engine, Interactive)
        stream = engine.attach_container(container, stdin=oneoff.stdin)
        try:
            engine.start_container(container)

            def resize(rows: int, columns: int) -> None:
                engine.resize_container(container, rows, columns)

            relay(stream, tty=oneoff.tty, stdin=oneoff.stdin, resize=resize)
        finally:
            stream.close()
        code = engine.wait_exit(container)
    finally:
        if remove:
            engine.remove_container(container, force=True, volumes=True)
    if code:
        raise SystemExit(code)
