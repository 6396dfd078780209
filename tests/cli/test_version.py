"""`figlet --version` and `figlet version`, in a process of their own and in-process."""

from __future__ import annotations

import subprocess
import sys

import pytest
from _cli import Figlet

from figlet._version import __version__


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "figlet", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--version"], f"figlet version {__version__}\n"),
        (["-v"], f"figlet version {__version__}\n"),
        (["version"], f"figlet version {__version__}\n"),
        (["version", "--short"], f"{__version__}\n"),
    ],
)
def test_the_version_lines(args: list[str], expected: str) -> None:
    done = run(*args)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")


def test_the_command_after_global_options(figlet: Figlet) -> None:
    done = figlet("-p", "x", "version")
    assert (done.code, done.out) == (0, f"figlet version {__version__}\n")
    assert figlet("version", "--short").out == f"{__version__}\n"
    assert figlet("version", "--shorter").code == 2
