"""Console-script entry point (`figlet`, and `python -m figlet`).

The plain version lines are answered here, before the command line is loaded, so that they
cost the interpreter's start-up and little more; every other line goes to `figlet.cli.app`."""

from __future__ import annotations

import sys

# the plain version lines, each with whether it asks for the number only
VERSION_LINES: dict[tuple[str, ...], bool] = {
    ("--version",): False,
    ("-v",): False,
    ("version",): False,
    ("version", "--short"): True,
}


def main() -> None:
    """`figlet`: run the command line and exit with its code."""
    short = VERSION_LINES.get(tuple(sys.argv[1:]))
    if short is not None:
        from figlet.cli.cmd_version import text

        sys.stdout.write(text(short) + "\n")
        return
    from figlet.cli.app import main as run

    sys.exit(run())
