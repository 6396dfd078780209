"""A small Docker Engine API client on the standard library (HTTP/1.1 over AF_UNIX or TCP).

JSON in and out, keep-alive with one connection per thread, the API version pinned in every
path. Streams (events) and hijacked connections (attach, exec start: `hijack`, raw bytes both
ways after a `101 Switching Protocols`) get a connection of their own. The
HTTP itself is `_wire`'s, written on `socket` (http.client's import costs ~10 ms of start-up).
Failures: `ApiError` / `NotFound` for an HTTP error status (with the engine's message), and
`OSError` (ConnectionRefusedError, FileNotFoundError, `BadResponse`, ...) when the engine cannot be
reached (a connect that times out included) or its answer cannot be read, `TimeoutError` when
the engine was reached but did not answer in time.
"""

from __future__ import annotations

import contextlib
import json
import math
import socket
import struct
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from figlet.engine._wire import Connection, Head, Socket, encode_request

# Failures that, on a kept-alive connection before any byte of the answer, mean the engine had
# closed it (while idle, or when it stopped): the request may be sent again on a new connection
# if the engine cannot have acted on it (see `_replayable`).
_STALE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)
# Methods whose request the engine may have read and acted on, and that can still be sent again:
# reading twice changes nothing (RFC 9110, 9.2.1). A POST or DELETE is sent again only when it
# was not written whole, so that the engine cannot have read it.
_SAFE = frozenset({"GET", "HEAD"})
# Unreserved characters (RFC 3986), left as they are by percent-encoding.
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    406: "Not Acceptable",
    409: "Conflict",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class ApiError(Exception):
    """The engine answered with an error status; `message` is its own explanation."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class NotFound(ApiError):
    """404: no such container / network / volume / image."""


class JsonStream(Protocol):
    """A stream of JSON documents (one per line, e.g. GET /events); close it when done."""

    def __iter__(self) -> Iterator[Mapping[str, Any]]: ...
    def close(self) -> None: ...


class ByteStream(Protocol):
    """The body of an answer as it arrives (e.g. a followed log); close it when done, from
    any thread (a reader blocked on it wakes up and the iteration ends)."""

    def __iter__(self) -> Iterator[bytes]: ...
    def close(self) -> None: ...


class Transport(Protocol):
    """What DockerEngine needs of a way to reach the engine (this module's `HttpTransport`,
    or the docker SDK's for TLS and ssh hosts)."""

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        data: bytes | None = None,
        content_type: str = "application/json",
        timeout: float | None = None,
    ) -> Any:
        """One request; the decoded JSON answer (None when empty)."""
        ...

    def raw(
        self, method: str, path: str, *, body: Any = None, timeout: float | None = None
    ) -> bytes:
        """A request whose answer is read until the engine closes the connection; `timeout`
        for the answer (None: the transport's own, math.inf: no limit)."""
        ...

    def fetch(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None
    ) -> tuple[Mapping[str, str], bytes]:
        """A request whose answer's headers matter (names lower-cased) besides its body."""
        ...

    def stream(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        timeout: float,
        data: bytes | None = None,
        content_type: str = "application/json",
    ) -> JsonStream:
        """A request whose answer is a stream of JSON documents; `data` its body."""
        ...

    def byte_stream(
        self, method: str, path: str, *, params: Mapping[str, Any] | None, timeout: float
    ) -> ByteStream:
        """A request whose answer's body is read piece by piece, on its own connection."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Address:
    """Where the engine listens: a unix socket path, or a TCP host and port."""

    socket_path: str | None = None
    host: str = "localhost"
    port: int = 2375


def parse_host(docker_host: str) -> Address | None:
    """unix:///path, tcp://host:port, http://host:port -> Address; None for anything else
    (ssh://, https://, ...), which needs the docker SDK."""
    if docker_host.startswith("unix://"):
        return Address(socket_path=docker_host[len("unix://") :])
    if docker_host.startswith("/"):
        return Address(socket_path=docker_host)
    for scheme in ("tcp://", "http://"):
        if docker_host.startswith(scheme):
            where = docker_host[len(scheme) :].split("/", 1)[0]
            host, _, port = where.rpartition(":")
            if not host:
                return Address(host=where or "localhost")
            if not port.isdigit():
                return None
            return Address(host=host.strip("[]"), port=int(port))
    return None


def socket_timeout(seconds: float) -> float | None:
    """A timeout as a socket takes it: None (wait for ever) for an infinite one."""
    return None if math.isinf(seconds) else seconds


def query(path: str, params: Mapping[str, Any] | None) -> str:
    """`path` with its query string: dicts/lists JSON-encoded (filters), booleans as 1/0,
    None left out."""
    if not params:
        return path
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            pairs.append((key, "1" if value else "0"))
        elif isinstance(value, Mapping | list | tuple):
            pairs.append((key, json.dumps(value, separators=(",", ":"))))
        else:
            pairs.append((key, str(value)))
    fields = (f"{_escape(key, plus=True)}={_escape(value, plus=True)}" for key, value in pairs)
    return f"{path}?{'&'.join(fields)}" if pairs else path


def segment(value: str) -> str:
    """A name or id made safe for a path segment."""
    return _escape(value)


def _escape(text: str, *, plus: bool = False) -> str:
    """`text` percent-encoded (UTF-8) but for unreserved characters, as urllib.parse's
    `quote(text, safe="")`; with `plus`, spaces as "+" (`quote_plus`, for query strings)."""
    escaped = "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in text.encode())
    return escaped.replace("%20", "+") if plus else escaped


def error_for(status: int, body: bytes) -> ApiError:
    """The engine's `{"message": ...}` error answer as an ApiError (NotFound for 404)."""
    text = body.decode(errors="replace").strip()
    try:
        decoded = json.loads(text)
    except ValueError:
        decoded = None
    if isinstance(decoded, dict) and decoded.get("message"):
        text = str(decoded["message"])
    kind = NotFound if status == 404 else ApiError
    return kind(status, text or _REASONS.get(status, "error"))


def decode(body: bytes) -> Any:
    """A JSON answer's document; None for an empty one."""
    return json.loads(body) if body.strip() else None


def _frames(raw: bytes) -> list[tuple[int, bytes]] | None:
    """The (kind, payload) frames of a whole multiplexed stdout/stderr stream (8-byte frame
    headers: kind 1 stdout, 2 stderr); None when `raw` is not one (a TTY stream)."""
    frames: list[tuple[int, bytes]] = []
    at = 0
    while at + 8 <= len(raw):
        kind, size = raw[at], int.from_bytes(raw[at + 4 : at + 8], "big")
        if kind not in (0, 1, 2) or raw[at + 1 : at + 4] != b"\0\0\0":
            return None
        frames.append((kind, raw[at + 8 : at + 8 + size]))
        at += 8 + size
    return frames if at == len(raw) else None


def demux(raw: bytes) -> bytes:
    """The payload of a multiplexed stdout/stderr stream (stdout and stderr in stream order);
    a stream without frame headers (TTY) is returned as it is."""
    frames = _frames(raw)
    return raw if frames is None else b"".join(payload for _, payload in frames)


def demux_streams(raw: bytes) -> tuple[bytes, bytes]:
    """(stdout, stderr) of a multiplexed stream; a stream without frame headers (TTY) is all
    stdout."""
    frames = _frames(raw)
    if frames is None:
        return raw, b""
    stdout = b"".join(payload for kind, payload in frames if kind != 2)
    return stdout, b"".join(payload for kind, payload in frames if kind == 2)


def _connect_timed_out() -> ConnectionError:
    """Connecting took too long: the engine cannot be reached (a TimeoutError from a request
    means an engine that was reached but did not answer)."""
    return ConnectionError("connecting timed out")


class HttpTransport:
    """The Engine API over `_wire`'s HTTP/1.1: one keep-alive connection per thread."""

    def __init__(self, address: Address, *, api_version: str, timeout: float) -> None:
        self._address = address
        self._prefix = f"/v{api_version}"
        self._host = "localhost" if address.socket_path is not None else _host_header(address)
        self._timeout = timeout
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[Connection] = []

    # --- connections ---------------------------------------------------------------
    def _new_connection(self, timeout: float | None) -> Connection:
        """A new connection to the engine (`timeout` for connecting; None: no limit)."""
        address = self._address
        if address.socket_path is None:
            try:
                tcp = socket.create_connection((address.host, address.port), timeout)
            except TimeoutError as exc:
                raise _connect_timed_out() from exc
            tcp.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return Connection(tcp)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(address.socket_path)
        except BaseException:
            sock.close()
            raise
        return Connection(sock)

    def _connection(self, timeout: float | None) -> Connection:
        """This thread's kept-alive connection, opened if it has none."""
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._new_connection(timeout)
            self._local.conn = conn
            with self._lock:
                self._open.append(conn)
        return conn

    def _drop(self, conn: Connection) -> None:
        conn.close()
        if getattr(self._local, "conn", None) is conn:
            self._local.conn = None
        with self._lock:
            if conn in self._open:
                self._open.remove(conn)

    def close(self) -> None:
        with self._lock:
            connections, self._open = self._open, []
        for conn in connections:
            conn.close()
        self._local = threading.local()

    # --- requests ------------------------------------------------------------------
    def _request(
        self,
        method: str,
        target: str,
        payload: bytes | None,
        content_type: str,
        extra: Mapping[str, str] | None = None,
    ) -> bytes:
        """The bytes of a request for `target` (a path with its query) under the API prefix."""
        headers = {"User-Agent": "figlet", "Accept": "application/json", **(extra or {})}
        if payload is not None:
            headers["Content-Type"] = content_type
        return encode_request(method, self._prefix + target, self._host, headers, payload)

    def _payload(self, body: Any, data: bytes | None) -> bytes | None:
        if data is not None:
            return data
        if body is not None:
            return json.dumps(body).encode()
        return None

    def _ask(self, conn: Connection, request: bytes, timeout: float) -> Head:
        """Send `request` on `conn` and read the answer's head."""
        conn.settimeout(socket_timeout(timeout))
        conn.send(request)
        return conn.read_head()

    def _exchange(
        self, conn: Connection, method: str, request: bytes, timeout: float
    ) -> tuple[Head, bytes]:
        """`request` on `conn`: the answer's head and whole body."""
        head = self._ask(conn, request, timeout)
        return head, b"".join(conn.body(head, method))

    def _kept_alive(self, method: str, request: bytes, timeout: float) -> tuple[Head, bytes]:
        """`request` on this thread's connection (a new one if the engine has closed the kept
        one while it was idle); sent once more on a new connection when the engine closed the
        kept-alive one before answering and the request is `_replayable`."""
        conn = self._connection(socket_timeout(timeout))
        if conn.answers and conn.closed_by_peer():
            self._drop(conn)
            conn = self._connection(socket_timeout(timeout))
        try:
            answer = self._exchange(conn, method, request, timeout)
        except _STALE:
            self._drop(conn)
            if not _replayable(conn, method):
                raise
            return self._kept_alive(method, request, timeout)  # a new connection: no more retries
        except BaseException:
            self._drop(conn)
            raise
        if not conn.reusable:
            self._drop(conn)
        return answer

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        data: bytes | None = None,
        content_type: str = "application/json",
        timeout: float | None = None,
    ) -> Any:
        payload = self._payload(body, data)
        request = self._request(method, query(path, params), payload, content_type)
        wait = self._timeout if timeout is None else timeout
        head, content = self._kept_alive(method, request, wait)
        if head.status >= 400:
            raise error_for(head.status, content)
        return decode(content) if head.status != 204 else None

    def fetch(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None
    ) -> tuple[Mapping[str, str], bytes]:
        request = self._request(method, query(path, params), None, "application/json")
        head, content = self._kept_alive(method, request, self._timeout)
        if head.status >= 400:
            raise error_for(head.status, content)
        return head.headers, content

    def raw(
        self, method: str, path: str, *, body: Any = None, timeout: float | None = None
    ) -> bytes:
        request = self._request(method, path, self._payload(body, None), "application/json")
        conn = self._new_connection(socket_timeout(self._timeout))
        wait = self._timeout if timeout is None else timeout
        try:
            head, content = self._exchange(conn, method, request, wait)
        finally:
            conn.close()
        if head.status >= 400:
            raise error_for(head.status, content)
        return content

    def hijack(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None
    ) -> Hijacked:
        """A request answered by taking the connection over (`Upgrade: tcp`, as the docker CLI
        asks for attach and exec start): after the 101 answer, raw bytes both ways on a
        connection of its own, without a timeout."""
        payload = self._payload(body, None)
        upgrade = {"Connection": "Upgrade", "Upgrade": "tcp"}
        request = self._request(method, query(path, params), payload, "application/json", upgrade)
        conn, _ = self._own_connection(
            method, request, connect=self._timeout, timeout=self._timeout
        )
        sock, pending = conn.detach()
        sock.settimeout(None)
        return Hijacked(sock, pending)

    def stream(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        timeout: float,
        data: bytes | None = None,
        content_type: str = "application/json",
    ) -> JsonStream:
        request = self._request(method, query(path, params), data, content_type)
        conn, head = self._own_connection(method, request, connect=timeout, timeout=timeout)
        return _ResponseStream(conn, conn.body(head, method))

    def byte_stream(
        self, method: str, path: str, *, params: Mapping[str, Any] | None, timeout: float
    ) -> ByteStream:
        request = self._request(method, query(path, params), None, "")
        conn, head = self._own_connection(method, request, connect=self._timeout, timeout=timeout)
        return _BodyStream(conn, conn.body_in_bulk(head, method))

    def _own_connection(
        self, method: str, request: bytes, *, connect: float, timeout: float
    ) -> tuple[Connection, Head]:
        """`request` on a connection of its own (`hijack`, the streams): the connection and
        the answer's head; an error status is raised, the connection closed."""
        conn = self._new_connection(socket_timeout(connect))
        try:
            head = self._ask(conn, request, timeout)
            if head.status >= 400:
                raise error_for(head.status, b"".join(conn.body(head, method)))
        except BaseException:
            conn.close()
            raise
        return conn, head


