"""The lazily imported attributes of `figlet`, `figlet.testing` and `figlet.planner`: each
resolves, and the imports for type checkers name exactly the attributes `_HOMES` names, from the
same modules."""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

PACKAGES = ["figlet", "figlet.testing", "figlet.planner"]


def type_checking_imports(package: str) -> dict[str, str]:
    tree = ast.parse(inspect.getsource(importlib.import_module(package)))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                for alias in stmt.names:
                    assert alias.asname == alias.name, "re-export with `import x as x`"
                    found[alias.name] = str(stmt.module)
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_type_checking_imports_match_homes(package: str) -> None:
    module = importlib.import_module(package)
    assert type_checking_imports(package) == module._HOMES


@pytest.mark.parametrize("package", PACKAGES)
def test_every_attribute_resolves_to_its_home(package: str) -> None:
    module = importlib.import_module(package)
    for name, home in module._HOMES.items():
        assert getattr(module, name) is getattr(importlib.import_module(home), name)
    assert set(module._HOMES) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        module.nope  # noqa: B018
