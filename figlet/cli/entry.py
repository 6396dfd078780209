"""Console-script entry point. Imports nothing heavy, so `figlet --version` answers fast."""

from __future__ import annotations

import sys

from figlet._version import __version__


def main() -> None:
    """`figlet`: answer --version at once, else hand over to the typer app."""
    if sys.argv[1:] in (["--version"], ["-v"]):
        sys.stdout.write(f"figlet version {__version__}\n")
        return
    from figlet.cli.app import run

    run()
