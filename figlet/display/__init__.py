"""Progress displays: choose one with `make_sink(mode, stream)`.

Modes (`--progress`): auto (live view on a terminal, plain lines otherwise), tty, plain, json,
quiet. rich is imported only for the live view.
"""

from __future__ import annotations

import sys
from typing import TextIO

from figlet.errors import FigletError, Problem
from figlet.events import EventSink, NullSink

MODES = ("auto", "tty", "plain", "json", "quiet")


def resolve_mode(mode: str, stream: TextIO) -> str:
    """`auto` -> `tty` on a terminal (unless TERM=dumb), else `plain`; others unchanged."""
    if mode not in MODES:
        raise FigletError(
            Problem(f'unknown progress mode "{mode}"', hint=f"use one of: {', '.join(MODES)}"),
            exit_code=2,
        )
    if mode != "auto":
        return mode
    isatty = getattr(stream, "isatty", None)
    return "tty" if isatty is not None and isatty() else "plain"


def make_sink(mode: str = "auto", stream: TextIO | None = None, *, title: str = "") -> EventSink:
    """The display for `mode`, writing to `stream` (default: stderr)."""
    out = stream or sys.stderr
    resolved = resolve_mode(mode, out)
    if resolved == "quiet":
        return NullSink()
    if resolved == "json":
        from figlet.display._json import JsonSink

        return JsonSink(out)
    if resolved == "tty":
        from figlet.display._live import LiveSink

        return LiveSink(out, title=title)
    from figlet.display._plain import PlainSink

    return PlainSink(out)


__all__ = ["MODES", "make_sink", "resolve_mode"]
