"""trio's web service: a visit counter in Redis, standard library only.

GET /         -> "hello from <replica>: visit <n>" (INCR of the key `visits` in Redis)
GET /healthz  -> "ok"
`app.py --check` asks the local server for /healthz (the container's healthcheck).

The Redis host comes from REDIS_HOST (default `redis`): with legacy `links:` figlet writes it into
the container's hosts file; on a project network the engine's DNS knows it too.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REDIS_HOST = os.environ.get("REDIS_HOST", "redis")
REDIS_PORT = int(os.environ.get("REDIS_PORT", "6379"))
PORT = int(os.environ.get("PORT", "8000"))
KEY = os.environ.get("COUNTER_KEY", "visits")


class RedisError(Exception):
    """Redis answered with an error, or not in the expected shape."""


def encode_command(*args: str) -> bytes:
    """A command in RESP: an array of bulk strings."""
    parts = [f"*{len(args)}\r\n".encode()]
    for arg in args:
        data = arg.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


def parse_integer_reply(line: bytes) -> int:
    """`:5` -> 5; `-ERR ...` -> RedisError."""
    if line.startswith(b":"):
        return int(line[1:])
    if line.startswith(b"-"):
        raise RedisError(line[1:].decode(errors="replace"))
    raise RedisError(f"unexpected reply {line!r}")


def read_line(conn: socket.socket) -> bytes:
    """One CRLF-terminated reply line, without the CRLF."""
    buffer = b""
    while not buffer.endswith(b"\r\n"):
        chunk = conn.recv(1)
        if not chunk:
            raise RedisError("connection closed by redis")
        buffer += chunk
    return buffer[:-2]


def incr(host: str, port: int, key: str, timeout: float = 3.0) -> int:
    """INCR `key` on the Redis at host:port; the new value."""
    with socket.create_connection((host, port), timeout=timeout) as conn:
        conn.sendall(encode_command("INCR", key))
        return parse_integer_reply(read_line(conn))


def ptr_query(address: str, query_id: int = 0x7472) -> bytes:
    """A DNS query (RFC 1035) for the PTR record of an IPv4 address."""
    name = ".".join(reversed(address.split("."))) + ".in-addr.arpa"
    question = b"".join(bytes([len(label)]) + label.encode() for label in name.split("."))
    header = query_id.to_bytes(2, "big") + b"\x01\x00" + b"\x00\x01" + b"\x00" * 6
    return header + question + b"\x00" + b"\x00\x0c\x00\x01"


def read_name(message: bytes, offset: int) -> tuple[str, int]:
    """A (possibly compressed) domain name at `offset`; the name and the offset after it."""
    labels: list[str] = []
    end = -1
    while True:
        length = message[offset]
        if length == 0:
            offset += 1
            break
        if length & 0xC0 == 0xC0:  # a pointer to an earlier name
            if end < 0:
                end = offset + 2
            offset = ((length & 0x3F) << 8) | message[offset + 1]
            continue
        labels.append(message[offset + 1 : offset + 1 + length].decode())
        offset += 1 + length
    return ".".join(labels), (end if end >= 0 else offset)


def parse_ptr_answer(message: bytes) -> str | None:
    """The first PTR name in a DNS response, or None."""
    questions = int.from_bytes(message[4:6], "big")
    answers = int.from_bytes(message[6:8], "big")
    offset = 12
    for _ in range(questions):
        offset = read_name(message, offset)[1] + 4
    for _ in range(answers):
        offset = read_name(message, offset)[1]
        rtype = int.from_bytes(message[offset : offset + 2], "big")
        length = int.from_bytes(message[offset + 8 : offset + 10], "big")
        offset += 10
        if rtype == 12:
            return read_name(message, offset)[0]
        offset += length
    return None


def nameserver(resolv_conf: str = "/etc/resolv.conf") -> str | None:
    """The first nameserver of resolv.conf (the engine's DNS on a project network)."""
    try:
        with open(resolv_conf) as lines:
            for line in lines:
                fields = line.split()
                if len(fields) >= 2 and fields[0] == "nameserver":
                    return fields[1]
    except OSError:
        pass
    return None


def replica_name() -> str:
    """This container's name (e.g. trio-web-2), asked of the engine's DNS; else the hostname.

    The engine's DNS answers a reverse (PTR) query for a container's address with its name;
    the hosts file would only give the container id, so the query goes to the DNS directly.
    """
    hostname = socket.gethostname()
    server = nameserver()
    try:
        address = socket.gethostbyname(hostname)
        if server is None:
            return hostname
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.settimeout(2)
            udp.sendto(ptr_query(address), (server, 53))
            name = parse_ptr_answer(udp.recv(512))
    except (OSError, IndexError, UnicodeDecodeError):
        return hostname
    return name.split(".", 1)[0] if name else hostname


class Handler(BaseHTTPRequestHandler):
    server_version = "trio-web/1"
    name = ""

    def do_GET(self) -> None:
        if self.path == "/healthz":
            self.reply(200, "ok\n")
            return
        if self.path != "/":
            self.reply(404, "not found\n")
            return
        try:
            visits = incr(REDIS_HOST, REDIS_PORT, KEY)
        except (OSError, RedisError) as exc:
            self.reply(503, f"redis at {REDIS_HOST}:{REDIS_PORT} unavailable: {exc}\n")
            return
        self.reply(200, f"hello from {self.name}: visit {visits}\n")

    def reply(self, status: int, text: str) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def check() -> int:
    """Healthcheck: 0 when the local server answers /healthz."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as answer:
            return 0 if answer.status == 200 else 1
    except OSError:
        return 1


def serve() -> None:
    # PID 1 ignores SIGTERM unless it handles it: stop at once when the engine asks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    Handler.name = replica_name()
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    print(f"{Handler.name} listening on :{PORT}, redis at {REDIS_HOST}:{REDIS_PORT}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    serve()
