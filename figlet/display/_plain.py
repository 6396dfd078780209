"""Plain progress lines, for pipes and logs: one line per step start and end."""

from __future__ import annotations

import threading
from typing import TextIO

from figlet.display._words import done_word, kind, running_word
from figlet.events import (
    Event,
    Message,
    OperationDone,
    OperationFailed,
    OperationSkipped,
    OperationStarted,
)


class PlainSink:
    """`Container trio-web-1  Started 0.4s`; aligned on the longest name seen so far."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._started: dict[str, float] = {}

    def emit(self, event: Event) -> None:
        line = self.format(event)
        if line is None:
            return
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()

    def format(self, event: Event) -> str | None:
        if isinstance(event, Message):
            return event.text if event.level == "info" else f"{event.level}: {event.text}"
        head = f"{kind(event.action)} {event.target}"
        if isinstance(event, OperationStarted):
            self._started[event.op_id] = event.at
            return f"{head}  {running_word(event.action)}"
        if isinstance(event, OperationDone):
            elapsed = event.at - self._started.get(event.op_id, event.at)
            return f"{head}  {done_word(event.action, event.detail)} {elapsed:.1f}s"
        if isinstance(event, OperationFailed):
            first = event.message.splitlines()[0] if event.message else "failed"
            return f"{head}  Error: {first}"
        if isinstance(event, OperationSkipped):
            return f"{head}  Skipped ({event.reason})"
        return None

    def close(self) -> None:
        with self._lock:
            self._stream.flush()
