"""Durations and byte sizes in the forms the Compose reference prints."""

from __future__ import annotations

import re

_DURATION_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)")
_UNIT_NS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_BYTES = re.compile(r"(\d+(?:\.\d+)?) ?([kmgtp])?i?b?", re.IGNORECASE)
_BYTE_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


def parse_duration(text: str) -> int | None:
    """Nanoseconds of a Go duration string (`1m30s`, `500ms`, `1.5h`); None when invalid."""
    text = text.strip()
    if text in ("0", "+0", "-0"):
        return 0
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if not body:
        return None
    total = 0.0
    pos = 0
    while pos < len(body):
        match = _DURATION_PART.match(body, pos)
        if not match or match.group(1) in ("", "."):
            return None
        total += float(match.group(1)) * _UNIT_NS[match.group(2)]
        pos = match.end()
    return sign * round(total)


def format_duration(ns: int) -> str:
    """Go's `time.Duration.String()`: `1m30s`, `2m0s`, `1h0m0s`, `500ms`, `1.5s`, `0s`."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    if ns < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if ns >= size:
                return sign + _fraction(ns, size) + unit
    hours, rest = divmod(ns, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    seconds = _fraction(rest, 1_000_000_000) + "s"
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}"
    if minutes:
        return f"{sign}{minutes}m{seconds}"
    return sign + seconds


def _fraction(value: int, unit: int) -> str:
    whole, frac = divmod(value, unit)
    if not frac:
        return str(whole)
    digits = len(str(unit)) - 1
    return f"{whole}." + f"{frac:0{digits}d}".rstrip("0")


def normalize_duration(value: object) -> object:
    """A duration value as the reference prints it; unchanged when it cannot be read."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return format_duration(int(value * 1_000_000_000))
    if isinstance(value, str):
        ns = parse_duration(value)
        return value if ns is None else format_duration(ns)
    return value


def parse_bytes(value: object) -> int | None:
    """Bytes of `512m`, `1.5g`, `1024` (1024-based units, as Docker reads them)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if not isinstance(value, str):
        return None
    match = _BYTES.fullmatch(value.strip())
    if not match:
        return None
    return int(float(match.group(1)) * _BYTE_UNITS[(match.group(2) or "").lower()])
