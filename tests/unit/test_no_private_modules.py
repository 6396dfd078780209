"""figlet imports only public standard-library modules (no `_socket`, `_sha2`, `_queue`, ...):
private C modules change or vanish between Python versions."""

from __future__ import annotations

import ast
from pathlib import Path

import figlet

PACKAGE = Path(figlet.__file__).resolve().parent


def private_imports(source: str) -> list[str]:
    """The absolute imports of top-level modules whose name starts with one "_"."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names if _private(alias.name))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _private(node.module or ""):
            found.append(str(node.module))
    return found


def _private(module: str) -> bool:
    return module.startswith("_") and not module.startswith("__")  # __future__ is public


def test_the_check_sees_both_import_forms() -> None:
    assert private_imports("import _socket\nfrom _queue import SimpleQueue\n") == [
        "_socket",
        "_queue",
    ]
    assert private_imports("import socket\nfrom figlet import _version\n") == []
    assert private_imports("from __future__ import annotations\n") == []


def test_no_module_of_figlet_imports_a_private_module() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): names
        for path in sorted(PACKAGE.rglob("*.py"))
        if (names := private_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
