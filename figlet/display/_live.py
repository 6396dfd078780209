"""The rich live view for terminals: one row per step, a spinner while it runs."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console, RenderableType
from rich.live import Live
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from figlet.display._words import done_word, kind, running_word
from figlet.events import (
    Event,
    Message,
    OperationDone,
    OperationFailed,
    OperationSkipped,
    OperationStarted,
)


@dataclass
class _Row:
    """One operation's row in the live display."""

    label: str
    status: str  # "running" | "done" | "failed" | "skipped"
    word: str
    started: float
    ended: float | None = None


class LiveSink:
    """Redraws a table of steps; messages print above it. Call `close()` to leave it."""

    def __init__(self, stream: TextIO, title: str = "") -> None:
        self._console = Console(file=stream)
        self._title = title
        self._rows: dict[str, _Row] = {}
        self._lock = threading.Lock()
        self._spinner = Spinner("dots", style="blue")
        self._live = Live(
            get_renderable=self._render,
            console=self._console,
            refresh_per_second=10,
            transient=False,
        )
        self._live.start()

    def emit(self, event: Event) -> None:
        if isinstance(event, Message):
            style = "yellow" if event.level == "warning" else ""
            self._live.console.print(Text(event.text, style=style))
            return
        with self._lock:
            label = f"{kind(event.action)} {event.target}"
            if isinstance(event, OperationStarted):
                self._rows[event.op_id] = _Row(
                    label, "running", running_word(event.action), event.at
                )
                return
            row = self._rows.setdefault(event.op_id, _Row(label, "running", "", event.at))
            row.ended = event.at
            if isinstance(event, OperationDone):
                row.status, row.word = "done", done_word(event.action, event.detail)
            elif isinstance(event, OperationFailed):
                first = event.message.splitlines()[0] if event.message else "failed"
                row.status, row.word = "failed", f"Error: {first}"
            elif isinstance(event, OperationSkipped):
                row.status, row.word = "skipped", f"Skipped ({event.reason})"

    def _render(self) -> RenderableType:
        with self._lock:
            rows = list(self._rows.values())
        now = time.time()
        table = Table.grid(padding=(0, 1))
        table.add_column(width=1)
        table.add_column()
        table.add_column()
        table.add_column(justify="right", style="dim")
        counts = {"done": 0, "failed": 0}
        for row in rows:
            elapsed = (row.ended or now) - row.started
            if row.status == "running":
                mark: RenderableType = self._spinner
                word = Text(row.word, style="blue")
            elif row.status == "done":
                counts["done"] += 1
                mark, word = Text("✔", style="green"), Text(row.word, style="green")
            elif row.status == "failed":
                counts["failed"] += 1
                mark, word = Text("✘", style="red"), Text(row.word, style="red")
            else:
                mark, word = Text("-", style="dim"), Text(row.word, style="dim")
            table.add_row(mark, row.label, word, f"{elapsed:.1f}s")
        if not self._title:
            return table
        outer = Table.grid()
        head = f"[+] {self._title} {counts['done']}/{len(rows)}"
        outer.add_row(Text(head, style="bold red" if counts["failed"] else "bold"))
        outer.add_row(table)
        return outer

    def close(self) -> None:
        self._live.refresh()
        self._live.stop()
