"""Progress events: what the executor reports while it runs a plan.

The executor emits frozen event values into an `EventSink`; displays (rich live view, plain lines,
JSON lines) and tests consume them. Timestamps are `time.time()` seconds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from figlet.plan import Action


@dataclass(frozen=True)
class OperationStarted:
    """An operation of the plan began."""

    op_id: str
    action: Action
    target: str
    service: str | None
    at: float


@dataclass(frozen=True)
class OperationDone:
    """An operation of the plan succeeded."""

    op_id: str
    action: Action
    target: str
    service: str | None
    at: float
    detail: str = ""  # e.g. the new container id, "already gone"


@dataclass(frozen=True)
class OperationFailed:
    """An operation of the plan failed; `message` says why."""

    op_id: str
    action: Action
    target: str
    service: str | None
    at: float
    message: str


@dataclass(frozen=True)
class OperationSkipped:
    """Not run because an operation it depends on failed (or the run was interrupted)."""

    op_id: str
    action: Action
    target: str
    service: str | None
    at: float
    reason: str


@dataclass(frozen=True)
class Message:
    """A free-form progress line (image build output, a note)."""

    text: str
    at: float
    level: str = "info"  # "info" | "warning"


Event = OperationStarted | OperationDone | OperationFailed | OperationSkipped | Message


EventT = TypeVar(
    "EventT", OperationStarted, OperationDone, OperationFailed, OperationSkipped, Message
)


class EventSink(Protocol):
    """Receives events, possibly from several threads at once."""

    def emit(self, event: Event) -> None: ...

    def close(self) -> None:
        """The run is over: flush, stop live views."""
        ...


@dataclass
class RecordingSink:
    """Keeps every event in order (tests, the Python API)."""

    events: list[Event] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def emit(self, event: Event) -> None:
        with self._lock:
            self.events.append(event)

    def close(self) -> None:
        return None

    def of_type(self, kind: type[EventT]) -> list[EventT]:
        with self._lock:
            return [event for event in self.events if isinstance(event, kind)]


class NullSink:
    """Discards everything (`--progress quiet`)."""

    def emit(self, event: Event) -> None:
        return None

    def close(self) -> None:
        return None
