"""The body of `figlet events` (declared in `cmd_events`)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from figlet.cli._context import CommandContext

if TYPE_CHECKING:
    from figlet.engine.values.readings import ContainerEvent


def run(cli: CommandContext, *, services: list[str] | None = None, as_json: bool = False) -> None:
    """Print each container event of the project (of `services`) until Ctrl-C (exit 130)."""
    from figlet import labels
    from figlet.cli._arguments import check_services
    from figlet.cli._selection import unable
    from figlet.engine.base import LogStreamer

    project, name = cli.load_or_name()
    if project is not None and services:
        check_services(project, services)
    engine = cli.engine()
    if not isinstance(engine, LogStreamer):
        raise unable("figlet events", engine)
    events = engine.container_events(name)
    try:
        for event in events:
            service = event.attributes.get(labels.SERVICE, "")
            if services and service not in services:
                continue
            sys.stdout.write((as_json_line(event) if as_json else text(event)) + "\n")
            sys.stdout.flush()
    finally:
        events.close()


def _attributes(event: ContainerEvent) -> dict[str, str]:
    """The event's attributes but Compose's own labels, as Compose prints them."""
    return {
        key: value
        for key, value in sorted(event.attributes.items())
        if not key.startswith("com.docker.compose.")
    }


def text(event: ContainerEvent) -> str:
    """`2026-01-02 03:04:05.123456 container start <id> (image=..., name=...)` and, as
    Compose, an empty line after it."""
    seconds, nanos = divmod(event.time_nano, 1_000_000_000)
    moment = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S")
    shown = ", ".join(f"{key}={value}" for key, value in _attributes(event).items())
    return f"{moment}.{nanos // 1000:06d} container {event.action} {event.container_id} ({shown})\n"


def as_json_line(event: ContainerEvent) -> str:
    """The event as Compose's `events --json` prints it."""
    from figlet import labels

    return json.dumps(
        {
            "action": event.action,
            "attributes": _attributes(event),
            "id": event.container_id,
            "service": event.attributes.get(labels.SERVICE, ""),
            "time": rfc3339_nano(event.time_nano),
            "type": "container",
        },
        separators=(",", ":"),
    )


def rfc3339_nano(time_nano: int) -> str:
    """Go's RFC3339Nano in UTC: nanoseconds without their trailing zeros."""
    seconds, nanos = divmod(time_nano, 1_000_000_000)
    moment = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f".{nanos:09d}".rstrip("0") if nanos else ""
    return f"{moment}{fraction}Z"
