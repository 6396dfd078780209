"""figlet._deferred: stdlib modules the command line imports only when something uses them."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import figlet

PACKAGE = Path(figlet.__file__).parent
SAMPLE = Path(__file__).parents[2] / "samples" / "trio" / "compose.yaml"


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "FIGLET_NO_CACHE": "1"},
    )
    return done.stdout.strip()


def test_a_deferred_module_loads_on_first_use_and_replaces_its_stand_in() -> None:
    out = run(
        "import sys\n"
        "from figlet._deferred import DeferredModule, defer\n"
        "assert defer('inspect') and not defer('inspect')\n"
        "import inspect\n"
        "print(type(sys.modules['inspect']).__name__, 'ast' in sys.modules)\n"
        "def f(a, b=2): pass\n"
        "print(inspect.signature(f))\n"
        "print(type(sys.modules['inspect']).__name__, sys.modules['inspect'].signature is "
        "inspect.signature)\n"
    )
    assert out.splitlines() == [
        "DeferredModule False",
        "(a, b=2)",
        "module True",
    ]


def test_a_module_already_imported_is_not_deferred() -> None:
    out = run("import json\nfrom figlet._deferred import defer\nprint(defer('json'))")
    assert out == "False"


def test_a_dataclass_without_a_docstring_still_gets_its_signature_as_doc() -> None:
    out = run(
        "from figlet._deferred import defer\n"
        "defer('inspect')\n"
        "from dataclasses import dataclass\n"
        "@dataclass(frozen=True)\n"
        "class Point:\n"
        "    x: int\n"
        "    y: int = 0\n"
        "print(Point.__doc__)\n"
    )
    assert out == "Point(x: int, y: int = 0)"


def test_every_figlet_dataclass_has_a_docstring() -> None:
    """A dataclass without one makes `dataclasses` load `inspect` for its signature: ~6 ms of
    every command's start-up."""
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.ClassDef) or ast.get_docstring(node):
                continue
            if any("dataclass" in ast.unparse(d) for d in node.decorator_list):
                missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert missing == []


def test_a_command_does_not_import_inspect() -> None:
    out = run(
        "import os, sys\n"
        f"sys.argv = ['figlet', '-f', {str(SAMPLE)!r}, 'config', '--quiet']\n"
        "from figlet.cli.entry import main\n"
        "exit_ = os._exit\n"
        "def leave(code):\n"
        "    sys.stdout.write(type(sys.modules.get('inspect')).__name__ + ' '\n"
        "                     + str('ast' in sys.modules) + '\\n')\n"
        "    sys.stdout.flush()\n"
        "    exit_(code)\n"
        "os._exit = leave\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    leave(e.code or 0)\n"
        "leave(0)\n"
    )
    assert out.splitlines()[-1] == "DeferredModule False"
