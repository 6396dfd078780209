"""Times as `docker compose logs --since/--until` and `events --since/--until` take them:
a duration before now ("10m", "1h30m", "1.5s"), an RFC 3339 / ISO 8601 date ("2026-01-02",
"2026-01-02T15:04:05Z"), or a UNIX time ("1700000000.5"); given to the engine as a UNIX
time, as the API takes it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNIX = re.compile(r"\d+(?:\.\d{1,9})?")


def api_time(text: str, now: float) -> str | None:
    """`text` as a UNIX time the engine takes ("1700000000.123456789"); None if it is not
    a time."""
    value = text.strip()
    if _UNIX.fullmatch(value):
        return value
    seconds = duration(value)
    if seconds is not None:
        return f"{now - seconds:.9f}"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.timestamp():.9f}"


def duration(text: str) -> float | None:
    """Seconds of a Go-style duration ("1h30m", "250ms"); None if `text` is not one."""
    at, total = 0, 0.0
    for match in _DURATION.finditer(text):
        if match.start() != at:
            return None
        total += float(match.group(1)) * _UNITS[match.group(2)]
        at = match.end()
    return total if at == len(text) and text else None
