"""Console-script entry point (`figlet`, and `python -m figlet`)."""

from __future__ import annotations

import sys


def main() -> None:
    """`figlet`: run the command line and exit with its code."""
    from figlet.cli.app import main as run

    sys.exit(run())
