"""Units of the canonical spec: Go durations ("1m30s") and byte sizes ("52428800", "512m")."""

from __future__ import annotations

from figlet.errors import FigletError, Problem
from figlet.units import parse_bytes, parse_duration


def duration_ns(value: object, path: str) -> int:
    """A duration in nanoseconds: Go syntax ("1m0s", "500ms") or a number of seconds."""
    if isinstance(value, bool):
        raise _bad(path, value, "a duration")
    if isinstance(value, int | float):
        return int(value * 1_000_000_000)
    if not isinstance(value, str):
        raise _bad(path, value, "a duration")
    text = value.strip()
    ns = 0 if not text else parse_duration(text)
    if ns is None or ns < 0:
        raise _bad(path, value, "a duration")
    return ns


def duration_seconds(value: object, path: str) -> int:
    """A duration in whole seconds (rounded down), e.g. stop_grace_period -> StopTimeout."""
    return duration_ns(value, path) // 1_000_000_000


def byte_size(value: object, path: str) -> int:
    """A byte count: an integer, a digit string, or a size with a unit ("512m", "1gb")."""
    size = parse_bytes(value)
    if size is None:
        raise _bad(path, value, "a byte size")
    return size


def _bad(path: str, value: object, expected: str) -> FigletError:
    return FigletError(
        Problem(
            f"{value!r} is not {expected}",
            path=path,
            hint='e.g. "1m30s" for a duration, "512m" or 536870912 for a size',
        )
    )
