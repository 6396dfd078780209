"""`figlet --version` and `figlet version` (the fast path and the typer command agree)."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from figlet._version import __version__
from figlet.cli.app import app, register_commands


def run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "figlet", *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_the_fast_path_answers_both_spellings() -> None:
    assert run("--version") == f"figlet version {__version__}\n"
    assert run("version") == f"figlet version {__version__}\n"
    assert run("version", "--short") == f"{__version__}\n"


def test_the_typer_command_prints_the_same() -> None:
    register_commands()
    result = CliRunner().invoke(app, ["-p", "x", "version"])
    assert result.exit_code == 0
    assert result.stdout == f"figlet version {__version__}\n"
    short = CliRunner().invoke(app, ["version", "--short"])
    assert short.stdout == f"{__version__}\n"
