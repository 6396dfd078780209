"""Ports, durations and byte sizes in the reference's canonical forms."""

from __future__ import annotations

import pytest

from figlet.loader._ports import parse_port
from figlet.loader._units import format_duration
from figlet.units import parse_bytes, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3s", "3s"),
        ("90s", "1m30s"),
        ("2m", "2m0s"),
        ("1h", "1h0m0s"),
        ("500ms", "500ms"),
        ("1.5s", "1.5s"),
    ],
)
def test_durations_print_like_go(text: str, expected: str) -> None:
    ns = parse_duration(text)
    assert ns is not None
    assert format_duration(ns) == expected


def test_bad_duration() -> None:
    assert parse_duration("soon") is None


@pytest.mark.parametrize(
    ("text", "size"), [("50M", 52428800), ("1.5g", 1610612736), ("1024", 1024), ("2kb", 2048)]
)
def test_bytes(text: str, size: int) -> None:
    assert parse_bytes(text) == size


def test_short_ports() -> None:
    assert parse_port("127.0.0.1:8001:8000/udp") == [
        {
            "mode": "ingress",
            "host_ip": "127.0.0.1",
            "target": 8000,
            "published": "8001",
            "protocol": "udp",
        }
    ]
    assert parse_port(80) == [{"mode": "ingress", "target": 80, "protocol": "tcp"}]
    ranged = parse_port("9000-9001:80-81")
    assert ranged is not None
    assert [(p["published"], p["target"]) for p in ranged] == [("9000", 80), ("9001", 81)]


@pytest.mark.parametrize("bad", ["80:80:80", "abc", "1-2-3", "70000", "8000-8002:80-81"])
def test_invalid_ports(bad: str) -> None:
    assert parse_port(bad) is None
