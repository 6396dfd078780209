"""The stdlib Engine API client (figlet.engine._http) against a tiny HTTP server on a unix socket:
keep-alive, chunked JSON streams, hijacked exec output, error statuses, unreachable sockets; and
DockerEngine's error messages over it."""

from __future__ import annotations

import json
import socket
import socketserver
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from figlet.engine._http import (
    Address,
    ApiError,
    HttpTransport,
    NotFound,
    demux,
    json_lines,
    parse_host,
    query,
)
from figlet.engine.docker_engine import DockerEngine
from figlet.errors import EngineError

Route = Callable[["_Handler"], None]


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str, routes: dict[tuple[str, str], Route]) -> None:
        super().__init__(path, _Handler)
        self.routes = routes
        self.connections = 0
        self.requests: list[tuple[str, str, bytes]] = []


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
        self.wfile.write(payload)
        if close:
            self.close_connection = True


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[dict[tuple[str, str], Route]], _Server]]:
    servers: list[_Server] = []

    def start(routes: dict[tuple[str, str], Route]) -> _Server:
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
        handler.send_response(200)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        text = "".join(json.dumps(event) + "\n" for event in events).encode()
        for piece in (text[:7], text[7:30], text[30:]):  # cut inside documents
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            handler.wfile.flush()
        handler.wfile.write(b"0\r\n\r\n")

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
    from figlet.engine.base import ContainerRequest

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


def test_engine_unreachable_names_the_socket_and_what_to_do(tmp_path: Path) -> None:
    host = f"unix://{tmp_path}/no-engine.sock"
    engine = DockerEngine.from_env({"DOCKER_HOST": host})
    with pytest.raises(EngineError) as failure:
        engine.list_containers("h11-x")
    message = failure.value.render()
    assert host in message and "no such socket file" in message
    assert "DOCKER_HOST" in message and "start Docker" in message


def test_the_engine_path_does_not_import_the_docker_sdk(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from figlet.engine.docker_engine import DockerEngine\n"
        "from figlet.errors import EngineError\n"
        f"engine = DockerEngine.from_env({{'DOCKER_HOST': 'unix://{tmp_path}/none.sock'}})\n"
        "try:\n    engine.list_containers('p')\nexcept EngineError:\n    pass\n"
        "print(sorted(m for m in ('docker', 'requests', 'urllib3') if m in sys.modules))\n"
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
