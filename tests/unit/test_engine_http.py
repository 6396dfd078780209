"""The stdlib Engine API client (figlet.engine._http) against a tiny HTTP server on a unix socket
(or TCP on loopback): keep-alive, chunked JSON streams, hijacked exec output, error statuses,
unreachable sockets, engines that close connections; its HTTP/1.1 reader (figlet.engine._wire)
fed byte by byte; and DockerEngine's error messages over it."""

from __future__ import annotations

import json
import socket
import socketserver
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from figlet.engine._docker_errors import api_error, classify
from figlet.engine._http import (
    Address,
    ApiError,
    HttpTransport,
    NotFound,
    _replayable,
    demux,
    demux_streams,
    json_lines,
    parse_host,
    query,
    segment,
)
from figlet.engine._wire import (
    BadResponse,
    ClosedBetweenChunks,
    Connection,
    Head,
    RemoteClosed,
    encode_request,
)
from figlet.engine.docker_engine import DockerEngine
from figlet.errors import EngineError, StateChanged

Route = Callable[["_Handler"], None]


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Any, routes: dict[tuple[str, str], Route]) -> None:
        super().__init__(path, _Handler)
        self.routes = routes
        self.connections = 0
        self.closed = 0
        self.requests: list[tuple[str, str, bytes]] = []

    def shutdown_request(self, request: Any) -> None:
        super().shutdown_request(request)
        self.closed += 1

    def wait_closed(self, count: int) -> None:
        """Until the server has closed `count` connections."""
        deadline = time.monotonic() + 5
        while self.closed < count:
            assert time.monotonic() < deadline, "the server did not close the connection"
            time.sleep(0.005)


class _TcpServer(_Server):
    address_family = socket.AF_INET  # UnixStreamServer is a TCPServer on AF_UNIX


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def address_string(self) -> str:
        return "unix"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        self.server.requests.append((self.command, self.path, body))
        route = self.server.routes.get((self.command, path))
        if route is None:
            self.reply(404, {"message": f"page not found: {path}"})
        else:
            route(self)

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def reply(self, status: int, document: Any = None, *, close: bool = False) -> None:
        payload = b"" if document is None else json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload:  # nothing after a bodiless answer: the client may have closed by then
            self.wfile.write(payload)
        if close:
            self.close_connection = True

    def start_chunked(self) -> None:
        """A 200 whose body follows in chunks (`chunk`, then `chunk(b"")` to end it)."""
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[dict[tuple[str, str], Route]], _Server]]:
    servers: list[_Server] = []

    def start(routes: dict[tuple[str, str], Route], *, tcp: bool = False) -> _Server:
        if tcp:
            server: _Server = _TcpServer(("127.0.0.1", 0), routes)
        else:
            server = _Server(str(tmp_path / f"engine{len(servers)}.sock"), routes)
        threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def transport(server: _Server, timeout: float = 5) -> HttpTransport:
    return HttpTransport(
        Address(socket_path=str(server.server_address)), api_version="1.41", timeout=timeout
    )


def test_json_in_and_out_over_one_kept_alive_connection(serve: Any) -> None:
    def echo(handler: _Handler) -> None:
        handler.reply(201, {"got": json.loads(handler.server.requests[-1][2])})

    server = serve({("POST", "/v1.41/things/create"): echo})
    client = transport(server)
    for number in range(3):
        answer = client.call("POST", "/things/create", params={"name": "x"}, body={"n": number})
        assert answer == {"got": {"n": number}}
    client.close()
    assert server.connections == 1
    assert server.requests[0][1] == "/v1.41/things/create?name=x"


