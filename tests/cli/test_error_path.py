"""The one error path, on every command: usage errors exit 2, a bad compose file is reported
with file:line and exits 1, Ctrl-C exits 130, never a traceback. And every command's
declaration matches its body."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
from argparse import ArgumentParser
from collections import Counter
from pathlib import Path

import pytest
from _cli import BAD_COMPOSE, Figlet, InterruptingEngine

import figlet.cli
from figlet.cli.app import COMMANDS

ENGINE_COMMANDS = [
    ["up", "-d"],
    ["up"],
    ["down"],
    ["ps"],
    ["plan"],
    ["scale", "web=2"],
    ["start"],
    ["stop"],
    ["restart"],
    ["kill"],
    ["pause"],
    ["unpause"],
    ["rm", "-f"],
    ["create"],
    ["logs", "-f"],
    ["top"],
    ["images"],
    ["port", "web", "80"],
    ["wait", "web"],
]
# the arguments a command cannot run without
REQUIRED = {
    "scale": ["web=1"],
    "port": ["web", "80"],
    "wait": ["web"],
    "attach": ["web"],
    "cp": ["web:/a", "b"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_option_is_a_usage_error(figlet: Figlet, command: str) -> None:
    if command in ("run", "exec"):  # what follows SERVICE is the container's command
        done = figlet(command, "--bogus", "web", "true")
    else:
        done = figlet(command, *REQUIRED.get(command, []), "--bogus")
    assert (done.code, done.out) == (2, "")
    assert done.err.startswith(f"usage: figlet {command} ")
    assert done.err.endswith(f"figlet {command}: error: unrecognized arguments: --bogus\n")


def test_an_unknown_command_is_a_usage_error_with_a_suggestion(figlet: Figlet) -> None:
    done = figlet("-p", "x", "upp")
    assert done.code == 2
    assert done.err.endswith("figlet: error: no such command: 'upp' (did you mean 'up'?)\n")


def test_no_command_prints_the_help_and_exits_2(figlet: Figlet) -> None:
    done = figlet()
    assert done.code == 2
    assert done.out.startswith("usage: figlet ")
    for command in COMMANDS:
        assert f"\n  {command} " in done.out


def test_a_global_option_after_the_command_is_the_commands_option(figlet: Figlet) -> None:
    done = figlet("ps", "-p", "demo")
    assert done.code == 2
    assert done.err.endswith("figlet ps: error: unrecognized arguments: -p\n")


def test_help_exits_0(figlet: Figlet) -> None:
    done = figlet("up", "-h")
    assert done.code == 0
    assert done.out.startswith("usage: figlet up [-h] [-d]")
    assert "--build, --no-build" in done.out


@pytest.mark.parametrize("args", [["config"], *ENGINE_COMMANDS], ids=lambda args: " ".join(args))
def test_a_bad_compose_file_is_located_and_exits_1(
    figlet: Figlet, project: Path, args: list[str]
) -> None:
    (project / "compose.yaml").write_text(BAD_COMPOSE)
    done = figlet(*args)
    assert (done.code, done.out) == (1, "")
    assert done.err == (
        f'{project}/compose.yaml:4:13: services.web.ports[0]: "80:80:80" is not a valid port '
        'mapping\n  expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. "8080:80"\n'
    )


@pytest.mark.parametrize("args", ENGINE_COMMANDS, ids=lambda args: " ".join(args))
def test_ctrl_c_exits_130_on_every_engine_command(figlet: Figlet, args: list[str]) -> None:
    done = figlet(*args, engine=InterruptingEngine())
    assert done.code == 130
    assert done.err == "\nAborted!\n"


SHARED_BODY = ("start", "stop", "restart", "kill", "pause", "unpause")  # `_lifecycle.run`


def _declared(command: str) -> set[str]:
    declaration = importlib.import_module(f"figlet.cli.cmd_{command}")
    parser = ArgumentParser()
    declaration.declare(parser)
    return {action.dest for action in parser._actions} - {"help"}


def _keywords(body: str) -> set[str]:
    run = importlib.import_module(f"figlet.cli.{body}").run
    given = {"cli", "command"} if body == "_lifecycle" else {"cli"}  # not options
    return set(inspect.signature(run).parameters) - given


@pytest.mark.parametrize("command", [name for name in COMMANDS if name != "version"])
def test_each_declared_option_is_a_keyword_of_the_body(command: str) -> None:
    if command in SHARED_BODY:
        assert _declared(command) <= _keywords("_lifecycle")
    else:  # its own body: `_<command>`, or the module its `BODY` names
        declaration = importlib.import_module(f"figlet.cli.cmd_{command}")
        body = getattr(declaration, "BODY", f"figlet.cli._{command}")
        assert _declared(command) == _keywords(body.removeprefix("figlet.cli."))


def test_each_keyword_of_the_shared_lifecycle_body_is_declared_by_a_command() -> None:
    assert set().union(*map(_declared, SHARED_BODY)) == _keywords("_lifecycle")


# long options of `up` that another command also has with another meaning, declared there too
SAME_NAME_OTHER_OPTION = {
    "--pull": "build --pull is a flag (pull newer base images); up's takes a policy",
    "--timeout": "deploy/undeploy --timeout bounds their waits; up's -t is a stop's timeout",
}


def _written_long_options() -> Counter[str]:
    """How many `add_argument` calls in figlet/cli write each long option (`add` is the
    name some declarations give `parser.add_argument`)."""
    written: Counter[str] = Counter()
    for path in Path(figlet.cli.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _is_add_argument(node.func):
                written.update(
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and arg.value.startswith("--")
                )
    return written


def _is_add_argument(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "add_argument") or (
        isinstance(func, ast.Name) and func.id == "add"
    )


def test_each_long_option_of_up_is_declared_once_in_the_cli() -> None:
    parser = ArgumentParser()
    importlib.import_module("figlet.cli.cmd_up").declare(parser)
    # an action's first long option is the one written (`--build` makes `--no-build` too)
    options = {
        next(s for s in a.option_strings if s.startswith("--"))
        for a in parser._actions
        if any(s.startswith("--") for s in a.option_strings)
    } - {"--help"}
    assert len(options) > 24  # up declares 25 long options besides --help
    written = _written_long_options()
    expected = {option: 2 if option in SAME_NAME_OTHER_OPTION else 1 for option in options}
    assert {option: written[option] for option in options} == expected


def test_the_process_exits_with_the_same_codes(project: Path) -> None:
    """The console script's route: `python -m figlet` exits with `main`'s code."""
    usage = subprocess.run(
        [sys.executable, "-m", "figlet", "up", "--bogus"], capture_output=True, text=True
    )
    assert usage.returncode == 2
    assert usage.stderr.endswith("figlet up: error: unrecognized arguments: --bogus\n")
    (project / "compose.yaml").write_text(BAD_COMPOSE)
    bad = subprocess.run([sys.executable, "-m", "figlet", "ps"], capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stderr.startswith(f"{project}/compose.yaml:4:13: ")


def test_a_closed_stdout_exits_1_quietly(project: Path) -> None:
    """`figlet config | head -0`: no traceback, no complaint at exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "figlet", "config"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    assert (process.wait(timeout=60), err) == (1, "")
