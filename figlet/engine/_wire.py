"""HTTP/1.1 on a plain socket: just what the Engine API client needs.

Not http.client: importing it pulls in email and ssl, about 10 ms of every command's start-up.
A request is written whole; an answer is read through one buffer per connection: the status line
and headers, then a body framed by the chunked transfer coding, Content-Length, or the end of
the connection. Failures are OSErrors: `RemoteClosed` (the peer closed the connection before
answering, e.g. an idle kept-alive one), `ClosedBetweenChunks` (closed between two chunks of an
answer: the engine stopped while it streamed), `BadResponse` (an answer cut short or malformed), and
the socket's own (TimeoutError, ConnectionResetError, ...).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

_RECV = 65536
_MAX_LINE = 65536
_MAX_HEADERS = 100
_HEX = frozenset(b"0123456789abcdefABCDEF")
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})

Framing = Literal["none", "chunked", "length", "close"]


class RemoteClosed(ConnectionResetError):
    """The peer closed the connection before the first byte of an answer."""


class ClosedBetweenChunks(ConnectionResetError):
    """The peer closed the connection between two chunks of an answer: an engine that stopped
    (or restarted) while it streamed, not an answer figlet cannot read."""


class BadResponse(ConnectionError):
    """An answer that is not HTTP/1.x, or that ends before its body does."""


class Socket(Protocol):
    """The part of `socket.socket` a Connection uses."""

    def sendall(self, data: bytes, /) -> None: ...
    def recv(self, size: int, /) -> bytes: ...
    def settimeout(self, seconds: float | None, /) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class Head:
    """An answer's status line and headers (names lower-cased, repeats joined with ", ")."""

    version: str
    status: int
    headers: Mapping[str, str]

    def tokens(self, name: str) -> list[str]:
        """The comma-separated values of header `name`, lower-cased."""
        value = self.headers.get(name, "")
        return [token.strip().lower() for token in value.split(",") if token.strip()]

    @property
    def persistent(self) -> bool:
        """Whether the peer keeps the connection open after this answer."""
        connection = self.tokens("connection")
        if "close" in connection:
            return False
        return self.version != "HTTP/1.0" or "keep-alive" in connection

    @property
    def length(self) -> int | None:
        """The Content-Length, None without one."""
        value = self.headers.get("content-length")
        if value is None:
            return None
        values = {part.strip() for part in value.split(",")}
        text = values.pop()
        if values or not (text.isascii() and text.isdigit()):
            raise BadResponse(f"bad Content-Length: {value!r}")
        return int(text)


def framing(head: Head, method: str) -> Framing:
    """How the body of `head` (the answer to `method`) ends (RFC 9112, 6.3)."""
    if method == "HEAD" or head.status in (204, 304):
        return "none"
    if head.status == 101:
        return "close"
    if "transfer-encoding" in head.headers:
        return "chunked" if head.tokens("transfer-encoding")[-1:] == ["chunked"] else "close"
    return "length" if head.length is not None else "close"


