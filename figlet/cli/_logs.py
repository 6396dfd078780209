"""The body of `figlet logs` (declared in `cmd_logs`): the project's containers' logs, one
thread per container reading the engine's stream, all writing through one `LogOutput`.

With `follow`, the project's container events are watched from before the containers are
listed, so a container started later (a replica added by `scale`, a recreated container) is
followed too. As with `docker compose logs -f`: the command ends once every container it
followed while running has stopped and none of the project's (selected) containers runs;
when none ran at the start, it waits for one until Ctrl-C."""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING

from figlet.cli._context import CommandContext
from figlet.errors import EngineError, FigletError, Problem

if TYPE_CHECKING:
    from figlet.cli._log_output import ContainerLog, LogOutput
    from figlet.engine.base import Engine, LogStreamer, Stream
    from figlet.engine.values.commands import LogRequest
    from figlet.engine.values.readings import ContainerEvent
    from figlet.observe.state import ObservedContainer


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    follow: bool = False,
    tail: str = "all",
    timestamps: bool = False,
    since: str | None = None,
    until: str | None = None,
    no_color: bool = False,
    no_log_prefix: bool = False,
    index: int | None = None,
) -> None:
    """Print the logs of the project's containers (of `services`)."""
    from figlet.cli._log_output import LogOutput
    from figlet.cli._selection import select, unable
    from figlet.engine.base import LogStreamer
    from figlet.engine.values.commands import LogRequest

    request = LogRequest(
        follow=follow,
        timestamps=timestamps,
        since=_time("--since", since),
        until=_time("--until", until),
        tail=_tail(tail),
    )
    name, engine, containers = select(cli, services, index=index)
    if not isinstance(engine, LogStreamer):
        raise unable("figlet logs", engine)
    streamer = engine
    out = sys.stdout
    out.flush()
    color = not no_color and out.isatty()
    output = LogOutput(out.buffer, prefix=not no_log_prefix, color=color, flush=follow)
    reader = _Reader(streamer, engine, output, name, request)
    watch = streamer.container_events(name) if follow else None
    for container in containers:  # every name first: the prefixes' width
        output.register(_short_name(container.name, name))
    try:
        for container in containers:
            reader.follow(container)
        if watch is not None:
            threading.Thread(
                target=reader.watch,
                args=(watch, set(services or ()), index),
                name="figlet-logs-events",
                daemon=True,
            ).start()
        reader.wait(services or (), index)
    finally:
        if watch is not None:
            watch.close()
        reader.close()
        output.flush()
    if reader.failures:
        raise FigletError(reader.failures)


class _Reader:
    """The followed containers' threads, and when they are done."""

    def __init__(
        self,
        streamer: LogStreamer,
        engine: Engine,
        output: LogOutput,
        project: str,
        request: LogRequest,
    ) -> None:
        self._streamer = streamer
        self._engine = engine
        self._output = output
        self._project = project
        self._request = request
        self._changed = threading.Condition()
        self._live: dict[str, Stream[bytes] | None] = {}  # container id -> its open stream
        self._seen: set[str] = set()  # ids followed once
        self._ran = False  # a container ran while followed
        self._closed = False
        self.failures: list[Problem] = []

    def follow(self, container: ObservedContainer, since: str | None = None) -> None:
        """Read `container`'s log in a thread of its own (not twice at once)."""
        from dataclasses import replace

        with self._changed:
            if self._closed or container.id in self._live:
                return
            self._live[container.id] = None
            self._seen.add(container.id)
            self._ran = self._ran or (self._request.follow and container.running)
        request = self._request if since is None else replace(self._request, since=since)
        log = self._output.register(_short_name(container.name, self._project))
        threading.Thread(
            target=self._read,
            args=(container, request, log),
            name=f"figlet-logs-{container.name}",
            daemon=True,
        ).start()

    def _read(self, container: ObservedContainer, request: LogRequest, log: ContainerLog) -> None:
        try:
            stream = self._streamer.log_stream(container.id, request)
            with self._changed:
                if self._closed:
                    stream.close()
                    return
                self._live[container.id] = stream
            for piece in stream:
                log.feed(piece)
            log.finish()
            if request.follow and container.running and not self._closed:
                code = self._engine.wait_exit(container.id, timeout=30)
                self._output.notice(log.name, f"exited with code {code}")
        except EngineError as error:
            if not self._closed:
                with self._changed:
                    self.failures.extend(error.problems)
        finally:
            with self._changed:
                self._live.pop(container.id, None)
                self._changed.notify_all()

    def watch(self, events: Stream[ContainerEvent], services: set[str], index: int | None) -> None:
        """The events thread: follow each selected container that starts."""
        from figlet import labels

        try:
            for event in events:
                attributes = event.attributes
                if event.action != "start" or attributes.get(labels.ONEOFF) == "True":
                    continue
                service = attributes.get(labels.SERVICE, "")
                number = int(attributes.get(labels.CONTAINER_NUMBER, "0") or 0)
                if (services and service not in services) or (index and number != index):
                    continue
                since = f"{event.time_nano / 1e9:.9f}" if event.container_id in self._seen else None
                self.follow(_started(event, service, number), since)
        except EngineError as error:
            with self._changed:
                self.failures.extend(error.problems)
                self._changed.notify_all()

    def wait(self, services: list[str] | tuple[str, ...], index: int | None) -> None:
        """Until every stream ended (and, following, no container is left to follow)."""
        from figlet.cli._selection import select_running

        while True:
            with self._changed:
                while self._live and not (self.failures and not self._request.follow):
                    self._changed.wait(0.25)  # short waits: Ctrl-C is seen at once
                if not self._request.follow or self.failures:
                    return
                ran = self._ran
            if ran:
                left = [
                    c
                    for c in select_running(self._engine, self._project, services, index)
                    if c.id not in self._seen
                ]
                if not left:
                    return
                for container in left:
                    self.follow(container)
            else:
                time.sleep(0.25)

    def close(self) -> None:
        with self._changed:
            self._closed = True
            streams = list(self._live.values())
        for stream in streams:
            if stream is not None:
                stream.close()


def _started(event: ContainerEvent, service: str, number: int) -> ObservedContainer:
    from figlet.observe.state import ObservedContainer

    return ObservedContainer(
        id=event.container_id,
        name=event.attributes.get("name", event.container_id[:12]),
        service=service,
        number=number,
        state="running",
        config_hash="",
        image=event.attributes.get("image", ""),
        image_id="",
    )


def _short_name(name: str, project: str) -> str:
    """ "web-1" of "demo-web-1", as Compose names a container in its prefix."""
    return name[len(project) + 1 :] if name.startswith(project + "-") else name


def _time(flag: str, value: str | None) -> str | None:
    from figlet.cli._arguments import USAGE
    from figlet.cli._times import api_time

    if value is None:
        return None
    found = api_time(value, time.time())
    if found is None:
        raise FigletError(
            Problem(
                f'{flag} "{value}": not a time',
                hint="e.g. 10m, 1h30m, 2026-01-02T15:04:05Z or a UNIX time",
            ),
            exit_code=USAGE,
        )
    return found


def _tail(value: str) -> str:
    from figlet.cli._arguments import USAGE

    if value == "all" or value.isdigit():
        return value
    if value.startswith("-") and value[1:].isdigit():
        return "all"  # as Compose: a negative number means every line
    raise FigletError(
        Problem(f'--tail "{value}": expected a number of lines or "all"'), exit_code=USAGE
    )