def test_each_thread_has_its_own_connection(serve: Any) -> None:
    server = serve({("GET", "/v1.41/ping"): lambda h: h.reply(200, {"ok": True})})
    client = transport(server)
    threads = [threading.Thread(target=client.call, args=("GET", "/ping")) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.call("GET", "/ping")
    client.close()
    assert server.connections == 4
    assert len(server.requests) == 4


def test_a_connection_the_engine_closed_is_opened_again(serve: Any) -> None:
    server = serve({("GET", "/v1.41/ping"): lambda h: h.reply(200, {"ok": True}, close=True)})
    client = transport(server)
    assert client.call("GET", "/ping") == {"ok": True}
    assert client.call("GET", "/ping") == {"ok": True}
    assert server.connections == 2


def test_error_statuses_carry_the_engines_message(serve: Any) -> None:
    server = serve(
        {
            ("GET", "/v1.41/containers/x/json"): lambda h: h.reply(
                404, {"message": "No such container: x"}
            ),
            ("DELETE", "/v1.41/networks/n"): lambda h: h.reply(
                403, {"message": "error while removing network: network n has active endpoints"}
            ),
            ("POST", "/v1.41/containers/x/start"): lambda h: h.reply(304),
        }
    )
    client = transport(server)
    with pytest.raises(NotFound) as missing:
        client.call("GET", "/containers/x/json")
    assert missing.value.message == "No such container: x"
    with pytest.raises(ApiError) as busy:
        client.call("DELETE", "/networks/n")
    assert busy.value.status == 403 and "active endpoints" in busy.value.message
    assert not isinstance(busy.value, NotFound)
    assert client.call("POST", "/containers/x/start") is None  # 304: already started


def test_chunked_json_lines_stream(serve: Any) -> None:
    events = [{"Action": "start", "n": 1}, {"Action": "health_status: healthy", "n": 2}]

    def stream(handler: _Handler) -> None:
        handler.start_chunked()
        text = "".join(json.dumps(event) + "\n" for event in events).encode()
        for piece in (text[:7], text[7:30], text[30:]):  # cut inside documents
            handler.chunk(piece)
        handler.chunk(b"")

    server = serve({("GET", "/v1.41/events"): stream})
    client = transport(server)
    events_stream = client.stream(
        "GET", "/events", params={"since": 1, "filters": {"event": ["die"]}}, timeout=5
    )
    try:
        assert list(events_stream) == events
    finally:
        events_stream.close()
    assert server.requests[0][1].startswith("/v1.41/events?since=1&filters=%7B%22event%22")


def test_a_hijacked_answer_is_read_until_the_engine_closes_it(serve: Any) -> None:
    def hijack(handler: _Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/vnd.docker.raw-stream")
        handler.end_headers()
        for kind, text in ((1, b"out\n"), (2, b"err\n")):
            handler.wfile.write(struct.pack(">BxxxI", kind, len(text)) + text)
        handler.close_connection = True

    server = serve({("POST", "/v1.41/exec/e1/start"): hijack})
    raw = transport(server).raw("POST", "/exec/e1/start", body={"Detach": False})
    assert demux(raw) == b"out\nerr\n"


def test_a_missing_or_refusing_socket_is_an_os_error(tmp_path: Path) -> None:
    missing = HttpTransport(
        Address(socket_path=str(tmp_path / "none.sock")), api_version="1.41", timeout=2
    )
    with pytest.raises(FileNotFoundError):
        missing.call("GET", "/_ping")
    path = tmp_path / "dead.sock"
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(str(path))  # bound, never listening: connect is refused
    try:
        refused = HttpTransport(Address(socket_path=str(path)), api_version="1.41", timeout=2)
        with pytest.raises(ConnectionRefusedError):
            refused.call("GET", "/_ping")
    finally:
        dead.close()


def test_a_silent_engine_times_out(serve: Any) -> None:
    stall = threading.Event()
    server = serve({("POST", "/v1.41/containers/x/wait"): lambda h: stall.wait(5)})
    with pytest.raises(TimeoutError):
        transport(server).call("POST", "/containers/x/wait", timeout=0.2)
    stall.set()


def test_query_strings_and_hosts() -> None:
    assert query("/containers/json", {"all": True, "filters": {"label": ["a=b"]}, "x": None}) == (
        "/containers/json?all=1&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D"
    )
    assert query("/c", {"force": False}) == "/c?force=0"
    assert parse_host("unix:///var/run/docker.sock") == Address(socket_path="/var/run/docker.sock")
    assert parse_host("tcp://127.0.0.1:2375") == Address(host="127.0.0.1", port=2375)
    assert parse_host("ssh://me@host") is None
    assert parse_host("https://host:2376") is None
    assert list(json_lines(iter([b'{"a":', b' 1}\n{"b"', b": 2}"]))) == [{"a": 1}, {"b": 2}]
    assert demux(b"plain tty text") == b"plain tty text"


def test_percent_encoding_is_urllib_s() -> None:
    from urllib.parse import quote, urlencode

    for text in ("a b+c", "x/y?z&w=1#f", "~_.-AZaz09", "100%", "é ü 名前", "\n\t\x00", ""):
        assert segment(text) == quote(text, safe="")
        assert query("/p", {"k y": text}) == "/p?" + urlencode([("k y", text)])
    assert query("/p", {"gone": None}) == "/p"


def test_a_body_without_length_ends_when_the_engine_closes(serve: Any) -> None:
    def unframed(handler: _Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        handler.wfile.write(b'{"whole": ')
        handler.wfile.flush()
        handler.wfile.write(b'"answer"}')
        handler.close_connection = True

    server = serve({("GET", "/v1.41/unframed"): unframed})
    client = transport(server)
    assert client.call("GET", "/unframed") == {"whole": "answer"}
    assert client._open == []  # the connection ended with the answer: not kept
    assert client.call("GET", "/unframed") == {"whole": "answer"}
    assert server.connections == 2


def test_chunked_and_empty_answers_keep_the_connection(serve: Any) -> None:
    def chunked(handler: _Handler) -> None:
        handler.start_chunked()
        handler.wfile.write(b'4\r\n{"a"\r\n3;x=y\r\n: 1\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n')

    server = serve(
        {
            ("GET", "/v1.41/chunked"): chunked,
            ("POST", "/v1.41/containers/c/start"): lambda h: h.reply(204),
            ("POST", "/v1.41/containers/c/stop"): lambda h: h.reply(304),
        }
    )
    client = transport(server)
    for _ in range(2):
        assert client.call("GET", "/chunked") == {"a": 1}
        assert client.call("POST", "/containers/c/start") is None
        assert client.call("POST", "/containers/c/stop") is None
    assert server.connections == 1
    assert len(server.requests) == 6


def test_an_idle_connection_the_engine_closed_is_replaced_once(serve: Any) -> None:
    def ping(handler: _Handler) -> None:
        handler.reply(200, {"ok": True})
        handler.close_connection = True  # without saying so: like an engine's idle timeout

    server = serve({("POST", "/v1.41/ping"): ping})
    client = transport(server)
    assert client.call("POST", "/ping", body={}) == {"ok": True}
    server.wait_closed(1)
    assert client.call("POST", "/ping", body={}) == {"ok": True}
    assert server.connections == 2
    assert len(server.requests) == 2  # the request on the dead connection never arrived


def test_a_request_is_sent_again_only_before_any_byte_of_the_answer(serve: Any) -> None:
    def cut(handler: _Handler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{")
        handler.close_connection = True

    def silent(handler: _Handler) -> None:
        handler.close_connection = True

    server = serve(
        {
            ("GET", "/v1.41/ping"): lambda h: h.reply(200, {}),
            ("POST", "/v1.41/cut"): cut,
            ("POST", "/v1.41/silent"): silent,
        }
    )
    client = transport(server)
    client.call("GET", "/ping")
    with pytest.raises(BadResponse, match="99 bytes before"):  # part of an answer: not sent again
        client.call("POST", "/cut")
    assert [r[1] for r in server.requests].count("/v1.41/cut") == 1
    with pytest.raises(RemoteClosed):  # on a fresh connection: not sent again
        client.call("POST", "/silent")
    assert [r[1] for r in server.requests].count("/v1.41/silent") == 1
    client.call("GET", "/ping")
    with pytest.raises(RemoteClosed):  # on a kept-alive one, but read by the engine: not again
        client.call("POST", "/silent")
    assert [r[1] for r in server.requests].count("/v1.41/silent") == 2
    assert isinstance(BadResponse("x"), OSError) and isinstance(RemoteClosed("x"), OSError)


def test_a_read_the_engine_closed_without_answering_is_sent_once_more(serve: Any) -> None:
    def silent(handler: _Handler) -> None:
        handler.close_connection = True  # read, then the connection closed: an engine stopping

    server = serve(
        {("GET", "/v1.41/ping"): lambda h: h.reply(200, {}), ("GET", "/v1.41/silent"): silent}
    )
    client = transport(server)
    with pytest.raises(RemoteClosed):  # on a fresh connection: not sent again
        client.call("GET", "/silent")
    client.call("GET", "/ping")
    with pytest.raises(RemoteClosed):  # on a kept-alive one: once more, on a new connection
        client.call("GET", "/silent")
    assert [r[1] for r in server.requests].count("/v1.41/silent") == 3


def test_an_idle_tcp_connection_the_engine_closed_is_not_used_for_a_post(serve: Any) -> None:
    # On TCP, writing to a connection the peer has closed succeeds; only the read fails. The
    # client looks before it writes, so a POST is not lost (nor sent twice).
    def ping(handler: _Handler) -> None:
        handler.reply(200, {"ok": True})
        handler.close_connection = True  # without saying so: like an engine's idle timeout

    server = serve({("POST", "/v1.41/ping"): ping}, tcp=True)
    host, port = server.server_address
    client = HttpTransport(Address(host=host, port=port), api_version="1.41", timeout=5)
    assert client.call("POST", "/ping", body={}) == {"ok": True}
    server.wait_closed(1)
    assert client.call("POST", "/ping", body={}) == {"ok": True}
    assert server.connections == 2 and len(server.requests) == 2


class _ClosedPeer:
    """A socket whose peer is gone: every write fails with EPIPE."""

    def sendall(self, data: bytes, /) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def recv(self, size: int, /) -> bytes:
        return b""

    def settimeout(self, seconds: float | None, /) -> None:
        pass

    def close(self) -> None:
        pass


def test_only_an_unsent_request_or_a_read_is_replayed_on_a_kept_alive_connection() -> None:
    conn = Connection(_ClosedPeer())
    conn.answers = 1  # kept alive: it has carried an answer
    with pytest.raises(BrokenPipeError):
        conn.send(b"POST /v1.41/containers/x/start HTTP/1.1\r\n\r\n")
    assert not conn.sent
    assert _replayable(conn, "POST") and _replayable(conn, "DELETE")
    conn.sent = True  # written whole: the engine may have read it
    assert not _replayable(conn, "POST") and not _replayable(conn, "DELETE")
    assert _replayable(conn, "GET") and _replayable(conn, "HEAD")
    conn.received = True  # part of the answer came: never again
    assert not _replayable(conn, "GET")
    fresh = Connection(_ClosedPeer())  # a new connection that fails: the engine fails
    assert not _replayable(fresh, "GET")


def test_a_connection_reset_inside_an_answer_is_not_sent_again(serve: Any) -> None:
    def reset(handler: _Handler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{")
        time.sleep(0.1)  # the client reads this much, then the engine goes away
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()  # an RST: the client's next read fails with ECONNRESET
        handler.close_connection = True

    server = serve(
        {("GET", "/v1.41/ping"): lambda h: h.reply(200, {}), ("POST", "/v1.41/reset"): reset},
        tcp=True,
    )
    host, port = server.server_address
    client = HttpTransport(Address(host=host, port=port), api_version="1.41", timeout=5)
    client.call("GET", "/ping")
    with pytest.raises(ConnectionResetError):
        client.call("POST", "/reset")
    assert [r[1] for r in server.requests].count("/v1.41/reset") == 1


def test_events_arrive_as_the_engine_sends_them(serve: Any) -> None:
    received = threading.Event()

    def events(handler: _Handler) -> None:
        handler.start_chunked()
        for event in ({"n": 1}, {"n": 2}):
            handler.chunk(json.dumps(event).encode() + b"\n")
            received.wait(5)
        handler.chunk(b"")

    server = serve({("GET", "/v1.41/events"): events})
    stream = transport(server).stream("GET", "/events", params=None, timeout=5)
    try:
        documents = iter(stream)
        assert next(documents) == {"n": 1}  # while the engine still waits
        received.set()
        assert list(documents) == [{"n": 2}]
    finally:
        stream.close()


def test_a_silent_event_stream_times_out(serve: Any) -> None:
    stall = threading.Event()

    def events(handler: _Handler) -> None:
        handler.start_chunked()
        handler.wfile.flush()
        stall.wait(5)

    server = serve({("GET", "/v1.41/events"): events})
    stream = transport(server).stream("GET", "/events", params=None, timeout=0.2)
    try:
        with pytest.raises(TimeoutError):
            list(stream)
    finally:
        stream.close()
        stall.set()


def test_error_answers_to_exec_and_event_requests(serve: Any) -> None:
    server = serve({})
    client = transport(server)
    with pytest.raises(NotFound, match="page not found"):
        client.raw("POST", "/exec/none/start", body={"Detach": False})
    with pytest.raises(NotFound, match="page not found"):
        client.stream("GET", "/events", params=None, timeout=5)


def test_a_tcp_engine(serve: Any) -> None:
    server = serve(
        {("GET", "/v1.41/host"): lambda h: h.reply(200, {"host": h.headers["Host"]})}, tcp=True
    )
    host, port = server.server_address
    client = HttpTransport(Address(host=host, port=port), api_version="1.41", timeout=5)
    assert client.call("GET", "/host") == {"host": f"127.0.0.1:{port}"}
    assert client.call("GET", "/host") == {"host": f"127.0.0.1:{port}"}
    client.close()
    assert server.connections == 1


# --- the HTTP/1.1 reader, fed piece by piece -------------------------------------------


class _Scripted:
    """A socket whose peer sends `pieces` (one per recv) and then closes."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = list(pieces)
        self.sent = b""

    def sendall(self, data: bytes) -> None:
        self.sent += data

    def recv(self, size: int) -> bytes:
        if not self.pieces:
            return b""
        piece = self.pieces.pop(0)
        self.pieces[:0] = [piece[size:]] if piece[size:] else []
        return piece[:size]

    def settimeout(self, seconds: float | None) -> None:
        pass

    def close(self) -> None:
        pass


def read(pieces: list[bytes], method: str = "GET") -> tuple[Head, bytes, Connection]:
    conn = Connection(_Scripted(pieces))
    conn.send(encode_request(method, "/x", "localhost", {}, None))
    head = conn.read_head()
    return head, b"".join(conn.body(head, method)), conn


def splits(raw: bytes) -> Iterator[list[bytes]]:
    """`raw` one byte at a time, and cut in two at every place."""
    yield [raw[at : at + 1] for at in range(len(raw))]
    for at in range(1, len(raw)):
        yield [raw[:at], raw[at:]]


CHUNKED = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n"
)


def test_a_chunked_body_cut_anywhere() -> None:
    for pieces in splits(CHUNKED):
        head, body, conn = read(pieces)
        assert (head.status, body) == (200, b"helloabcdefghijklmnopqrstuvwxyz"), pieces
        assert conn.reusable and conn.answers == 1


def test_a_content_length_body_cut_anywhere_then_the_next_answer() -> None:
    first = b'HTTP/1.1 201 Created\r\ncontent-length: 7\r\nX-Folded: a\r\n b\r\n\r\n{"a":1}'
    second = b"HTTP/1.1 200 OK\nContent-Length: 2\n\nok"  # bare LFs are accepted
    for pieces in splits(first + second):
        head, body, conn = read(pieces)
        assert (head.status, body, head.headers["x-folded"]) == (201, b'{"a":1}', "a b")
        conn.send(encode_request("GET", "/y", "localhost", {}, None))
        head = conn.read_head()
        assert (head.status, b"".join(conn.body(head, "GET"))) == (200, b"ok")
        assert conn.answers == 2


@pytest.mark.parametrize(
    ("raw", "method", "body", "reusable"),
    [
        (b"HTTP/1.1 200 OK\r\n\r\nto the end", "GET", b"to the end", False),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz", "GET", b"zz", False),
        (
            b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nokXX",
            "GET",
            b"ok",
            False,
        ),
        (
            b"HTTP/1.1 200 OK\r\nConnection: x, Close\r\nContent-Length: 0\r\n\r\n",
            "GET",
            b"",
            False,
        ),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", "GET", b"ok", False),
        (
            b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
            "GET",
            b"ok",
            True,
        ),
        (b"HTTP/1.1 204 No Content\r\n\r\n", "DELETE", b"", True),
        (b"HTTP/1.1 304 Not Modified\r\n\r\n", "POST", b"", True),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD", b"", True),
        (
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            "POST",
            b"ok",
            True,
        ),
        (
            b"HTTP/1.1 101 UPGRADED\r\nUpgrade: tcp\r\n\r\n\x01\x00\x00\x00",
            "POST",
            b"\x01\x00\x00\x00",
            False,
        ),
    ],
)
def test_how_an_answer_ends(raw: bytes, method: str, body: bytes, reusable: bool) -> None:
    _, got, conn = read([raw], method)
    assert (got, conn.reusable) == (body, reusable)


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"", RemoteClosed),
        (b"HTTP/1.1 200 OK\r\nContent-", BadResponse),
        (b"SSH-2.0-OpenSSH_9.2\r\n", BadResponse),
        (b"HTTP/1.1 2000 OK\r\n\r\n", BadResponse),
        (b"HTTP/1.1 200 OK\r\nno colon\r\n\r\n", BadResponse),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", BadResponse),
        (b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", BadResponse),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nab", BadResponse),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n",
            BadResponse,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n",
            BadResponse,
        ),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", BadResponse),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1", BadResponse),
        (b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * 101 + b"\r\n", BadResponse),
        (b"HTTP/1.1 200 OK\r\nX: " + b"y" * 70000 + b"\r\n\r\n", BadResponse),
    ],
)
def test_answers_that_cannot_be_read(raw: bytes, error: type[OSError]) -> None:
    with pytest.raises(error):
        read([raw])


STREAM_CUT = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"


def test_a_stream_closed_between_chunks_is_an_engine_gone_not_an_unreadable_answer() -> None:
    """An engine that stops while it streams (events, logs) closes the connection between two
    chunks: a connection reset, which figlet reports as the engine out of reach."""
    with pytest.raises(ClosedBetweenChunks):
        read([STREAM_CUT])
    conn = Connection(_Scripted([STREAM_CUT]))
    conn.send(encode_request("GET", "/x", "localhost", {}, None))
    head = conn.read_head()
    pieces = conn.body_in_bulk(head, "GET")
    assert next(pieces) == b"hello"
    with pytest.raises(ClosedBetweenChunks):
        next(pieces)
    assert isinstance(ClosedBetweenChunks("x"), ConnectionResetError)


def test_requests_on_the_wire() -> None:
    assert encode_request("GET", "/v1.41/_ping", "localhost", {"Accept": "a/b"}, None) == (
        b"GET /v1.41/_ping HTTP/1.1\r\nHost: localhost\r\nAccept: a/b\r\n\r\n"
    )
    assert encode_request("POST", "/start", "h:1", {}, None).endswith(
        b"Host: h:1\r\nContent-Length: 0\r\n\r\n"
    )
    assert encode_request("PUT", "/f", "h", {"Content-Type": "x/y; q=1"}, b"\x00data").endswith(
        b"Content-Type: x/y; q=1\r\nContent-Length: 5\r\n\r\n\x00data"
    )
    for method, target, headers in (
        ("GET", "/a b", {}),
        ("GET", "/a\r\nX: y", {}),
        ("GET", "/", {"X": "a\r\nb"}),
        ("GET / HTTP/1.1\r\n", "/", {}),
    ):
        with pytest.raises(ValueError):
            encode_request(method, target, "localhost", headers, None)


# --- DockerEngine's messages over the client -------------------------------------------


def engine_at(server: _Server) -> DockerEngine:
    return DockerEngine.from_env({"DOCKER_HOST": f"unix://{server.server_address}"}, timeout=5)


def test_engine_maps_statuses_to_the_usual_errors(serve: Any) -> None:
    def create(handler: _Handler) -> None:
        handler.reply(404, {"message": "No such image: figlet-local/ghost:1"})

    def start(handler: _Handler) -> None:
        handler.reply(
            500,
            {
                "message": "driver failed programming external connectivity on endpoint p-web-1: "
                "Bind for 0.0.0.0:18099 failed: port is already allocated"
            },
        )

    server = serve(
        {
            ("POST", "/v1.41/containers/create"): create,
            ("POST", "/v1.41/containers/c1/start"): start,
            ("GET", "/v1.41/containers/c1/json"): lambda h: h.reply(200, {"Name": "/p-web-1"}),
            ("DELETE", "/v1.41/containers/gone"): lambda h: h.reply(
                404, {"message": "No such container: gone"}
            ),
            ("POST", "/v1.41/containers/gone/stop"): lambda h: h.reply(
                404, {"message": "No such container: gone"}
            ),
            ("DELETE", "/v1.41/networks/p_default"): lambda h: h.reply(
                403,
                {
                    "message": "error while removing network: network p_default id 1 "
                    "has active endpoints"
                },
            ),
        }
    )
    from figlet.engine.values.containers import ContainerRequest

    engine = engine_at(server)
    with pytest.raises(EngineError, match="registry cannot be reached"):
        engine.create_container(ContainerRequest("p-ghost-1", {"Image": "figlet-local/ghost:1"}))
    with pytest.raises(EngineError) as taken:
        engine.start_container("c1")
    assert "cannot start container p-web-1: host port 18099 (0.0.0.0) is already allocated" in (
        taken.value.render()
    )
    engine.remove_container("gone", force=True)  # already gone: done
    engine.stop_container("gone", timeout=0)
    with pytest.raises(EngineError) as leak:
        engine.remove_network("p_default")
    assert "has active endpoints" in leak.value.render()
    assert "stop and remove that container first" in leak.value.render()
    assert ("DELETE", "/v1.41/containers/gone?force=1&v=0", b"") in server.requests
    engine.close()


@pytest.mark.parametrize(
    ("status", "message", "refusal"),
    [
        (404, "No such container: web", "gone"),
        (404, "network p_default not found", "missing"),
        (404, "get v0: no such volume", "missing"),
        (404, "No such image: figlet-local/ghost:1", "image missing"),
        (404, "page not found", "missing"),
        (
            409,
            'Conflict. The container name "/p-web-1" is already in use by container "ab"',
            "name taken",
        ),
        (409, "network with name p_default already exists", "exists"),
        (409, "removal of container p-web-1 is already in progress", "in progress"),
        (409, "Container 4f2a is not running", "not running"),
        (409, "Container 4f2a is paused, unpause the container before exec", "not running"),
        (409, "remove v0: volume is in use - [4f2a]", "in use"),
        (409, "something else entirely", "conflict"),
        (
            403,
            "error while removing network: network p_default id 1 has active endpoints",
            "has endpoints",
        ),
        (403, "operation not permitted", "refused"),
        (
            500,
            "driver failed ...: Bind for 0.0.0.0:80 failed: port is already allocated",
            "port taken",
        ),
        (400, 'exec: "nope": executable file not found in $PATH: unknown', "no executable"),
        (500, "OCI runtime create failed: exec: no such file or directory", "no executable"),
        # the status decides first: the same words under another status are no such refusal
        (500, "No such container: web", "refused"),
        (409, "No such image: x", "conflict"),
        (None, "No such container: web", "refused"),
    ],
)
def test_refusals_are_classified_by_status_first(
    status: int | None, message: str, refusal: str
) -> None:
    assert classify(status, message) == refusal


def test_engine_errors_carry_the_refusal_of_the_status(serve: Any) -> None:
    server = serve(
        {
            ("GET", "/v1.41/containers/gone/json"): lambda h: h.reply(
                404, {"message": "No such container: gone"}
            ),
            ("GET", "/v1.41/containers/odd/json"): lambda h: h.reply(
                500, {"message": "No such container: odd (the engine lost its state)"}
            ),
            ("DELETE", "/v1.41/containers/busy"): lambda h: h.reply(
                409, {"message": "removal of container busy is already in progress"}
            ),
            ("DELETE", "/v1.41/containers/held"): lambda h: h.reply(
                409, {"message": "You cannot remove a running container held"}
            ),
            ("DELETE", "/v1.41/networks/p_default"): lambda h: h.reply(
                403, {"message": "network p_default id 1 has active endpoints"}
            ),
            ("DELETE", "/v1.41/volumes/v0"): lambda h: h.reply(
                409, {"message": "remove v0: volume is in use - [4f2a]"}
            ),
        }
    )
    engine = engine_at(server)
    with pytest.raises(StateChanged) as gone:
        engine.health("gone")
    assert gone.value.change == "gone" and gone.value.missing
    assert gone.value.render() == "inspect container gone: No such container: gone"
    with pytest.raises(EngineError) as odd:  # a 500 is not "gone", whatever it says
        engine.health("odd")
    assert not isinstance(odd.value, StateChanged) and not odd.value.missing
    assert odd.value.refusal == "refused"
    engine.remove_container("busy", force=True)  # another removal runs: done
    with pytest.raises(EngineError) as held:
        engine.remove_container("held")
    assert held.value.refusal == "conflict" and not held.value.missing
    with pytest.raises(EngineError) as leak:
        engine.remove_network("p_default")
    assert leak.value.refusal == "has endpoints"
    assert leak.value.render() == (
        "remove network p_default: network p_default id 1 has active endpoints\n"
        "  a container is still attached to it: stop and remove that container first"
    )
    with pytest.raises(EngineError) as used:
        engine.remove_volume("v0")
    assert used.value.refusal == "in use"
    assert used.value.render() == "remove volume v0: remove v0: volume is in use - [4f2a]"
    engine.close()


def test_an_sdk_failure_is_classified_by_its_status_code() -> None:
    taken = api_error("create container p-web-1", 409, 'is already in use by container "ab"')
    assert isinstance(taken, StateChanged) and taken.change == "name taken"
    assert "`docker rm -f <name>`" in taken.render()
    without = api_error("pull image x", None, "No such image: x")
    assert without.refusal == "refused" and not without.missing


def test_network_endpoints_are_the_containers_the_inspect_lists(serve: Any) -> None:
    server = serve(
        {
            ("GET", "/v1.41/networks/p_default"): lambda h: h.reply(
                200,
                {
                    "Name": "p_default",
                    "Containers": {
                        "c2": {"Name": "other-web-1", "EndpointID": "e2"},
                        "c1": {"Name": "another-db-1", "EndpointID": "e1"},
                    },
                },
            ),
            ("GET", "/v1.41/networks/empty"): lambda h: h.reply(
                200, {"Name": "empty", "Containers": {}}
            ),
        }
    )
    engine = engine_at(server)
    assert engine.network_endpoints("p_default") == ["another-db-1", "other-web-1"]
    assert engine.network_endpoints("empty") == []
    engine.close()


def test_an_answer_that_is_not_http_says_so(serve: Any) -> None:
    def garbage(handler: _Handler) -> None:
        handler.wfile.write(b"SSH-2.0-OpenSSH_9.2\r\n")
        handler.close_connection = True

    server = serve({("GET", "/v1.41/containers/json"): garbage})
    with pytest.raises(EngineError) as failure:
        engine_at(server).list_containers("h11-x")
    message = failure.value.render()
    assert message.startswith("list containers of project h11-x")
    assert "cannot be read" in message and "DOCKER_HOST" in message
    assert "start Docker" not in message


def test_an_engine_that_does_not_answer_in_time_is_not_called_unreachable(serve: Any) -> None:
    stall = threading.Event()
    server = serve({("GET", "/v1.41/containers/json"): lambda h: stall.wait(5)})
    engine = DockerEngine.from_env({"DOCKER_HOST": f"unix://{server.server_address}"}, timeout=1)
    try:
        with pytest.raises(EngineError) as failure:
            engine.list_containers("h11-slow")
    finally:
        stall.set()
        engine.close()
    message = failure.value.render()
    assert message.startswith("list containers of project h11-slow: the Docker engine at unix://")
    assert "did not answer in time" in message
    assert "busy or stuck" in message and "restart it" in message
    assert "cannot reach" not in message and "start Docker" not in message


def test_a_tcp_connect_that_times_out_is_unreachable() -> None:
    full = socket.socket(socket.AF_INET)
    full.bind(("127.0.0.1", 0))
    full.listen(0)  # nobody accepts: once the queue is full, loopback SYNs are dropped
    port = full.getsockname()[1]
    waiting = []
    try:
        for _ in range(8):
            filler = socket.socket(socket.AF_INET)
            filler.settimeout(0.2)
            try:
                filler.connect(("127.0.0.1", port))
            except TimeoutError:
                filler.close()
                break
            waiting.append(filler)
        slow = HttpTransport(Address(host="127.0.0.1", port=port), api_version="1.41", timeout=0.3)
        with pytest.raises(ConnectionError, match="connecting timed out"):
            slow.call("GET", "/_ping")
    finally:
        for filler in waiting:
            filler.close()
        full.close()


def test_engine_unreachable_names_the_socket_and_what_to_do(tmp_path: Path) -> None:
    host = f"unix://{tmp_path}/no-engine.sock"
    engine = DockerEngine.from_env({"DOCKER_HOST": host})
    with pytest.raises(EngineError) as failure:
        engine.list_containers("h11-x")
    message = failure.value.render()
    assert host in message and "no such socket file" in message
    assert "DOCKER_HOST" in message and "start Docker" in message


def test_an_engine_that_stops_mid_request_is_named_in_plain_words(serve: Any) -> None:
    def vanish(handler: _Handler) -> None:  # an RST, as from an engine that stopped
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True

    server = serve({("POST", "/v1.41/containers/c/start"): vanish}, tcp=True)
    host, port = server.server_address
    engine = DockerEngine.from_env({"DOCKER_HOST": f"tcp://{host}:{port}"}, timeout=5)
    with pytest.raises(EngineError) as failure:
        engine.start_container("c")
    message = failure.value.render()
    assert f"cannot reach the Docker engine at tcp://{host}:{port}" in message
    assert "the engine closed the connection" in message and "Errno" not in message


def test_the_engine_path_imports_neither_the_docker_sdk_nor_http_client(tmp_path: Path) -> None:
    """Not the SDK (~0.15 s), nor http.client with email and ssl (~10 ms)."""
    code = (
        "import sys\n"
        "from figlet.engine.docker_engine import DockerEngine\n"
        "from figlet.errors import EngineError\n"
        f"engine = DockerEngine.from_env({{'DOCKER_HOST': 'unix://{tmp_path}/none.sock'}})\n"
        "try:\n    engine.list_containers('p')\nexcept EngineError:\n    pass\n"
        "heavy = ('docker', 'requests', 'urllib3', 'http.client', 'email', 'ssl',"
        " 'urllib.request')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_tls_settings_fall_back_to_the_sdk_transport(tmp_path: Path) -> None:
    from figlet.engine._sdk_transport import SdkTransport

    engine = DockerEngine.from_env(
        {"DOCKER_HOST": "tcp://127.0.0.1:1", "DOCKER_TLS_VERIFY": "", "DOCKER_CERT_PATH": ""}
    )
    assert isinstance(engine._transport, HttpTransport)
    engine = DockerEngine.from_env({"DOCKER_HOST": "https://127.0.0.1:1"})
    assert isinstance(engine._transport, SdkTransport)
    with pytest.raises(
        EngineError, match=r"cannot reach the Docker engine at https://127\.0\.0\.1:1"
    ):
        engine.list_containers("h11-x")


def test_the_sdk_transport_tells_a_slow_connect_from_a_slow_answer() -> None:
    import requests.exceptions

    from figlet.engine._sdk_transport import SdkTransport

    class _Client:
        timeout = 5

        def __init__(self, failure: Exception) -> None:
            self.failure = failure

        def _url(self, path: str) -> str:
            return path

        def request(self, *args: Any, **kwargs: Any) -> Any:
            raise self.failure

    connecting = SdkTransport(_Client(requests.exceptions.ConnectTimeout("SYN unanswered")))
    with pytest.raises(ConnectionError, match="connecting timed out"):
        connecting.call("GET", "/_ping")
    answering = SdkTransport(_Client(requests.exceptions.ReadTimeout("no answer")))
    with pytest.raises(TimeoutError):
        answering.call("GET", "/_ping")


def test_aborting_a_connection_wakes_a_thread_blocked_reading_it() -> None:
    """A stream another thread reads (the events of a start) must end when its owner closes
    it, even if the engine sends nothing more; closing the socket alone would not wake it."""
    import contextlib

    from figlet.engine._wire import Connection

    ours, engine_end = socket.socketpair()
    conn = Connection(ours)
    ended = threading.Event()

    def read() -> None:
        with contextlib.suppress(OSError):
            conn.read_head()
        ended.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert not ended.wait(0.1)  # blocked: nothing was sent
    conn.abort()
    assert ended.wait(2)
    reader.join(2)
    engine_end.close()


def test_an_upgraded_connection_carries_raw_bytes_both_ways(serve: Any) -> None:
    """attach / exec start: `Upgrade: tcp` asked, 101 answered, then the connection is the
    container's stdin one way and its output the other; bytes that came with the 101 are
    not lost, and closing the write side ends the input, not the output."""
    seen: dict[str, str] = {}

    def upgrade(handler: _Handler) -> None:
        seen.update(
            connection=handler.headers.get("Connection", ""),
            upgrade=handler.headers.get("Upgrade", ""),
        )
        handler.wfile.write(
            b"HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
            b"Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
            + struct.pack(">BxxxI", 1, 6)
            + b"ready\n"
        )
        handler.wfile.flush()
        typed = handler.rfile.read()  # until figlet closes its write side
        handler.wfile.write(struct.pack(">BxxxI", 2, len(typed)) + typed)
        handler.close_connection = True

    server = serve({("POST", "/v1.41/containers/c1/attach"): upgrade})
    stream = transport(server).hijack("POST", "/containers/c1/attach", params={"stdin": True})
    stream.send(b"hello")
    stream.close_write()
    received = b""
    while data := stream.recv():
        received += data
    stream.close()
    assert seen == {"connection": "Upgrade", "upgrade": "tcp"}
    assert demux_streams(received) == (b"ready\n", b"hello")
    assert server.requests[0][1] == "/v1.41/containers/c1/attach?stdin=1"


def test_a_refused_upgrade_is_an_api_error(serve: Any) -> None:
    def refuse(handler: _Handler) -> None:
        handler.reply(409, {"message": "container c1 is not running"})

    server = serve({("POST", "/v1.41/exec/e1/start"): refuse})
    with pytest.raises(ApiError, match="is not running"):
        transport(server).hijack("POST", "/exec/e1/start", body={"Detach": False})
