"""Every payload class of `figlet.plan.payloads`, found in its family modules (the unions there
exist for type checkers only)."""

from __future__ import annotations

import pkgutil
from importlib import import_module

import figlet.plan.payloads as package


def payload_classes() -> list[type]:
    """The classes with an `action` of each family module, in module order."""
    found: list[type] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = import_module(f"{package.__name__}.{info.name}")
        found += [
            kind
            for kind in vars(module).values()
            if isinstance(kind, type)
            and kind.__module__ == module.__name__
            and "action" in vars(kind)
        ]
    return found
