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
# the collector's thresholds while a command runs (the default is 700, 10, 10)
COLLECTOR_THRESHOLDS = (50_000, 20, 20)


def main() -> None:
    """`figlet`: run the command line and exit with its code."""
    short = VERSION_LINES.get(tuple(sys.argv[1:]))
    if short is not None:
        from figlet.cli.cmd_version import text

        sys.stdout.write(text(short) + "\n")
        return
    import gc

    # A command allocates its modules, classes and plan once and keeps them to the end; the
    # collector's young passes over them free nothing. Collect rarely while it runs (a long
    # `up` or `logs -f` still collects), and not at all over what is left when it returns:
    # the process ends, and reference counting still frees what it can.
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    from figlet.cli.app import main as run

    try:
        code = run()
    finally:
        gc.freeze()
    sys.exit(code)
