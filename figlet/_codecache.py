"""The compiled methods of dataclasses, kept on disk for the command line.

`@dataclass` writes the source of each class's methods (`__init__`, `__repr__`, `__eq__`,
`__hash__`, and for frozen classes `__setattr__` / `__delattr__`) and compiles it with `exec()`
when the class is defined: 0.3-0.6 ms a class, about 25 ms for the ~60 classes a figlet command
defines, nearly half of a no-op `figlet up`. Python keeps compiled modules in `__pycache__`;
this does the same for that generated source. The command line (`figlet.cli.entry`, not the
library) gives the `dataclasses` module an `exec()` that reuses the code compiled from the same
source in an earlier run. Same source, same code object: the classes are exactly the ones
`dataclasses` makes without it.

File: $FIGLET_CACHE_DIR/code, else $XDG_CACHE_HOME/figlet/code, else ~/.cache/figlet/code, one
per Python build; FIGLET_NO_CACHE=1 turns it off. Any problem with the file is a miss.
"""

from __future__ import annotations

import builtins
import contextlib
import marshal
import os
import sys
from collections.abc import Mapping
from types import CodeType
from typing import Any

from figlet.loader._cachehome import cache_home

LIMIT = 4000  # entries; a file that grows past it (many edited versions) starts again


class CodeCache:
    """Source text -> compiled code, loaded from and saved to one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.codes: dict[str, CodeType] = {}
        self.added = 0
        try:
            with open(path, "rb") as handle:
                loaded = marshal.loads(handle.read())
        except (OSError, EOFError, ValueError, TypeError):
            return
        if isinstance(loaded, dict) and len(loaded) <= LIMIT:
            self.codes = {k: v for k, v in loaded.items() if isinstance(v, CodeType)}

    def exec(
        self,
        source: Any,
        globals: dict[str, Any] | None = None,
        locals: Mapping[str, object] | None = None,
    ) -> None:
        """`exec()`, with the code of a source string compiled at most once."""
        if isinstance(source, str):
            code = self.codes.get(source)
            if code is None:
                code = compile(source, "<string>", "exec")
                self.codes[source] = code
                self.added += 1
            source = code
        builtins.exec(source, globals, locals)

    def save(self) -> None:
        """Write the file if this run compiled anything new (atomically; errors ignored)."""
        if not self.added:
            return
        codes = self.codes if len(self.codes) <= LIMIT else {}
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as handle:
                marshal.dump(codes, handle)
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        self.added = 0


def cache_file(environ: Mapping[str, str]) -> str | None:
    """Where this Python build's file is, or None when caching is off or has no home."""
    if environ.get("FIGLET_NO_CACHE"):
        return None
    explicit = environ.get("FIGLET_CACHE_DIR")
    home = explicit or cache_home(environ)
    if not home:
        return None
    base = os.path.join(home, "code")
    build = f"{sys.implementation.cache_tag}-{sys.hexversion:x}"  # marshal's and bytecode's
    return os.path.join(base, f"dataclasses-{build}.marshal")


def install(environ: Mapping[str, str]) -> CodeCache | None:
    """Give `dataclasses` the caching `exec()` (before any figlet model is defined)."""
    path = cache_file(environ)
    if path is None:
        return None
    import dataclasses

    cache = CodeCache(path)
    dataclasses.exec = cache.exec  # type: ignore[attr-defined]
    return cache
