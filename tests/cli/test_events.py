"""`figlet events` on the fake engine: each event of the project as Compose prints it, until
Ctrl-C (130)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from _cli import BUSYBOX, Figlet

from figlet import labels
from figlet.engine.fake import FakeEngine
from figlet.engine.values.readings import ContainerEvent

EVENTS = [
    ContainerEvent(
        time_nano=1_767_323_045_123_456_700,
        action=action,
        container_id="c1" * 32,
        attributes={
            labels.PROJECT: "demo",
            labels.SERVICE: service,
            "name": f"demo-{service}-1",
            "image": BUSYBOX,
        },
    )
    for action, service in (("start", "db"), ("die", "web"))
]


class _Then:
    """The events, then Ctrl-C."""

    def __iter__(self) -> Iterator[ContainerEvent]:
        yield from EVENTS
        raise KeyboardInterrupt

    def close(self) -> None:
        pass


class _Engine(FakeEngine):
    def container_events(self, project: str) -> _Then:  # type: ignore[override]
        return _Then()


def test_events_as_text_until_ctrl_c(figlet: Figlet) -> None:
    done = figlet("events", engine=_Engine(images=(BUSYBOX,)))
    assert done.code == 130
    assert done.out == (
        f"2026-01-02 03:04:05.123456 container start {'c1' * 32} "
        f"(image={BUSYBOX}, name=demo-db-1)\n\n"
        f"2026-01-02 03:04:05.123456 container die {'c1' * 32} "
        f"(image={BUSYBOX}, name=demo-web-1)\n\n"
    )


def test_events_as_json_of_one_service(figlet: Figlet) -> None:
    done = figlet("events", "--json", "web", engine=_Engine(images=(BUSYBOX,)))
    assert done.code == 130
    assert [json.loads(line) for line in done.out.splitlines()] == [
        {
            "action": "die",
            "attributes": {"image": BUSYBOX, "name": "demo-web-1"},
            "id": "c1" * 32,
            "service": "web",
            "time": "2026-01-02T03:04:05.1234567Z",
            "type": "container",
        }
    ]
    assert "no such service: api" in figlet("events", "api").err
