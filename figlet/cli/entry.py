"""Console-script entry point. Imports nothing heavy, so `figlet --version` answers fast, and
offers the line to the fast path (`figlet.cli._argv`) before it builds the typer app."""

from __future__ import annotations

import sys

from figlet._version import __version__


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
    from figlet.cli._argv import run_fast

    if run_fast(args):
        return
    from figlet.cli.app import run

    run()
