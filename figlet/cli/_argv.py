"""The fast path of the command line: common invocations of the engine commands without typer.

Importing typer and building its command tree costs every command 25-30 ms of start-up, a large
share of a no-op `figlet up` or of `figlet down` on a small project. So `figlet.cli.entry` first
offers the argument list to `run_fast`, which understands only plain, well-formed lines of
`up`, `down`, `ps`, `plan`, `scale` and `config` (global options first, then the command, its
options and arguments in any order). Anything else — `--help`, an unknown or misspelt option, a
value that does not convert, `--`, bundled short options — is left to the typer app, which then
parses the same line, prints its usual help or error, and calls the same body.

The option tables below repeat the typer declarations in `cmd_*.py`; a test checks that both
declare the same options and parse a corpus of lines to the same values, so they cannot drift.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from figlet.options import LoadOptions

Kind = Literal["flag", "value", "multi", "switch"]
INTERRUPTED = 130  # 128 + SIGINT


@dataclass(frozen=True)
class Opt:
    """One option: `flag` (True when given), `value` (the last one given), `multi` (a list,
    None when never given) or `switch` (`names` set True, `off` sets False)."""

    names: tuple[str, ...]
    dest: str
    kind: Kind
    convert: Callable[[str], Any] = str
    choices: tuple[str, ...] = ()
    off: tuple[str, ...] = ()
    default: Any = None


@dataclass(frozen=True)
class Command:
    """A command the fast path runs: its body is `run(load, **params)` in `module`."""

    name: str
    module: str
    options: tuple[Opt, ...]
    arguments: str | None = None  # dest of the variadic positional arguments, if any
    arguments_required: bool = False


@dataclass(frozen=True)
class Call:
    """A parsed command line."""

    command: Command
    load: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)


def _flag(dest: str, *names: str) -> Opt:
    return Opt(names, dest, "flag", default=False)


def _int(value: str) -> int:
    return int(value)


GLOBAL = (
    Opt(("--file", "-f"), "file", "multi"),
    Opt(("--project-name", "-p"), "project_name", "value"),
    Opt(("--project-directory",), "project_directory", "value"),
    Opt(("--env-file",), "env_file", "multi"),
    Opt(("--profile",), "profile", "multi"),
)

_SCALE = Opt(("--scale",), "scale", "multi")
_TIMEOUT = Opt(("--timeout", "-t"), "timeout", "value", _int)
_PARALLEL = Opt(("--parallel",), "parallel", "value", _int)
_PROGRESS = Opt(("--progress",), "progress", "value", default="auto")
_DRY_RUN = _flag("dry_run", "--dry-run")
_REMOVE_ORPHANS = _flag("remove_orphans", "--remove-orphans")
_RECREATE = (
    _flag("force_recreate", "--force-recreate"),
    _flag("no_recreate", "--no-recreate"),
    _flag("no_start", "--no-start"),
    _REMOVE_ORPHANS,
)

COMMANDS = {
    command.name: command
    for command in (
        Command(
            "up",
            "figlet.cli._up",
            (
                _flag("detach", "--detach", "-d"),
                _SCALE,
                _flag("no_deps", "--no-deps"),
                *_RECREATE,
                _flag("wait", "--wait"),
                Opt(("--wait-timeout",), "wait_timeout", "value", _int),
                _flag("abort_on_container_exit", "--abort-on-container-exit"),
                Opt(("--exit-code-from",), "exit_code_from", "value"),
                Opt(("--build",), "build", "switch", off=("--no-build",)),
                Opt(("--pull",), "pull", "value"),
                _TIMEOUT,
                _DRY_RUN,
                _PARALLEL,
                _PROGRESS,
            ),
            arguments="services",
        ),
        Command(
            "down",
            "figlet.cli._down",
            (
                _flag("volumes", "--volumes", "-v"),
                Opt(("--rmi",), "rmi", "value"),
                _REMOVE_ORPHANS,
                _TIMEOUT,
                _DRY_RUN,
                _PARALLEL,
                _PROGRESS,
            ),
        ),
        Command(
            "ps",
            "figlet.cli._ps",
            (
                _flag("all_", "--all", "-a"),
                _flag("quiet", "--quiet", "-q"),
                _flag("service_names", "--services"),
                Opt(("--status",), "status", "multi"),
                Opt(("--format",), "fmt", "value", default="table"),
            ),
            arguments="services",
        ),
        Command(
            "plan",
            "figlet.cli._plan",
            (
                _SCALE,
                _flag("no_deps", "--no-deps"),
                *_RECREATE,
                Opt(("--format",), "fmt", "value", default="text"),
                _flag("operations", "--operations"),
                Opt(("--build",), "build", "switch", off=("--no-build",)),
                Opt(("--pull",), "pull", "value"),
            ),
            arguments="services",
        ),
        Command(
            "scale",
            "figlet.cli._scale",
            (_TIMEOUT, _PARALLEL, _PROGRESS),
            arguments="targets",
            arguments_required=True,
        ),
        Command(
            "config",
            "figlet.cli._config",
            (
                Opt(("--format",), "fmt", "value", choices=("yaml", "json"), default="yaml"),
                _flag("services", "--services"),
                _flag("volumes", "--volumes"),
                _flag("networks", "--networks"),
                _flag("profiles", "--profiles"),
                _flag("images", "--images"),
                Opt(("--hash",), "hash_", "value"),
                _flag("quiet", "--quiet", "-q"),
                _flag("no_interpolate", "--no-interpolate"),
                _flag("environment", "--environment"),
                Opt(("--output", "-o"), "output", "value"),
            ),
        ),
    )
}


class _NotMine(Exception):
    """The line is not one the fast path understands: typer takes it."""


def parse(argv: Sequence[str]) -> Call | None:
    """The parsed line, or None when typer should handle it."""
    try:
        return _parse(list(argv))
    except _NotMine:
        return None


def _parse(args: list[str]) -> Call:
    load: dict[str, Any] = {}
    index = 0
    while index < len(args) and args[index].startswith("-"):
        index = _take(GLOBAL, args, index, load)
    if index >= len(args) or args[index] not in COMMANDS:
        raise _NotMine
    command = COMMANDS[args[index]]
    params: dict[str, Any] = {opt.dest: opt.default for opt in command.options}
    positional: list[str] = []
    index += 1
    while index < len(args):
        token = args[index]
        if token.startswith("-") and token != "-":
            index = _take(command.options, args, index, params)
        else:
            positional.append(token)
            index += 1
    if command.arguments is None:
        if positional:
            raise _NotMine
    elif positional or not command.arguments_required:
        params[command.arguments] = positional or None
    else:
        raise _NotMine
    return Call(command, load, params)


def _take(options: Sequence[Opt], args: list[str], index: int, into: dict[str, Any]) -> int:
    """Read the option at `args[index]` into `into`; the index after it."""
    token = args[index]
    name, eq, attached = token.partition("=") if token.startswith("--") else (token, "", "")
    for opt in options:
        if name in opt.off and not eq:
            into[opt.dest] = False
            return index + 1
        if name not in opt.names:
            continue
        if opt.kind in ("flag", "switch"):
            if eq:
                raise _NotMine
            into[opt.dest] = True
            return index + 1
        if eq:
            raw, after = attached, index + 1
        elif index + 1 < len(args):
            raw, after = args[index + 1], index + 2
        else:
            raise _NotMine
        value = _converted(opt, raw)
        if opt.kind == "multi":
            into[opt.dest] = [*(into.get(opt.dest) or []), value]
        else:
            into[opt.dest] = value
        return after
    raise _NotMine


def _converted(opt: Opt, raw: str) -> Any:
    if opt.choices and raw not in opt.choices:
        raise _NotMine
    try:
        return opt.convert(raw)
    except ValueError:
        raise _NotMine from None


def global_load_options(
    file: Sequence[str] | None = None,
    project_name: str | None = None,
    project_directory: str | None = None,
    env_file: Sequence[str] | None = None,
    profile: Sequence[str] | None = None,
) -> LoadOptions:
    """The LoadOptions of the global command-line options (-f, -p, --project-directory,
    --env-file, --profile), from this process's environment and working directory."""
    return LoadOptions(
        files=tuple(file or ()),
        project_name=project_name,
        project_directory=project_directory,
        env_files=tuple(env_file or ()),
        profiles=tuple(profile or ()),
        environ=dict(os.environ),
        working_dir=os.getcwd(),
    )


def run_fast(argv: Sequence[str]) -> bool:
    """Run the line if the fast path understands it (True), else leave it to typer (False).

    Errors end the process as the typer app ends it: a FigletError is rendered on stderr with
    its exit code, a closed stdout pipe exits 1 quietly. Ctrl-C prints "Aborted!" and exits
    130, the code of a run the executor reports as interrupted (click would say 1).
    """
    call = parse(argv)
    if call is None:
        return False
    from figlet.errors import FigletError

    body = importlib.import_module(call.command.module)
    try:
        body.run(global_load_options(**call.load), **call.params)
    except FigletError as exc:
        sys.stderr.write(exc.render() + "\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")
        sys.exit(INTERRUPTED)
    except BrokenPipeError:
        _quiet_exit_on_closed_pipe()
    return True


def _quiet_exit_on_closed_pipe() -> None:
    """stdout went away (e.g. `figlet ps | head`): no traceback, no flush error at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)
