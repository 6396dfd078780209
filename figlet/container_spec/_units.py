"""Units of the canonical spec: Go durations ("1m30s") and byte sizes ("52428800", "512m")."""

from __future__ import annotations

import re
from functools import cache

from figlet.errors import FigletError, Problem
from figlet.units import BYTES_PER_UNIT, NS_PER_UNIT


# compiled on first use: most commands never read a duration or a size
@cache
def _duration_part() -> re.Pattern[str]:
    return re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


@cache
def _bytes() -> re.Pattern[str]:
    return re.compile(r"(\d+(?:\.\d+)?)\s*([kmgtp]?)i?b?", re.IGNORECASE)


def duration_ns(value: object, path: str) -> int:
    """A duration in nanoseconds: Go syntax ("1m0s", "500ms") or a number of seconds."""
    if isinstance(value, bool):
        raise _bad(path, value, "a duration")
    if isinstance(value, int | float):
        return int(value * 1_000_000_000)
    if not isinstance(value, str):
        raise _bad(path, value, "a duration")
    text = value.strip()
    if text in ("0", ""):
        return 0
    total = 0.0
    position = 0
    for match in _duration_part().finditer(text):
        if match.start() != position:
            raise _bad(path, value, "a duration")
        total += float(match.group(1)) * NS_PER_UNIT[match.group(2)]
        position = match.end()
    if position != len(text):
        raise _bad(path, value, "a duration")
    return round(total)


def duration_seconds(value: object, path: str) -> int:
    """A duration in whole seconds (rounded down), e.g. stop_grace_period -> StopTimeout."""
    return duration_ns(value, path) // 1_000_000_000


def byte_size(value: object, path: str) -> int:
    """A byte count: an integer, a digit string, or a size with a unit ("512m", "1gb")."""
    if isinstance(value, bool):
        raise _bad(path, value, "a byte size")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        match = _bytes().fullmatch(value.strip())
        if match:
            return int(float(match.group(1)) * BYTES_PER_UNIT[match.group(2).lower()])
    raise _bad(path, value, "a byte size")


def _bad(path: str, value: object, expected: str) -> FigletError:
    return FigletError(
        Problem(
            f"{value!r} is not {expected}",
            path=path,
            hint='e.g. "1m30s" for a duration, "512m" or 536870912 for a size',
        )
    )
