"""Log lines of several containers on one output, as Compose prints them: each line behind
its container's prefix `web-1  | ` (names padded to the widest one, colored on a terminal),
written whole, one writer at a time.

Fast on purpose: a container's log arrives in big pieces; each piece is prefixed with two
bytes operations (`replace` of the newlines) and written in one call under the lock."""

from __future__ import annotations

import threading
from typing import BinaryIO

# Compose's palette order: the normal colors, then the bright ones
COLORS = (36, 33, 32, 35, 34, 96, 93, 92, 95, 94)
_RESET = b"\x1b[0m"


class LogOutput:
    """The one output every container's lines go through."""

    def __init__(self, out: BinaryIO, *, prefix: bool, color: bool, flush: bool) -> None:
        self._out = out
        self._prefix = prefix
        self._color = color
        self._flush = flush
        self._lock = threading.Lock()
        self._width = 0
        self._colors: dict[str, int] = {}

    def register(self, name: str) -> ContainerLog:
        """The writer of container `name` ("web-1"); names widen the prefix column."""
        with self._lock:
            self._width = max(self._width, len(name))
            self._colors.setdefault(name, COLORS[len(self._colors) % len(COLORS)])
        return ContainerLog(self, name)

    def prefix(self, name: str) -> bytes:
        if not self._prefix:
            return b""
        text = f"{name.ljust(self._width)}  |".encode()
        if self._color:
            return b"\x1b[%dm" % self._colors[name] + text + _RESET + b" "
        return text + b" "

    def lines(self, name: str, text: bytes) -> None:
        """Write `text` (whole lines, each ending with a newline) behind `name`'s prefix."""
        with self._lock:
            prefix = self.prefix(name)
            if prefix:
                text = prefix + text[:-1].replace(b"\n", b"\n" + prefix) + b"\n"
            self._out.write(text)
            if self._flush:
                self._out.flush()

    def notice(self, name: str, message: str) -> None:
        """A line about the container itself ("web-1 exited with code 0")."""
        with self._lock:
            text = f"{name} {message}\n".encode()
            if self._color:
                text = b"\x1b[%dm" % self._colors.get(name, COLORS[0]) + text[:-1] + _RESET + b"\n"
            self._out.write(text)
            self._out.flush()

    def flush(self) -> None:
        with self._lock:
            self._out.flush()


class ContainerLog:
    """One container's log: pieces cut anywhere in, whole prefixed lines out."""

    def __init__(self, output: LogOutput, name: str) -> None:
        self._output = output
        self.name = name
        self._pending = b""

    def feed(self, piece: bytes) -> None:
        data = self._pending + piece if self._pending else piece
        end = data.rfind(b"\n") + 1
        self._pending = data[end:]
        if end:
            self._output.lines(self.name, data[:end])

    def finish(self) -> None:
        """The log ended: its last line, even without a newline."""
        if self._pending:
            pending, self._pending = self._pending, b""
            self._output.lines(self.name, pending + b"\n")
