"""Deferred standard-library imports for the command line's start-up.

`dataclasses` imports `inspect` (and with it `ast`, `dis`, `tokenize`, `linecache`: about 6 ms,
a tenth of a short figlet command) but only uses it for a class without a docstring, and every
figlet class has one. `defer("inspect")` puts a stand-in module in `sys.modules`; the first
attribute anyone reads from it imports the real module, which then replaces the stand-in.
Only the console entry point does this, never the library.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any


class DeferredModule(ModuleType):
    """Stands in `sys.modules` for a module that is imported on first attribute access."""

    def __getattr__(self, attribute: str) -> Any:
        real = load(self)
        return getattr(real, attribute)


def load(stand_in: DeferredModule) -> ModuleType:
    """Import the real module behind `stand_in`, put it in `sys.modules`, and give the stand-in
    its attributes so that holders of the stand-in read them directly from then on."""
    name = stand_in.__name__
    if sys.modules.get(name) is stand_in:
        del sys.modules[name]
    __import__(name)
    real = sys.modules[name]
    stand_in.__dict__.update(real.__dict__)
    return real


def defer(name: str) -> bool:
    """Put a stand-in for top-level module `name` in `sys.modules` unless it is imported
    already; True when it did."""
    if name in sys.modules or "." in name:
        return False
    sys.modules[name] = DeferredModule(name)
    return True
