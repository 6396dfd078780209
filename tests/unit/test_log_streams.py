"""The pieces `figlet logs` reads through: a chunked body decoded a buffer at a time, stdout /
stderr frames cut anywhere, the prefixed output, and the times --since/--until take."""

from __future__ import annotations

import io
import socket
import threading
from datetime import UTC, datetime

import pytest

from figlet.cli._log_output import LogOutput
from figlet.cli._times import api_time, duration
from figlet.engine._http import FrameReader
from figlet.engine._wire import BadResponse, Connection


def _chunked(pieces: list[bytes]) -> bytes:
    body = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces)
    return b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body + b"0\r\n\r\n"


def _read(raw: bytes, cut: int) -> list[bytes]:
    ours, theirs = socket.socketpair()

    def send() -> None:  # in pieces of `cut` bytes, as another process would
        for at in range(0, len(raw), cut):
            theirs.sendall(raw[at : at + cut])
        theirs.shutdown(socket.SHUT_WR)

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    with ours, theirs:
        try:
            conn = Connection(ours)
            head = conn.read_head()
            return list(conn.body_in_bulk(head, "GET"))
        finally:
            sender.join(10)


@pytest.mark.parametrize("cut", [1, 7, 64, 100_000])
def test_a_chunked_body_in_bulk_is_the_whole_body_however_it_arrives(cut: int) -> None:
    pieces = [b"line %d\n" % i for i in range(300)] + [b"x" * 5000]
    got = _read(_chunked(pieces), cut)
    assert b"".join(got) == b"".join(pieces)
    if cut == 100_000:
        assert len(got) < 10  # many chunks per piece, not one each


def test_a_chunked_body_cut_short_is_an_error() -> None:
    raw = _chunked([b"hello\n", b"world\n"])
    with pytest.raises(BadResponse):
        _read(raw[: raw.index(b"world") + 2], 1000)


def _frame(kind: int, payload: bytes) -> bytes:
    return bytes([kind, 0, 0, 0]) + len(payload).to_bytes(4, "big") + payload


@pytest.mark.parametrize("cut", [1, 5, 8, 9, 1000])
def test_frames_cut_anywhere_give_the_payload_in_order(cut: int) -> None:
    raw = _frame(1, b"out 1\n") + _frame(2, b"err 1\n") + _frame(1, b"") + _frame(1, b"out 2\n")
    reader = FrameReader()
    got = b"".join(reader.feed(raw[at : at + cut]) for at in range(0, len(raw), cut))
    assert got == b"out 1\nerr 1\nout 2\n"


def test_a_tty_stream_is_all_payload() -> None:
    assert FrameReader(tty=True).feed(b"\x01\x00raw") == b"\x01\x00raw"


def test_lines_get_their_containers_padded_prefix_and_partial_lines_wait() -> None:
    out = io.BytesIO()
    output = LogOutput(out, prefix=True, color=False, flush=False)
    web, db = output.register("web-10"), output.register("db-1")
    web.feed(b"one\ntw")
    db.feed(b"ready\n")
    web.feed(b"o\n")
    web.feed(b"three")
    web.finish()
    assert out.getvalue() == (b"web-10  | one\ndb-1    | ready\nweb-10  | two\nweb-10  | three\n")


def test_colored_prefixes_and_no_prefix() -> None:
    out = io.BytesIO()
    colored = LogOutput(out, prefix=True, color=True, flush=False).register("web-1")
    colored.feed(b"hi\n")
    assert out.getvalue() == b"\x1b[36mweb-1  |\x1b[0m hi\n"
    bare = io.BytesIO()
    LogOutput(bare, prefix=False, color=True, flush=False).register("web-1").feed(b"a\nb\n")
    assert bare.getvalue() == b"a\nb\n"


def test_times_as_the_engine_takes_them() -> None:
    assert duration("1h30m") == 5400
    assert duration("250ms") == 0.25
    assert duration("10") is None and duration("5x") is None and duration("") is None
    assert api_time("10m", now=1000.0) == "400.000000000"
    assert api_time("1700000000.5", now=0) == "1700000000.5"
    stamp = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC).timestamp()
    assert api_time("2026-01-02T03:04:05Z", now=0) == f"{stamp:.9f}"
    assert api_time("2026-01-02T03:04:05", now=0) == f"{stamp:.9f}"
    assert api_time("yesterday", now=0) is None