class Hijacked:
    """A connection taken over after an HTTP Upgrade: the container's stdin one way, its output
    the other (multiplexed in 8-byte-header frames unless it has a TTY)."""

    def __init__(self, sock: Socket, pending: bytes) -> None:
        self._sock = sock
        self._pending = pending

    def recv(self) -> bytes:
        """The next bytes of output; b"" once the engine has closed the stream."""
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        return self._sock.recv(65536)

    def send(self, data: bytes) -> None:
        self._sock.sendall(data)

    def close_write(self) -> None:
        """End of input: the container's stdin is closed, its output still comes."""
        shutdown = getattr(self._sock, "shutdown", None)
        if shutdown is not None:
            with contextlib.suppress(OSError):
                shutdown(socket.SHUT_WR)

    def close(self) -> None:
        shutdown = getattr(self._sock, "shutdown", None)
        if shutdown is not None:
            with contextlib.suppress(OSError):
                shutdown(socket.SHUT_RDWR)
        self._sock.close()


def _replayable(conn: Connection, method: str) -> bool:
    """Whether a request that failed on `conn` before any byte of the answer may be sent again:
    `conn` was a kept-alive one (a new connection that fails means an engine that fails), and
    the request was not written whole (the engine cannot have read it) or only reads."""
    if conn.answers == 0 or conn.received:
        return False
    return not conn.sent or method in _SAFE


