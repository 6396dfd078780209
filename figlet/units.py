"""Unit sizes of Go durations and Docker byte sizes, shared by the loader and the container spec."""

from __future__ import annotations

NS_PER_UNIT: dict[str, int] = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
"""Nanoseconds in one of each duration unit Go's `time.ParseDuration` reads."""

BYTES_PER_UNIT: dict[str, int] = {
    "": 1,
    "k": 1 << 10,
    "m": 1 << 20,
    "g": 1 << 30,
    "t": 1 << 40,
    "p": 1 << 50,
}
"""Bytes in one of each (lower-cased, 1024-based) size unit Docker reads; "" is plain bytes."""
