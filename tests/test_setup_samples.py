"""The samples, without an engine: trio's web app against a fake Redis, and its compose file."""

from __future__ import annotations

import contextlib
import importlib.util
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

TRIO = Path(__file__).resolve().parent.parent / "samples" / "trio"


@pytest.fixture(scope="module")
def app() -> ModuleType:
    spec = importlib.util.spec_from_file_location("trio_web_app", TRIO / "web" / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeRedis:
    """A loopback TCP server that answers INCR like Redis (one counter per key)."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = {}
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn:
                data = b""
                while data.count(b"\r\n") < 5:
                    chunk = conn.recv(1024)
                    if not chunk:
                        break
                    data += chunk
                parts = data.split(b"\r\n")
                command, key = parts[2].decode(), parts[4].decode()
                if command != "INCR":
                    conn.sendall(b"-ERR unknown command\r\n")
                    continue
                self.counters[key] = self.counters.get(key, 0) + 1
                conn.sendall(b":%d\r\n" % self.counters[key])

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()


@pytest.fixture
def web(app: ModuleType, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, FakeRedis]]:
    redis = FakeRedis()
    monkeypatch.setattr(app, "REDIS_HOST", "127.0.0.1")
    monkeypatch.setattr(app, "REDIS_PORT", redis.port)
    monkeypatch.setattr(app.Handler, "name", "trio-web-7")
    monkeypatch.setattr(app.Handler, "log_message", lambda *args: None)
    server = ThreadingHTTPServer(("127.0.0.1", 0), app.Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", redis
    finally:
        server.shutdown()
        server.server_close()
        redis.close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_encode_command_is_resp_array_of_bulk_strings(app: ModuleType) -> None:
    assert app.encode_command("INCR", "visits") == b"*2\r\n$4\r\nINCR\r\n$6\r\nvisits\r\n"


def test_integer_reply_parsed_and_error_reply_raised(app: ModuleType) -> None:
    assert app.parse_integer_reply(b":42") == 42
    with pytest.raises(app.RedisError, match="WRONGTYPE"):
        app.parse_integer_reply(b"-WRONGTYPE Operation against a key")
    with pytest.raises(app.RedisError, match="unexpected"):
        app.parse_integer_reply(b"+OK")


def test_counter_counts_through_redis(web: tuple[str, FakeRedis]) -> None:
    url, redis = web
    assert get(url + "/") == (200, "hello from trio-web-7: visit 1\n")
    assert get(url + "/") == (200, "hello from trio-web-7: visit 2\n")
    assert redis.counters == {"visits": 2}


def test_healthz_does_not_count(web: tuple[str, FakeRedis]) -> None:
    url, redis = web
    assert get(url + "/healthz") == (200, "ok\n")
    assert get(url + "/nope") == (404, "not found\n")
    assert redis.counters == {}


def test_redis_down_is_503(
    web: tuple[str, FakeRedis], app: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = web
    with socket.create_server(("127.0.0.1", 0)) as unused:
        closed_port = unused.getsockname()[1]
    monkeypatch.setattr(app, "REDIS_PORT", closed_port)
    status, text = get(url + "/")
    assert status == 503
    assert "unavailable" in text


def _ptr_response(app: ModuleType, address: str, name: str) -> bytes:
    query = app.ptr_query(address)
    header = query[:2] + b"\x81\x80" + b"\x00\x01\x00\x01" + b"\x00\x00\x00\x00"
    rdata = b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\x00"
    answer = b"\xc0\x0c" + b"\x00\x0c\x00\x01" + b"\x00\x00\x02\x58"
    answer += len(rdata).to_bytes(2, "big") + rdata
    return header + query[12:] + answer


def test_ptr_query_asks_reverse_name(app: ModuleType) -> None:
    query = app.ptr_query("10.200.1.3")
    assert b"\x013\x011\x03200\x0210\x07in-addr\x04arpa\x00\x00\x0c\x00\x01" in query
    assert query[4:6] == b"\x00\x01"  # one question


def test_ptr_answer_gives_container_name(app: ModuleType) -> None:
    response = _ptr_response(app, "10.200.1.3", "trio-web-2.trio_default")
    assert app.parse_ptr_answer(response) == "trio-web-2.trio_default"


def test_ptr_answer_without_answers_is_none(app: ModuleType) -> None:
    query = app.ptr_query("10.200.1.3")
    assert app.parse_ptr_answer(query[:2] + b"\x81\x83" + query[4:]) is None


def test_nameserver_read_from_resolv_conf(app: ModuleType, tmp_path: Path) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text("# engine\nsearch example\nnameserver 127.0.0.11\noptions ndots:0\n")
    assert app.nameserver(str(conf)) == "127.0.0.11"
    assert app.nameserver(str(tmp_path / "missing")) is None


def test_trio_compose_file_loads_as_described() -> None:
    loader = pytest.importorskip("figlet.loader")
    if not hasattr(loader, "load_project"):
        pytest.skip("figlet.loader.load_project is not there yet")
    from figlet.options import LoadOptions

    project = loader.load_project(
        LoadOptions(files=(str(TRIO / "compose.yaml"),), environ={}, working_dir=str(TRIO))
    )
    assert project.name == "trio"
    assert sorted(project.services) == ["lb", "redis", "web"]
    web, lb = project.services["web"], project.services["lb"]
    assert web.replicas == 3
    assert [(link.service, link.alias) for link in web.links] == [("redis", "redis")]
    assert [dep.service for dep in lb.depends_on] == ["web"]
    assert web.image == lb.image == "figlet-local/debian:bookworm"
    ports = lb.spec["ports"]
    assert ports[0]["published"] == "8080" and ports[0]["host_ip"] == "127.0.0.1"
