"""A small Docker Engine API client on the standard library (http.client, AF_UNIX or TCP).

JSON in and out, keep-alive with one connection per thread, the API version pinned in every
path. Streams (events) and hijacked responses (exec start) get a connection of their own.
Failures: `ApiError` / `NotFound` for an HTTP error status (with the engine's message), and
`OSError` (ConnectionRefusedError, FileNotFoundError, TimeoutError, ...) when the engine
cannot be reached.
"""

from __future__ import annotations

import http.client
import json
import math
import socket
import struct
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote, urlencode

_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


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

    def raw(self, method: str, path: str, *, body: Any = None) -> bytes:
        """A request whose answer is read until the engine closes the connection."""
        ...

    def stream(
        self, method: str, path: str, *, params: Mapping[str, Any] | None, timeout: float
    ) -> JsonStream: ...

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
    return f"{path}?{urlencode(pairs)}" if pairs else path


def segment(value: str) -> str:
    """A name or id made safe for a path segment."""
    return quote(value, safe="")


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
    return kind(status, text or http.client.responses.get(status, "error"))


def decode(body: bytes) -> Any:
    return json.loads(body) if body.strip() else None


def demux(raw: bytes) -> bytes:
    """The payload of a multiplexed stdout/stderr stream (8-byte frame headers); a stream
    without frame headers (TTY) is returned as it is."""
    out = bytearray()
    at = 0
    while at + 8 <= len(raw):
        kind, size = raw[at], struct.unpack(">I", raw[at + 4 : at + 8])[0]
        if kind not in (0, 1, 2) or raw[at + 1 : at + 4] != b"\0\0\0":
            return raw
        out += raw[at + 8 : at + 8 + size]
        at += 8 + size
    return bytes(out) if at == len(raw) else raw


class _UnixConnection(http.client.HTTPConnection):
    """HTTP over an AF_UNIX socket."""

    def __init__(self, path: str, timeout: float | None) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


class HttpTransport:
    """The Engine API over http.client: one keep-alive connection per thread."""

    def __init__(self, address: Address, *, api_version: str, timeout: float) -> None:
        self._address = address
        self._prefix = f"/v{api_version}"
        self._timeout = timeout
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[http.client.HTTPConnection] = []

    # --- connections ---------------------------------------------------------------
    def _new_connection(self, timeout: float | None) -> http.client.HTTPConnection:
        if self._address.socket_path is not None:
            return _UnixConnection(self._address.socket_path, timeout)
        return http.client.HTTPConnection(self._address.host, self._address.port, timeout=timeout)

    def _connection(self) -> http.client.HTTPConnection:
        conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._new_connection(self._timeout)
            self._local.conn = conn
            with self._lock:
                self._open.append(conn)
        return conn

    def _drop(self, conn: http.client.HTTPConnection) -> None:
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
    def _headers(self, payload: bytes | None, content_type: str) -> dict[str, str]:
        headers = {"User-Agent": "figlet", "Accept": "application/json"}
        if payload is not None:
            headers["Content-Type"] = content_type
        return headers

    def _payload(self, body: Any, data: bytes | None) -> bytes | None:
        if data is not None:
            return data
        if body is not None:
            return json.dumps(body).encode()
        return None

    def _send(
        self,
        conn: http.client.HTTPConnection,
        method: str,
        url: str,
        payload: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
    ) -> http.client.HTTPResponse:
        wait = socket_timeout(timeout)
        if conn.sock is None:
            conn.timeout = wait
            conn.connect()
        else:
            conn.sock.settimeout(wait)
        conn.request(method, url, body=payload, headers=dict(headers))
        return conn.getresponse()

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
        url = self._prefix + query(path, params)
        payload = self._payload(body, data)
        headers = self._headers(payload, content_type)
        wait = self._timeout if timeout is None else timeout
        conn = self._connection()
        reused = conn.sock is not None
        try:
            response = self._send(conn, method, url, payload, headers, wait)
            content = response.read()
        except _STALE:
            self._drop(conn)
            if not reused:
                raise
            # the engine closed an idle keep-alive connection: nothing was done, send again
            conn = self._connection()
            try:
                response = self._send(conn, method, url, payload, headers, wait)
                content = response.read()
            except BaseException:
                self._drop(conn)
                raise
        except BaseException:
            self._drop(conn)
            raise
        if response.will_close:
            self._drop(conn)
        if response.status >= 400:
            raise error_for(response.status, content)
        return decode(content) if response.status != 204 else None

    def raw(self, method: str, path: str, *, body: Any = None) -> bytes:
        conn = self._new_connection(self._timeout)
        try:
            payload = self._payload(body, None)
            response = self._send(
                conn,
                method,
                self._prefix + path,
                payload,
                self._headers(payload, "application/json"),
                self._timeout,
            )
            content = response.read()
        finally:
            conn.close()
        if response.status >= 400:
            raise error_for(response.status, content)
        return content

    def stream(
        self, method: str, path: str, *, params: Mapping[str, Any] | None, timeout: float
    ) -> JsonStream:
        conn = self._new_connection(timeout)
        try:
            response = self._send(
                conn,
                method,
                self._prefix + query(path, params),
                None,
                self._headers(None, ""),
                timeout,
            )
            if response.status >= 400:
                raise error_for(response.status, response.read())
        except BaseException:
            conn.close()
            raise
        return _ResponseStream(conn, response)


class _ResponseStream:
    """JSON documents from a (chunked) response, one per line, on its own connection."""

    def __init__(self, conn: http.client.HTTPConnection, response: http.client.HTTPResponse):
        self._conn = conn
        self._response = response

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return json_lines(self._read())

    def _read(self) -> Iterator[bytes]:
        while True:
            chunk = self._response.read1(65536)
            if not chunk:
                return
            yield chunk

    def close(self) -> None:
        self._response.close()
        self._conn.close()


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
