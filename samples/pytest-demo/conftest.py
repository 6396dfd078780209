"""Fixtures of the demo: trio stacks from figlet's pytest plugin, each on a free host port.

trio publishes its load balancer on 127.0.0.1:${TRIO_PORT:-8080}; under `pytest -n 2` two stacks
would want the same port, so every stack gets a free one through TRIO_PORT.
"""

from __future__ import annotations

import pytest
from visits import free_port

from figlet.testing.plugin import FigletStack, StackFactory

pytest_plugins = ["figlet.testing.plugin"]  # harmless where figlet's entry point loads it


@pytest.fixture(scope="session")
def trio(figlet_stack_session: StackFactory) -> FigletStack:
    """One trio for this worker's tests that only visit it."""
    return figlet_stack_session(env={"TRIO_PORT": str(free_port())})


@pytest.fixture
def own_trio(figlet_stack: StackFactory) -> FigletStack:
    """A trio of the test's own, for a test that restarts its services."""
    return figlet_stack(env={"TRIO_PORT": str(free_port())})
