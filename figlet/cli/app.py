"""The `figlet` command line: the global options, the commands, and the one error path.

Each command is declared once, in its module `figlet.cli.cmd_<name>`: `HELP` (one line),
`declare(parser)`, which adds its options and arguments to an argparse parser (each `dest` is
a keyword of the command's body), and `run(context, options)`, which calls the body. This
module knows the global options and the command names only; it imports the module of the
command being run and no other (`figlet -h` imports them all, to list their help).

`main` is the one error path, whatever the command: a `FigletError` is rendered once on
stderr and exits with its code; a usage error exits 2 (argparse prints the usage and what is
wrong); Ctrl-C exits 130; stdout closed early (`figlet ps | head`) exits 1 quietly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from figlet.cli._arguments import USAGE
from figlet.cli._context import CommandContext, EngineFactory, docker_engine, global_load_options
from figlet.cli.cmd_version import text as version_text
from figlet.errors import FigletError

COMMANDS = (
    "config",
    "up",
    "down",
    "create",
    "start",
    "stop",
    "restart",
    "kill",
    "pause",
    "unpause",
    "rm",
    "scale",
    "ps",
    "logs",
    "top",
    "port",
    "images",
    "ls",
    "wait",
    "events",
    "plan",
    "deploy",
    "undeploy",
    "run",
    "exec",
    "attach",
    "cp",
    "build",
    "pull",
    "push",
    "graph",
    "reap",
    "version",
)
INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C


def main(argv: Sequence[str] | None = None, connect: EngineFactory = docker_engine) -> int:
    """Run one command line; its exit code. `connect` makes the engine the commands act on."""
    try:
        context, command, options = parse(sys.argv[1:] if argv is None else argv, connect)
        command.run(context, options)
    except SystemExit as done:  # argparse after -h or a usage error; a body's own exit code
        return done.code if isinstance(done.code, int) else int(done.code is not None)
    except FigletError as error:
        sys.stderr.write(error.render() + "\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")
        return INTERRUPTED
    except BrokenPipeError:
        _drop_stdout()
        return 1
    return 0


def parse(
    argv: Sequence[str], connect: EngineFactory
) -> tuple[CommandContext, ModuleType, dict[str, object]]:
    """The invocation's context, the module of its command and the command's options."""
    root = _root_parser()
    if not argv:
        root.print_help()
        raise SystemExit(USAGE)
    known = root.parse_args(argv)
    if known.command not in COMMANDS:
        root.error(_unknown_command(known.command))
    command = importlib.import_module(f"figlet.cli.cmd_{known.command}")
    parser = argparse.ArgumentParser(
        prog=f"figlet {known.command}",
        description=command.HELP,
        formatter_class=_HelpLayout,
        allow_abbrev=False,
    )
    command.declare(parser)
    # a command taking another command's arguments as they are (`run SERVICE CMD...`) says
    # INTERMIXED = False: its options end at its first positional argument
    intermixed = getattr(command, "INTERMIXED", True)
    parse_arguments = parser.parse_intermixed_args if intermixed else parser.parse_args
    options = vars(parse_arguments(known.arguments))
    load = global_load_options(
        known.file, known.project_name, known.project_directory, known.env_file, known.profile
    )
    return CommandContext(load, connect), command, options


class _HelpLayout(argparse.RawDescriptionHelpFormatter):
    """argparse's help layout at the terminal's width, read through `os`: argparse's own default
    imports `shutil` (with bz2, lzma and fnmatch, ~5 ms) for it, and builds a layout for every
    option declared, on every command line, help asked for or not."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` finds it: $COLUMNS, else the width of
    the terminal on stdout, else 80."""
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    stdout = sys.__stdout__
    try:
        return os.get_terminal_size(stdout.fileno()).columns or 80 if stdout else 80
    except (ValueError, OSError):
        return 80


class _RootParser(argparse.ArgumentParser):
    """The global options; its help lists the commands (imported only then)."""

    def format_help(self) -> str:
        modules = [importlib.import_module(f"figlet.cli.cmd_{name}") for name in COMMANDS]
        width = max(len(name) for name in COMMANDS)
        lines = [
            f"  {name.ljust(width)}  {module.HELP}"
            for name, module in zip(COMMANDS, modules, strict=True)
        ]
        self.epilog = "commands:\n" + "\n".join(lines) + "\n\nfiglet COMMAND -h: its options."
        return super().format_help()


def _root_parser() -> argparse.ArgumentParser:
    parser = _RootParser(
        prog="figlet",
        description="Define and run multi-container applications from a compose file.",
        formatter_class=_HelpLayout,
        allow_abbrev=False,
    )
    add = parser.add_argument
    add(
        "-f",
        "--file",
        action="append",
        metavar="FILE",
        help="Compose file (repeatable; '-' reads stdin).",
    )
    add("-p", "--project-name", metavar="NAME", help="Project name.")
    add("--project-directory", metavar="DIR", help="Base directory (default: first file's).")
    add("--env-file", action="append", metavar="FILE", help="Environment file (repeatable).")
    add("--profile", action="append", metavar="NAME", help="Profile to enable (repeatable).")
    add("-v", "--version", action="version", version=version_text())
    add("command", metavar="COMMAND", help=argparse.SUPPRESS)
    add("arguments", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def _unknown_command(name: str) -> str:
    from difflib import get_close_matches

    close = get_close_matches(name, COMMANDS, n=1)
    return f"no such command: {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")


def _drop_stdout() -> None:
    """stdout went away (e.g. `figlet ps | head`): send what is left to /dev/null, so that
    flushing it at exit raises nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
