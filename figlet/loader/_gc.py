"""Cyclic garbage collection paused while the loader builds its (acyclic) data.

A load allocates tens of thousands of dicts, lists and YAML nodes that all stay alive until it
returns, so the collector's passes over them free nothing: on 1,000 services they cost about
a fifth of the load. Reference counting still frees everything as usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block (unless the caller had already disabled it)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