def encode_request(
    method: str, target: str, host: str, headers: Mapping[str, str], payload: bytes | None
) -> bytes:
    """The bytes of a request; Content-Length is added for a payload, or for a POST/PUT/PATCH
    without one."""
    lines = [f"{_plain(method)} {_plain(target)} HTTP/1.1", f"Host: {_plain(host)}"]
    lines += [f"{_plain(name)}: {_plain(value, spaces=True)}" for name, value in headers.items()]
    if payload is not None or method in _WITH_BODY:
        lines.append(f"Content-Length: {len(payload or b'')}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head + payload if payload else head


def _plain(text: str, *, spaces: bool = False) -> str:
    """`text`, refused (ValueError) if it holds a control character, or a space unless
    `spaces`: what would break the request's framing."""
    if any(char < " " or char == "\x7f" or (char == " " and not spaces) for char in text):
        raise ValueError(f"character not allowed in an HTTP request line or header: {text!r}")
    return text


class Connection:
    """One HTTP/1.1 connection: requests written whole, answers read through a buffer.

    `answers` counts the answers read to their end; `sent` tells whether the current request
    was written whole; `received` whether any byte of its answer has arrived; `reusable`, once
    a body is read, whether another request may follow on this connection."""

    def __init__(self, sock: Socket) -> None:
        self._sock = sock
        self._buffer = bytearray()
        self.answers = 0
        self.sent = False
        self.received = False
        self.reusable = False

    def settimeout(self, seconds: float | None) -> None:
        self._sock.settimeout(seconds)

    def close(self) -> None:
        self.reusable = False
        self._sock.close()

    def abort(self) -> None:
        """Close, waking a thread blocked reading this connection (closing alone does not
        interrupt a read in progress on Linux; shutting the socket down does)."""
        shutdown = getattr(self._sock, "shutdown", None)
        if shutdown is not None:
            with contextlib.suppress(OSError):
                shutdown(2)  # SHUT_RDWR
        self.close()

    def send(self, request: bytes) -> None:
        """Write one request (`encode_request`'s bytes)."""
        self.sent = False
        self.received = False
        self.reusable = False
        self._sock.sendall(request)
        self.sent = True

    def closed_by_peer(self) -> bool:
        """Whether the peer has closed this idle connection (or sent bytes nobody asked for,
        which leave it unusable too): a look without waiting, before it is used again."""
        if self._buffer:
            return True
        self._sock.settimeout(0.0)
        try:
            self._sock.recv(1)  # b"": closed; bytes: an answer to nothing
        except BlockingIOError:
            return False  # nothing to read: still open
        except OSError:
            return True
        return True

    def read_head(self) -> Head:
        """The answer's status line and headers, past any interim (1xx) answers but 101."""
        while True:
            head = self._head()
            if not 100 <= head.status < 200 or head.status == 101:
                return head

    def detach(self) -> tuple[Socket, bytes]:
        """The socket and what was received past the answer's head: the connection taken over
        after a `101 Switching Protocols` (attach, exec start), no longer HTTP."""
        pending = bytes(self._buffer)
        self._buffer.clear()
        self.reusable = False
        return self._sock, pending

    def body(self, head: Head, method: str) -> Iterator[bytes]:
        """The body of the answer `head`, in pieces as they arrive."""
        how = framing(head, method)
        if how == "chunked":
            yield from self._chunked()
        elif how == "length":
            yield from self._exact(head.length or 0)
        elif how == "close":
            yield from self._until_close()
        self.answers += 1
        self.reusable = how != "close" and head.persistent

    def body_in_bulk(self, head: Head, method: str) -> Iterator[bytes]:
        """`body`, each piece everything the last receive completed: a chunked body is
        decoded a buffer at a time (an engine streaming a log sends one chunk a line)."""
        if framing(head, method) != "chunked":
            yield from self.body(head, method)
            return
        data, pos = bytes(self._buffer), 0
        self._buffer.clear()
        while True:
            pieces: list[bytes] = []
            while (eol := data.find(b"\n", pos)) >= 0:
                size = _chunk_size(data[pos:eol].rstrip(b"\r"))
                if size == 0:
                    self._buffer[:] = data[eol + 1 :]
                    if pieces:
                        yield b"".join(pieces)
                    for _ in self._fields():  # trailers
                        pass
                    self.answers += 1
                    self.reusable = head.persistent
                    return
                end = eol + 1 + size
                if data[end : end + 2] == b"\r\n":
                    after = end + 2
                elif data[end : end + 1] == b"\n":
                    after = end + 1
                elif len(data) < end + 2:
                    break  # the chunk is not all here yet
                else:
                    raise BadResponse("a chunk is longer than its size")
                pieces.append(data[eol + 1 : end])
                pos = after
            if len(data) - pos > _MAX_LINE + (1 << 24):
                raise BadResponse("a chunk of the answer is larger than 16 MiB")
            if pieces:
                yield b"".join(pieces)
            more = self._sock.recv(_RECV)
            if not more:
                if pos == len(data):
                    raise ClosedBetweenChunks("the engine closed the connection while answering")
                raise BadResponse("the answer ends inside its body")
            self.received = True
            data, pos = data[pos:] + more, 0

    # --- reading ---------------------------------------------------------------------
    def _fill(self) -> bool:
        """Receive more into the buffer; False at the end of the connection."""
        data = self._sock.recv(_RECV)
        if data:
            self.received = True
            self._buffer += data
        return bool(data)

    def _take(self, limit: int) -> bytes:
        """Up to `limit` bytes, buffered or received; b"" at the end of the connection."""
        if not self._buffer and not self._fill():
            return b""
        piece = bytes(self._buffer[:limit])
        del self._buffer[:limit]
        return piece

    def _line(self, *, between_chunks: bool = False) -> bytes:
        """The next line, without its CRLF (or bare LF); `between_chunks`: a chunk size line,
        where the end of the connection means an engine that stopped while it streamed."""
        start = 0
        while (end := self._buffer.find(b"\n", start)) < 0:
            start = len(self._buffer)
            if start > _MAX_LINE:
                raise BadResponse("a line of the answer is longer than 64 KiB")
            if not self._fill():
                if self.received and not self._buffer and between_chunks:
                    raise ClosedBetweenChunks("the engine closed the connection while answering")
                if self.received:
                    raise BadResponse("the answer ends inside its head or a chunk header")
                raise RemoteClosed("the engine closed the connection without answering")
        if end > _MAX_LINE:
            raise BadResponse("a line of the answer is longer than 64 KiB")
        line = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        return line[:-1] if line.endswith(b"\r") else line

    def _fields(self) -> Iterator[bytes]:
        """Header (or trailer) lines up to the empty line that ends them."""
        for _ in range(_MAX_HEADERS + 1):
            line = self._line()
            if not line:
                return
            yield line
        raise BadResponse(f"more than {_MAX_HEADERS} header lines")

    def _head(self) -> Head:
        version, status = _status_line(self._line())
        headers: dict[str, str] = {}
        name = ""
        for line in self._fields():
            if line[:1] in (b" ", b"\t") and name:  # obsolete line folding
                headers[name] += " " + line.strip().decode("latin-1")
                continue
            name, value = _field(line)
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return Head(version, status, headers)

    def _exact(self, size: int) -> Iterator[bytes]:
        while size:
            piece = self._take(size)
            if not piece:
                raise BadResponse(f"the answer ends {size} bytes before its body does")
            size -= len(piece)
            yield piece

    def _chunked(self) -> Iterator[bytes]:
        while size := _chunk_size(self._line(between_chunks=True)):
            yield from self._exact(size)
            if self._line():
                raise BadResponse("a chunk is longer than its size")
        for _ in self._fields():  # trailers: nothing figlet needs
            pass

    def _until_close(self) -> Iterator[bytes]:
        while piece := self._take(_RECV):
            yield piece


def _status_line(line: bytes) -> tuple[str, int]:
    """("HTTP/1.1", 200) from b"HTTP/1.1 200 OK"."""
    parts = line.split(None, 2)
    if (
        len(parts) < 2
        or not parts[0].startswith(b"HTTP/1.")
        or len(parts[1]) != 3
        or not parts[1].isdigit()
    ):
        raise BadResponse(f"not an HTTP/1.x status line: {line[:80]!r}")
    return parts[0].decode("ascii", errors="replace"), int(parts[1])


def _field(line: bytes) -> tuple[str, str]:
    """(lower-cased name, value) from a b"Name: value" header line."""
    name, colon, value = line.partition(b":")
    if not colon or not name or name != name.strip():
        raise BadResponse(f"bad header line: {line[:80]!r}")
    return name.decode("latin-1").lower(), value.strip().decode("latin-1")


def _chunk_size(line: bytes) -> int:
    """The size of a chunk from its header line (hex digits, maybe extensions after ";")."""
    digits = line.split(b";", 1)[0].strip()
    if not digits or not _HEX.issuperset(digits):
        raise BadResponse(f"bad chunk size line: {line[:80]!r}")
    return int(digits, 16)
