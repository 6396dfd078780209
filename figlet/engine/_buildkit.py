"""BuildKit's progress, as the engine's POST /build?version=2 streams it: `moby.buildkit.trace`
messages whose `aux` is a base64 protobuf `StatusResponse` (moby/buildkit's control API:
vertexes = 1, logs = 3; Vertex: digest = 1, name = 3, cached = 4, started = 5,
completed = 6, error = 7; VertexLog: vertex = 1, msg = 4). Only the fields figlet prints are
read, by a small protobuf reader (varints and length-delimited fields).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass, field


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7


def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) of a protobuf message: ints for varints, bytes for
    length-delimited fields; fixed-width fields are skipped."""
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, kind = key >> 3, key & 7
        if kind == 0:
            value, at = _varint(data, at)
            yield number, value
        elif kind == 2:
            size, at = _varint(data, at)
            yield number, data[at : at + size]
            at += size
        elif kind == 1:
            at += 8
        elif kind == 5:
            at += 4
        else:
            return  # a group or a kind this reader does not know: stop reading


@dataclass
class Progress:
    """What was already printed of one build: a vertex's name once when it starts, its
    "CACHED" / "ERROR" once."""

    numbers: dict[str, int] = field(default_factory=dict)
    said: set[tuple[str, str]] = field(default_factory=set)

    def lines(self, aux: object) -> list[str]:
        """The new lines a trace message brings (none when it cannot be read)."""
        try:
            data = base64.b64decode(str(aux), validate=True)
            return list(self._read(data))
        except (binascii.Error, IndexError, ValueError):
            return []

    def _read(self, data: bytes) -> Iterator[str]:
        for number, value in fields(data):
            if not isinstance(value, bytes):
                continue
            if number == 1:
                yield from self._vertex(value)
            elif number == 3:
                yield from self._log(value)

    def _number(self, digest: str) -> int:
        return self.numbers.setdefault(digest, len(self.numbers) + 1)

    def _once(self, digest: str, what: str) -> bool:
        if (digest, what) in self.said:
            return False
        self.said.add((digest, what))
        return True

    def _vertex(self, data: bytes) -> Iterator[str]:
        digest = name = error = ""
        cached = started = False
        for number, value in fields(data):
            if number == 1 and isinstance(value, bytes):
                digest = value.decode(errors="replace")
            elif number == 3 and isinstance(value, bytes):
                name = value.decode(errors="replace")
            elif number == 4:
                cached = bool(value)
            elif number == 5:
                started = True
            elif number == 7 and isinstance(value, bytes):
                error = value.decode(errors="replace")
        tag = f"#{self._number(digest)}"
        if (started or cached) and name and self._once(digest, "name"):
            yield f"{tag} {name}"
        if cached and self._once(digest, "cached"):
            yield f"{tag} CACHED"
        if error and self._once(digest, "error"):
            yield f"{tag} ERROR: {error}"

    def _log(self, data: bytes) -> Iterator[str]:
        digest = ""
        message = b""
        for number, value in fields(data):
            if number == 1 and isinstance(value, bytes):
                digest = value.decode(errors="replace")
            elif number == 4 and isinstance(value, bytes):
                message = value
        tag = f"#{self._number(digest)}"
        for line in message.decode(errors="replace").splitlines():
            if line.strip():
                yield f"{tag} {line}"
