"""Durations and byte sizes in the forms the Compose reference prints."""

from __future__ import annotations

from figlet.units import NS_PER_UNIT, parse_duration


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
