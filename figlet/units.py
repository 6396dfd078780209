"""Go durations and Docker byte sizes: unit sizes and parsers, shared by the loader and the
container spec."""

from __future__ import annotations

import re
from functools import cache

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


# compiled on first use: most commands never read a duration or a size
@cache
def _duration_part() -> re.Pattern[str]:
    return re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


@cache
def _bytes() -> re.Pattern[str]:
    return re.compile(r"(\d+(?:\.\d+)?) ?([kmgtp])?i?b?", re.IGNORECASE)


def parse_duration(text: str) -> int | None:
    """Nanoseconds of a Go duration string (`1m30s`, `500ms`, `1.5h`, `-2s`); None when invalid."""
    text = text.strip()
    if text in ("0", "+0", "-0"):
        return 0
    sign = -1 if text.startswith("-") else 1
    body = text[1:] if text[:1] in ("+", "-") else text
    if not body:
        return None
    total = 0.0
    pos = 0
    part = _duration_part()
    while pos < len(body):
        match = part.match(body, pos)
        if not match:
            return None
        total += float(match.group(1)) * NS_PER_UNIT[match.group(2)]
        pos = match.end()
    return sign * round(total)


def parse_bytes(value: object) -> int | None:
    """Bytes of `512m`, `1.5g`, `1 kb`, `1024` (1024-based units, as Docker reads them); None
    when it is not a size."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if not isinstance(value, str):
        return None
    match = _bytes().fullmatch(value.strip())
    if not match:
        return None
    return int(float(match.group(1)) * BYTES_PER_UNIT[(match.group(2) or "").lower()])
