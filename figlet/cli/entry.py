"""Console-script entry point. Imports nothing heavy, so `figlet --version` answers fast, and
offers the line to the fast path (`figlet.cli._argv`) before it builds the typer app."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

from figlet._version import __version__

if TYPE_CHECKING:
    from figlet._codecache import CodeCache


def main() -> None:
    """`figlet`: answer --version / version at once, run a plain engine command line without
    typer, else hand over to the typer app."""
    args = sys.argv[1:]
    if args in (["--version"], ["-v"], ["version"]):
        sys.stdout.write(f"figlet version {__version__}\n")
        return
    if args == ["version", "--short"]:
        sys.stdout.write(f"{__version__}\n")
        return
    import gc
    import os

    # Start-up allocates ~100k objects that live as long as the process (modules, functions,
    # classes); the collector's frequent young passes over them free nothing (~3 ms a command).
    # Collections still run, rarely; reference counting frees everything as usual.
    gc.set_threshold(100_000, 50, 100)
    from figlet._codecache import install

    codes = install(os.environ)  # before the first dataclass is defined
    from figlet.cli._argv import run_fast

    try:
        handled = run_fast(args)
    except SystemExit as done:
        _leave(done.code, codes)
    if handled:
        _leave(0, codes)
    from figlet.cli.app import run

    try:
        run()
    finally:
        if codes is not None:
            codes.save()


def _leave(code: object, codes: CodeCache | None) -> NoReturn:
    """End the process now that the command is done, skipping the interpreter's teardown of
    some 150 modules (~9 ms) when nothing is left to run at exit: no other thread, no atexit
    handler. Otherwise (or for an exit code that is not a number) exit the usual way."""
    import atexit
    import os
    import threading

    if codes is not None:
        codes.save()
    if code is None:
        code = 0
    if not isinstance(code, int) or threading.active_count() > 1 or atexit._ncallbacks():
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = code or 1
    os._exit(code)
