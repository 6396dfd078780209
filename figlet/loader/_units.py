"""Durations and byte sizes in the forms the Compose reference prints."""

from __future__ import annotations

import re

from figlet.units import BYTES_PER_UNIT, NS_PER_UNIT

_DURATION_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)")
_BYTES = re.compile(r"(\d+(?:\.\d+)?) ?([kmgtp])?i?b?", re.IGNORECASE)


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
        total += float(match.group(1)) * NS_PER_UNIT[match.group(2)]
        pos = match.end()
    return sign * round(total)


def format_duration(ns: int) -> str:
    """Go's `time.Duration.String()`: `1m30s`, `2m0s`, `1h0m0s`, `500ms`, `1.5s`, `0s`."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    if ns < NS_PER_UNIT["s"]:
        for unit in ("ms", "µs", "ns"):
            if ns >= NS_PER_UNIT[unit]:
                return sign + _fraction(ns, NS_PER_UNIT[unit]) + unit
    hours, rest = divmod(ns, NS_PER_UNIT["h"])
    minutes, rest = divmod(rest, NS_PER_UNIT["m"])
    seconds = _fraction(rest, NS_PER_UNIT["s"]) + "s"
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
    return int(float(match.group(1)) * BYTES_PER_UNIT[(match.group(2) or "").lower()])