def _host_header(address: Address) -> str:
    """The Host header for a TCP engine: host:port, an IPv6 address in brackets."""
    host = f"[{address.host}]" if ":" in address.host else address.host
    return f"{host}:{address.port}"


class _ResponseStream:
    """JSON documents from a (chunked) answer, one per line, on its own connection."""

    def __init__(self, conn: Connection, body: Iterator[bytes]) -> None:
        self._conn = conn
        self._body = body

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return json_lines(self._body)

    def close(self) -> None:
        self._conn.abort()  # another thread may be reading the stream


class _BodyStream:
    """The pieces of an answer's body, on its own connection."""

    def __init__(self, conn: Connection, body: Iterator[bytes]) -> None:
        self._conn = conn
        self._body = body
        self._closed = False

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._body
        except OSError:
            if not self._closed:  # closed by another thread: the end, not a failure
                raise

    def close(self) -> None:
        self._closed = True
        self._conn.abort()


_FRAME_SIZE = struct.Struct(">I")


class FrameReader:
    """The frames of a multiplexed stdout/stderr stream (8-byte frame headers: kind, three
    zero bytes, big-endian size), fed in pieces cut anywhere; `tty`: the stream is raw (a
    TTY container's), every byte is stdout payload."""

    def __init__(self, *, tty: bool = False) -> None:
        self._tty = tty
        self._pending = b""

    def frames(self, chunk: bytes) -> list[tuple[int, bytes]]:
        """(kind, payload) of each frame that `chunk` completes, in stream order (1 stdout,
        2 stderr)."""
        if self._tty:
            return [(1, chunk)]
        data = self._pending + chunk if self._pending else chunk
        found: list[tuple[int, bytes]] = []
        at, end = 0, len(data)
        size_at = _FRAME_SIZE.unpack_from
        while at + 8 <= end:
            (size,) = size_at(data, at + 4)
            if at + 8 + size > end:
                break
            found.append((data[at], data[at + 8 : at + 8 + size]))
            at += 8 + size
        self._pending = data[at:]
        return found

    def feed(self, chunk: bytes) -> bytes:
        """The payload bytes that `chunk` completes (stdout and stderr in stream order)."""
        if self._tty:
            return chunk
        return b"".join([payload for _, payload in self.frames(chunk)])


def json_lines(chunks: Iterator[bytes]) -> Iterator[Mapping[str, Any]]:
    """Decode newline-separated JSON documents from `chunks` cut anywhere."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            if line.strip():
                yield json.loads(line)
    if pending.strip():
        yield json.loads(pending)
