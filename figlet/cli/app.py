"""The typer application, its global options and the single error path.

Each command lives in its own module `figlet/cli/cmd_<name>.py` with a `register(app)` function;
heavy imports (docker SDK, jsonschema, networkx) happen inside commands, never at start-up.
"""

from __future__ import annotations

import sys
from typing import Annotated, NoReturn

import typer

from figlet._version import __version__
from figlet.cli._argv import global_load_options
from figlet.options import LoadOptions

app = typer.Typer(
    name="figlet",
    help="Define and run multi-container applications from a compose file.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

COMMAND_MODULES = ("config", "up", "down", "scale", "ps", "plan", "version")


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"figlet version {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    ctx: typer.Context,
    file: Annotated[
        list[str] | None,
        typer.Option("--file", "-f", help="Compose file (repeatable; '-' reads stdin)."),
    ] = None,
    project_name: Annotated[
        str | None, typer.Option("--project-name", "-p", help="Project name.")
    ] = None,
    project_directory: Annotated[
        str | None,
        typer.Option("--project-directory", help="Base directory (default: first file's)."),
    ] = None,
    env_file: Annotated[
        list[str] | None, typer.Option("--env-file", help="Environment file (repeatable).")
    ] = None,
    profile: Annotated[
        list[str] | None, typer.Option("--profile", help="Profile to enable (repeatable).")
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-v",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """figlet: define and run multi-container applications."""
    ctx.obj = global_load_options(file, project_name, project_directory, env_file, profile)


def load_options(ctx: typer.Context) -> LoadOptions:
    """The global options of this invocation."""
    options = ctx.find_root().obj
    assert isinstance(options, LoadOptions)
    return options


def abort(message: str, code: int = 1) -> NoReturn:
    """Print an error on stderr and exit; the one way commands fail."""
    sys.stderr.write(f"error: {message}\n" if not message.startswith("error") else message + "\n")
    raise typer.Exit(code)


def register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"figlet.cli.cmd_{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"figlet.cli.cmd_{name}":
                continue  # command not built yet
            raise
        module.register(app)


def run() -> None:
    """Run the app with every command registered; FigletError -> its exit code, no traceback."""
    from figlet.errors import FigletError

    register_commands()
    try:
        app()
    except FigletError as exc:
        sys.stderr.write(exc.render() + "\n")
        sys.exit(exc.exit_code)
