"""The progress display of a command, on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from figlet.events import EventSink


@contextmanager
def progress_display(mode: str, *, title: str = "") -> Iterator[EventSink]:
    """The progress display for `mode` on stderr, closed when the block ends, even on failure."""
    from figlet.display import make_sink

    sink = make_sink(mode, sys.stderr, title=title)
    try:
        yield sink
    finally:
        sink.close()
