"""Where figlet's caches live by default: $XDG_CACHE_HOME/figlet, else ~/.cache/figlet.

Imports nothing of figlet, so the dataclass code cache can use it before any model exists.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


def cache_home(environ: Mapping[str, str]) -> str | None:
    """figlet's cache folder for this environment, or None when it has no home."""
    base = environ.get("XDG_CACHE_HOME") or (
        os.path.join(environ["HOME"], ".cache") if environ.get("HOME") else None
    )
    return os.path.join(base, "figlet") if base else None
