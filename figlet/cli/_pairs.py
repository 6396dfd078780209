"""KEY=VAL options (`-e`, `-l` of `run` and `exec`) as mappings."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from figlet.cli._arguments import USAGE
from figlet.errors import FigletError, Problem


def key_values(
    items: Sequence[str] | None, flag: str, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """["A=1", "B"] -> {"A": "1", "B": ...}: a bare KEY takes its value from `environ` (this
    process's environment; left out when unset), as `docker run -e KEY` does; for labels
    (`environ` None) it is an empty value."""
    found: dict[str, str] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        if not key.strip():
            raise FigletError(
                Problem(f'{flag} "{item}": expected KEY=VALUE', hint=f"e.g. {flag} DEBUG=1"),
                exit_code=USAGE,
            )
        if sep:
            found[key] = value
        elif environ is None:
            found[key] = ""
        elif key in environ:
            found[key] = environ[key]
    return found


def process_environment() -> Mapping[str, str]:
    return os.environ
