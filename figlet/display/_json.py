"""JSON lines (`--progress json`): one object per event, for tools."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from typing import Any, TextIO

from figlet.events import (
    Event,
    Message,
    OperationDone,
    OperationFailed,
    OperationSkipped,
    OperationStarted,
)

_NAMES: dict[type[Any], str] = {
    OperationStarted: "started",
    OperationDone: "done",
    OperationFailed: "failed",
    OperationSkipped: "skipped",
    Message: "message",
}


def event_json(event: Event) -> dict[str, Any]:
    """{"event": "done", "op_id": ..., "action": "create", "target": ..., "at": ...}"""
    data = asdict(event)
    if "action" in data:
        data["action"] = str(data["action"])
    return {"event": _NAMES[type(event)], **data}


class JsonSink:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def emit(self, event: Event) -> None:
        line = json.dumps(event_json(event), sort_keys=False)
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()

    def close(self) -> None:
        with self._lock:
            self._stream.flush()
